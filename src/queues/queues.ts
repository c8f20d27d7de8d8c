import { BullModule } from '@nestjs/bull';
import type { AdvancedSettings, Queue } from 'bull';
import { ServiceUnavailableError } from '../common/errors';

/** Bull queue names, one per kind of background work. */
export const Queues = {
  /** Auto-reload evaluations and charges, one job per wallet at a time. */
  AutoReload: 'auto-reload',
  /** Owner emails from the notifications outbox. */
  Notifications: 'notifications',
  /** Signed events to agencies' own webhook endpoints. */
  AgencyWebhooks: 'agency-webhooks',
} as const;

export type QueueName = (typeof Queues)[keyof typeof Queues];

/**
 * How Bull notices a job whose worker died: the worker renews its job's lock every 5 s; a lock not
 * renewed for 10 s marks the job stalled at the next check (every 5 s), and it runs again. Bull's
 * defaults (30 s, 30 s) left a killed worker's charge waiting a minute. A payment call may take
 * longer than the lock (Stripe's SDK waits up to 20 s a try): the lock is renewed by a timer, not
 * by the call, so only a stopped or frozen process loses it, and a charge run twice replays the
 * same Stripe idempotency key. The leases in PostgreSQL (see lease.ts) are the primary recovery:
 * they take work over even when Bull has lost the job.
 */
export const QUEUE_SETTINGS: AdvancedSettings = {
  lockDuration: 10_000,
  lockRenewTime: 5_000,
  stalledInterval: 5_000,
  maxStalledCount: 2,
};

/** Registers queues by name, each with the same recovery settings wherever a module injects it. */
export function registerQueues(...names: QueueName[]) {
  return BullModule.registerQueue(...names.map((name) => ({ name, settings: QUEUE_SETTINGS })));
}

/** Longer than a healthy Redis ever takes, short enough for a request to answer 503 in time. */
const REDIS_CALL_TIMEOUT_MS = 3000;

/**
 * Runs a call to Bull unless Redis is away. Bull waits for Redis as long as it takes, which would
 * hold up whoever asked (often a request whose transaction already committed, whose job the
 * outbox sweeps enqueue later): refuse at once while the queue's connection is down, and give up
 * when Redis stops answering. Throws ServiceUnavailableError naming Redis.
 */
export async function whileRedisUp<T>(queue: Queue, call: () => Promise<T>): Promise<T> {
  const { status } = queue.client;
  if (['reconnecting', 'close', 'end'].includes(status))
    throw ServiceUnavailableError.dependencyDown('Redis', 2, new Error(`the queue's connection is ${status}`));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(ServiceUnavailableError.dependencyDown('Redis', 2, new Error(`no answer within ${REDIS_CALL_TIMEOUT_MS} ms`))),
      REDIS_CALL_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([call(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What `ensureJobWillRun` found, and did. */
export type JobCheck = 'held' | 'promoted' | 'requeued';

/** A delayed job this late past its due time has missed the timer that should have promoted it. */
const OVERDUE_MS = 5_000;

/**
 * The outbox sweeps' check that a row still waiting for its job has one that will run. Bull keeps
 * a job that is waiting, running or backing off, and the sweep leaves those alone; but after Redis
 * lost data (a FLUSHALL, a restart without persistence) while a worker was busy, a job can be left
 * that never runs: its hash in none of Bull's lists (Bull calls it 'stuck'), or delayed past its due
 * time with no timer to promote it (the fault-injection suite's seed 5002 left webhook deliveries
 * queued for good after two flushes and a restart, their jobs still "held"). A job that
 * finished without settling its row is no use either. Overdue delayed jobs are promoted; the others
 * are removed and `add` queues a fresh one under the same id. Throws ServiceUnavailableError when
 * Redis cannot be asked (the next sweep tries again).
 */
export async function ensureJobWillRun(queue: Queue, jobId: string, add: () => Promise<unknown>): Promise<JobCheck> {
  const job = await whileRedisUp(queue, () => queue.getJob(jobId));
  if (job) {
    const state = await whileRedisUp(queue, () => job.getState());
    if (state === 'waiting' || state === 'active' || state === 'paused') return 'held';
    if (state === 'delayed') {
      // Bull scores a delayed job by its due time in ms × 4096 (plus a counter below 4096).
      const score = await whileRedisUp(queue, () => queue.client.zscore(queue.toKey('delayed'), jobId));
      const dueAt = score === null ? 0 : Math.floor(Number(score) / 4096);
      if (Date.now() - dueAt < OVERDUE_MS) return 'held';
      // Promoted meanwhile by Bull itself is as good.
      await whileRedisUp(queue, () => job.promote()).catch(() => undefined);
      return 'promoted';
    }
    await whileRedisUp(queue, () => job.remove());
  }
  await add();
  return 'requeued';
}
