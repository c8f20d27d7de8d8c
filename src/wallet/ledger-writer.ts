import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { NotFoundError, OverloadedError } from '../common/errors';
import { MetricsService } from '../health/metrics.service';
import { applyLedgerOps, type LedgerOp, type OpValue } from './ledger-batch';
import { LedgerBatchRepository, type WalletBatch } from './ledger-batch.repository';
import { WalletEvents, type BalanceChangedEvent } from './wallet.events';

interface Pending {
  walletId: string;
  op: LedgerOp;
  resolve: (value: OpValue) => void;
  reject: (error: unknown) => void;
}

interface Lane {
  pending: Pending[];
  running: boolean;
}

/**
 * The call path's write side. Each wallet belongs to one of a few lanes (by a hash of its id); a
 * lane runs one transaction at a time. While a lane's transaction is in flight, new requests
 * gather, and the next transaction applies all of them, for every wallet in the lane at once: one
 * lock statement, one read, one write, whatever the batch size. Each caller is answered after its
 * batch commits. An operation refused by the rules fails alone; a batch that fails as a whole (an
 * unexpected database error) is retried one operation at a time, so one bad request never takes
 * its neighbours down. Correctness rests on the wallet row locks, not on these queues, so any
 * number of processes may run writers side by side.
 */
@Injectable()
export class LedgerWriter {
  private readonly logger = new Logger(LedgerWriter.name);
  private readonly lanes: Lane[];
  private readonly queuedPerWallet = new Map<string, number>();
  private queued = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: LedgerBatchRepository,
    private readonly events: EventEmitter2,
    private readonly metrics: MetricsService,
  ) {
    this.lanes = Array.from({ length: config.batching.lanes }, () => ({ pending: [], running: false }));
  }

  submit(walletId: string, op: LedgerOp): Promise<OpValue> {
    const waiting = this.queuedPerWallet.get(walletId) ?? 0;
    if (waiting >= this.config.batching.maxQueuedPerWallet) return Promise.reject(new OverloadedError());
    this.queuedPerWallet.set(walletId, waiting + 1);
    this.metrics.queueDepth.set(++this.queued);

    const lane = this.lanes[laneOf(walletId, this.lanes.length)];
    const result = new Promise<OpValue>((resolve, reject) => lane.pending.push({ walletId, op, resolve, reject }));
    if (!lane.running) void this.drain(lane);
    return result;
  }

  private async drain(lane: Lane): Promise<void> {
    lane.running = true;
    try {
      while (lane.pending.length) {
        const batch = lane.pending.splice(0, this.config.batching.maxBatchSize);
        for (const item of batch) this.dequeued(item.walletId);
        await this.runBatch(batch);
      }
    } finally {
      lane.running = false;
    }
  }

  private dequeued(walletId: string): void {
    const waiting = (this.queuedPerWallet.get(walletId) ?? 1) - 1;
    if (waiting) this.queuedPerWallet.set(walletId, waiting);
    else this.queuedPerWallet.delete(walletId);
    this.metrics.queueDepth.set(--this.queued);
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const byWallet = new Map<string, Pending[]>();
    for (const item of batch) {
      const forWallet = byWallet.get(item.walletId);
      if (forWallet) forWallet.push(item);
      else byWallet.set(item.walletId, [item]);
    }

    const stopTimer = this.metrics.batchDuration.startTimer();
    let applied: Map<string, WalletBatch>;
    try {
      applied = await this.repository.apply(
        new Map([...byWallet].map(([walletId, items]) => [walletId, items.map((item) => item.op)])),
        (state, ops) => applyLedgerOps(state, ops, randomUUID),
      );
    } catch (error) {
      if (batch.length > 1) {
        this.logger.warn(`A batch of ${batch.length} failed; retrying one by one: ${String(error)}`);
        for (const item of batch) await this.runBatch([item]);
      } else {
        this.metrics.ledgerOps.inc({ kind: batch[0].op.kind, outcome: 'error' });
        batch[0].reject(error);
      }
      return;
    }
    stopTimer();
    this.metrics.batchSize.observe(batch.length);

    for (const [walletId, items] of byWallet) {
      const walletBatch = applied.get(walletId);
      if (!walletBatch) {
        items.forEach((item) => item.reject(new NotFoundError('Wallet')));
        continue;
      }
      walletBatch.result.outcomes.forEach((outcome, index) => {
        this.metrics.ledgerOps.inc({ kind: items[index].op.kind, outcome: outcome.ok ? 'ok' : outcome.error.code });
        if (outcome.ok) items[index].resolve(outcome.value);
        else items[index].reject(outcome.error);
      });
      this.publish(walletBatch);
    }
  }

  /** One event per wallet per batch, not per call: listeners only need the latest state. */
  private publish({ state, result }: WalletBatch): void {
    if (result.balanceMicros === state.balanceMicros && result.heldMicros === state.heldMicros) return;
    const event: BalanceChangedEvent = {
      walletId: state.walletId,
      agencyId: state.agencyId,
      balanceMicros: result.balanceMicros,
      heldMicros: result.heldMicros,
      availableMicros: result.balanceMicros - result.heldMicros,
      debited: result.debited || result.heldMicros > state.heldMicros,
      cause: 'calls',
    };
    this.events.emit(WalletEvents.BalanceChanged, event);
  }
}

/** A stable lane for a wallet, so one wallet's operations always queue in order. */
function laneOf(walletId: string, lanes: number): number {
  let hash = 0;
  for (let i = 0; i < walletId.length; i++) hash = (hash * 31 + walletId.charCodeAt(i)) | 0;
  return Math.abs(hash) % lanes;
}
