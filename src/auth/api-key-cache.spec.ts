import { ApiKeyCache, type ResolvedKey } from './api-key-cache';

const owner = (keyId: string, expiresAt: Date | null = null): ResolvedKey => ({
  principal: { role: 'owner', id: keyId, agencyId: 'agency' },
  keyId,
  expiresAt,
});

describe('ApiKeyCache', () => {
  let now: number;
  let cache: ApiKeyCache;
  beforeEach(() => {
    now = 1_000_000;
    cache = new ApiKeyCache(30_000, () => now);
    cache.reset(true);
  });

  it('answers from memory for the TTL, unknown keys included', () => {
    cache.set('d1', owner('k1'), cache.lookupStarted());
    cache.set('nobody', null, cache.lookupStarted());
    expect(cache.get('d1')?.keyId).toBe('k1');
    expect(cache.get('nobody')).toBeNull();
    now += 30_000;
    expect(cache.get('d1')).toBeUndefined();
    expect(cache.get('nobody')).toBeUndefined();
  });

  it('never keeps a key past its expiry', () => {
    cache.set('d1', owner('k1', new Date(now + 2_000)), cache.lookupStarted());
    now += 1_999;
    expect(cache.get('d1')?.keyId).toBe('k1');
    now += 1;
    expect(cache.get('d1')).toBeUndefined();
  });

  it('forgets a revoked key at once, and only that key', () => {
    cache.set('d1', owner('k1'), cache.lookupStarted());
    cache.set('d2', owner('k2'), cache.lookupStarted());
    cache.invalidate(['k1', 'unknown']);
    expect(cache.get('d1')).toBeUndefined();
    expect(cache.get('d2')?.keyId).toBe('k2');
  });

  it('does not keep what a lookup read while a revocation arrived', () => {
    const startedAt = cache.lookupStarted();
    cache.invalidate(['k1']);
    cache.set('d1', owner('k1'), startedAt);
    expect(cache.get('d1')).toBeUndefined();
  });

  it('neither answers nor keeps anything while revocations may be missed, and starts empty when they arrive again', () => {
    cache.set('d1', owner('k1'), cache.lookupStarted());
    cache.reset(false);
    expect(cache.get('d1')).toBeUndefined();
    const startedAt = cache.lookupStarted();
    cache.set('d1', owner('k1'), startedAt);
    cache.reset(true);
    expect(cache.get('d1')).toBeUndefined();
    cache.set('d1', owner('k1'), startedAt);
    expect(cache.size).toBe(0);
  });

  it('is off with a TTL of zero', () => {
    const off = new ApiKeyCache(0, () => now);
    off.reset(true);
    off.set('d1', owner('k1'), off.lookupStarted());
    expect(off.get('d1')).toBeUndefined();
  });

  it('is not trusted before the first reset', () => {
    const fresh = new ApiKeyCache(30_000, () => now);
    fresh.set('d1', owner('k1'), fresh.lookupStarted());
    expect(fresh.get('d1')).toBeUndefined();
  });
});
