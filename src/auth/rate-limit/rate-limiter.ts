/**
 * A token bucket per API key, in this process: `ratePerSecond` sustained, `burst` at once. It
 * protects the service from a runaway client; it is not a billing control, so per-process
 * accuracy is enough.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes `tokens` for the key (a batch of calls takes one per call), all or none; false when the
   * key must wait. A cost above the burst takes the whole burst, so it can still pass when full.
   */
  take(key: string, tokens = 1): boolean {
    if (this.ratePerSecond <= 0) return true;
    const cost = Math.min(tokens, this.burst);
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = now;
    if (this.buckets.size > 100_000) this.buckets.clear();
    this.buckets.set(key, bucket);
    if (bucket.tokens < cost) return false;
    bucket.tokens -= cost;
    return true;
  }

  /** Seconds until the key may take a token (0: now), without taking one or remembering the key. */
  waitSeconds(key: string): number {
    if (this.ratePerSecond <= 0) return 0;
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const tokens = Math.min(this.burst, bucket.tokens + ((this.now() - bucket.at) / 1000) * this.ratePerSecond);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.ratePerSecond));
  }

  /** Seconds until the key has `tokens` again. */
  retryAfterSeconds(key: string, tokens = 1): number {
    const cost = Math.min(tokens, this.burst);
    const bucket = this.buckets.get(key);
    if (!bucket || bucket.tokens >= cost) return 0;
    return Math.max(1, Math.ceil((cost - bucket.tokens) / this.ratePerSecond));
  }
}
