import type { Principal } from './principal';

export interface ResolvedKey {
  principal: Principal;
  keyId: string;
  expiresAt: Date | null;
}

interface Entry {
  key: ResolvedKey | null;
  until: number;
}

/**
 * Resolved API keys, by the SHA-256 digest of the bearer token, so the call path does not query
 * PostgreSQL on every request. Unknown tokens are remembered too (as null).
 *
 * Revocation reaches every process through PostgreSQL notifications, which `invalidate` applies.
 * The cache is only trusted while those notifications are known to arrive: until the listener is
 * connected, and again from the moment it is lost until it is back, nothing is read from or kept
 * in it (`reset(false)`), and reconnecting starts from empty (`reset(true)`). The TTL bounds what
 * a notification missed without anyone noticing could cost; an entry never outlives its key's
 * expiry, which needs no notification.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly digestsByKeyId = new Map<string, string>();
  private trusted = false;
  /** Moves on every invalidation, so a lookup that raced one does not keep what it read. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 50_000,
  ) {}

  /** The cached answer, or undefined when the database must be asked. */
  get(digest: string): ResolvedKey | null | undefined {
    if (!this.trusted) return undefined;
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.key;
    this.forget(digest, entry);
    return undefined;
  }

  /** Call before asking the database; pass the result to `set`. */
  lookupStarted(): number {
    return this.generation;
  }

  set(digest: string, key: ResolvedKey | null, startedAt: number): void {
    // An invalidation that arrived while the database was being asked may concern this very key:
    // answering the request with what was read is fine (the two were concurrent), keeping it is not.
    if (!this.trusted || this.ttlMs === 0 || startedAt !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.clear();
    const now = this.now();
    const until = Math.min(now + this.ttlMs, key?.expiresAt ? key.expiresAt.getTime() : Infinity);
    if (until <= now) return;
    this.entries.set(digest, { key, until });
    if (key) this.digestsByKeyId.set(key.keyId, digest);
  }

  invalidate(keyIds: string[]): void {
    this.generation++;
    for (const keyId of keyIds) {
      const digest = this.digestsByKeyId.get(keyId);
      if (digest !== undefined) this.forget(digest, this.entries.get(digest));
    }
  }

  /** Drops everything; `trusted` says whether invalidations are arriving from now on. */
  reset(trusted: boolean): void {
    this.generation++;
    this.clear();
    this.trusted = trusted;
  }

  get size(): number {
    return this.entries.size;
  }

  private clear(): void {
    this.entries.clear();
    this.digestsByKeyId.clear();
  }

  private forget(digest: string, entry: Entry | undefined): void {
    this.entries.delete(digest);
    if (entry?.key && this.digestsByKeyId.get(entry.key.keyId) === digest) this.digestsByKeyId.delete(entry.key.keyId);
  }
}
