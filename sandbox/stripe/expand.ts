import { invalidRequest } from './errors';
import { clone } from './util';

type Lookup = (id: string) => object | undefined;

const MAX_DEPTH = 4;

/**
 * Applies `expand[]` paths to a response: an id at the path is replaced by the object it names. Lists take
 * paths under `data.` (e.g. `data.latest_charge`), as Stripe requires.
 */
export function expand(response: object, paths: string[], lookup: Lookup): object {
  if (paths.length === 0) return response;
  const result = clone(response) as Record<string, unknown>;
  for (const path of paths) {
    const segments = path.split('.');
    if (segments.length > MAX_DEPTH) {
      throw invalidRequest(`You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`, {
        param: 'expand',
      });
    }
    if (isList(result) && segments[0] !== 'data') {
      throw invalidRequest(`This property cannot be expanded (${path}). You may want to try expanding 'data.${path}' instead.`, { param: 'expand' });
    }
    expandAt(result, segments, path, lookup);
  }
  return result;
}

function isList(value: Record<string, unknown>): boolean {
  return value.object === 'list' || value.object === 'search_result';
}

function expandAt(target: Record<string, unknown>, segments: string[], path: string, lookup: Lookup): void {
  const [head, ...rest] = segments;
  if (!(head in target)) throw cannotExpand(path);
  let value = target[head];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item && typeof item === 'object' && rest.length > 0) {
        expandAt(item as Record<string, unknown>, rest, path, lookup);
      }
    }
    return;
  }
  if (typeof value === 'string') {
    const found = lookup(value);
    if (!found) return;
    value = clone(found);
    target[head] = value;
  }
  if (rest.length === 0) {
    if (value !== null && typeof value !== 'object') throw cannotExpand(path);
    return;
  }
  if (value && typeof value === 'object') expandAt(value as Record<string, unknown>, rest, path, lookup);
}

function cannotExpand(path: string) {
  return invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
}
