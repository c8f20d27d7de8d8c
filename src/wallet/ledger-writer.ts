import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { NotFoundError, OverloadedError } from '../common/errors';
import { databaseTrouble } from '../database/unavailable';
import { MetricsService } from '../health/metrics.service';
import type { LedgerOp, OpValue } from './ledger-batch';
import { LedgerBatchRepository } from './ledger-batch.repository';
import { type NewId, type WalletBatch, planKnown, planLocked } from './ledger-plan';
import { LedgerQueue } from './ledger-queue';
import { KnownWallets } from './known-wallets';
import { WalletWriteOrder } from './wallet-write-order';
import { WalletEvents, type BalanceChangedEvent } from './wallet.events';

/** The ledger writer's clock and id generator, injected so its specs can replay an interleaving exactly. */
export const LEDGER_CLOCK = Symbol('LEDGER_CLOCK');
export const LEDGER_IDS = Symbol('LEDGER_IDS');
export interface Clock {
  now(): Date;
}

/** The repository's two writes, all the writer needs of it (its specs pass a fake). */
export type LedgerWrites = Pick<LedgerBatchRepository, 'applyLocked' | 'writeKnown'>;

interface Pending {
  walletId: string;
  op: LedgerOp;
  resolve: (value: OpValue) => void;
  reject: (error: unknown) => void;
  group?: number;
}

/**
 * The call path's write side: thin orchestration of four parts. `LedgerQueue` gathers the
 * operations that arrive while a wallet's lane is busy into the next batch; `KnownWallets` keeps
 * the state each wallet was left in by this process's last batch; `planKnown`/`planLocked` (pure)
 * apply a batch to a state and say what to write; `WalletWriteOrder` keeps one process's writes to
 * a wallet in order. The repository does the I/O. Each caller is answered after its batch commits.
 *
 * A wallet this process wrote last is applied in memory to the state its previous batch left, even
 * while that batch is still in flight, and written in one statement guarded by the version the
 * previous batch leaves. These statements share one connection per lane, so they run in the order
 * they were applied, back to back. Any other wallet, or one another writer changed meanwhile (the
 * guard then writes nothing, for that batch and every one applied on top of it), goes through the
 * locking path (lock, read, apply, write), which also refreshes what is known.
 *
 * An operation refused by the rules fails alone; a batch that fails as a whole (an unexpected
 * database error) is retried one operation at a time, so one bad request never takes its
 * neighbours down. Correctness rests on the wallet row locks and versions, not on these queues,
 * so any number of processes may run writers side by side.
 */
@Injectable()
export class LedgerWriter {
  private readonly logger = new Logger(LedgerWriter.name);
  private readonly queue: LedgerQueue<Pending>;
  private readonly known: KnownWallets;
  private readonly order = new WalletWriteOrder();

  constructor(
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'batching'>,
    @Inject(LedgerBatchRepository) private readonly repository: LedgerWrites,
    private readonly events: EventEmitter2,
    private readonly metrics: MetricsService,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_IDS) private readonly newId: NewId,
  ) {
    const { batching } = config;
    this.queue = new LedgerQueue<Pending>(
      { lanes: batching.lanes, inFlight: batching.inFlight, maxBatchSize: batching.maxBatchSize, maxQueuedPerWallet: batching.maxQueuedPerWallet },
      (batch, lane) => this.runBatch(batch, lane),
      (queued) => this.metrics.queueDepth.set(queued),
      (error) => this.logger.error(`A ledger batch failed unexpectedly: ${String(error)}`),
    );
    this.known = new KnownWallets(batching.knownWallets, batching.knownHoldsPerWallet, batching.contentionBackoffMs);
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
    const lane = this.queue.admit(walletId, ops.length);
    if (lane === undefined) return ops.map(() => Promise.reject(new OverloadedError()));
    const group = ops.length > 1 ? this.queue.newGroup() : undefined;
    const results = ops.map((op) => new Promise<OpValue>((resolve, reject) => this.queue.push(lane, { walletId, op, resolve, reject, group })));
    this.queue.dispatch(lane);
    return results;
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
      const locking = this.order
        .allDone(walletIds)
        .then(() =>
          this.repository.applyLocked(
            new Map(rest.map(([walletId, items]) => [walletId, items.map((item) => item.op)])),
            (state, ops, readVersion) => planLocked(state, ops, readVersion, this.newId),
            this.clock.now(),
          ),
        );
      this.order.started('locked', walletIds, locking);
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
        this.order.finished('locked', walletIds, locking);
      }
      this.metrics.ledgerBatches.inc({ path: 'locked' });
      for (const [walletId, items] of rest) {
        const walletBatch = locked.get(walletId);
        if (!walletBatch) {
          items.forEach((item) => item.reject(new NotFoundError('Wallet')));
          continue;
        }
        this.known.remember(walletBatch.result.next, walletBatch.readVersion, walletBatch.version);
        done.set(walletId, walletBatch);
      }
    }
    stopTimer();
    this.metrics.batchSize.observe(batch.length);
    this.answer(byWallet, done);
  }

  /**
   * The one-round-trip path: every wallet whose state is known is planned in memory, its next
   * state becomes what is known at once (so the next batch can build on it while this one is in
   * flight), and is written in one statement guarded by its version. Returns the wallets written;
   * the others, and every batch applied on top of them, need the lock.
   */
  private async writeKnown(byWallet: Map<string, Pending[]>, lane: number): Promise<Map<string, WalletBatch>> {
    const locking = this.order.lockingDone(byWallet.keys());
    if (locking) await locking;
    const now = this.clock.now();
    const batches: WalletBatch[] = [];
    for (const [walletId, items] of byWallet) {
      if (this.order.isLocking(walletId)) continue;
      const ops = items.map((item) => item.op);
      const known = this.known.stateFor(walletId, ops, now);
      if (!known) continue;
      const walletBatch = planKnown(known, ops, this.newId);
      if (!walletBatch) continue;
      this.known.remember(walletBatch.result.next, walletBatch.readVersion, walletBatch.version);
      batches.push(walletBatch);
    }
    const done = new Map<string, WalletBatch>();
    if (!batches.length) return done;
    const writing = this.repository.writeKnown(batches, lane);
    const walletIds = batches.map((walletBatch) => walletBatch.state.walletId);
    this.order.started('known', walletIds, writing);
    try {
      const written = await writing;
      for (const walletBatch of batches) {
        const { walletId } = walletBatch.state;
        if (written.has(walletId)) done.set(walletId, walletBatch);
        else this.known.contended(walletId, now);
      }
      this.metrics.ledgerBatches.inc({ path: 'known' });
    } catch (error) {
      // Typically a replayed call this process had forgotten (a unique key refused it), or a
      // dropped connection: the locking path reads the wallet and answers.
      this.logger.debug(`A batch on known state was refused; reading instead: ${String(error)}`);
      walletIds.forEach((walletId) => this.known.forget(walletId));
      this.metrics.ledgerBatches.inc({ path: 'known_refused' });
    } finally {
      this.order.finished('known', walletIds, writing);
    }
    return done;
  }

  /** Answers every caller whose wallet's batch committed. */
  private answer(byWallet: Map<string, Pending[]>, done: Map<string, WalletBatch>): void {
    for (const [walletId, walletBatch] of done) {
      const items = byWallet.get(walletId);
      if (!items) continue;
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
