import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { AgencyWebhooksService } from '../../src/agency-webhooks/agency-webhooks.service';
import { Database, sql } from '../../src/database/database';
import { Queues } from '../../src/queues/queues';
import { deliveryWithoutJob } from '../support/outbox';
import { type TestApp, createAgency, pointWebhooksAt, startTestApp } from '../support/test-app';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver';

/**
 * Found by the fault-injection suite (`npm run chaos -- --replay 9501`: a worker killed and
 * PostgreSQL killed while agency webhooks were being sent): a delivery stayed `sending` for good.
 * A takeover queues a job named after the interruption (`<delivery>-resume-<attempts>`); one that
 * had already run without settling the row (its tries spent while the database was away) kept that
 * name taken, so every later takeover queued nothing. Takeovers now check that job as the sweeps
 * do (`ensureJobWillRun`) and replace one that finished.
 */
describe('Chaos seed 9501: a delivery whose takeover job already ran', () => {
  let receiver: WebhookReceiver;
  let t: TestApp;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    // The worker serves the queue; its own sweeps and takeovers stay out of the way (the test calls the takeover).
    t = await startTestApp(
      {
        MAIL_DISABLED: 'true',
        AGENCY_WEBHOOK_SWEEP_SECONDS: '3600',
        TAKEOVER_INTERVAL_SECONDS: '60',
        AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      },
      { worker: true },
    );
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('is taken over and delivered, with its event id', async () => {
    const agency = await createAgency(t);
    await pointWebhooksAt(t, agency, receiver.url);
    const webhooks = t.app.get(AgencyWebhooksService);
    const db = t.app.get(Database);
    const id = (await deliveryWithoutJob(t, agency.id, `seed-9501-${agency.id}`))!;
    // Its first sender stopped mid-request long ago...
    await db.rows(
      sql`update agency_webhook_deliveries set status = 'sending', attempts = 1, claimed_at = now() - interval '1 hour' where id = ${id}`,
    );
    // ...and the job a first takeover queued has already run and failed.
    const queue = t.app.get<Queue>(getQueueToken(Queues.AgencyWebhooks));
    const jobId = `${id}-resume-1`;
    await queue.add({ deliveryId: id }, { jobId, delay: 3_600_000 });
    await queue.client.zrem(queue.toKey('delayed'), jobId);
    await queue.client.zadd(queue.toKey('failed'), Date.now(), jobId);
    expect(await (await queue.getJob(jobId))?.getState()).toBe('failed');

    await webhooks.resumeInterrupted();
    const [hook] = await receiver.waitFor({ agencyId: agency.id }, { timeoutMs: 10_000 });
    expect(hook.body).toMatchObject({ id, type: 'wallet.low_balance' });
  });
});
