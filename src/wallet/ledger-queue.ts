/** What the queue needs of a queued operation. */
export interface Queued {
  walletId: string;
  /** Operations submitted together share a group: they are never split between batches. */
  group?: number;
  reject(error: unknown): void;
}

export interface LedgerQueueLimits {
  lanes: number;
  /** Batches in flight per lane at most. */
  inFlight: number;
  maxBatchSize: number;
  maxQueuedPerWallet: number;
}

/**
 * The ledger writer's queue of operations. Each wallet belongs to one of a few lanes (by a hash of
 * its id), so one wallet's operations always queue in order; a lane has at most `inFlight`
 * batches running, and while they run new operations gather, to go together in the next batch.
 * No I/O of its own: `run` does the work of a batch.
 */
export class LedgerQueue<T extends Queued> {
  private readonly lanes: { pending: T[]; inFlight: number }[];
  private readonly queuedPerWallet = new Map<string, number>();
  private queued = 0;
  private groups = 0;

  constructor(
    private readonly limits: LedgerQueueLimits,
    private readonly run: (batch: T[], lane: number) => Promise<void>,
    private readonly onDepth: (queued: number) => void,
    /** A batch that threw is a defect, not a database refusal: everyone in it is answered with the error. */
    private readonly onDefect: (error: unknown) => void,
  ) {
    this.lanes = Array.from({ length: limits.lanes }, () => ({ pending: [], inFlight: 0 }));
  }

  /**
   * Makes room for `count` operations on a wallet, all or none; answers the wallet's lane, or
   * undefined when its queue cannot take them all.
   */
  admit(walletId: string, count: number): number | undefined {
    const waiting = this.queuedPerWallet.get(walletId) ?? 0;
    if (waiting + count > this.limits.maxQueuedPerWallet) return undefined;
    this.queuedPerWallet.set(walletId, waiting + count);
    this.queued += count;
    this.onDepth(this.queued);
    return laneOf(walletId, this.lanes.length);
  }

  /** A group number for operations that must go in one batch. */
  newGroup(): number {
    return ++this.groups;
  }

  /** Queues an admitted operation on its lane; `dispatch` sends it. */
  push(lane: number, item: T): void {
    this.lanes[lane].pending.push(item);
  }

  /** Starts batches on the lane while it has room; a group may take a batch past `maxBatchSize`. */
  dispatch(laneIndex: number): void {
    const lane = this.lanes[laneIndex];
    while (lane.pending.length && lane.inFlight < this.limits.inFlight) {
      let size = Math.min(lane.pending.length, this.limits.maxBatchSize);
      const group = lane.pending[size - 1].group;
      while (group !== undefined && size < lane.pending.length && lane.pending[size].group === group) size++;
      const batch = lane.pending.splice(0, size);
      for (const item of batch) this.dequeued(item.walletId);
      lane.inFlight++;
      void this.run(batch, laneIndex)
        .catch((error) => {
          // Answer everyone still waiting rather than hang them.
          this.onDefect(error);
          batch.forEach((item) => item.reject(error));
        })
        .finally(() => {
          lane.inFlight--;
          this.dispatch(laneIndex);
        });
    }
  }

  private dequeued(walletId: string): void {
    const waiting = (this.queuedPerWallet.get(walletId) ?? 1) - 1;
    if (waiting) this.queuedPerWallet.set(walletId, waiting);
    else this.queuedPerWallet.delete(walletId);
    this.onDepth(--this.queued);
  }
}

/** A stable lane for a wallet, so one wallet's operations always queue in order. */
function laneOf(walletId: string, lanes: number): number {
  let hash = 0;
  for (let i = 0; i < walletId.length; i++) hash = (hash * 31 + walletId.charCodeAt(i)) | 0;
  return Math.abs(hash) % lanes;
}
