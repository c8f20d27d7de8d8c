import { auditLogOf, expectError, moneySnapshot } from '../support/matrix';
import {
  ADMIN_KEY,
  type Agency,
  type Subteam,
  type TestApp,
  bearer,
  createAgency,
  createSubteam,
  expectLedgerInvariant,
  startTestApp,
  walletOf,
} from '../support/test-app';

interface Entry {
  id: string;
  walletId: string;
  type: string;
  amount: string;
  balanceAfter: string;
  reference: string;
  description: string | null;
}

describe('Support adjustments: idempotent, audited, signed', () => {
  let t: TestApp;
  let agency: Agency;
  let subteam: Subteam;
  let support: { id: string; email: string; apiKey: string };
  let keyCounter = 0;
  const newKey = (label: string) => `${label}-${Date.now()}-${++keyCounter}`;

  const adjust = (body: unknown, key: string | undefined, apiKey = ADMIN_KEY, agencyId = agency.id) => {
    const req = t.http.post(`/v1/support/agencies/${agencyId}/adjustments`).set(bearer(apiKey));
    if (key !== undefined) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };

  const adjustmentEntries = async (a: Agency = agency): Promise<Entry[]> => {
    const res = await t.http.get(`/v1/agencies/${a.id}/wallet/entries?type=adjustment&limit=200`).set(bearer(a.ownerKey)).expect(200);
    return res.body.data;
  };

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    subteam = await createSubteam(t, agency);
    const res = await t.http
      .post('/v1/support-users')
      .set(bearer(ADMIN_KEY))
      .send({ email: `adjuster-${Date.now()}@wallet.test` })
      .expect(201);
    support = res.body;
  });
  afterAll(() => t.close());
  afterEach(() => expectLedgerInvariant(t, agency));

  it('a positive adjustment credits the wallet: 201 with the ledger entry', async () => {
    const before = await walletOf(t, agency);
    expect(before.balance).toBe('0.00');
    const res = await adjust({ amount: '120.00', reason: 'Goodwill credit for outage' }, newKey('credit'), support.apiKey);
    expect(res.status).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(res.body).toMatchObject({
      id: expect.any(String),
      walletId: agency.walletId,
      type: 'adjustment',
      amount: '120.00',
      balanceAfter: '120.00',
      description: 'Goodwill credit for outage',
    });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '120.00', held: '0.00', available: '120.00' });
    expect((await adjustmentEntries()).map((e) => e.id)).toEqual([res.body.id]);
  });

  it('a negative adjustment debits the wallet', async () => {
    const before = await walletOf(t, agency);
    expect(before.balance).toBe('120.00');
    const res = await adjust({ amount: '-30.50', reason: 'Reverse duplicate credit' }, newKey('debit'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'adjustment', amount: '-30.50', balanceAfter: '89.50' });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '89.50', available: '89.50' });
    const entries = await adjustmentEntries();
    expect(entries.find((e) => e.id === res.body.id)).toMatchObject({ amount: '-30.50', balanceAfter: '89.50' });
  });

  it('sub-cent precision is kept exactly', async () => {
    const res = await adjust({ amount: '0.000001', reason: 'Smallest unit' }, newKey('micro'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ amount: '0.000001', balanceAfter: '89.500001' });
    const back = await adjust({ amount: '-0.000001', reason: 'Smallest unit back' }, newKey('micro'));
    expect(back.body).toMatchObject({ amount: '-0.000001', balanceAfter: '89.50' });
  });

  it('a missing Idempotency-Key → 422 validation_error and nothing moves', async () => {
    const before = await moneySnapshot(t, agency);
    expectError(await adjust({ amount: '10.00', reason: 'No key' }, undefined), 422, 'validation_error');
    expectError(await adjust({ amount: '10.00', reason: 'Empty key' }, ''), 422, 'validation_error');
    expect(await moneySnapshot(t, agency)).toEqual(before);
  });

  it('an over-long or non-printable Idempotency-Key → 422 validation_error', async () => {
    const before = await moneySnapshot(t, agency);
    expectError(await adjust({ amount: '10.00', reason: 'Long key' }, 'k'.repeat(256)), 422, 'validation_error');
    expectError(await adjust({ amount: '10.00', reason: 'Spaced key' }, 'has spaces in it'), 422, 'validation_error');
    expect(await moneySnapshot(t, agency)).toEqual(before);
  });

  it('the same key and the same body replays the first response with Idempotent-Replayed: true; one entry only', async () => {
    const key = newKey('replay');
    const body = { amount: '15.25', reason: 'Replay me' };
    const countBefore = (await adjustmentEntries()).length;
    const first = await adjust(body, key);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const afterFirst = await moneySnapshot(t, agency);

    const second = await adjust(body, key);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);

    // A different support user replaying the same key still gets the stored response.
    const third = await adjust(body, key, support.apiKey);
    expect(third.status).toBe(201);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.body).toEqual(first.body);

    expect(await moneySnapshot(t, agency)).toEqual(afterFirst);
    const entries = await adjustmentEntries();
    expect(entries.length).toBe(countBefore + 1);
    expect(entries.filter((e) => e.id === first.body.id)).toHaveLength(1);
  });

  it('the same key with a different body → 409 idempotency_conflict and nothing moves', async () => {
    const key = newKey('conflict');
    const first = await adjust({ amount: '5.00', reason: 'Original' }, key);
    expect(first.status).toBe(201);
    const before = await moneySnapshot(t, agency);

    expectError(await adjust({ amount: '50.00', reason: 'Original' }, key), 409, 'idempotency_conflict');
    expectError(await adjust({ amount: '5.00', reason: 'Changed reason' }, key), 409, 'idempotency_conflict');
    expectError(await adjust({ amount: '-5.00', reason: 'Original' }, key), 409, 'idempotency_conflict');

    expect(await moneySnapshot(t, agency)).toEqual(before);
    // The original still replays.
    const again = await adjust({ amount: '5.00', reason: 'Original' }, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  it('an Idempotency-Key used on one agency does not collide with the same key on another agency', async () => {
    const other = await createAgency(t);
    const key = newKey('shared');
    const mine = await adjust({ amount: '1.00', reason: 'Same key, agency one' }, key);
    const theirs = await adjust({ amount: '2.00', reason: 'Same key, agency two' }, key, ADMIN_KEY, other.id);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body).toMatchObject({ walletId: other.walletId, amount: '2.00', balanceAfter: '2.00' });
    expect(await walletOf(t, other)).toMatchObject({ balance: '2.00' });
  });

  it('100 concurrent identical requests: all 201 with the same entry, one ledger entry, balance moved once', async () => {
    const key = newKey('stampede');
    const body = { amount: '7.77', reason: 'Concurrent credit' };
    const before = await walletOf(t, agency);
    const countBefore = (await adjustmentEntries()).length;

    const responses = await Promise.all(Array.from({ length: 100 }, () => adjust(body, key)));

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    for (const res of responses) expect(res.body).toEqual(responses[0].body);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(99);

    const entries = await adjustmentEntries();
    expect(entries.length).toBe(countBefore + 1);
    const after = await walletOf(t, agency);
    expect(toMicros(after.balance) - toMicros(before.balance)).toBe(7_770_000n);
    expect(responses[0].body.balanceAfter).toBe(after.balance);
  });

  it.each<[string, unknown]>([
    ['zero', { amount: '0', reason: 'Nothing' }],
    ['zero with decimals', { amount: '0.00', reason: 'Nothing' }],
    ['missing reason', { amount: '1.00' }],
    ['an empty reason', { amount: '1.00', reason: '' }],
    ['a blank reason', { amount: '1.00', reason: '   ' }],
    ['a JSON number amount', { amount: 1, reason: 'Number' }],
  ])('%s → 422 validation_error and nothing moves', async (_label, body) => {
    const before = await moneySnapshot(t, agency);
    expectError(await adjust(body, newKey('invalid')), 422, 'validation_error');
    expect(await moneySnapshot(t, agency)).toEqual(before);
  });

  it('an invalid request does not burn its Idempotency-Key: the corrected request with the same key succeeds', async () => {
    const key = newKey('burn');
    expectError(await adjust({ amount: '0', reason: 'Oops' }, key), 422, 'validation_error');
    const fixed = await adjust({ amount: '3.00', reason: 'Corrected' }, key);
    expect(fixed.status).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('owner and subteam keys → 403 forbidden and nothing moves', async () => {
    const before = await moneySnapshot(t, agency);
    expectError(await adjust({ amount: '1000.00', reason: 'Self-service credit' }, newKey('owner'), agency.ownerKey), 403, 'forbidden');
    expectError(await adjust({ amount: '1000.00', reason: 'Self-service credit' }, newKey('sub'), subteam.key), 403, 'forbidden');
    expect(await moneySnapshot(t, agency)).toEqual(before);
  });

  it('an adjustment on an unknown agency → 404 not_found', async () => {
    expectError(
      await adjust({ amount: '1.00', reason: 'Ghost agency' }, newKey('ghost'), ADMIN_KEY, '00000000-0000-4000-8000-000000000000'),
      404,
      'not_found',
    );
  });

  it('the audit log records the actor, the reason, and the balance before and after', async () => {
    const before = await walletOf(t, agency);
    const reason = `Chargeback goodwill ${Date.now()}`;
    const res = await adjust({ amount: '-2.25', reason }, newKey('audited'), support.apiKey);
    expect(res.status).toBe(201);

    const log = await auditLogOf(t, agency.id);
    const entry = log.find((e) => e.reason === reason);
    expect(entry).toBeDefined();
    expect(entry).toMatchObject({
      actorRole: 'support',
      actorId: expect.any(String),
      agencyId: agency.id,
      action: expect.stringMatching(/adjust/),
      reason,
      before: expect.objectContaining({ balance: before.balance }),
      after: expect.objectContaining({ balance: res.body.balanceAfter, amount: '-2.25' }),
    });
    expect(Number.isNaN(Date.parse(entry!.createdAt))).toBe(false);

    // The actor is identifiable as the support user who posted it (by the id or the email that
    // POST /v1/support-users returned), and ?actor= finds the entry by that identity.
    expect([support.id, support.email]).toContain(entry!.actorId);
    const found: Array<string | null> = [];
    for (const actor of [support.id, support.email]) {
      const byActor = await t.http.get('/v1/support/audit-log').query({ agencyId: agency.id, actor }).set(bearer(ADMIN_KEY)).expect(200);
      found.push(...byActor.body.data.map((e: { reason: string | null }) => e.reason));
    }
    expect(found).toContain(reason);
  });

  it('a replayed adjustment is audited once', async () => {
    const reason = `Audited once ${Date.now()}`;
    const key = newKey('audit-once');
    await adjust({ amount: '1.00', reason }, key).expect(201);
    await adjust({ amount: '1.00', reason }, key).expect(201);
    const log = await auditLogOf(t, agency.id);
    expect(log.filter((e) => e.reason === reason && /adjust/.test(e.action))).toHaveLength(1);
  });
});

function toMicros(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = value.replace('-', '').split('.');
  const micros = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
  return negative ? -micros : micros;
}
