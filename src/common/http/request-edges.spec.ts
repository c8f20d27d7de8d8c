import { findInvalidText, hasNonJsonBody, holdsInvalidText } from './request-edges';
import { requestIdOf } from './request-id';

describe('findInvalidText', () => {
  it('finds a NUL or a lone surrogate in values and keys, at any depth, and names the path', () => {
    expect(findInvalidText({ a: 'ok', b: 'x\u0000y' })).toEqual({ path: 'b', message: 'must not contain NUL characters' });
    expect(findInvalidText({ a: [{ b: ['ok', '\ud800'] }] })).toEqual({ path: 'a.0.b.1', message: expect.stringMatching(/lone surrogate/) });
    expect(findInvalidText({ 'k\udc00': 1 })).toEqual({ path: 'k\\udc00', message: expect.stringMatching(/field name/) });
    expect(findInvalidText({ from: '\u0000' }, 'query')).toEqual({ path: 'query.from', message: expect.any(String) });
    expect(findInvalidText('\u0000')).toEqual({ path: '(body)', message: expect.any(String) });
  });

  it('reports the first problem in document order', () => {
    expect(findInvalidText({ first: ['\u0000'], second: '\ud800' })?.path).toBe('first.0');
  });

  it('accepts well-formed text, surrogate pairs and every other JSON value', () => {
    expect(findInvalidText({ s: 'café 😀 \ud83d\ude00', n: 1, b: true, z: null, a: [], o: {} })).toBeUndefined();
    expect(findInvalidText(undefined)).toBeUndefined();
    expect(findInvalidText(Buffer.from([0, 0xff]))).toBeUndefined();
  });

  it('walks nesting far deeper than the call stack allows', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findInvalidText(deep)?.message).toMatch(/NUL/);
  });
});

describe('holdsInvalidText (the quick test every request takes)', () => {
  const samples: unknown[] = [
    { a: 'ok', b: 'x\u0000y' },
    { a: [{ b: ['ok', '\ud800'] }] },
    { 'k\udc00': 1 },
    { from: '\u0000' },
    '\u0000',
    { first: ['\u0000'], second: '\ud800' },
    { s: 'café 😀 \ud83d\ude00', n: 1, b: true, z: null, a: [], o: {} },
    { callId: 'c-1', amount: '1.00', nested: { list: [1, 'two', { three: 'ok' }] } },
    Object.assign(Object.create(null), { q: 'fine', r: 'bad\u0000' }),
    Object.assign(Object.create(null), { q: 'fine' }),
    undefined,
    null,
    42,
    Buffer.from([0, 0xff]),
  ];

  it('agrees with findInvalidText on every sample', () => {
    for (const sample of samples) expect([sample, holdsInvalidText(sample)]).toEqual([sample, findInvalidText(sample) !== undefined]);
  });

  it('walks nesting far deeper than the call stack allows', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(holdsInvalidText(deep)).toBe(true);
  });
});

describe('hasNonJsonBody', () => {
  const request = (method: string, headers: Record<string, string>) => ({ method, headers });

  it('is true for a body in another media type', () => {
    expect(hasNonJsonBody(request('POST', { 'content-type': 'text/plain', 'content-length': '3' }))).toBe(true);
    expect(hasNonJsonBody(request('PUT', { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' }))).toBe(true);
  });

  it('is false for JSON (any parameters), an empty body, no type at all, or a GET', () => {
    expect(hasNonJsonBody(request('POST', { 'content-type': 'Application/JSON; charset=utf-8', 'content-length': '2' }))).toBe(false);
    expect(hasNonJsonBody(request('POST', { 'content-type': 'text/plain', 'content-length': '0' }))).toBe(false);
    expect(hasNonJsonBody(request('POST', { 'content-length': '5' }))).toBe(false);
    expect(hasNonJsonBody(request('GET', { 'content-type': 'text/plain', 'content-length': '5' }))).toBe(false);
  });
});

describe('requestIdOf', () => {
  it('keeps a sane caller id and replaces anything else with a uuid', () => {
    expect(requestIdOf({ headers: { 'x-request-id': 'abc-123.x:y_z' } })).toBe('abc-123.x:y_z');
    for (const given of ['', 'a b', 'x'.repeat(129), '<x>', undefined]) {
      expect(requestIdOf({ headers: { 'x-request-id': given } })).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(requestIdOf({ headers: { 'x-request-id': ['a', 'b'] as unknown as string } })).toMatch(/^[0-9a-f-]{36}$/);
  });
});
