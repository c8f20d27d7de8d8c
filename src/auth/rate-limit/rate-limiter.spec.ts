import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, then the sustained rate, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(10, 3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    expect(limiter.retryAfterSeconds('a')).toBe(1);
    now += 100;
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('tells how long a key must wait without taking a token or remembering the key', () => {
    let now = 0;
    const limiter = new RateLimiter(0.5, 2, () => now);
    expect(limiter.waitSeconds('a')).toBe(0);
    limiter.take('a');
    limiter.take('a');
    expect(limiter.waitSeconds('a')).toBe(2);
    expect(limiter.waitSeconds('a')).toBe(2);
    now += 2000;
    expect(limiter.waitSeconds('a')).toBe(0);
    expect(limiter.take('a')).toBe(true);
  });

  it('takes several tokens at once, all or none, and says when that many are back', () => {
    let now = 0;
    const limiter = new RateLimiter(10, 30, () => now);
    expect(limiter.take('a', 25)).toBe(true);
    expect(limiter.take('a', 10)).toBe(false);
    expect(limiter.retryAfterSeconds('a', 10)).toBe(1);
    // The refused batch took nothing: five single tokens are still there.
    expect([1, 2, 3, 4, 5, 6].map(() => limiter.take('a'))).toEqual([true, true, true, true, true, false]);
    now += 1000;
    expect(limiter.take('a', 10)).toBe(true);
  });

  it('lets a cost above the burst through once the bucket is full, taking it all', () => {
    const limiter = new RateLimiter(10, 5, () => 0);
    expect(limiter.take('a', 100)).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('is off at rate zero', () => {
    const limiter = new RateLimiter(0, 0);
    expect(Array.from({ length: 100 }, () => limiter.take('a')).every(Boolean)).toBe(true);
  });
});
