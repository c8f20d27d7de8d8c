import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { NotFoundError, OverloadedError } from '../common/errors';
import { MetricsService } from '../health/metrics.service';
import { applyLedgerOps, type LedgerOp, type OpValue } from './ledger-batch';
import { WalletEvents, type BalanceChangedEvent } from './wallet.events';
import { WalletRepository } from './wallet.repository';

interface Pending {
  op: LedgerOp;
  resolve: (value: OpValue) => void;
  reject: (error: unknown) => void;
}

interface WalletQueue {
  pending: Pending[];
  running: boolean;
}

/**
 * The call path's write side. Requests for one wallet queue in this process; while one batch's
 * transaction is in flight the next requests gather, and the next batch applies them together:
 * one wallet lock, one balance update, one multi-row insert per table. Each caller is answered
 * after its batch commits. An operation refused by the rules fails alone; a batch that fails as a
 * whole (an unexpected database error) is retried one operation at a time, so one bad request
 * never takes its neighbours down. Correctness rests on the wallet row lock, not on this queue, so
 * any number of processes may run writers side by side.
 */
@Injectable()
export class LedgerWriter {
  private readonly logger = new Logger(LedgerWriter.name);
  private readonly queues = new Map<string, WalletQueue>();
  private queued = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: WalletRepository,
    private readonly events: EventEmitter2,
    private readonly metrics: MetricsService,
  ) {}

  submit(walletId: string, op: LedgerOp): Promise<OpValue> {
    let queue = this.queues.get(walletId);
    if (!queue) {
      queue = { pending: [], running: false };
      this.queues.set(walletId, queue);
    }
    if (queue.pending.length >= this.config.batching.maxQueuedPerWallet) {
      return Promise.reject(new OverloadedError());
    }
    const result = new Promise<OpValue>((resolve, reject) => queue.pending.push({ op, resolve, reject }));
    this.queued++;
    this.metrics.queueDepth.set(this.queued);
    if (!queue.running) void this.drain(walletId, queue);
    return result;
  }

  private async drain(walletId: string, queue: WalletQueue): Promise<void> {
    queue.running = true;
    try {
      while (queue.pending.length) {
        const batch = queue.pending.splice(0, this.config.batching.maxBatchSize);
        this.queued -= batch.length;
        this.metrics.queueDepth.set(this.queued);
        await this.runBatch(walletId, batch);
      }
    } finally {
      queue.running = false;
      if (!queue.pending.length) this.queues.delete(walletId);
    }
  }

  private async runBatch(walletId: string, batch: Pending[]): Promise<void> {
    const stopTimer = this.metrics.batchDuration.startTimer();
    let applied;
    try {
      applied = await this.repository.applyBatch(
        walletId,
        batch.map((item) => item.op),
        (state) => applyLedgerOps(state, batch.map((item) => item.op), randomUUID),
      );
    } catch (error) {
      if (batch.length > 1) {
        this.logger.warn(`Batch of ${batch.length} for wallet ${walletId} failed; retrying one by one: ${String(error)}`);
        for (const item of batch) await this.runBatch(walletId, [item]);
      } else {
        this.metrics.ledgerOps.inc({ kind: batch[0].op.kind, outcome: 'error' });
        batch[0].reject(error);
      }
      return;
    }
    stopTimer();
    this.metrics.batchSize.observe(batch.length);
    if (!applied) {
      batch.forEach((item) => item.reject(new NotFoundError('Wallet')));
      return;
    }
    const { result, state } = applied;
    result.outcomes.forEach((outcome, index) => {
      const item = batch[index];
      this.metrics.ledgerOps.inc({ kind: item.op.kind, outcome: outcome.ok ? 'ok' : outcome.error.code });
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
    if (result.balanceMicros !== state.balanceMicros || result.heldMicros !== state.heldMicros) {
      const event: BalanceChangedEvent = {
        walletId,
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
}
