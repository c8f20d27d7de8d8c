import { MetricsService } from '../../src/health/metrics.service';
import { expectError } from '../support/matrix';
import {
  ADMIN_KEY,
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

/**
 * A long call asks for more credit: `POST /calls/:callId/extend {authorizedAmount}` raises its
 * hold to that total through the ledger writer, on the same terms as an authorization.
 */
describe('Calls: extend', () => {
  let t: TestApp;
  let other: TestApp;
  let seq = 0;
  beforeAll(async () => {
    t = await startTestApp({ BATCH_CONTENTION_BACKOFF_MS: '0' });
    // A second API process: its own ledger writer and known state.
    other = await startTestApp({ BATCH_CONTENTION_BACKOFF_MS: '0' });
  });
  afterAll(async () => {
    await t.close();
    await other.close();
  });

  const authorize = (subteam: Subteam, amount: string, callId = `e-${++seq}`, app = t) =>
    app.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount });
  const extend = (key: string, callId: string, body: Record<string, unknown>, app = t) =>
    app.http.post(`/v1/calls/${callId}/extend`).set(bearer(key)).send(body);
  const settle = (subteam: Subteam, callId: string, cost: string, app = t) =>
    app.http.post(`/v1/calls/${callId}/settle`).set(bearer(subteam.key)).send({ cost });
  async function batchesBy(app: TestApp, path: 'known' | 'locked'): Promise<number> {
    const metric = await app.app.get(MetricsService).ledgerBatches.get();
    return metric.values.find((v) => v.labels.path === path)?.value ?? 0;
  }

  async function setup(balance: string, subteamBody: Record<string, unknown> = {}) {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency, subteamBody);
    await fund(t, agency, balance);
    return { agency, subteam };
  }

  it('raises the hold to the new total and moves its expiry; the settle then uses the larger hold', async () => {
    const { agency, subteam } = await setup('20.00');
    const auth = await authorize(subteam, '2.00', 'long-call').expect(201);
    const extended = await extend(subteam.key, 'long-call', { authorizedAmount: '5.00' }).expect(200);
    expect(extended.headers['idempotent-replayed']).toBeUndefined();
    expect(extended.body).toEqual({ callId: 'long-call', holdId: auth.body.holdId, authorizedAmount: '5.00', expiresAt: expect.any(String) });
    expect(new Date(extended.body.expiresAt).getTime()).toBeGreaterThanOrEqual(new Date(auth.body.expiresAt).getTime());
    expect(await walletOf(t, agency)).toMatchObject({ balance: '20.00', held: '5.00', available: '15.00' });

    const settled = await settle(subteam, 'long-call', '4.25').expect(200);
    expect(settled.body).toEqual({ callId: 'long-call', charged: '4.25', released: '0.75', balanceAfter: '15.75' });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '15.75', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('changes nothing for the same total again, and refuses a lower one with 422', async () => {
    const { agency, subteam } = await setup('20.00');
    await authorize(subteam, '2.00', 'same').expect(201);
    const first = await extend(subteam.key, 'same', { authorizedAmount: '3.00' }).expect(200);
    const again = await extend(subteam.key, 'same', { authorizedAmount: '3.00' }).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await walletOf(t, agency)).toMatchObject({ held: '3.00' });

    const lower = await extend(subteam.key, 'same', { authorizedAmount: '2.99' });
    expectError(lower, 422, 'validation_error');
    expect(lower.body.error.details).toMatchObject({ authorizedAmount: '3.00', fields: [{ path: 'authorizedAmount' }] });
    expect(await walletOf(t, agency)).toMatchObject({ held: '3.00' });

    // A late replay of the authorize is still recognised, and answers the current authorization.
    const replay = await authorize(subteam, '2.00', 'same').expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toMatchObject({ authorizedAmount: '3.00' });
    expectError(await authorize(subteam, '3.00', 'same'), 409, 'idempotency_conflict');
    await expectLedgerInvariant(t, agency);
  });

  it('answers 402 when the wallet or the subteam limit cannot cover the increase, changing nothing', async () => {
    const { agency, subteam } = await setup('5.00', { dailySpendLimit: '4.00' });
    await authorize(subteam, '1.00', 'grow').expect(201);
    const overLimit = await extend(subteam.key, 'grow', { authorizedAmount: '4.01' });
    expectError(overLimit, 402, 'spend_limit_exceeded');
    expect(overLimit.body.error.details).toMatchObject({ window: 'daily', limit: '4.00', held: '1.00', requested: '3.01' });
    await extend(subteam.key, 'grow', { authorizedAmount: '4.00' }).expect(200);

    await t.http.patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`).set(bearer(agency.ownerKey)).send({ dailySpendLimit: null }).expect(200);
    const poor = await extend(subteam.key, 'grow', { authorizedAmount: '5.01' });
    expectError(poor, 402, 'insufficient_funds');
    expect(poor.body.error.details).toEqual({ available: '1.00', requested: '1.01' });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '5.00', held: '4.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('answers 409 paused for a paused subteam', async () => {
    const { agency, subteam } = await setup('10.00');
    await authorize(subteam, '1.00', 'paused-call').expect(201);
    await t.http.patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`).set(bearer(agency.ownerKey)).send({ paused: true }).expect(200);
    expectError(await extend(subteam.key, 'paused-call', { authorizedAmount: '2.00' }), 409, 'paused');
    // A call in progress still settles.
    await settle(subteam, 'paused-call', '0.50').expect(200);
    await expectLedgerInvariant(t, agency);
  });

  it('answers 409 call_released for a released or settled call, and 404 for an unknown one', async () => {
    const { agency, subteam } = await setup('10.00');
    await authorize(subteam, '1.00', 'gone').expect(201);
    await t.http.post('/v1/calls/gone/release').set(bearer(subteam.key)).send({}).expect(200);
    const released = await extend(subteam.key, 'gone', { authorizedAmount: '2.00' });
    expectError(released, 409, 'call_released');
    expect(released.body.error.details).toEqual({ callId: 'gone', status: 'released' });

    await authorize(subteam, '1.00', 'done').expect(201);
    await settle(subteam, 'done', '0.40').expect(200);
    const settled = await extend(subteam.key, 'done', { authorizedAmount: '2.00' });
    expectError(settled, 409, 'call_released');
    expect(settled.body.error.details).toEqual({ callId: 'done', status: 'settled' });

    expectError(await extend(subteam.key, 'never-authorized', { authorizedAmount: '2.00' }), 404, 'not_found');
    expect(await walletOf(t, agency)).toMatchObject({ balance: '9.60', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('validates the body', async () => {
    const { subteam } = await setup('10.00');
    await authorize(subteam, '1.00', 'validated').expect(201);
    for (const body of [
      {},
      { authorizedAmount: '0' },
      { authorizedAmount: 2 },
      { authorizedAmount: '-2.00' },
      { authorizedAmount: '2.00', extra: 1 },
    ]) {
      expectError(await extend(subteam.key, 'validated', body), 422, 'validation_error');
    }
  });

  it('lets the owner extend for a subteam, and keeps keys to their own calls', async () => {
    const { agency, subteam } = await setup('10.00');
    const sibling = await createSubteam(t, agency);
    const stranger = await setup('10.00');
    await authorize(subteam, '1.00', 'owned').expect(201);

    await extend(agency.ownerKey, 'owned', { authorizedAmount: '1.50' }).expect(200);
    await extend(agency.ownerKey, 'owned', { authorizedAmount: '2.00', subteamId: subteam.id }).expect(200);
    expectError(await extend(agency.ownerKey, 'owned', { authorizedAmount: '2.50', subteamId: sibling.id }), 404, 'not_found');
    expectError(await extend(sibling.key, 'owned', { authorizedAmount: '2.50' }), 404, 'not_found');
    expectError(await extend(sibling.key, 'owned', { authorizedAmount: '2.50', subteamId: subteam.id }), 403, 'forbidden');
    expectError(await extend(stranger.subteam.key, 'owned', { authorizedAmount: '2.50' }), 404, 'not_found');
    expectError(await extend(stranger.agency.ownerKey, 'owned', { authorizedAmount: '2.50' }), 404, 'not_found');
    expectError(await extend(ADMIN_KEY, 'owned', { authorizedAmount: '2.50' }), 403, 'forbidden');
    expect(await walletOf(t, agency)).toMatchObject({ held: '2.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('extends a known hold in one round trip, and a hold another process opened through the locked path', async () => {
    const { agency, subteam } = await setup('20.00');
    await authorize(subteam, '1.00', 'here').expect(201);
    const known = await batchesBy(t, 'known');
    await extend(subteam.key, 'here', { authorizedAmount: '2.00' }).expect(200);
    expect(await batchesBy(t, 'known')).toBe(known + 1);

    await authorize(subteam, '1.00', 'there', other).expect(201);
    const locked = await batchesBy(t, 'locked');
    await extend(subteam.key, 'there', { authorizedAmount: '3.00' }).expect(200);
    expect(await batchesBy(t, 'locked')).toBeGreaterThan(locked);
    await settle(subteam, 'there', '3.50', other).expect(200);
    await settle(subteam, 'here', '2.00').expect(200);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '14.50', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('grants concurrent extensions from two processes only as far as the wallet covers them', async () => {
    const { agency, subteam } = await setup('10.00');
    for (let i = 0; i < 20; i++) await authorize(subteam, '0.10', `many-${i}`, i % 2 ? other : t).expect(201);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => extend(subteam.key, `many-${i}`, { authorizedAmount: '1.00' }, i % 3 ? t : other)),
    );
    // 8.00 available covers eight increases of 0.90 (7.20), not nine (8.10).
    expect(results.filter((res) => res.status === 200)).toHaveLength(8);
    for (const res of results.filter((res) => res.status !== 200)) expectError(res, 402, 'insufficient_funds');
    expect(await walletOf(t, agency)).toMatchObject({ balance: '10.00', held: '9.20', available: '0.80' });
    await expectLedgerInvariant(t, agency);
  });

  it('never overcharges a call whose extensions and settles race each other across two processes', async () => {
    const { agency, subteam } = await setup('200.00');
    const calls = 12;
    for (let i = 0; i < calls; i++) await authorize(subteam, '1.00', `race-${i}`, i % 2 ? other : t).expect(201);

    // Per call: extensions to 2.00 … 9.00 and three settles of 7.50, all at once, in mixed order.
    const requests: Array<() => Promise<{ call: number; kind: string; status: number; body: any }>> = [];
    for (let i = 0; i < calls; i++) {
      for (let total = 2; total <= 9; total++) {
        requests.push(async () => {
          const res = await extend(subteam.key, `race-${i}`, { authorizedAmount: `${total}.00` }, total % 2 ? t : other);
          return { call: i, kind: 'extend', status: res.status, body: res.body };
        });
      }
      for (let k = 0; k < 3; k++) {
        requests.push(async () => {
          const res = await settle(subteam, `race-${i}`, '7.50', k % 2 ? t : other);
          return { call: i, kind: 'settle', status: res.status, body: res.body };
        });
      }
    }
    const shuffled = requests.map((request, index) => ({ request, order: (index * 7919) % requests.length })).sort((a, b) => a.order - b.order);
    const results = await Promise.all(shuffled.map(({ request }) => request()));

    // An extension arriving after a larger one is refused as lower (422), one after the settle as closed (409).
    const codes = new Set(results.map((r) => `${r.kind} ${r.status} ${r.body.error?.code ?? ''}`.trim()));
    for (const code of codes) {
      expect([
        'extend 200',
        'extend 422 validation_error',
        'extend 409 call_released',
        'settle 200',
        'settle 422 cost_exceeds_authorization',
      ]).toContain(code);
    }
    // A settle refused because the hold was still below 2.50 (7.50 − 5.00) is retried once the races are over.
    for (let i = 0; i < calls; i++) {
      const settled = results.find((r) => r.call === i && r.kind === 'settle' && r.status === 200);
      if (!settled) await settle(subteam, `race-${i}`, '7.50').expect(200);
    }
    for (let i = 0; i < calls; i++) {
      const res = await settle(subteam, `race-${i}`, '7.50').expect(200);
      expect(res.headers['idempotent-replayed']).toBe('true');
      expect(res.body.charged).toBe('7.50');
    }
    const entries = await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?type=usage&limit=200`).set(bearer(agency.ownerKey)).expect(200);
    expect(entries.body.data).toHaveLength(calls);
    expect(entries.body.data.every((e: { amount: string }) => e.amount === '-7.50')).toBe(true);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '110.00', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });
});
