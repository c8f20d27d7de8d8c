import { Client } from 'pg';
import { addDays, localDate, monthStart } from '../../src/common/time-zones';
import { formatMoney, parseMoney } from '../../src/database/money';
import { expectError } from '../support/matrix';
import { type Agency, type TestApp, bearer, createAgency, createSubteam, fund, startTestApp } from '../support/test-app';

const NY = 'America/New_York';

/**
 * The owner's subteam list shows each subteam's spend today and this month (the agency's local
 * day and month) against its limits and what remains: the figure the call path decides by, so
 * a call for exactly what remains is authorized and a cent more is refused.
 */
describe('Subteam spend against limits', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await startTestApp();
    owner = new Client({ connectionString: process.env.AW_TEST_DATABASE });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const list = async (agency: Agency) => {
    const res = await t.http.get(`/v1/agencies/${agency.id}/subteams`).set(bearer(agency.ownerKey)).expect(200);
    return new Map<string, Record<string, any>>(res.body.data.map((subteam: { id: string }) => [subteam.id, subteam]));
  };

  it('counts settled spend and open holds in the local day and month, and what remains is what a call may take', async () => {
    const agency = await createAgency(t, { timeZone: NY });
    await fund(t, agency, '500.00');
    const limited = await createSubteam(t, agency, { dailySpendLimit: '10.00', monthlySpendLimit: '50.00' });
    const unlimited = await createSubteam(t, agency);

    // Earlier days: the last day of the previous month never counts; the 1st counts in the month.
    const today = localDate(new Date(), NY);
    const firstOfMonth = monthStart(today);
    const earlierThisMonthMicros = today === firstOfMonth ? 0n : 20_000_000n;
    await owner.query(
      `insert into subteam_daily_spend (subteam_id, day, spent_micros) values ($1, $2, 30000000)
       ${earlierThisMonthMicros ? ', ($1, $3, 20000000)' : ''}`,
      earlierThisMonthMicros ? [limited.id, addDays(firstOfMonth, -1), firstOfMonth] : [limited.id, addDays(firstOfMonth, -1)],
    );

    await t.http.post('/v1/usage').set(bearer(limited.key)).send({ amount: '3.00', reference: 'u-1' }).expect(201);
    await t.http.post('/v1/calls/authorize').set(bearer(limited.key)).send({ callId: 'open-call', amount: '2.00' }).expect(201);
    await t.http.post('/v1/usage').set(bearer(unlimited.key)).send({ amount: '1.505', reference: 'u-2' }).expect(201);

    const monthSpent = formatMoney(3_000_000n + earlierThisMonthMicros);
    const monthRemaining = formatMoney(50_000_000n - 3_000_000n - earlierThisMonthMicros - 2_000_000n);
    let subteams = await list(agency);
    expect(subteams.get(limited.id)).toMatchObject({
      dailySpendLimit: '10.00',
      monthlySpendLimit: '50.00',
      spend: {
        timeZone: NY,
        held: '2.00',
        today: { date: today, spent: '3.00', limit: '10.00', remaining: '5.00' },
        month: { from: firstOfMonth, spent: monthSpent, limit: '50.00', remaining: monthRemaining },
      },
    });
    expect(subteams.get(unlimited.id)!.spend).toEqual({
      timeZone: NY,
      held: '0.00',
      today: { date: today, spent: '1.505', limit: null, remaining: null },
      month: { from: firstOfMonth, spent: '1.505', limit: null, remaining: null },
    });

    // What remains today is exactly what the call path lets through.
    const remaining = subteams.get(limited.id)!.spend.today.remaining as string;
    await t.http
      .post('/v1/calls/authorize')
      .set(bearer(limited.key))
      .send({ callId: 'one-cent-more', amount: formatMoney(parseMoney(remaining) + 10_000n) })
      .expect(402);
    await t.http.post('/v1/calls/authorize').set(bearer(limited.key)).send({ callId: 'all-of-it', amount: remaining }).expect(201);
    subteams = await list(agency);
    expect(subteams.get(limited.id)!.spend).toMatchObject({ held: '7.00', today: { spent: '3.00', remaining: '0.00' } });
    const refused = await t.http.post('/v1/usage').set(bearer(limited.key)).send({ amount: '0.01', reference: 'u-3' });
    expectError(refused, 402, 'spend_limit_exceeded');

    // A call may overrun its hold past the limit; what remains never shows below zero.
    await t.http.post('/v1/calls/all-of-it/settle').set(bearer(limited.key)).send({ cost: '5.50' }).expect(200);
    await t.http.post('/v1/calls/open-call/release').set(bearer(limited.key)).expect(200);
    subteams = await list(agency);
    expect(subteams.get(limited.id)!.spend).toMatchObject({ held: '0.00', today: { spent: '8.50', remaining: '1.50' } });
    await t.http.post('/v1/calls/authorize').set(bearer(limited.key)).send({ callId: 'last', amount: '1.50' }).expect(201);
    await t.http.post('/v1/calls/last/settle').set(bearer(limited.key)).send({ cost: '2.00' }).expect(200);
    subteams = await list(agency);
    expect(subteams.get(limited.id)!.spend).toMatchObject({
      held: '0.00',
      today: { spent: '10.50', limit: '10.00', remaining: '0.00' },
      month: { spent: formatMoney(10_500_000n + earlierThisMonthMicros) },
    });
    expect(subteams.get(unlimited.id)!.spend.today).toMatchObject({ spent: '1.505', remaining: null });
  });

  it('shows a paused subteam and a subteam with no spend yet; subteam keys may not list', async () => {
    const agency = await createAgency(t);
    const quiet = await createSubteam(t, agency, { monthlySpendLimit: '0.50' });
    await t.http.patch(`/v1/agencies/${agency.id}/subteams/${quiet.id}`).set(bearer(agency.ownerKey)).send({ paused: true }).expect(200);
    const subteams = await list(agency);
    expect(subteams.get(quiet.id)).toMatchObject({
      paused: true,
      spend: {
        timeZone: 'UTC',
        held: '0.00',
        today: { spent: '0.00', limit: null, remaining: null },
        month: { spent: '0.00', limit: '0.50', remaining: '0.50' },
      },
    });
    expectError(await t.http.get(`/v1/agencies/${agency.id}/subteams`).set(bearer(quiet.key)), 403, 'forbidden');
  });
});
