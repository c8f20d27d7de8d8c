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

  it('is off at rate zero', () => {
    const limiter = new RateLimiter(0, 0);
    expect(Array.from({ length: 100 }, () => limiter.take('a')).every(Boolean)).toBe(true);
  });
});
