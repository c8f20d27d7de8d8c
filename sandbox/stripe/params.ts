import type Stripe from 'stripe';
import { invalidRequest, parameterMissing, parameterUnknown } from './errors';
import type { ParamValue, Params } from './form';

/** Stripe rejects parameters it does not know; so does this server, which catches typos early. */
export function allowOnly(params: Params, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw parameterUnknown(key);
  }
}

export function optString(params: Params, key: string): string | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${describe(value)}`, { param: key });
  return value;
}

export function reqString(params: Params, key: string): string {
  const value = optString(params, key);
  if (value === undefined || value === '') throw parameterMissing(key);
  return value;
}

export function optInt(params: Params, key: string): number | undefined {
  const value = optString(params, key);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) {
    throw invalidRequest(`Invalid integer: ${value}`, { code: 'parameter_invalid_integer', param: key });
  }
  return Number(value);
}

export function reqInt(params: Params, key: string): number {
  const value = optInt(params, key);
  if (value === undefined) throw parameterMissing(key);
  return value;
}

export function optBool(params: Params, key: string): boolean | undefined {
  const value = optString(params, key);
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidRequest(`Invalid boolean: ${value}`, { param: key });
}

export function optObject(params: Params, key: string): Params | undefined {
  const value = params[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidRequest(`Invalid object`, { param: key });
  }
  return value;
}

export function optStringArray(params: Params, key: string): string[] | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalidRequest(`Invalid array`, { param: key });
  }
  return value as string[];
}

export function optEnum<T extends string>(params: Params, key: string, values: readonly T[]): T | undefined {
  const value = optString(params, key);
  if (value === undefined) return undefined;
  if (!values.includes(value as T)) {
    throw invalidRequest(`Invalid ${key}: must be one of ${values.join(', ')}`, { param: key });
  }
  return value as T;
}

export function expandPaths(params: Params): string[] {
  return optStringArray(params, 'expand') ?? [];
}

const METADATA_MAX_KEYS = 50;
const METADATA_MAX_KEY_LENGTH = 40;
const METADATA_MAX_VALUE_LENGTH = 500;

/**
 * Applies a `metadata` parameter the way Stripe does: keys set to '' are removed, and `metadata=''`
 * clears everything. Returns the current metadata when the parameter is absent.
 */
export function applyMetadata(current: Stripe.Metadata | null, params: Params): Stripe.Metadata {
  const update = params.metadata;
  if (update === undefined) return { ...(current ?? {}) };
  if (update === '') return {};
  if (typeof update !== 'object' || Array.isArray(update)) throw invalidRequest('Invalid hash', { param: 'metadata' });
  const result = new Map(Object.entries(current ?? {}));
  for (const [key, value] of Object.entries(update)) {
    if (typeof value !== 'string') throw invalidRequest('Invalid metadata value', { param: `metadata[${key}]` });
    if (key.length > METADATA_MAX_KEY_LENGTH) {
      throw invalidRequest(
        `Metadata keys can have up to ${METADATA_MAX_KEY_LENGTH} characters, but you passed in a key that is ${key.length} characters long.`,
        { param: `metadata[${key}]` },
      );
    }
    if (value.length > METADATA_MAX_VALUE_LENGTH) {
      throw invalidRequest(
        `Metadata values can have up to ${METADATA_MAX_VALUE_LENGTH} characters, but you passed in a value that is ${value.length} characters long.`,
        { param: `metadata[${key}]` },
      );
    }
    if (value === '') result.delete(key);
    else result.set(key, value);
  }
  if (result.size > METADATA_MAX_KEYS) {
    throw invalidRequest(`You can have up to ${METADATA_MAX_KEYS} metadata keys.`, { param: 'metadata' });
  }
  return Object.fromEntries(result);
}

/** `created=123` or `created[gte]=…&created[lt]=…` as a predicate over unix seconds. */
export function createdFilter(params: Params, key = 'created'): (created: number) => boolean {
  const value = params[key];
  if (value === undefined) return () => true;
  if (typeof value === 'string') {
    const exact = optInt(params, key);
    return (created) => created === exact;
  }
  const range = optObject(params, key) ?? {};
  allowOnly(range, ['gt', 'gte', 'lt', 'lte']);
  const bound = (name: string) => optInt(range, name);
  const [gt, gte, lt, lte] = [bound('gt'), bound('gte'), bound('lt'), bound('lte')];
  return (created) =>
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte);
}

function describe(value: ParamValue): string {
  return Array.isArray(value) ? 'array' : 'hash';
}
