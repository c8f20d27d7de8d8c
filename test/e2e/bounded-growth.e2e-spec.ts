import { Database, sql } from '../../src/database/database';
import { SchedulerTicks } from '../../src/database/scheduler-ticks';
import { HousekeepingScheduler } from '../../src/worker/housekeeping.scheduler';
import { eventually } from '../support/stripe';
import { ADMIN_KEY, type TestApp, bearer, createAgency, startTestApp } from '../support/test-app';

describe('Bounded growth: the worker forgets what nobody needs any more', () => {
  let t: TestApp;
  let db: Database;
  let housekeeping: HousekeepingScheduler;
  beforeAll(async () => {
    // Housekeeping runs only when the test says, so a tick never races the one under test.
    t = await startTestApp({ HOLD_EXPIRY_INTERVAL_SECONDS: '3600' }, { worker: true });
    db = t.app.get(Database);
    housekeeping = t.app.get(HousekeepingScheduler);
  });
  afterAll(() => t.close());

  it('removes idempotency records older than 7 days and keeps younger ones', async () => {
    const scope = `housekeeping-${Date.now()}`;
    await db.rows(sql`insert into idempotency_records (scope, key, request_hash, status_code, response, created_at) values
      (${scope}, 'eight-days', 'h', 201, '{}', now() - interval '8 days'),
      (${scope}, 'six-days', 'h', 201, '{}', now() - interval '6 days'),
      (${scope}, 'now', 'h', 201, '{}', now())`);
    await housekeeping.tick();
    const left = await db.rows(sql<{ key: string }>`select key from idempotency_records where scope = ${scope} order by key`);
    expect(left.map((row) => row.key)).toEqual(['now', 'six-days']);
  });

  it('removes past scheduler ticks older than a day, always keeping the newest of each schedule', async () => {
    const name = `housekeeping-${Date.now()}`;
    await db.rows(sql`insert into scheduler_runs (name, tick, ran_at) values
      (${`${name}-a`}, 1, now() - interval '3 days'), (${`${name}-a`}, 2, now() - interval '2 days'),
      (${`${name}-a`}, 3, now() - interval '2 hours'), (${`${name}-a`}, 4, now() - interval '1 hour'),
      (${`${name}-b`}, 7, now() - interval '30 days')`);
    await housekeeping.tick();
    const left = await db.rows(
      sql<{ name: string; tick: string }>`select name, tick::text from scheduler_runs where name like ${`${name}%`} order by name, tick`,
    );
    expect(left.map((row) => `${row.name.slice(name.length)}:${row.tick}`)).toEqual(['-a:3', '-a:4', '-b:7']);
  });

  it('never forgets the tick that is still current, so it does not run twice', async () => {
    const ticks = t.app.get(SchedulerTicks);
    const name = `housekeeping-current-${Date.now()}`;
    const tenDays = 10 * 24 * 60 * 60;
    expect(await ticks.claim(name, tenDays)).toBe(true);
    // Claimed days ago in a ten-day tick, after an older one: only the older goes.
    await db.rows(sql`update scheduler_runs set ran_at = now() - interval '2 days' where name = ${name}`);
    await db.rows(
      sql`insert into scheduler_runs (name, tick, ran_at) select name, tick - 1, now() - interval '12 days' from scheduler_runs where name = ${name}`,
    );
    await housekeeping.tick();
    const left = await db.rows(sql<{ tick: string }>`select tick::text from scheduler_runs where name = ${name}`);
    expect(left).toHaveLength(1);
    expect(await ticks.claim(name, tenDays)).toBe(false);
  });
});

describe('Bounded growth: failed background jobs are kept in bounded number', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Mail to a closed port with a single attempt: every email job fails for good.
    t = await startTestApp(
      { SMTP_URL: 'smtp://127.0.0.1:1', MAIL_ATTEMPTS: '1', MAIL_RETRY_DELAY_SECONDS: '0.1', FAILED_JOBS_MAX_COUNT: '2' },
      { worker: true },
    );
  });
  afterAll(() => t.close());

  it('keeps the newest FAILED_JOBS_MAX_COUNT in Redis, while PostgreSQL keeps every failed email with its error', async () => {
    const agency = await createAgency(t);
    // Each change of the alert settings emails a settings-updated notice: four emails, four failures.
    for (const threshold of ['10.00', '20.00', '30.00', '40.00']) {
      await t.http
        .put(`/v1/agencies/${agency.id}/billing-settings/low-balance-alert`)
        .set(bearer(agency.ownerKey))
        .send({ enabled: true, threshold })
        .expect(200);
    }
    const failed = await eventually(async () => {
      const res = await t.http.get(`/v1/agencies/${agency.id}/notifications`).set(bearer(agency.ownerKey)).expect(200);
      const rows = res.body.data.filter((row: { status: string }) => row.status === 'failed');
      expect(rows).toHaveLength(4);
      return rows;
    }, 30_000);
    expect(failed.every((row: { lastError: string | null }) => typeof row.lastError === 'string' && row.lastError.length > 0)).toBe(true);

    const dead = await eventually(async () => {
      const res = await t.http.get('/v1/support/dead-letters?queue=notifications').set(bearer(ADMIN_KEY)).expect(200);
      expect(res.body.data[0].jobs).toHaveLength(2);
      return res.body.data[0];
    });
    expect(dead.failed).toBe(2);
    // Each job kept still tells support which email failed and why.
    const ids = failed.map((row: { id: string }) => row.id);
    for (const job of dead.jobs as { data: { notificationId: string }; failedReason: string | null }[]) {
      expect(ids).toContain(job.data.notificationId);
      expect(job.failedReason).toEqual(expect.any(String));
    }
  });
});
