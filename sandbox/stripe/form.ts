/**
 * Parses Stripe's application/x-www-form-urlencoded bodies and query strings into nested values:
 * `metadata[agencyId]=a` → `{ metadata: { agencyId: 'a' } }`, `expand[0]=x` / `expand[]=x` → `{ expand: ['x'] }`,
 * `items[0][price]=p` → `{ items: [{ price: 'p' }] }`. Leaf values stay strings, as on the wire.
 */
export type ParamValue = string | Params | ParamValue[];
export interface Params {
  [key: string]: ParamValue;
}

export function parseForm(text: string): Params {
  const root: Params = {};
  if (!text) return root;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    assign(root, keySegments(decode(rawKey)), decode(rawValue));
  }
  return compactArrays(root) as Params;
}

function decode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/** `a[b][0][]` → ['a', 'b', '0', '']. */
function keySegments(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  const pattern = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(key.slice(open))) !== null) segments.push(match[1]);
  return segments;
}

function isIndex(segment: string): boolean {
  return segment === '' || /^\d+$/.test(segment);
}

type Container = Params | ParamValue[];

function assign(root: Params, segments: string[], value: string): void {
  let container: Container = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    const slot = Array.isArray(container) && segment === '' ? container.length : segment;
    if (last) {
      setSlot(container, slot, value);
      return;
    }
    let next = getSlot(container, slot);
    if (next === undefined || typeof next === 'string') {
      next = isIndex(segments[i + 1]) ? [] : {};
      setSlot(container, slot, next);
    }
    container = next as Container;
  }
}

function getSlot(container: Container, slot: string | number): ParamValue | undefined {
  return Array.isArray(container) ? container[Number(slot)] : container[String(slot)];
}

function setSlot(container: Container, slot: string | number, value: ParamValue): void {
  if (Array.isArray(container)) container[Number(slot)] = value;
  else container[String(slot)] = value;
}

/** Indexed keys may leave holes (`a[0]`, `a[2]`); drop them so arrays stay dense. */
function compactArrays(value: ParamValue): ParamValue {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compactArrays);
  if (typeof value === 'object') {
    const out: Params = {};
    for (const [key, item] of Object.entries(value)) out[key] = compactArrays(item);
    return out;
  }
  return value;
}
