import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { NotFoundError, OverloadedError } from '../common/errors';
import { MetricsService } from '../health/metrics.service';
import { applyLedgerOps, type LedgerOp, type OpValue } from './ledger-batch';
import { LedgerBatchRepository, type WalletBatch } from './ledger-batch.repository';
import { KnownWallets } from './known-wallets';
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
 * lane runs one batch at a time. While a lane's batch is in flight, new requests gather, and the
 * next batch applies all of them, for every wallet in the lane at once. Each caller is answered
 * after its batch commits.
 *
 * A wallet this process wrote last is applied in memory to the state its previous batch left
 * (`KnownWallets`) and written in one statement guarded by the wallet's version: one round trip.
 * Any other wallet, or one another writer changed meanwhile, goes through the locking path (lock,
 * read, apply, write), which also refreshes what is known. An operation refused by the rules fails
 * alone; a batch that fails as a whole (an unexpected database error) is retried one operation at
 * a time, so one bad request never takes its neighbours down. Correctness rests on the wallet row
 * locks and versions, not on these queues, so any number of processes may run writers side by side.
 */
@Injectable()
export class LedgerWriter {
  private readonly logger = new Logger(LedgerWriter.name);
  private readonly lanes: Lane[];
  private readonly queuedPerWallet = new Map<string, number>();
  private readonly known: KnownWallets;
  private queued = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: LedgerBatchRepository,
    private readonly events: EventEmitter2,
    private readonly metrics: MetricsService,
  ) {
    this.lanes = Array.from({ length: config.batching.lanes }, () => ({ pending: [], running: false }));
    this.known = new KnownWallets(config.batching.knownWallets, config.batching.knownHoldsPerWallet, CONTENTION_BACKOFF_MS);
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
    const done = await this.writeKnown(byWallet);
    const rest = [...byWallet].filter(([walletId]) => !done.has(walletId));
    if (rest.length) {
      let locked: Map<string, WalletBatch>;
      try {
        locked = await this.repository.applyLocked(
          new Map(rest.map(([walletId, items]) => [walletId, items.map((item) => item.op)])),
          (state, ops) => applyLedgerOps(state, ops, randomUUID),
        );
      } catch (error) {
        this.answer(byWallet, done);
        rest.forEach(([walletId]) => this.known.forget(walletId));
        const failed = rest.flatMap(([, items]) => items);
        if (failed.length > 1) {
          this.logger.warn(`A batch of ${failed.length} failed; retrying one by one: ${String(error)}`);
          for (const item of failed) await this.runBatch([item]);
        } else {
          this.metrics.ledgerOps.inc({ kind: failed[0].op.kind, outcome: 'error' });
          failed[0].reject(error);
        }
        return;
      }
      this.metrics.ledgerBatches.inc({ path: 'locked' });
      for (const [walletId, items] of rest) {
        const walletBatch = locked.get(walletId);
        if (walletBatch) done.set(walletId, walletBatch);
        else items.forEach((item) => item.reject(new NotFoundError('Wallet')));
      }
    }
    stopTimer();
    this.metrics.batchSize.observe(batch.length);
    this.answer(byWallet, done);
  }

  /**
   * The one-round-trip path: every wallet whose state is known is applied in memory and written in
   * one statement guarded by its version. Returns the wallets written; the others need the lock.
   */
  private async writeKnown(byWallet: Map<string, Pending[]>): Promise<Map<string, WalletBatch>> {
    const now = new Date();
    const batches: WalletBatch[] = [];
    for (const [walletId, items] of byWallet) {
      const ops = items.map((item) => item.op);
      const known = this.known.stateFor(walletId, ops, now);
      if (!known) continue;
      const result = applyLedgerOps(known.state, ops, randomUUID);
      batches.push({ state: known.state, result, readVersion: known.version, version: randomUUID() });
    }
    const done = new Map<string, WalletBatch>();
    if (!batches.length) return done;
    try {
      const written = await this.repository.writeKnown(batches, now);
      for (const walletBatch of batches) {
        const { walletId } = walletBatch.state;
        if (written.has(walletId)) done.set(walletId, walletBatch);
        else this.known.contended(walletId, now);
      }
      this.metrics.ledgerBatches.inc({ path: 'known' });
    } catch (error) {
      // Typically a replayed call this process had forgotten (a unique key refused it): the
      // locking path reads it and answers the replay.
      this.logger.debug(`A batch on known state was refused; reading instead: ${String(error)}`);
      batches.forEach((walletBatch) => this.known.forget(walletBatch.state.walletId));
      this.metrics.ledgerBatches.inc({ path: 'known_refused' });
    }
    return done;
  }

  /** Answers every caller whose wallet's batch committed, and remembers what each batch left. */
  private answer(byWallet: Map<string, Pending[]>, done: Map<string, WalletBatch>): void {
    for (const [walletId, walletBatch] of done) {
      const items = byWallet.get(walletId)!;
      const { state, result, readVersion, version } = walletBatch;
      this.known.remember(state, result.balanceMicros, result.heldMicros, readVersion, version);
      result.outcomes.forEach((outcome, index) => {
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

/** How long a wallet another writer changed under us goes through the locking path only. */
const CONTENTION_BACKOFF_MS = 1000;

/** A stable lane for a wallet, so one wallet's operations always queue in order. */
function laneOf(walletId: string, lanes: number): number {
  let hash = 0;
  for (let i = 0; i < walletId.length; i++) hash = (hash * 31 + walletId.charCodeAt(i)) | 0;
  return Math.abs(hash) % lanes;
}
