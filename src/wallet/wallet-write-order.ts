/**
 * The order of one process's writes to each wallet, on the writer's two paths. A batch on known
 * state starts only after any locking batch in flight on its wallets (it builds on what that batch
 * leaves, which only the lock's read tells); a locking batch reads only after every write in
 * flight on its wallets, on either path, so one process's own batches never invalidate each other.
 * Batches on known state need no waiting among themselves: they share one ordered connection.
 */
export class WalletWriteOrder {
  private readonly locking = new Map<string, Promise<unknown>>();
  private readonly writingKnown = new Map<string, Promise<unknown>>();

  isLocking(walletId: string): boolean {
    return this.locking.has(walletId);
  }

  /**
   * Settles once the locking batches in flight on these wallets have finished, or is undefined
   * when there are none (the common case, which costs the call path no await).
   */
  lockingDone(walletIds: Iterable<string>): Promise<unknown> | undefined {
    let writes: Promise<unknown>[] | undefined;
    for (const walletId of walletIds) {
      const write = this.locking.get(walletId);
      if (write) (writes ??= []).push(write);
    }
    return writes && Promise.allSettled(writes);
  }

  /** Settles once every write in flight on these wallets, on either path, has finished. */
  allDone(walletIds: string[]): Promise<unknown> {
    const writes: Promise<unknown>[] = [];
    for (const walletId of walletIds) {
      const known = this.writingKnown.get(walletId);
      const locked = this.locking.get(walletId);
      if (known) writes.push(known);
      if (locked) writes.push(locked);
    }
    return Promise.allSettled(writes);
  }

  /** Records a write in flight on these wallets; `finished` must follow once it has settled. */
  started(path: 'known' | 'locked', walletIds: Iterable<string>, write: Promise<unknown>): void {
    const writes = path === 'known' ? this.writingKnown : this.locking;
    for (const walletId of walletIds) writes.set(walletId, write);
  }

  /** Forgets a write that has settled, unless a later one on the wallet took its place. */
  finished(path: 'known' | 'locked', walletIds: Iterable<string>, write: Promise<unknown>): void {
    const writes = path === 'known' ? this.writingKnown : this.locking;
    for (const walletId of walletIds) {
      if (writes.get(walletId) === write) writes.delete(walletId);
    }
  }
}
