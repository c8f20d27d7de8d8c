import { parseMoney } from '../../src/database/money';
import { clientFor, expectError, expectOk } from '../support/client';
import {
  type Agency,
  type Subteam,
  type TestApp,
  createAgency,
  createSubteam,
  expectLedgerInvariant,
  fund,
  startTestApp,
  walletOf,
} from '../support/test-app';

/** The call routes through the typed client (client/), as a dialer would call them. */
function callsApi(t: TestApp, key: string) {
  const api = clientFor(t, key);
  return {
    authorize: (body: { callId: string; amount: string; subteamId?: string }) => api.POST('/v1/calls/authorize', { body }),
    settle: (callId: string, body: { cost: string; subteamId?: string }) =>
      api.POST('/v1/calls/{callId}/settle', { params: { path: { callId } }, body }),
    extend: (callId: string, body: { authorizedAmount: string }) => api.POST('/v1/calls/{callId}/extend', { params: { path: { callId } }, body }),
    release: (callId: string) => api.POST('/v1/calls/{callId}/release', { params: { path: { callId } } }),
    usage: (body: { amount: string; reference: string; description?: string }) => api.POST('/v1/usage', { body }),
    myUsage: () => api.GET('/v1/subteams/me/usage'),
  };
}

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

  const calls = () => callsApi(t, subteam.key);
  const entries = (query: { type?: 'usage'; limit?: number }) =>
    expectOk(clientFor(t, agency.ownerKey).GET('/v1/agencies/{agencyId}/wallet/entries', { params: { path: { agencyId: agency.id }, query } }), 200);

  it('holds credits on authorize and charges the actual cost on settle', async () => {
    const auth = await expectOk(calls().authorize({ callId: 'call-1', amount: '5.00' }), 201);
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

    const settled = await expectOk(calls().settle('call-1', { cost: '1.234' }), 200);
    expect(settled.body).toEqual({ callId: 'call-1', charged: '1.234', released: '3.766', balanceAfter: '98.766' });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '98.766', held: '0.00', available: '98.766' });

    const usage = await entries({ type: 'usage' });
    expect(usage.body.data[0]).toMatchObject({
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
    const first = await expectOk(calls().authorize({ callId: 'call-2', amount: '2.00' }), 201);
    const again = await expectOk(calls().authorize({ callId: 'call-2', amount: '2.00' }), 201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const conflict = await expectError(calls().authorize({ callId: 'call-2', amount: '3.00' }), 409);
    expect(conflict.error.code).toBe('idempotency_conflict');
    expect((await walletOf(t, agency)).held).toBe('2.00');
    await expectOk(calls().release('call-2'), 200);
  });

  it('returns the first result when a call is settled twice', async () => {
    await expectOk(calls().authorize({ callId: 'call-3', amount: '1.00' }), 201);
    const first = await expectOk(calls().settle('call-3', { cost: '0.40' }), 200);
    const before = await walletOf(t, agency);
    const second = await expectOk(calls().settle('call-3', { cost: '0.90' }), 200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await walletOf(t, agency)).toEqual(before);
  });

  it('charges a cost above the hold in full and records the overrun', async () => {
    const before = await walletOf(t, agency);
    await expectOk(calls().authorize({ callId: 'call-4', amount: '1.00' }), 201);
    const settled = await expectOk(calls().settle('call-4', { cost: '1.75' }), 200);
    expect(settled.body).toMatchObject({ charged: '1.75', released: '0.00' });
    const after = await walletOf(t, agency);
    expect(parseMoney(before.balance) - parseMoney(after.balance)).toBe(1_750_000n);
    const latest = await entries({ limit: 1 });
    expect(latest.body.data[0]).toMatchObject({ reference: 'call-4', overrun: '0.75' });
    expect(latest.body.data[0].description).toMatch(/0\.75 above its hold of 1\.00/);
  });

  it('releases a hold when the call never connects, and release is repeatable', async () => {
    await expectOk(calls().authorize({ callId: 'call-5', amount: '4.00' }), 201);
    const released = await expectOk(calls().release('call-5'), 200);
    expect(released.body).toEqual({ callId: 'call-5', status: 'released', released: '4.00' });
    const again = await expectOk(calls().release('call-5'), 200);
    expect(again.body).toEqual(released.body);
    expect((await walletOf(t, agency)).held).toBe('0.00');
  });

  it('refuses to settle a released call and charges nothing', async () => {
    await expectOk(calls().authorize({ callId: 'call-6', amount: '1.00' }), 201);
    await expectOk(calls().release('call-6'), 200);
    const before = await walletOf(t, agency);
    const refused = await expectError(calls().settle('call-6', { cost: '0.30' }), 409);
    expect(refused.error).toMatchObject({ code: 'call_released', details: { callId: 'call-6', status: 'released' } });
    await expectError(calls().settle('call-6', { cost: '0.30' }), 409);
    expect(await walletOf(t, agency)).toEqual(before);
  });

  it('answers 404 for an unknown call', async () => {
    const res = await expectError(calls().settle('no-such-call', { cost: '1.00' }), 404);
    expect(res.error.code).toBe('not_found');
    await expectError(calls().release('no-such-call'), 404);
  });

  it('lets an owner act for a subteam by naming it', async () => {
    const owner = callsApi(t, agency.ownerKey);
    const res = await expectOk(owner.authorize({ callId: 'owner-call', amount: '1.00', subteamId: subteam.id }), 201);
    expect(res.body.callId).toBe('owner-call');
    const missing = await expectError(owner.authorize({ callId: 'owner-call-2', amount: '1.00' }), 422);
    expect(missing.error.code).toBe('validation_error');
    await expectOk(owner.settle('owner-call', { cost: '0.10' }), 200);
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
    const calls = callsApi(t, subteam.key);
    await fund(t, agency, '1.00');
    const refused = await expectError(calls.authorize({ callId: 'big', amount: '1.01' }), 402);
    expect(refused.error).toMatchObject({ code: 'insufficient_funds', details: { available: '1.00', requested: '1.01' } });
    await expectOk(calls.authorize({ callId: 'exact', amount: '1.00' }), 201);
    expect(await walletOf(t, agency)).toMatchObject({ available: '0.00', status: 'depleted' });
    await expectError(calls.authorize({ callId: 'more', amount: '0.01' }), 402);

    // Calls resume by themselves once funds arrive.
    await fund(t, agency, '5.00');
    await expectOk(calls.authorize({ callId: 'more', amount: '0.01' }), 201);
    expect((await walletOf(t, agency)).status).toBe('active');
    await expectLedgerInvariant(t, agency);
  });

  it('answers 409 paused for a paused agency or subteam and leaves its funds untouched', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    const sibling = await createSubteam(t, agency);
    const [calls, siblingCalls, owner] = [callsApi(t, subteam.key), callsApi(t, sibling.key), clientFor(t, agency.ownerKey)];
    const pauseSubteam = (paused: boolean) =>
      expectOk(
        owner.PATCH('/v1/agencies/{agencyId}/subteams/{subteamId}', {
          params: { path: { agencyId: agency.id, subteamId: subteam.id } },
          body: { paused },
        }),
        200,
      );
    const pauseAgency = (paused: boolean) =>
      expectOk(owner.PATCH('/v1/agencies/{agencyId}', { params: { path: { agencyId: agency.id } }, body: { paused } }), 200);
    await fund(t, agency, '10.00');
    await expectOk(calls.authorize({ callId: 'open', amount: '2.00' }), 201);

    await pauseSubteam(true);
    const paused = await expectError(calls.authorize({ callId: 'p1', amount: '1.00' }), 409);
    expect(paused.error).toMatchObject({ code: 'paused', details: { scope: 'subteam' } });
    await expectError(calls.usage({ amount: '1.00', reference: 'u1' }), 409);
    await expectOk(siblingCalls.authorize({ callId: 's1', amount: '1.00' }), 201);

    await pauseAgency(true);
    const agencyPaused = await expectError(siblingCalls.authorize({ callId: 's2', amount: '1.00' }), 409);
    expect(agencyPaused.error.details.scope).toBe('agency');
    expect(await walletOf(t, agency)).toMatchObject({ balance: '10.00', held: '3.00', status: 'paused' });

    // A call already in progress still settles: it happened.
    await expectOk(calls.settle('open', { cost: '0.50' }), 200);
    await pauseAgency(false);
    await pauseSubteam(false);
    await expectOk(calls.authorize({ callId: 'p1', amount: '1.00' }), 201);
    await expectLedgerInvariant(t, agency);
  });

  it('enforces daily and monthly spend limits, counting open holds', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency, { dailySpendLimit: '3.00', monthlySpendLimit: '100.00' });
    const calls = callsApi(t, subteam.key);
    await fund(t, agency, '50.00');
    await expectOk(calls.authorize({ callId: 'l1', amount: '2.00' }), 201);
    const over = await expectError(calls.authorize({ callId: 'l2', amount: '1.50' }), 402);
    expect(over.error).toMatchObject({
      code: 'spend_limit_exceeded',
      details: { window: 'daily', limit: '3.00', spent: '0.00', held: '2.00', requested: '1.50' },
    });
    await expectOk(calls.settle('l1', { cost: '1.00' }), 200);
    await expectOk(calls.authorize({ callId: 'l2', amount: '1.50' }), 201);
    await expectOk(calls.release('l2'), 200);
    const usage = await expectError(calls.usage({ amount: '2.50', reference: 'u-over' }), 402);
    expect(usage.error.code).toBe('spend_limit_exceeded');

    await expectOk(
      clientFor(t, agency.ownerKey).PATCH('/v1/agencies/{agencyId}/subteams/{subteamId}', {
        params: { path: { agencyId: agency.id, subteamId: subteam.id } },
        body: { dailySpendLimit: null, monthlySpendLimit: '1.20' },
      }),
      200,
    );
    const monthly = await expectError(calls.usage({ amount: '0.50', reference: 'u-m' }), 402);
    expect(monthly.error.details).toMatchObject({ window: 'monthly', spent: '1.00' });

    const mine = await expectOk(calls.myUsage(), 200);
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
    const calls = callsApi(t, subteam.key);
    const first = await expectOk(calls.usage({ amount: '0.013', reference: 'sms-1', description: 'SMS' }), 201);
    expect(first.body).toMatchObject({
      type: 'usage',
      source: 'usage',
      amount: '-0.013',
      balanceAfter: '9.987',
      reference: 'sms-1',
      description: 'SMS',
      subteamId: subteam.id,
    });
    const again = await expectOk(calls.usage({ amount: '0.013', reference: 'sms-1', description: 'SMS' }), 201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    await expectError(calls.usage({ amount: '0.02', reference: 'sms-1' }), 409);
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
    const calls = callsApi(t, subteam.key);
    await fund(t, agency, '10.00');
    await expectOk(calls.authorize({ callId: 'slow', amount: '4.00' }), 201);
    expect((await walletOf(t, agency)).held).toBe('4.00');

    const deadline = Date.now() + 10_000;
    while ((await walletOf(t, agency)).held !== '0.00' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await walletOf(t, agency)).toMatchObject({ held: '0.00', available: '10.00' });
    const released = await expectOk(calls.release('slow'), 200);
    expect(released.body).toMatchObject({ status: 'expired', released: '4.00' });

    // An expired call can no longer be extended, but it may have happened: a settle still charges,
    // within the same overrun allowance as an open one.
    const extended = await expectError(calls.extend('slow', { authorizedAmount: '5.00' }), 409);
    expect(extended.error).toMatchObject({ code: 'call_released', details: { callId: 'slow', status: 'expired' } });
    const tooMuch = await expectError(calls.settle('slow', { cost: '9.01' }), 422);
    expect(tooMuch.error.code).toBe('cost_exceeds_authorization');
    const settled = await expectOk(calls.settle('slow', { cost: '1.50' }), 200);
    expect(settled.body).toEqual({ callId: 'slow', charged: '1.50', released: '0.00', balanceAfter: '8.50' });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '8.50', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });
});
