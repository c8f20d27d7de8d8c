import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { NotFoundError, OverloadedError } from '../common/errors';
import { databaseTrouble } from '../database/unavailable';
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
  /** Operations submitted together (`submitAll`) share a group: they are never split between batches. */
  group?: number;
}

interface Lane {
  /** Also the lane's ordered connection: its known writes run in the order they were applied. */
  index: number;
  pending: Pending[];
  inFlight: number;
}

/**
 * The call path's write side. Each wallet belongs to one of a few lanes (by a hash of its id); a
 * lane has at most a few batches in flight (`BATCH_IN_FLIGHT`). While they are, new requests
 * gather, and the next batch applies all of them, for every wallet in the lane at once. Each
 * caller is answered after its batch commits.
 *
 * A wallet this process wrote last is applied in memory to the state its previous batch left
 * (`KnownWallets`), even while that batch is still in flight, and written in one statement guarded
 * by the version the previous batch leaves. These statements share one connection, so they run in
 * the order they were applied, back to back. Any other wallet, or one another writer changed
 * meanwhile (the guard then writes nothing, for that batch and every one applied on top of it),
 * goes through the locking path (lock, read, apply, write), which also refreshes what is known.
 *
 * An operation refused by the rules fails alone; a batch that fails as a whole (an unexpected
 * database error) is retried one operation at a time, so one bad request never takes its
 * neighbours down. Correctness rests on the wallet row locks and versions, not on these queues,
 * so any number of processes may run writers side by side.
 */
