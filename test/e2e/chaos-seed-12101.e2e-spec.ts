import { Database, sql } from '../../src/database/database';
import { ABANDONED_NOTE, NotificationsRepository } from '../../src/notifications/notifications.repository';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { type Agency, type TestApp, createAgency, startTestApp } from '../support/test-app';

/**
 * Found by the fault-injection suite (`npm run chaos -- --replay 12101`, and 12102, 12108, 12205: a
 * worker killed mid-send and PostgreSQL going away in one run): emails that were delivered ended
 * `failed`, "interrupted mid-send twice; delivery unknown". The resumed sender had sent the email,
 * but could not record it while the database was away, and once it was back a sweep gave the row up
 * before the sender's record. Now a sender retries its record through an outage
 * (`notification-delivery.service.spec.ts`), and its record wins over a row given up meanwhile.
 */
describe('Chaos seed 12101: a delivered email given up as "delivery unknown"', () => {
  let t: TestApp;
  let agency: Agency;
  let repository: NotificationsRepository;
  let db: Database;
  const LEASE = 6;

  beforeAll(async () => {
    t = await startTestApp({ MAIL_DISABLED: 'true' });
    agency = await createAgency(t);
    repository = t.app.get(NotificationsRepository);
    db = t.app.get(Database);
  });
  afterAll(() => t.close());

  /** A row in the outbox (not enqueued: no worker runs here). */
  const newNotification = async () => {
    const queued = await db.transaction((tx) =>
      t.app.get(NotificationsService).notify(tx, {
        agencyId: agency.id,
        template: 'service-paused',
        data: { available: '0.00' },
      }),
    );
    return queued!.ids[0];
  };
  /** The row's sender stops renewing its claim: its lease runs out. */
  const leaseRunsOut = (id: string) => db.rows(sql`update notifications set claimed_at = now() - interval '1 minute' where id = ${id}`);
  const rowOf = async (id: string) =>
    (await db.one(sql<{ status: string; message_id: string | null; last_error: string | null }>`
    select status, message_id, last_error from notifications where id = ${id}`))!;

  it('records the email its sender sent, even after a sweep gave the row up while the sender was held up', async () => {
    const id = await newNotification();
    expect(await repository.claim(id, LEASE)).toMatchObject({ status: 'sending', resumed: false });
    await leaseRunsOut(id); // the first sender was killed
    expect(await repository.claim(id, LEASE)).toMatchObject({ status: 'sending', resumed: true });
    await leaseRunsOut(id); // the second sent the email, then waited out an outage to record it
    expect(await repository.giveUpInterrupted(LEASE)).toContainEqual({ id, error: ABANDONED_NOTE });
    expect(await rowOf(id)).toMatchObject({ status: 'failed', last_error: ABANDONED_NOTE });

    await repository.markSent(id, `<${id}@agency-wallet>`);
    expect(await rowOf(id)).toMatchObject({ status: 'sent', message_id: `<${id}@agency-wallet>` });
  });

  it('leaves a row that failed for another reason failed', async () => {
    const id = await newNotification();
    await repository.claim(id, LEASE);
    await repository.markFailed(id, '554 5.7.1 Relay access denied');
    await repository.markSent(id, `<${id}@agency-wallet>`);
    expect(await rowOf(id)).toMatchObject({ status: 'failed', message_id: null, last_error: '554 5.7.1 Relay access denied' });
  });
});
