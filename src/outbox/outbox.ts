import type { Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Database, type Tx, sql } from '../database/database';
import { databaseTrouble } from '../database/unavailable';
import type { DependencyHealth } from '../health/dependency-health';
import { whileLeased } from '../queues/lease';
import { ensureJobWillRun, whileRedisUp } from '../queues/queues';

/**
 * What one job did with its row. `not-claimed`: another job has it, or it is settled. `retry`: the
 * row is queued again and Bull tries later. `failed`: given up for good. Any other kind is the
 * row's own success word (sent, skipped, delivered).
 */
export type OutboxOutcome<Done extends { kind: string }> =
  Done | { kind: 'not-claimed' } | { kind: 'retry'; error: string } | { kind: 'failed'; error: string };

/** A claimed row, as far as the engine needs it: `attempts` names the claim its renewals keep. */
export interface ClaimedRow {
  id: string;
  attempts: number;
}

/** A row the takeover gave up for good, with the error it recorded on it. */
export interface GivenUp {
  id: string;
  error: string;
}

/**
 * What every outbox job carries besides its row: `givenUp`, set only on the job that records a
 * row the takeover gave up (`Outbox.takeOver`), is the error that job fails with at once.
 */
export interface OutboxJobData {
  givenUp?: string;
}

/** The queries an outbox table answers for the engine (each repository implements them on its table). */
export interface OutboxStore {
  /** Rows still queued `olderThanSeconds` after they were written: their job may be lost. */
  findStranded(olderThanSeconds: number, limit: number): Promise<string[]>;
  /** Rows whose sender stopped mid-send (the claim ran out unrenewed) and that may be sent once more. */
  findInterrupted(leaseSeconds: number, limit: number): Promise<ClaimedRow[]>;
  /** Gives up the interrupted rows that may not be sent again; returns them, with the error each now carries. */
  giveUpInterrupted(leaseSeconds: number): Promise<GivenUp[]>;
  renewClaim(id: string, attempts: number): Promise<void>;
}

/** One kind of outbox (emails and texts, agency webhooks): its table, its queue and its retry rules. */
export interface OutboxKind<JobData> {
  /** How log lines name a row: "Notification", "Webhook delivery". */
  noun: string;
  queue: Queue<JobData>;
  store: OutboxStore;
  /** The job that sends row `id` (its data is what support's dead letters show). */
  jobData(id: string): JobData;
  /** Tries per job, and the delay before the first retry; Bull doubles it for each next one. */
  attempts: number;
  retryDelaySeconds: number;
  /** How long a queued row waits for its job before the sweep gives it a new one. */
  sweepAfterSeconds: number;
  /** A claim not renewed for this long belongs to a stopped worker. */
  leaseSeconds: number;
  /**
   * The job id of the takeover of an interrupted row. It differs from the row's own: the original
   * job may still sit in Bull as active under a dead worker's lock.
   */
  takeoverJobId(row: ClaimedRow): string;
}

const SWEEP_BATCH = 500;

/** How long a sender keeps trying to record a row it sent while the database is away. */
const RECORD_SENT_FOR_MS = 60_000;

/**
 * The transactional outbox both emails/texts and agency webhooks go through. A row is written in
 * the transaction of the event that causes it and handed to its queue once that commits; a job
 * claims it (queued → sending, one conditional UPDATE, so two jobs never send it at once), keeps
 * the claim renewed while it sends, and records the outcome: done, queued again for Bull to retry
 * with backoff, or failed, which leaves the job in Bull's failed set, support's dead letters. Two
 * timers catch what a crash leaves: the sweep gives a job to rows whose job was lost, and the
 * takeover sends once more a row whose sender stopped mid-send (or gives it up when it may not be
 * sent again, which also lands a job in the failed set). The per-kind rules (what a send is, which rows may be taken over) stay with each
 * kind; this is what they share.
 */
export class Outbox<JobData> {
  /** Rows written in each open transaction, queued together once it commits. */
  private readonly afterCommit = new WeakMap<Tx, string[]>();

