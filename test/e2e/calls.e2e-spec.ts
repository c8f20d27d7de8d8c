import { parseMoney } from '../../src/database/money';
import {
  type Agency,
  type Subteam,
  type TestApp,
  bearer,
  createAgency,
  createSubteam,
  expectLedgerInvariant,
  fund,
  startTestApp,
  walletOf,
} from '../support/test-app';

describe('Calls: authorize, settle, release', () => {
  let t: TestApp;
  let agency: Agency;
  let subteam: Subteam;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    subteam = await createSubteam(t, agency);
    await fund(t, agency, '100.00');
  });
  afterAll(() => t.close());
  afterEach(() => expectLedgerInvariant(t, agency));

  const authorize = (key: string, body: Record<string, unknown>) => t.http.post('/v1/calls/authorize').set(bearer(key)).send(body);
  const settle = (key: string, callId: string, body: Record<string, unknown>) =>
    t.http.post(`/v1/calls/${callId}/settle`).set(bearer(key)).send(body);

  it('holds credits on authorize and charges the actual cost on settle', async () => {
    const auth = await authorize(subteam.key, { callId: 'call-1', amount: '5.00' }).expect(201);
    expect(auth.body).toEqual({
      callId: 'call-1',
      holdId: expect.any(String),
      authorizedAmount: '5.00',
      expiresAt: expect.any(String),
    });
    const expiresIn = new Date(auth.body.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(119 * 60 * 1000);
    expect(expiresIn).toBeLessThanOrEqual(120 * 60 * 1000);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '100.00', held: '5.00', available: '95.00' });

    const settled = await settle(subteam.key, 'call-1', { cost: '1.234' }).expect(200);
    expect(settled.body).toEqual({ callId: 'call-1', charged: '1.234', released: '3.766', balanceAfter: '98.766' });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '98.766', held: '0.00', available: '98.766' });

    const entries = await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?type=usage`).set(bearer(agency.ownerKey)).expect(200);
    expect(entries.body.data[0]).toMatchObject({
      type: 'usage',
      amount: '-1.234',
      balanceAfter: '98.766',
      subteamId: subteam.id,
      source: 'call',
      reference: 'call-1',
      overrun: null,
    });
  });

  it('replays an authorize with the same call id and refuses a different amount', async () => {
    const first = await authorize(subteam.key, { callId: 'call-2', amount: '2.00' }).expect(201);
    const again = await authorize(subteam.key, { callId: 'call-2', amount: '2.00' }).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const conflict = await authorize(subteam.key, { callId: 'call-2', amount: '3.00' }).expect(409);
    expect(conflict.body.error.code).toBe('idempotency_conflict');
    expect((await walletOf(t, agency)).held).toBe('2.00');
    await t.http.post('/v1/calls/call-2/release').set(bearer(subteam.key)).send({}).expect(200);
  });

  it('returns the first result when a call is settled twice', async () => {
    await authorize(subteam.key, { callId: 'call-3', amount: '1.00' }).expect(201);
    const first = await settle(subteam.key, 'call-3', { cost: '0.40' }).expect(200);
    const before = await walletOf(t, agency);
    const second = await settle(subteam.key, 'call-3', { cost: '0.90' }).expect(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await walletOf(t, agency)).toEqual(before);
  });

  it('charges a cost above the hold in full and records the overrun', async () => {
    const before = await walletOf(t, agency);
    await authorize(subteam.key, { callId: 'call-4', amount: '1.00' }).expect(201);
    const settled = await settle(subteam.key, 'call-4', { cost: '1.75' }).expect(200);
    expect(settled.body).toMatchObject({ charged: '1.75', released: '0.00' });
    const after = await walletOf(t, agency);
    expect(parseMoney(before.balance) - parseMoney(after.balance)).toBe(1_750_000n);
    const entries = await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?limit=1`).set(bearer(agency.ownerKey)).expect(200);
    expect(entries.body.data[0]).toMatchObject({ reference: 'call-4', overrun: '0.75' });
    expect(entries.body.data[0].description).toMatch(/0\.75 above its hold of 1\.00/);
  });

  it('releases a hold when the call never connects, and release is repeatable', async () => {
    await authorize(subteam.key, { callId: 'call-5', amount: '4.00' }).expect(201);
    const released = await t.http.post('/v1/calls/call-5/release').set(bearer(subteam.key)).send({}).expect(200);
    expect(released.body).toEqual({ callId: 'call-5', status: 'released', released: '4.00' });
    const again = await t.http.post('/v1/calls/call-5/release').set(bearer(subteam.key)).expect(200);
    expect(again.body).toEqual(released.body);
    expect((await walletOf(t, agency)).held).toBe('0.00');
  });

  it('refuses to settle a released call and charges nothing', async () => {
    await authorize(subteam.key, { callId: 'call-6', amount: '1.00' }).expect(201);
    await t.http.post('/v1/calls/call-6/release').set(bearer(subteam.key)).expect(200);
    const before = await walletOf(t, agency);
    const refused = await settle(subteam.key, 'call-6', { cost: '0.30' }).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'call_released', details: { callId: 'call-6', status: 'released' } });
    await settle(subteam.key, 'call-6', { cost: '0.30' }).expect(409);
    expect(await walletOf(t, agency)).toEqual(before);
  });

  it('answers 404 for an unknown call', async () => {
    const res = await settle(subteam.key, 'no-such-call', { cost: '1.00' }).expect(404);
    expect(res.body.error.code).toBe('not_found');
    await t.http.post('/v1/calls/no-such-call/release').set(bearer(subteam.key)).expect(404);
  });

  it('lets an owner act for a subteam by naming it', async () => {
    const res = await authorize(agency.ownerKey, { callId: 'owner-call', amount: '1.00', subteamId: subteam.id }).expect(201);
    expect(res.body.callId).toBe('owner-call');
    const missing = await authorize(agency.ownerKey, { callId: 'owner-call-2', amount: '1.00' }).expect(422);
    expect(missing.body.error.code).toBe('validation_error');
    await settle(agency.ownerKey, 'owner-call', { cost: '0.10' }).expect(200);
  });
});

