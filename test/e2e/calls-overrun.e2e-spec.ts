import { MetricsService } from '../../src/health/metrics.service';
import { auditLogOf, expectError } from '../support/matrix';
import {
  ADMIN_KEY,
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

/**
 * A call may cost more than its hold, but only by the agency's `maxCallOverrun`: within it the
 * cost is charged in full (the call happened), recorded as an overrun and counted against the
 * subteam's limits; beyond it nothing is charged and the hold stays open.
 */
describe('Calls: costs above the hold', () => {
  let t: TestApp;
  let seq = 0;
  beforeAll(async () => {
    // No pause after another writer's change: the next call tries known state again at once.
    t = await startTestApp({ BATCH_CONTENTION_BACKOFF_MS: '0' });
  });
  afterAll(() => t.close());

  const authorize = (subteam: Subteam, amount: string, callId = `o-${++seq}`) =>
    t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount });
  const settle = (subteam: Subteam, callId: string, cost: string) =>
    t.http.post(`/v1/calls/${callId}/settle`).set(bearer(subteam.key)).send({ cost });
  const patchAgency = (agency: Agency, key: string, body: Record<string, unknown>) =>
    t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(key)).send(body);
  const lastEntry = async (agency: Agency) =>
    (await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?limit=1`).set(bearer(agency.ownerKey)).expect(200)).body.data[0];
  async function knownBatches(): Promise<number> {
    const metric = await t.app.get(MetricsService).ledgerBatches.get();
    return metric.values.find((v) => v.labels.path === 'known')?.value ?? 0;
  }

  async function setup(balance: string, subteamBody: Record<string, unknown> = {}) {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency, subteamBody);
    await fund(t, agency, balance);
    return { agency, subteam };
  }

  describe('the agency setting maxCallOverrun', () => {
    let agency: Agency;
    beforeAll(async () => {
      agency = await createAgency(t);
    });

    it('defaults to 5.00 and is read by owner, admin and support', async () => {
      for (const key of [agency.ownerKey, ADMIN_KEY]) {
        const got = await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(key)).expect(200);
        expect(got.body.maxCallOverrun).toBe('5.00');
      }
    });

    it('is set by the owner and by the admin, and audited', async () => {
      const byOwner = await patchAgency(agency, agency.ownerKey, { maxCallOverrun: '0.75' }).expect(200);
      expect(byOwner.body.maxCallOverrun).toBe('0.75');
      expect((await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200)).body.maxCallOverrun).toBe('0.75');
      const byAdmin = await patchAgency(agency, ADMIN_KEY, { maxCallOverrun: '0' }).expect(200);
      expect(byAdmin.body.maxCallOverrun).toBe('0.00');

      const audit = await auditLogOf(t, agency.id);
      expect(audit).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'agency.updated', before: { maxCallOverrun: '5.00' }, after: { maxCallOverrun: '0.75' } }),
          expect.objectContaining({ action: 'agency.updated', before: { maxCallOverrun: '0.75' }, after: { maxCallOverrun: '0.00' } }),
        ]),
      );
    });

    it.each<[string, unknown]>([
      ['a negative amount', '-1.00'],
      ['a JSON number', 5],
      ['more than 6 fraction digits', '0.0000001'],
      ['not a number', 'lots'],
      ['above 1000.00', '1000.01'],
      ['null', null],
    ])('refuses %s with 422 validation_error and changes nothing', async (_label, value) => {
      const before = (await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200)).body;
      const res = await patchAgency(agency, agency.ownerKey, { maxCallOverrun: value });
      expectError(res, 422, 'validation_error');
      expect(res.body.error.details.fields).toEqual([expect.objectContaining({ path: 'maxCallOverrun' })]);
      expect((await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200)).body).toEqual(before);
    });

    it('may not be set by a subteam or support key, nor by another agency', async () => {
      const subteam = await createSubteam(t, agency);
      const other = await createAgency(t);
      const support = await t.http
        .post('/v1/support-users')
        .set(bearer(ADMIN_KEY))
        .send({ email: `s-${Date.now()}@overrun.test` })
        .expect(201);
      expectError(await patchAgency(agency, subteam.key, { maxCallOverrun: '100.00' }), 403, 'forbidden');
      expectError(await patchAgency(agency, support.body.apiKey, { maxCallOverrun: '100.00' }), 403, 'forbidden');
      expectError(await patchAgency(agency, other.ownerKey, { maxCallOverrun: '100.00' }), 404, 'not_found');
      expect((await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200)).body.maxCallOverrun).toBe('0.00');
    });
  });

  it('charges a cost up to the hold plus maxCallOverrun in full, and records the overrun in the entry', async () => {
    const { agency, subteam } = await setup('20.00');
    await authorize(subteam, '1.00', 'within').expect(201);
    const settled = await settle(subteam, 'within', '6.00').expect(200);
    expect(settled.body).toEqual({ callId: 'within', charged: '6.00', released: '0.00', balanceAfter: '14.00' });
    expect(await lastEntry(agency)).toMatchObject({
      type: 'usage',
      source: 'call',
      reference: 'within',
      amount: '-6.00',
      overrun: '5.00',
      description: expect.stringContaining('5.00 above its hold of 1.00'),
    });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '14.00', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('refuses a cost beyond it with 422 cost_exceeds_authorization: nothing charged, the hold stays open, a later settle works', async () => {
    const { agency, subteam } = await setup('20.00');
    await authorize(subteam, '1.00', 'beyond').expect(201);
    const before = await walletOf(t, agency);
    const refused = await settle(subteam, 'beyond', '6.01');
    expectError(refused, 422, 'cost_exceeds_authorization');
    expect(refused.body.error.details).toEqual({ callId: 'beyond', authorized: '1.00', cost: '6.01', maxOverrun: '5.00' });
    expect(await walletOf(t, agency)).toEqual(before);
    expect(before).toMatchObject({ held: '1.00', balance: '20.00' });

    // The refusal was not recorded as the call's settlement: a settle within the allowance goes through.
    const settled = await settle(subteam, 'beyond', '2.50').expect(200);
    expect(settled.body).toMatchObject({ charged: '2.50', released: '0.00', balanceAfter: '17.50' });
    await expectLedgerInvariant(t, agency);
  });

  it("uses the agency's own allowance, changed while the writer knows the wallet", async () => {
    const { agency, subteam } = await setup('20.00');
    await authorize(subteam, '1.00', 'warm-1').expect(201);
    await settle(subteam, 'warm-1', '0.10').expect(200);
    await authorize(subteam, '1.00', 'tight').expect(201);

    await patchAgency(agency, agency.ownerKey, { maxCallOverrun: '0.20' }).expect(200);
    const refused = await settle(subteam, 'tight', '1.21');
    expectError(refused, 422, 'cost_exceeds_authorization');
    expect(refused.body.error.details).toMatchObject({ maxOverrun: '0.20' });

    // Once known again, the next settle is written in one round trip with the new allowance.
    await settle(subteam, 'tight', '1.20').expect(200);
    await authorize(subteam, '1.00', 'tight-2').expect(201);
    const before = await knownBatches();
    expectError(await settle(subteam, 'tight-2', '1.21'), 422, 'cost_exceeds_authorization');
    expect(await knownBatches()).toBe(before + 1);
    await patchAgency(agency, ADMIN_KEY, { maxCallOverrun: '0' }).expect(200);
    expectError(await settle(subteam, 'tight-2', '1.01'), 422, 'cost_exceeds_authorization');
    await settle(subteam, 'tight-2', '1.00').expect(200);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '17.70', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('charges an overrun the available funds do not cover, going negative by that much only, and refuses new calls until funded', async () => {
    const { agency, subteam } = await setup('3.00');
    await authorize(subteam, '1.00', 'covered').expect(201);
    await authorize(subteam, '2.00', 'short').expect(201);
    const settled = await settle(subteam, 'short', '4.50').expect(200);
    expect(settled.body).toMatchObject({ charged: '4.50', balanceAfter: '-1.50' });
    // The other call's hold is untouched: its call may still settle in full.
    expect(await walletOf(t, agency)).toMatchObject({ balance: '-1.50', held: '1.00', available: '-2.50', status: 'depleted' });
    expectError(await authorize(subteam, '0.01'), 402, 'insufficient_funds');
    await settle(subteam, 'covered', '1.00').expect(200);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '-2.50', held: '0.00' });

    await fund(t, agency, '5.00');
    await authorize(subteam, '2.50').expect(201);
    await expectLedgerInvariant(t, agency);
  });

  it("counts the overrun against the subteam's daily spend, so the next call is refused", async () => {
    const { agency, subteam } = await setup('50.00', { dailySpendLimit: '3.00' });
    await authorize(subteam, '2.00', 'limited').expect(201);
    await settle(subteam, 'limited', '3.50').expect(200);
    const usage = await t.http.get('/v1/subteams/me/usage').set(bearer(subteam.key)).expect(200);
    expect(usage.body.total).toBe('3.50');
    const refused = await authorize(subteam, '0.01');
    expectError(refused, 402, 'spend_limit_exceeded');
    expect(refused.body.error.details).toMatchObject({ window: 'daily', limit: '3.00', spent: '3.50' });
    await expectLedgerInvariant(t, agency);
  });
});