  constructor(
    private readonly kind: OutboxKind<JobData>,
    private readonly dependencies: DependencyHealth,
    private readonly logger: Logger,
  ) {}

  /** A claim not renewed for this long belongs to a stopped worker (what a claim query waits out). */
  get leaseSeconds(): number {
    return this.kind.leaseSeconds;
  }

  /**
   * Queues committed rows for sending. Never throws: what fails to reach Redis now is picked up by
   * the sweep. The job id is the row id, so queuing a row twice is harmless.
   */
  async enqueue(ids: readonly (string | null | undefined)[]): Promise<void> {
    await Promise.all(ids.filter((id): id is string => typeof id === 'string').map((id) => this.addJob(id, id)));
  }

  /**
   * Queues the rows once `tx` (opened by `Database.transaction`) commits; nothing if it rolls back.
   * The rows of one transaction go in one step, all at once, however many events wrote them.
   */
  enqueueAfterCommit(db: Database, tx: Tx, ids: readonly string[]): void {
    if (!ids.length) return;
    const pending = this.afterCommit.get(tx);
    if (pending) {
      pending.push(...ids);
      return;
    }
    const rows = [...ids];
    this.afterCommit.set(tx, rows);
    db.afterCommit(tx, () => this.enqueue(rows));
  }

  /**
   * The safety net for lost jobs: every row still queued after the sweep interval (a crash between
   * the commit and the enqueue, or Redis losing the job) gets a job that will run. One waiting,
   * running or backing off is left alone (`ensureJobWillRun`), so nothing is queued twice.
   */
  async sweep(): Promise<number> {
    const stranded = await this.kind.store.findStranded(this.kind.sweepAfterSeconds, SWEEP_BATCH);
    let enqueued = 0;
    for (const id of stranded) {
      try {
        if ((await ensureJobWillRun(this.kind.queue, id, () => this.addJob(id, id))) !== 'held') enqueued++;
      } catch (error) {
        this.logger.warn(`${this.kind.noun} ${id}: could not inspect its job (next sweep will): ${String(error)}`);
      }
    }
    return enqueued;
  }

  /**
   * Takes over sends a stopped worker left mid-way (its claim ran out unrenewed): each gets a job of
   * its own, and the rows the kind says may not be sent again are given up. A takeover job that
   * already ran without settling its row (the database away meanwhile) is replaced, not left to
   * block every later takeover (seed 9501). Workers run this at boot and every few seconds.
   *
   * A row given up here failed for good like one whose last try failed, so it gets a job that
   * fails at once with the row's error (`runOutboxJob`): support finds it among the dead letters
   * too. That job is best effort (Redis may be away); the row's own status is the record.
   */
  async takeOver(): Promise<{ resumed: number; abandoned: number }> {
    const { store, leaseSeconds, noun } = this.kind;
    const interrupted = await store.findInterrupted(leaseSeconds, SWEEP_BATCH);
    for (const row of interrupted) {
      const jobId = this.kind.takeoverJobId(row);
      await ensureJobWillRun(this.kind.queue, jobId, () => this.addJob(row.id, jobId)).catch((error: unknown) =>
        this.logger.warn(`${noun} ${row.id}: could not inspect its takeover job (next tick will): ${String(error)}`),
      );
    }
    const givenUp = await store.giveUpInterrupted(leaseSeconds);
    if (givenUp.length) this.logger.warn(`${noun}: gave up on ${givenUp.length} rows interrupted mid-send that may not be sent again`);
    for (const row of givenUp) await this.addJob(row.id, `${row.id}-given-up`, row.error);
    return { resumed: interrupted.length, abandoned: givenUp.length };
  }

  /**
   * Runs `send` for a row this job claimed, renewing the claim meanwhile, so it runs out only if
   * this worker stops; then the takeover sends the row again.
   */
  whileClaimed<T>(row: ClaimedRow, send: () => Promise<T>): Promise<T> {
    // The same lease the takeover waits out: renewed three times within it.
    return whileLeased(this.kind.leaseSeconds, () => this.kind.store.renewClaim(row.id, row.attempts), send);
  }

