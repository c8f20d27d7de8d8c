import { getQueueToken } from '@nestjs/bull';
import Bull, { type Queue } from 'bull';
import { Queues, ensureJobWillRun } from '../../src/queues/queues';
import { deliveryWithoutJob } from '../support/outbox';
import { type TestApp, createAgency, pointWebhooksAt, startTestApp } from '../support/test-app';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver';

/**
 * Found by the fault-injection suite (`npm run chaos -- --replay 5002`: Redis restarted empty and
 * flushed twice within six seconds while the agency's endpoint was failing): two webhook deliveries
 * stayed `queued` for good. The worker's sweep left any delivery alone whose job Bull still held,
 * and after Redis lost data under a busy worker Bull can hold a job that never runs: its hash in none
 * of its lists ('stuck'), or delayed past its due time with no timer to promote it. Both outboxes
 * (emails and agency webhooks) now check the job's state (`ensureJobWillRun`).
 */
describe('Chaos seed 5002: a job Bull holds but will never run', () => {
  let receiver: WebhookReceiver;
  let t: TestApp;
  let queue: Queue;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    t = await startTestApp(
      {
        MAIL_DISABLED: 'true',
        AGENCY_WEBHOOK_SWEEP_SECONDS: '1',
        AGENCY_WEBHOOK_RETRY_DELAY_SECONDS: '0.2',
        AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      },
      { worker: true },
    );
    queue = t.app.get<Queue>(getQueueToken(Queues.AgencyWebhooks));
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  /** A committed delivery whose enqueue never happened, for `jobLeftBehind` to give a job Bull will not run. */
  async function deliveryWithJob(jobLeftBehind: (id: string) => Promise<unknown>) {
    const agency = await createAgency(t);
    await pointWebhooksAt(t, agency, receiver.url);
    const id = (await deliveryWithoutJob(t, agency.id, `seed-5002-${agency.id}`))!;
    await jobLeftBehind(id);
    return { agency, id };
  }

  const bullHash = (id: string) => ({
    data: JSON.stringify({ deliveryId: id }),
    opts: '{}',
    timestamp: String(Date.now()),
    processedOn: String(Date.now()),
  });

  it('delivers an event whose job is in none of Bull’s lists', async () => {
    const { agency, id } = await deliveryWithJob((jobId) => queue.client.hset(queue.toKey(jobId), bullHash(jobId)));
    const [hook] = await receiver.waitFor({ agencyId: agency.id }, { timeoutMs: 15_000 });
    expect(hook.body).toMatchObject({ id, type: 'wallet.low_balance' });
  });

  it('delivers an event whose job is delayed long past its due time', async () => {
    const { agency, id } = await deliveryWithJob(async (jobId) => {
      await queue.client.hset(queue.toKey(jobId), { ...bullHash(jobId), delay: '1000' });
      await queue.client.zadd(queue.toKey('delayed'), (Date.now() - 60_000) * 4096, jobId);
    });
    const [hook] = await receiver.waitFor({ agencyId: agency.id }, { timeoutMs: 15_000 });
    expect(hook.body).toMatchObject({ id, type: 'wallet.low_balance' });
  });

  describe('ensureJobWillRun', () => {
    let paused: Queue;
    const added: string[] = [];
    const add = (id: string) => async () => {
      added.push(id);
      await paused.add({}, { jobId: id });
    };

    beforeAll(async () => {
      // A queue of the test's own that no worker serves: jobs stay where they are put.
      paused = new Bull(`seed-5002-${process.pid}`, { redis: queue.client.options, prefix: 'aw-test-5002' });
      await paused.isReady();
    });
    afterAll(async () => {
      await paused.obliterate({ force: true });
      await paused.close();
    });

    it('leaves alone a job that is waiting or backing off, and queues nothing twice', async () => {
      await paused.add({}, { jobId: 'waiting' });
      await paused.add({}, { jobId: 'later', delay: 60_000 });
      expect(await ensureJobWillRun(paused, 'waiting', add('waiting'))).toBe('held');
      expect(await ensureJobWillRun(paused, 'later', add('later'))).toBe('held');
      expect(added).toEqual([]);
    });

    it('queues a job that is missing, stuck, or finished without settling its row', async () => {
      await paused.client.hset(paused.toKey('stuck'), bullHash('stuck'));
      // A job Bull finished while its row stayed queued (as a worker killed between the two would leave it).
      await paused.add({}, { jobId: 'done' });
      await paused.client.lrem(paused.toKey('wait'), 0, 'done');
      await paused.client.zadd(paused.toKey('completed'), Date.now(), 'done');
      expect(await (await paused.getJob('done'))?.getState()).toBe('completed');
      for (const id of ['missing', 'stuck', 'done']) expect([id, await ensureJobWillRun(paused, id, add(id))]).toEqual([id, 'requeued']);
      expect(added).toEqual(['missing', 'stuck', 'done']);
      for (const id of added) expect([id, await (await paused.getJob(id))?.getState()]).toEqual([id, 'waiting']);
    });

    it('promotes a delayed job long past its due time', async () => {
      await paused.add({}, { jobId: 'overdue', delay: 60_000 });
      await paused.client.zadd(paused.toKey('delayed'), (Date.now() - 60_000) * 4096, 'overdue');
      expect(await ensureJobWillRun(paused, 'overdue', add('overdue'))).toBe('promoted');
      expect(await (await paused.getJob('overdue'))?.getState()).toBe('waiting');
    });
  });
});
