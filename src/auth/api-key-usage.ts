export interface KeyUse {
  keyId: string;
  usedAt: Date;
}

/**
 * `lastUsedAt` without a write per request. A busy subteam key authenticates thousands of times
 * a minute; updating its row each time would add a write (and a row lock every request of that
 * key queues behind) to the call path. Instead `touch` only notes the key in memory, at most once
 * per `resolutionMs` per key in this process, and `flush` (on a timer, off the request path)
 * writes everything noted in one UPDATE. So each process writes a key's row at most once a minute,
 * and `lastUsedAt` is accurate to about a minute plus the flush interval, which is what an owner
 * deciding whether a key is still in use needs. A crash loses at most the uses not yet flushed.
 */
export class ApiKeyUsage {
  private readonly pending = new Map<string, Date>();
  private readonly noted = new Map<string, number>();

  constructor(
    private readonly write: (uses: KeyUse[]) => Promise<void>,
    private readonly resolutionMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Cheap enough for every request: a map lookup, and a second one once a minute per key. */
  touch(keyId: string): void {
    const now = this.now();
    const last = this.noted.get(keyId);
    if (last !== undefined && now - last < this.resolutionMs) return;
    if (this.noted.size >= this.maxKeys) this.noted.clear();
    this.noted.set(keyId, now);
    this.pending.set(keyId, new Date(now));
  }

  /** Writes what was noted since the last flush; a failed write is dropped (it is only a hint). */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const uses = [...this.pending].map(([keyId, usedAt]) => ({ keyId, usedAt }));
    this.pending.clear();
    await this.write(uses);
  }
}