describe('Calls: running out, pausing and spend limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses a call the wallet cannot cover with 402 and shows the wallet depleted at zero', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '1.00');
    const refused = await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'big', amount: '1.01' }).expect(402);
    expect(refused.body.error).toMatchObject({ code: 'insufficient_funds', details: { available: '1.00', requested: '1.01' } });
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'exact', amount: '1.00' }).expect(201);
    expect(await walletOf(t, agency)).toMatchObject({ available: '0.00', status: 'depleted' });
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'more', amount: '0.01' }).expect(402);

    // Calls resume by themselves once funds arrive.
    await fund(t, agency, '5.00');
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'more', amount: '0.01' }).expect(201);
    expect((await walletOf(t, agency)).status).toBe('active');
    await expectLedgerInvariant(t, agency);
  });

  it('answers 409 paused for a paused agency or subteam and leaves its funds untouched', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    const sibling = await createSubteam(t, agency);
    await fund(t, agency, '10.00');
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'open', amount: '2.00' }).expect(201);

    await t.http.patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`).set(bearer(agency.ownerKey)).send({ paused: true }).expect(200);
    const paused = await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'p1', amount: '1.00' }).expect(409);
    expect(paused.body.error).toMatchObject({ code: 'paused', details: { scope: 'subteam' } });
    await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '1.00', reference: 'u1' }).expect(409);
    await t.http.post('/v1/calls/authorize').set(bearer(sibling.key)).send({ callId: 's1', amount: '1.00' }).expect(201);

    await t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).send({ paused: true }).expect(200);
    const agencyPaused = await t.http.post('/v1/calls/authorize').set(bearer(sibling.key)).send({ callId: 's2', amount: '1.00' }).expect(409);
    expect(agencyPaused.body.error.details.scope).toBe('agency');
    expect(await walletOf(t, agency)).toMatchObject({ balance: '10.00', held: '3.00', status: 'paused' });

    // A call already in progress still settles: it happened.
    await t.http.post('/v1/calls/open/settle').set(bearer(subteam.key)).send({ cost: '0.50' }).expect(200);
    await t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).send({ paused: false }).expect(200);
    await t.http.patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`).set(bearer(agency.ownerKey)).send({ paused: false }).expect(200);
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'p1', amount: '1.00' }).expect(201);
    await expectLedgerInvariant(t, agency);
  });

  it('enforces daily and monthly spend limits, counting open holds', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency, { dailySpendLimit: '3.00', monthlySpendLimit: '100.00' });
    await fund(t, agency, '50.00');
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'l1', amount: '2.00' }).expect(201);
    const over = await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'l2', amount: '1.50' }).expect(402);
    expect(over.body.error).toMatchObject({
      code: 'spend_limit_exceeded',
      details: { window: 'daily', limit: '3.00', spent: '0.00', held: '2.00', requested: '1.50' },
    });
    await t.http.post('/v1/calls/l1/settle').set(bearer(subteam.key)).send({ cost: '1.00' }).expect(200);
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'l2', amount: '1.50' }).expect(201);
    await t.http.post('/v1/calls/l2/release').set(bearer(subteam.key)).expect(200);
    const usage = await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '2.50', reference: 'u-over' }).expect(402);
    expect(usage.body.error.code).toBe('spend_limit_exceeded');

    await t.http.patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`).set(bearer(agency.ownerKey)).send({ dailySpendLimit: null, monthlySpendLimit: '1.20' }).expect(200);
    const monthly = await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '0.50', reference: 'u-m' }).expect(402);
    expect(monthly.body.error.details).toMatchObject({ window: 'monthly', spent: '1.00' });

    const mine = await t.http.get('/v1/subteams/me/usage').set(bearer(subteam.key)).expect(200);
    expect(mine.body).toMatchObject({ subteamId: subteam.id, total: '1.00' });
    expect(mine.body.days).toEqual([{ date: new Date().toISOString().slice(0, 10), spent: '1.00' }]);
    await expectLedgerInvariant(t, agency);
  });
});

describe('Direct usage', () => {
  let t: TestApp;
  let agency: Agency;
  let subteam: Subteam;
  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    subteam = await createSubteam(t, agency);
    await fund(t, agency, '10.00');
  });
  afterAll(() => t.close());

  it('debits once per reference and returns the ledger entry', async () => {
    const first = await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '0.013', reference: 'sms-1', description: 'SMS' }).expect(201);
    expect(first.body).toMatchObject({
      type: 'usage',
      source: 'usage',
      amount: '-0.013',
      balanceAfter: '9.987',
      reference: 'sms-1',
      description: 'SMS',
      subteamId: subteam.id,
    });
    const again = await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '0.013', reference: 'sms-1', description: 'SMS' }).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '0.02', reference: 'sms-1' }).expect(409);
    expect((await walletOf(t, agency)).balance).toBe('9.987');
    await expectLedgerInvariant(t, agency);
  });
});

describe('Hold expiry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ HOLD_TTL_SECONDS: '1', HOLD_EXPIRY_INTERVAL_SECONDS: '1' }, { worker: true });
  });
  afterAll(() => t.close());

  it('releases a hold whose call never settled, and a late settle still charges the call', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '10.00');
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'slow', amount: '4.00' }).expect(201);
    expect((await walletOf(t, agency)).held).toBe('4.00');

    const deadline = Date.now() + 10_000;
    while ((await walletOf(t, agency)).held !== '0.00' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await walletOf(t, agency)).toMatchObject({ held: '0.00', available: '10.00' });
    const released = await t.http.post('/v1/calls/slow/release').set(bearer(subteam.key)).expect(200);
    expect(released.body).toMatchObject({ status: 'expired', released: '4.00' });

    // An expired call can no longer be extended, but it may have happened: a settle still charges,
    // within the same overrun allowance as an open one.
    const extended = await t.http.post('/v1/calls/slow/extend').set(bearer(subteam.key)).send({ authorizedAmount: '5.00' }).expect(409);
    expect(extended.body.error).toMatchObject({ code: 'call_released', details: { callId: 'slow', status: 'expired' } });
    const tooMuch = await t.http.post('/v1/calls/slow/settle').set(bearer(subteam.key)).send({ cost: '9.01' }).expect(422);
    expect(tooMuch.body.error.code).toBe('cost_exceeds_authorization');
    const settled = await t.http.post('/v1/calls/slow/settle').set(bearer(subteam.key)).send({ cost: '1.50' }).expect(200);
    expect(settled.body).toEqual({ callId: 'slow', charged: '1.50', released: '0.00', balanceAfter: '8.50' });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '8.50', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });
});
