import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, sql } from '../../src/database/database';
import { seedDemo } from '../../src/dev/demo-seed';
import { WalletRepository } from '../../src/wallet/wallet.repository';
import { freePort } from '../support/free-port';
import { type TestApp, bearer, startTestApp } from '../support/test-app';

/** `npm run seed`: a demo agency worth looking at, and a second run that adds nothing twice. */
describe('npm run seed', () => {
  let t: TestApp;
  let stateDir: string;
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'aw-seed-'));
    t = await startTestApp({
      STRIPE_SANDBOX: 'true',
      STRIPE_SANDBOX_PORT: String(await freePort()),
      STRIPE_SANDBOX_STATE_FILE: join(stateDir, 'stripe.json'),
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function counts(agencyId: string) {
    return t.app.get(Database).one(sql<{ subteams: number; methods: number; entries: number; holds: number }>`
      select (select count(*) from subteams where agency_id = ${agencyId})::int as subteams,
             (select count(*) from payment_methods where agency_id = ${agencyId})::int as methods,
             (select count(*) from ledger_entries e join wallets w on w.id = e.wallet_id where w.agency_id = ${agencyId})::int as entries,
             (select count(*) from holds h join wallets w on w.id = h.wallet_id where w.agency_id = ${agencyId})::int as holds`);
  }

  it('makes a demo agency with three subteams, a sandbox card, auto-reload on and a week of calls; twice is safe', async () => {
    // Seeded as of the latest 20:00 UTC, whatever the hour the suite runs: each day's calls then run
    // past midnight UTC, which once gave two calls the same id (an evening `npm run seed` failed).
    const evening = new Date();
    evening.setUTCHours(20, 0, 0, 0);
    if (evening.getTime() > Date.now()) evening.setUTCDate(evening.getUTCDate() - 1);
    const first = await seedDemo(t.app, evening);
    expect(first).toMatchObject({ created: true, consolePath: `/billing/${first.agencyId}` });
    expect(first.subteams).toHaveLength(3);
    expect(first.historyCalls).toBeGreaterThan(100);

    const owner = bearer(first.ownerKey);
    const methods = await t.http.get(`/v1/agencies/${first.agencyId}/payment-methods`).set(owner).expect(200);
    expect(methods.body.data).toEqual([expect.objectContaining({ brand: 'visa', last4: '4242', isDefault: true })]);
    const policy = await t.http.get(`/v1/agencies/${first.agencyId}/billing-settings`).set(owner).expect(200);
    expect(policy.body.autoReload).toMatchObject({ enabled: true });
    const insights = await t.http.get(`/v1/agencies/${first.agencyId}/wallet/insights`).set(owner).expect(200);
    expect(Number(insights.body.avgDailySpend7d)).toBeGreaterThan(5);
    // Seven days of entries for the charts.
    const entries = await t.http.get(`/v1/agencies/${first.agencyId}/wallet/entries?type=usage&limit=200`).set(owner).expect(200);
    const days = new Set(entries.body.data.map((entry: { createdAt: string }) => entry.createdAt.slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(4);
    for (const subteam of first.subteams) {
      await t.http
        .post('/v1/calls/authorize')
        .set(bearer(subteam.key))
        .send({ callId: `seeded-${subteam.id}`, amount: '1.00' })
        .expect(201);
    }
    const before = await counts(first.agencyId);

    const second = await seedDemo(t.app);
    expect(second).toMatchObject({ created: false, agencyId: first.agencyId, historyCalls: 0 });
    expect(await counts(first.agencyId)).toEqual(before);
    expect(before).toMatchObject({ subteams: 3, methods: 1 });
    await t.http.get(`/v1/agencies/${first.agencyId}/wallet`).set(bearer(second.ownerKey)).expect(200);
    await t.http.get(`/v1/agencies/${first.agencyId}/wallet`).set(owner).expect(200);

    const wallet = await t.app.get(Database).one(sql<{ id: string }>`select id from wallets where agency_id = ${first.agencyId}`);
    const check = await t.app.get(WalletRepository).checkInvariant(wallet!.id);
    expect(check.balanceMicros).toBe(check.entriesSumMicros);
    expect(check.heldMicros).toBe(check.openHoldsMicros);
  }, 120_000);
});
