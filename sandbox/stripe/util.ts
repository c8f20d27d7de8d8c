import { createHash, randomBytes } from 'node:crypto';

/** The API version this server speaks; the pinned version of stripe@23.1.0. */
export const API_VERSION = '2026-10-28.endive';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += BASE62[byte % BASE62.length];
  return out;
}

/** Stripe-looking id: `pi_3Qx…` (prefix, underscore, 24 base62 characters). */
export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

/** Unix seconds. Uses Date.now() so tests that fake the clock see consistent timestamps. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** JSON with sorted object keys, so two equal parameter sets always compare equal. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/** Deterministic 16-character fingerprint, like Stripe's card/bank fingerprints. */
export function fingerprint(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < 16; i++) out += BASE62[digest[i] % BASE62.length];
  return out;
}

/** Top-level fields whose value changed, with their previous values (an event's `previous_attributes`). */
export function previousAttributes(before: object, after: object): Record<string, unknown> | undefined {
  const previous: Record<string, unknown> = {};
  const was = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  for (const key of Object.keys(now)) {
    if (stableStringify(was[key]) !== stableStringify(now[key])) previous[key] = clone(was[key] ?? null);
  }
  return Object.keys(previous).length > 0 ? previous : undefined;
}

/** Formats cents the way Stripe's error messages do: 20000 → "$200.00". */
export function formatAmount(amount: number, currency: string): string {
  const symbol = currency === 'usd' ? '$' : '';
  const suffix = currency === 'usd' ? '' : ` ${currency}`;
  return `${symbol}${(amount / 100).toFixed(2)}${suffix}`;
}