  /** Queues row `id`'s job; with `givenUp` (the row's error), the one-try job that records a give-up instead. */
  private async addJob(id: string, jobId: string, givenUp?: string): Promise<void> {
    const { queue, retryDelaySeconds, noun } = this.kind;
    const data: JobData = givenUp === undefined ? this.kind.jobData(id) : { ...this.kind.jobData(id), givenUp };
    const attempts = givenUp === undefined ? this.kind.attempts : 1;
    const trouble =
      givenUp === undefined ? `${noun} ${id} not enqueued now (the sweep will)` : `${noun} ${id}: its give-up not recorded among the failed jobs`;
    await this.dependencies.bestEffort(trouble, this.logger, () =>
      whileRedisUp(queue, () => queue.add(data, { jobId, attempts, backoff: { type: 'exponential', delay: Math.round(retryDelaySeconds * 1000) } })),
    );
  }
}

/**
 * Records a row that went out, through a database outage of up to a minute. The sender knows it
 * was sent; a failed write would leave the row `sending` for a takeover to send again, and then
 * give it up as failed though it arrived (fault-injection seeds 12101 and 12102: PostgreSQL going
 * away around a killed worker's email turned delivered emails into failed ones). The claim is kept
 * renewed meanwhile (`whileClaimed`), and each store's write also wins over a takeover that gave
 * the row up while its sender was held up.
 */
export async function recordSent(write: () => Promise<void>, recordForMs = RECORD_SENT_FOR_MS): Promise<void> {
  const deadline = Date.now() + recordForMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await write();
    } catch (error) {
      if (databaseTrouble(error) !== 'outage' || Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}

/** A delivery that should be tried again; Bull applies the backoff. */
export class RetryLaterError extends Error {}

/** A delivery given up for good: failing the job keeps it in Bull's failed set, support's dead letters. */
export class DeliveryFailedError extends Error {}

/** Whether this run of `job` is its last try by Bull's count. */
export const isFinalTry = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/**
 * An outbox job from start to end: `deliver` its row, or, for the job recording a row the takeover
 * gave up (`givenUp`), fail at once with that row's error; then `settleJob`.
 */
export async function runOutboxJob<Done extends { kind: string }>(
  job: Job<OutboxJobData>,
  deliver: (attempt: { final: boolean }) => Promise<OutboxOutcome<Done>>,
  count: (kind: string) => void,
): Promise<string> {
  const outcome: OutboxOutcome<Done> =
    job.data.givenUp !== undefined ? { kind: 'failed', error: job.data.givenUp } : await deliver({ final: isFinalTry(job) });
  return settleJob(job, outcome, count);
}

/**
 * Turns what a processor's delivery did into what Bull does next: a retry throws (Bull backs off
 * and runs it again), a failure discards the job's remaining tries and fails it, so it lands in
 * the failed set support lists as dead letters, whatever the kind. `count` sees every outcome but
 * `not-claimed` (the metrics).
 */
export async function settleJob<Done extends { kind: string }>(
  job: Job,
  outcome: OutboxOutcome<Done>,
  count: (kind: string) => void,
): Promise<string> {
  if (outcome.kind !== 'not-claimed') count(outcome.kind);
  if (isRetry(outcome)) throw new RetryLaterError(outcome.error);
  if (isFailure(outcome)) {
    // No retry is left to spend (or the row may not be sent at all): straight to the failed set.
    await job.discard();
    throw new DeliveryFailedError(outcome.error);
  }
  return outcome.kind;
}

function isRetry(outcome: { kind: string }): outcome is { kind: 'retry'; error: string } {
  return outcome.kind === 'retry';
}

function isFailure(outcome: { kind: string }): outcome is { kind: 'failed'; error: string } {
  return outcome.kind === 'failed';
}

/** The moment `seconds` ago, in the database's clock (a lease's or a sweep's cut-off). */
export const secondsAgo = (seconds: number) => sql<Date>`now() - make_interval(secs => ${seconds})`;