@Injectable()
export class LedgerWriter {
  private readonly logger = new Logger(LedgerWriter.name);
  private readonly lanes: Lane[];
  private readonly queuedPerWallet = new Map<string, number>();
  private readonly known: KnownWallets;
  /**
   * The last write in flight per wallet, on either path. A locking batch reads after the known
   * writes before it, and a batch after a locking one waits for what it reads, so one process's
   * own batches never invalidate each other.
   */
  private readonly lockedInFlight = new Map<string, Promise<unknown>>();
  private readonly knownInFlight = new Map<string, Promise<unknown>>();
  private queued = 0;
  private groups = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: LedgerBatchRepository,
    private readonly events: EventEmitter2,
    private readonly metrics: MetricsService,
  ) {
    this.lanes = Array.from({ length: config.batching.lanes }, (_, index) => ({ index, pending: [], inFlight: 0 }));
    this.known = new KnownWallets(config.batching.knownWallets, config.batching.knownHoldsPerWallet, config.batching.contentionBackoffMs);
  }

  submit(walletId: string, op: LedgerOp): Promise<OpValue> {
    return this.submitAll(walletId, [op])[0];
  }

  /**
   * Several operations on one wallet, queued back to back and dispatched once, and never split
   * between batches (a batch may pass `BATCH_MAX_SIZE` to keep them whole), so that they cost one
   * trip and apply in the order given: an authorize and the settle of the same call may come
   * together. (Separate batches may apply out of order: one that must lock the wallet can be
   * overtaken by a later one on known state.) Each is answered on its own. All or none are
   * queued: a wallet whose queue cannot take them all refuses every one.
   */
  submitAll(walletId: string, ops: LedgerOp[]): Promise<OpValue>[] {
    if (!ops.length) return [];
    const waiting = this.queuedPerWallet.get(walletId) ?? 0;
    if (waiting + ops.length > this.config.batching.maxQueuedPerWallet) return ops.map(() => Promise.reject(new OverloadedError()));
    this.queuedPerWallet.set(walletId, waiting + ops.length);
    this.queued += ops.length;
    this.metrics.queueDepth.set(this.queued);

    const lane = this.lanes[laneOf(walletId, this.lanes.length)];
    const group = ops.length > 1 ? ++this.groups : undefined;
    const results = ops.map((op) => new Promise<OpValue>((resolve, reject) => lane.pending.push({ walletId, op, resolve, reject, group })));
    this.dispatch(lane);
    return results;
  }

  private dispatch(lane: Lane): void {
    while (lane.pending.length && lane.inFlight < this.config.batching.inFlight) {
      let size = Math.min(lane.pending.length, this.config.batching.maxBatchSize);
      const group = lane.pending[size - 1].group;
      while (group !== undefined && size < lane.pending.length && lane.pending[size].group === group) size++;
      const batch = lane.pending.splice(0, size);
      for (const item of batch) this.dequeued(item.walletId);
      lane.inFlight++;
      void this.runBatch(batch, lane.index)
        .catch((error) => {
          // A defect, not a database refusal: answer everyone still waiting rather than hang them.
          this.logger.error(`A ledger batch failed unexpectedly: ${String(error)}`);
          batch.forEach((item) => item.reject(error));
        })
        .finally(() => {
          lane.inFlight--;
          this.dispatch(lane);
        });
    }
  }

  private dequeued(walletId: string): void {
    const waiting = (this.queuedPerWallet.get(walletId) ?? 1) - 1;
    if (waiting) this.queuedPerWallet.set(walletId, waiting);
    else this.queuedPerWallet.delete(walletId);
    this.metrics.queueDepth.set(--this.queued);
  }

  private async runBatch(batch: Pending[], lane: number): Promise<void> {
    const byWallet = new Map<string, Pending[]>();
    for (const item of batch) {
      const forWallet = byWallet.get(item.walletId);
      if (forWallet) forWallet.push(item);
      else byWallet.set(item.walletId, [item]);
    }

    const stopTimer = this.metrics.batchDuration.startTimer();
    const known = await this.writeKnown(byWallet, lane);
    // Callers of the wallets written are answered now, not after the rest of the batch.
    this.answer(byWallet, known);
    const rest = [...byWallet].filter(([walletId]) => !known.has(walletId));
    const done = new Map<string, WalletBatch>();
    if (rest.length) {
      const walletIds = rest.map(([walletId]) => walletId);
      const before = walletIds.flatMap((walletId) => [this.knownInFlight.get(walletId), this.lockedInFlight.get(walletId)]);
      const locking = whenSettled(before).then(() =>
        this.repository.applyLocked(
          new Map(rest.map(([walletId, items]) => [walletId, items.map((item) => item.op)])),
          (state, ops) => applyLedgerOps(state, ops, randomUUID),
        ),
      );
      walletIds.forEach((walletId) => this.lockedInFlight.set(walletId, locking));
      let locked: Map<string, WalletBatch>;
      try {
        locked = await locking;
      } catch (error) {
        walletIds.forEach((walletId) => this.known.forget(walletId));
        const failed = rest.flatMap(([, items]) => items);
        // One by one isolates one bad operation; when the database itself is away, every
        // operation would fail the same way, so the whole batch fails fast (503).
        if (failed.length > 1 && databaseTrouble(error) !== 'outage') {
          this.logger.warn(`A batch of ${failed.length} failed; retrying one by one: ${String(error)}`);
          for (const item of failed) await this.runBatch([item], lane);
        } else {
          failed.forEach((item) => this.metrics.ledgerOps.inc({ kind: item.op.kind, outcome: 'error' }));
          failed.forEach((item) => item.reject(error));
        }
        return;
      } finally {
        walletIds.forEach((walletId) => {
          if (this.lockedInFlight.get(walletId) === locking) this.lockedInFlight.delete(walletId);
        });
      }
      this.metrics.ledgerBatches.inc({ path: 'locked' });
      for (const [walletId, items] of rest) {
        const walletBatch = locked.get(walletId);
        if (!walletBatch) {
          items.forEach((item) => item.reject(new NotFoundError('Wallet')));
          continue;
        }
        const { state, result, readVersion, version } = walletBatch;
        this.known.remember(state, result.balanceMicros, result.heldMicros, readVersion, version);
        done.set(walletId, walletBatch);
      }
    }
    stopTimer();
    this.metrics.batchSize.observe(batch.length);
    this.answer(byWallet, done);
  }

  /**
   * The one-round-trip path: every wallet whose state is known is applied in memory, becomes what
   * is known at once (so the next batch can build on it while this one is in flight), and is
   * written in one statement guarded by its version. Returns the wallets written; the others, and
   * every batch applied on top of them, need the lock.
   */
  private async writeKnown(byWallet: Map<string, Pending[]>, lane: number): Promise<Map<string, WalletBatch>> {
    const locking = [...byWallet.keys()].map((walletId) => this.lockedInFlight.get(walletId));
    if (locking.some(Boolean)) await whenSettled(locking);
    const now = new Date();
    const batches: WalletBatch[] = [];
    for (const [walletId, items] of byWallet) {
      if (this.lockedInFlight.has(walletId)) continue;
      const ops = items.map((item) => item.op);
      const known = this.known.stateFor(walletId, ops, now);
      if (!known) continue;
      // Calls and usage this process has not seen are assumed new: a wrong guess that writes is
      // refused by a unique key, but one that is refused writes nothing, so it would answer a
      // replay with a refusal (a retried authorize → 402 while its hold is open).
      const unseen = ops.map((op) => op.kind === 'debit' || (op.kind === 'authorize' && !known.state.holds.has(op.callId)));
      const result = applyLedgerOps(known.state, ops, randomUUID);
      if (result.outcomes.some((outcome, index) => !outcome.ok && unseen[index])) continue;
      const walletBatch = { state: known.state, result, readVersion: known.version, version: randomUUID() };
      this.known.remember(known.state, result.balanceMicros, result.heldMicros, walletBatch.readVersion, walletBatch.version);
      batches.push(walletBatch);
    }
    const done = new Map<string, WalletBatch>();
    if (!batches.length) return done;
    const writing = this.repository.writeKnown(batches, lane);
    for (const { state } of batches) this.knownInFlight.set(state.walletId, writing);
    try {
      const written = await writing;
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
    } finally {
      for (const { state } of batches) {
        if (this.knownInFlight.get(state.walletId) === writing) this.knownInFlight.delete(state.walletId);
      }
    }
    return done;
  }

  /** Answers every caller whose wallet's batch committed. */
  private answer(byWallet: Map<string, Pending[]>, done: Map<string, WalletBatch>): void {
    for (const [walletId, walletBatch] of done) {
      const items = byWallet.get(walletId)!;
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

/** Resolves once every given write has finished, whether it succeeded or not. */
function whenSettled(writes: (Promise<unknown> | undefined)[]): Promise<unknown> {
  return Promise.allSettled(writes.filter((write) => write !== undefined));
}

/** A stable lane for a wallet, so one wallet's operations always queue in order. */
function laneOf(walletId: string, lanes: number): number {
  let hash = 0;
  for (let i = 0; i < walletId.length; i++) hash = (hash * 31 + walletId.charCodeAt(i)) | 0;
  return Math.abs(hash) % lanes;
}
