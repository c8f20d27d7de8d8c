import { Database, sql } from '../../src/database/database';
import { ADMIN_KEY, type Agency, type Subteam, type TestApp, bearer, createAgency, createSubteam, fund, startTestApp } from '../support/test-app';

/**
 * The ledger writer's one-round-trip path writes a batch planned on what its last batch left,
 * guarded by the wallet's version (`wallets.version`): it is only as correct as the promise that
 * every change to what it decides with changes that version. What it keeps per wallet
 * (`KnownWallets`) and where each comes from:
 *
 * - balance, held: the wallet row (any update of it gets a new version from its trigger);
 * - the agency's pause, call overrun allowance and time zone (its local day): the agencies trigger;
 * - a subteam's pause and daily and monthly limits: the subteams trigger;
 * - open holds and subteam spend: written only by the ledger writer, in the statement that also
 *   writes the wallet row (wallet/ owns holds, ledger_entries and subteam_daily_spend).
 *
 * Each input is changed twice here: the way the product changes it (its API) and by a bare SQL
 * update of the column, so a new code path that writes it cannot skip the version either.
 */
describe('The wallet version the ledger writer relies on', () => {
  let t: TestApp;
  let agency: Agency;
  let subteam: Subteam;
  let db: Database;
  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(Database);
    agency = await createAgency(t);
    subteam = await createSubteam(t, agency);
    await fund(t, agency, '10.00');
  });
  afterAll(() => t.close());

  const version = async (): Promise<string> => {
    const [row] = await db.rows(sql<{ version: string }>`select version from wallets where id = ${agency.walletId}`);
    return row.version;
  };
  const patchAgency = (body: Record<string, unknown>) => t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(ADMIN_KEY)).send(body).expect(200);
  const patchSubteam = (body: Record<string, unknown>) =>
    t.http.patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`).set(bearer(agency.ownerKey)).send(body).expect(200);
  let calls = 0;
  const authorize = async () => {
    const res = await t.http
      .post('/v1/calls/authorize')
      .set(bearer(subteam.key))
      .send({ callId: `version-${++calls}`, amount: '0.10' })
      .expect(201);
    return res.body.callId as string;
  };

  const throughTheProduct: [string, () => Promise<unknown>][] = [
    ['a credit (balance)', () => fund(t, agency, '1.00')],
    ['an authorize (held)', () => authorize()],
    [
      'a settle (balance and held)',
      async () =>
        t.http
          .post(`/v1/calls/${await authorize()}/settle`)
          .set(bearer(subteam.key))
          .send({ cost: '0.05' })
          .expect(200),
    ],
    [
      'a direct usage debit (balance)',
      () =>
        t.http
          .post('/v1/usage')
          .set(bearer(subteam.key))
          .send({ reference: `usage-${++calls}`, amount: '0.01' })
          .expect(201),
    ],
    ['pausing the agency', () => patchAgency({ paused: true })],
    ['resuming the agency', () => patchAgency({ paused: false })],
    ["the agency's overrun allowance", () => patchAgency({ maxCallOverrun: '1.25' })],
    ["the agency's time zone", () => patchAgency({ timeZone: 'America/New_York' })],
    ['pausing the subteam', () => patchSubteam({ paused: true })],
    ['resuming the subteam', () => patchSubteam({ paused: false })],
    ["the subteam's daily limit", () => patchSubteam({ dailySpendLimit: '50.00' })],
    ["the subteam's monthly limit", () => patchSubteam({ monthlySpendLimit: '500.00' })],
    ["removing the subteam's limits", () => patchSubteam({ dailySpendLimit: null, monthlySpendLimit: null })],
  ];

  it.each(throughTheProduct)('changes with %s', async (_, change) => {
    const before = await version();
    await change();
    expect(await version()).not.toBe(before);
  });

  const byBareSql: [string, () => Promise<unknown>][] = [
    ['wallets.balance_micros', () => db.rows(sql`update wallets set balance_micros = balance_micros where id = ${agency.walletId}`)],
    ['wallets.held_micros', () => db.rows(sql`update wallets set held_micros = held_micros where id = ${agency.walletId}`)],
    ['wallets.pending_micros', () => db.rows(sql`update wallets set pending_micros = pending_micros where id = ${agency.walletId}`)],
    ['wallets.version kept as it was', () => db.rows(sql`update wallets set version = version where id = ${agency.walletId}`)],
    ['agencies.paused', () => db.rows(sql`update agencies set paused = not paused where id = ${agency.id}`)],
    [
      'agencies.max_call_overrun_micros',
      () => db.rows(sql`update agencies set max_call_overrun_micros = max_call_overrun_micros + 1 where id = ${agency.id}`),
    ],
    [
      'agencies.time_zone',
      () => db.rows(sql`update agencies set time_zone = case when time_zone = 'UTC' then 'Europe/Paris' else 'UTC' end where id = ${agency.id}`),
    ],
    ['subteams.paused', () => db.rows(sql`update subteams set paused = not paused where id = ${subteam.id}`)],
    [
      'subteams.daily_spend_limit_micros',
      () => db.rows(sql`update subteams set daily_spend_limit_micros = coalesce(daily_spend_limit_micros, 0) + 1 where id = ${subteam.id}`),
    ],
    [
      'subteams.monthly_spend_limit_micros',
      () => db.rows(sql`update subteams set monthly_spend_limit_micros = coalesce(monthly_spend_limit_micros, 0) + 1 where id = ${subteam.id}`),
    ],
  ];

  it.each(byBareSql)('changes with an update of %s', async (_, change) => {
    const before = await version();
    await change();
    expect(await version()).not.toBe(before);
  });

  it('stays the same for a change the writer does not decide with (an agency rename), so the checks above can fail', async () => {
    const before = await version();
    await patchAgency({ name: 'Renamed agency' });
    expect(await version()).toBe(before);
  });
});
