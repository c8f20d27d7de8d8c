import { randomUUID } from 'node:crypto';
import { AgencyWebhooksRepository, INTERRUPTED_ON_LAST_TRY } from '../../src/agency-webhooks/agency-webhooks.repository';
import { AgencyWebhooksService } from '../../src/agency-webhooks/agency-webhooks.service';
import { Database, sql } from '../../src/database/database';
import { ABANDONED_NOTE, NotificationsRepository } from '../../src/notifications/notifications.repository';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { deliveryWithoutJob } from '../support/outbox';
import { eventually } from '../support/stripe';
import { ADMIN_KEY, type TestApp, bearer, createAgency, startTestApp, pointWebhooksAt } from '../support/test-app';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver';

/**
 * Emails/texts and agency webhooks go through one outbox (`src/outbox/outbox.ts`): a row written in
 * a transaction is queued once it commits, a row given up for good is among support's dead letters
 * whatever its kind, and a sender's record of what it sent survives a database outage.
 */
describe('One outbox for emails and agency webhooks', () => {
  let receiver: WebhookReceiver;
  let t: TestApp;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    receiver.failFor(3_600_000, 503);
    t = await startTestApp(
      {
        // Mail to a closed port and an endpoint that answers 503: both kinds fail for good.
        SMTP_URL: 'smtp://127.0.0.1:1',
        MAIL_ATTEMPTS: '1',
        MAIL_RETRY_DELAY_SECONDS: '0.1',
        AGENCY_WEBHOOK_ATTEMPTS: '2',
        AGENCY_WEBHOOK_RETRY_DELAY_SECONDS: '0.1',
        // No sweep comes by in time: only the hand-over after the commit can queue these rows.
        NOTIFICATION_SWEEP_SECONDS: '3600',
        AGENCY_WEBHOOK_SWEEP_SECONDS: '3600',
        AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      },
      { worker: true },
    );
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('queues what a transaction wrote once it commits, and lists both kinds given up for good among the dead letters', async () => {
    const agency = await createAgency(t);
    await pointWebhooksAt(t, agency, receiver.url);
    const written = await t.app.get(Database).transaction(async (tx) => ({
      email: await t.app.get(NotificationsService).notify(tx, { agencyId: agency.id, template: 'service-paused', data: { available: '0.00' } }),
      delivery: await t.app
        .get(AgencyWebhooksService)
        .publish(tx, agency.id, 'wallet.low_balance', { available: '1.00', threshold: '2.00', runwayHours: null }, `outbox-${agency.id}`),
    }));
    const emailId = written.email?.ids[0];
    expect(emailId).toEqual(expect.any(String));
    expect(written.delivery).toEqual(expect.any(String));

    const lists = await eventually(async () => {
      const res = await t.http.get('/v1/support/dead-letters?limit=100').set(bearer(ADMIN_KEY)).expect(200);
      const byQueue = Object.fromEntries(
        (res.body.data as { queue: string; jobs: { data: Record<string, string>; failedReason: string | null; attemptsMade: number }[] }[]).map(
          (list) => [list.queue, list.jobs],
        ),
      );
      const email = byQueue.notifications?.find((job) => job.data.notificationId === emailId);
      const webhook = byQueue['agency-webhooks']?.find((job) => job.data.deliveryId === written.delivery);
      expect(email).toBeDefined();
      expect(webhook).toBeDefined();
      return { email, webhook };
    }, 20_000);
    expect(lists.email).toMatchObject({ attemptsMade: 1, failedReason: expect.any(String) });
    expect(lists.webhook).toMatchObject({ failedReason: 'The endpoint answered HTTP 503' });
    expect(receiver.received({ agencyId: agency.id })).toHaveLength(2);

    const deliveries = await t.http.get(`/v1/agencies/${agency.id}/webhook-deliveries`).set(bearer(agency.ownerKey)).expect(200);
    expect(deliveries.body.data[0]).toMatchObject({ id: written.delivery, status: 'failed', attempts: 2, lastStatusCode: 503 });
  });

  it('lists a row the takeover gave up (interrupted mid-send once too often) among the dead letters, whatever its kind', async () => {
    const agency = await createAgency(t);
    const db = t.app.get(Database);
    // Rows as killed senders leave them, written without a job (a queued job would be sent).
    const emailId = randomUUID();
    await db.transaction((tx) =>
      t.app.get(NotificationsRepository).insert(tx, {
        id: emailId,
        agencyId: agency.id,
        template: 'service-paused',
        recipients: ['owner@agency.test'],
        subject: 'Service paused',
        data: { available: '0.00' },
        dedupeKey: `given-up-${emailId}`,
        status: 'queued',
        lastError: null,
        channel: 'email',
        personEmail: null,
      }),
    );
    const deliveryId = (await deliveryWithoutJob(t, agency.id, `given-up-${agency.id}`))!;
    // The email was resumed once already; the webhook was on its last try (AGENCY_WEBHOOK_ATTEMPTS=2).
    await db.rows(
      sql`update notifications set status = 'sending', resumed = true, attempts = 2, claimed_at = now() - interval '1 hour' where id = ${emailId}`,
    );
    await db.rows(
      sql`update agency_webhook_deliveries set status = 'sending', attempts = 2, claimed_at = now() - interval '1 hour' where id = ${deliveryId}`,
    );

    // The worker's takeover timer gives both up.
    const lists = await eventually(async () => {
      const res = await t.http.get('/v1/support/dead-letters?limit=100').set(bearer(ADMIN_KEY)).expect(200);
      const jobs = (queue: string) =>
        (res.body.data as { queue: string; jobs: { id: string; data: Record<string, string>; failedReason: string | null }[] }[]).find(
          (list) => list.queue === queue,
        )?.jobs ?? [];
      const email = jobs('notifications').find((job) => job.data.notificationId === emailId);
      const webhook = jobs('agency-webhooks').find((job) => job.data.deliveryId === deliveryId);
      expect(email).toBeDefined();
      expect(webhook).toBeDefined();
      return { email, webhook };
    }, 20_000);
    expect(lists.email).toMatchObject({ id: `${emailId}-given-up`, failedReason: ABANDONED_NOTE });
    expect(lists.webhook).toMatchObject({ id: `${deliveryId}-given-up`, failedReason: INTERRUPTED_ON_LAST_TRY });
    // The rows say the same, and nothing was sent again.
    const email = await db.one(sql<{ status: string; last_error: string }>`select status, last_error from notifications where id = ${emailId}`);
    expect(email).toEqual({ status: 'failed', last_error: ABANDONED_NOTE });
    const deliveries = await t.http.get(`/v1/agencies/${agency.id}/webhook-deliveries`).set(bearer(agency.ownerKey)).expect(200);
    expect(deliveries.body.data.find((delivery: { id: string }) => delivery.id === deliveryId)).toMatchObject({
      status: 'failed',
      lastError: INTERRUPTED_ON_LAST_TRY,
    });
    expect(receiver.received({ agencyId: agency.id })).toHaveLength(0);
  });

  it('queues nothing for a transaction that rolled back', async () => {
    const agency = await createAgency(t);
    await expect(
      t.app.get(Database).transaction(async (tx) => {
        await t.app.get(NotificationsService).notify(tx, { agencyId: agency.id, template: 'service-paused', data: { available: '0.00' } });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const list = await t.http.get(`/v1/agencies/${agency.id}/notifications`).set(bearer(agency.ownerKey)).expect(200);
    expect(list.body.data).toEqual([]);
  });
});

describe('A webhook delivered while the database was away', () => {
  let t: TestApp;
  let repository: AgencyWebhooksRepository;
  let db: Database;
  const LEASE = 6;
  const TRIES = 2;

  beforeAll(async () => {
    // No worker: the test plays the senders and the takeover itself.
    t = await startTestApp({ MAIL_DISABLED: 'true' });
    repository = t.app.get(AgencyWebhooksRepository);
    db = t.app.get(Database);
  });
  afterAll(() => t.close());

  const leaseRunsOut = (id: string) => db.rows(sql`update agency_webhook_deliveries set claimed_at = now() - interval '1 minute' where id = ${id}`);
  const rowOf = async (id: string) =>
    db.one(sql<{ status: string; last_error: string | null; last_status_code: number | null }>`
      select status, last_error, last_status_code from agency_webhook_deliveries where id = ${id}`);

  it('is recorded delivered, even after the takeover gave it up on its last try while its sender was held up', async () => {
    const agency = await createAgency(t);
    const id = (await deliveryWithoutJob(t, agency.id, `outage-${agency.id}`))!;
    expect(await repository.claim(id, LEASE, TRIES)).toMatchObject({ status: 'sending', attempts: 1 });
    await leaseRunsOut(id); // the first sender was killed
    expect(await repository.claim(id, LEASE, TRIES)).toMatchObject({ status: 'sending', attempts: 2 });
    await leaseRunsOut(id); // the second posted it, then waited out an outage to record it
    expect(await repository.failInterruptedOnLastTry(LEASE, TRIES)).toContainEqual({ id, error: INTERRUPTED_ON_LAST_TRY });
    expect(await rowOf(id)).toMatchObject({ status: 'failed', last_error: INTERRUPTED_ON_LAST_TRY });

    await repository.markDelivered(id, 204);
    expect(await rowOf(id)).toMatchObject({ status: 'delivered', last_error: null, last_status_code: 204 });
  });

  it('leaves a delivery that failed for another reason failed', async () => {
    const agency = await createAgency(t);
    const id = (await deliveryWithoutJob(t, agency.id, `outage-${agency.id}`))!;
    await repository.claim(id, LEASE, TRIES);
    await repository.markFailed(id, { statusCode: 410, error: 'The endpoint answered HTTP 410' });
    await repository.markDelivered(id, 204);
    expect(await rowOf(id)).toMatchObject({ status: 'failed', last_status_code: 410 });
  });
});
