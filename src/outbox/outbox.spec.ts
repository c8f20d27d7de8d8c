import type { Logger } from '@nestjs/common';
import type { Job, JobOptions, Queue } from 'bull';
import type { AfterCommit, Database, Tx } from '../database/database';
import type { DependencyHealth } from '../health/dependency-health';
import { type ClaimedRow, DeliveryFailedError, type GivenUp, Outbox, type OutboxStore, RetryLaterError, runOutboxJob, settleJob } from './outbox';

/** A Bull queue as far as the outbox uses it: jobs by id, each in a state. */
function fakeQueue(states: Record<string, string> = {}) {
  const added: { data: unknown; opts: JobOptions }[] = [];
  const queue = {
    client: { status: 'ready' },
    getJob: async (id: string) =>
      id in states
        ? { getState: async () => states[id], remove: async () => void Reflect.deleteProperty(states, id), promote: async () => undefined }
        : null,
    add: async (data: unknown, opts: JobOptions) => {
      added.push({ data, opts });
      return {};
    },
  };
  return { queue: queue as unknown as Queue<{ rowId: string }>, added };
}

function setup(options: { states?: Record<string, string>; stranded?: string[]; interrupted?: ClaimedRow[]; givenUp?: GivenUp[] } = {}) {
  const { queue, added } = fakeQueue(options.states);
  const store: OutboxStore = {
    findStranded: async () => options.stranded ?? [],
    findInterrupted: async () => options.interrupted ?? [],
    giveUpInterrupted: async () => options.givenUp ?? [],
    renewClaim: async () => undefined,
  };
  const warnings: string[] = [];
  const logger = { warn: (message: string) => void warnings.push(message) } as unknown as Logger;
  const dependencies = {
    bestEffort: (_what: string, _logger: Logger, work: () => Promise<unknown>) => work().then(() => undefined),
  } as unknown as DependencyHealth;
  const outbox = new Outbox(
    {
      noun: 'Row',
      queue,
      store,
      jobData: (rowId) => ({ rowId }),
      attempts: 3,
      retryDelaySeconds: 0.5,
      sweepAfterSeconds: 30,
      leaseSeconds: 6,
      takeoverJobId: (row) => `${row.id}-resume-${row.attempts}`,
    },
    dependencies,
    logger,
  );
  return { outbox, added, warnings };
}

describe('Outbox', () => {
  it('queues each row once under its own id, with the kind’s tries and backoff', async () => {
    const { outbox, added } = setup();
    await outbox.enqueue(['a', null, undefined, 'b']);
    expect(added).toEqual([
      { data: { rowId: 'a' }, opts: { jobId: 'a', attempts: 3, backoff: { type: 'exponential', delay: 500 } } },
      { data: { rowId: 'b' }, opts: { jobId: 'b', attempts: 3, backoff: { type: 'exponential', delay: 500 } } },
    ]);
  });

  it('queues what a transaction wrote in one step once it commits', async () => {
    const { outbox, added } = setup();
    const hooks: AfterCommit[] = [];
    const db = { afterCommit: (_tx: Tx, hook: AfterCommit) => void hooks.push(hook) } as unknown as Database;
    const tx = {} as Tx;
    outbox.enqueueAfterCommit(db, tx, ['a']);
    outbox.enqueueAfterCommit(db, tx, []);
    outbox.enqueueAfterCommit(db, tx, ['b', 'c']);
    expect(hooks).toHaveLength(1);
    expect(added).toEqual([]);
    await hooks[0]();
    expect(added.map((job) => job.opts.jobId)).toEqual(['a', 'b', 'c']);
  });

  it('sweeps rows whose job is lost or finished, and leaves one Bull still holds', async () => {
    const { outbox, added } = setup({ stranded: ['lost', 'waiting', 'finished'], states: { waiting: 'waiting', finished: 'completed' } });
    await expect(outbox.sweep()).resolves.toBe(2);
    expect(added.map((job) => job.opts.jobId)).toEqual(['lost', 'finished']);
  });

  it('takes over interrupted rows under a job id of their own, and gives up the rest', async () => {
    const { outbox, added, warnings } = setup({
      interrupted: [
        { id: 'r1', attempts: 1 },
        { id: 'r2', attempts: 2 },
      ],
      states: { 'r2-resume-2': 'failed' },
      givenUp: [{ id: 'r0', error: 'interrupted twice' }],
    });
    await expect(outbox.takeOver()).resolves.toEqual({ resumed: 2, abandoned: 1 });
    expect(added.map((job) => [job.opts.jobId, job.data, job.opts.attempts])).toEqual([
      ['r1-resume-1', { rowId: 'r1' }, 3],
      ['r2-resume-2', { rowId: 'r2' }, 3],
      // The row given up gets one job, of one try, that fails with its error: a dead letter.
      ['r0-given-up', { rowId: 'r0', givenUp: 'interrupted twice' }, 1],
    ]);
    expect(warnings).toEqual([expect.stringContaining('gave up on 1 rows')]);
  });
});

describe('settleJob', () => {
  const job = () => ({ discard: jest.fn(async () => undefined) }) as unknown as Job & { discard: jest.Mock };

  it('counts a success and completes the job', async () => {
    const counted: string[] = [];
    await expect(settleJob(job(), { kind: 'delivered' }, (kind) => counted.push(kind))).resolves.toBe('delivered');
    expect(counted).toEqual(['delivered']);
  });

  it('throws for Bull to retry, and fails a job given up for good without its remaining tries', async () => {
    const counted: string[] = [];
    await expect(settleJob(job(), { kind: 'retry', error: 'HTTP 503' }, (kind) => counted.push(kind))).rejects.toBeInstanceOf(RetryLaterError);
    const failing = job();
    await expect(settleJob(failing, { kind: 'failed', error: 'HTTP 410' }, (kind) => counted.push(kind))).rejects.toBeInstanceOf(DeliveryFailedError);
    expect(failing.discard).toHaveBeenCalled();
    expect(counted).toEqual(['retry', 'failed']);
  });

  it('fails the job recording a row given up at once, with its error, without delivering anything', async () => {
    const counted: string[] = [];
    const deliver = jest.fn(async () => ({ kind: 'delivered' }) as const);
    const givenUp = Object.assign(job(), { data: { givenUp: 'interrupted twice' }, attemptsMade: 0, opts: { attempts: 1 } });
    await expect(runOutboxJob(givenUp, deliver, (kind) => counted.push(kind))).rejects.toThrow(new DeliveryFailedError('interrupted twice'));
    expect(deliver).not.toHaveBeenCalled();
    expect(givenUp.discard).toHaveBeenCalled();
    expect(counted).toEqual(['failed']);

    const ordinary = Object.assign(job(), { data: {}, attemptsMade: 2, opts: { attempts: 3 } });
    await expect(runOutboxJob(ordinary, deliver, (kind) => counted.push(kind))).resolves.toBe('delivered');
    expect(deliver).toHaveBeenCalledWith({ final: true });
  });

  it('counts nothing for a row another job holds', async () => {
    const counted: string[] = [];
    await expect(settleJob(job(), { kind: 'not-claimed' }, (kind) => counted.push(kind))).resolves.toBe('not-claimed');
    expect(counted).toEqual([]);
  });
});
