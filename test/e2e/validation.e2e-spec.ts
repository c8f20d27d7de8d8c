import type { Response } from 'supertest';
import { expectClientError, expectError, moneySnapshot } from '../support/matrix';
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
} from '../support/test-app';

/** Money values that must be refused wherever a non-negative money string is expected. */
const BAD_MONEY: Array<[string, unknown]> = [
  ['a negative amount', '-1.00'],
  ['a non-numeric string', 'abc'],
  ['seven fraction digits', '1.0000001'],
  ['a huge amount', '99999999999999999'],
  ['a JSON number', 1.5],
  ['a JSON integer', 2],
  ['an array', ['1.00']],
  ['an object', { value: '1.00' }],
  ['a boolean', true],
  ['null', null],
  ['an empty string', ''],
  ['exponent notation', '1e3'],
  ['a hex string', '0x10'],
  ['surrounding spaces', ' 1.00 '],
  ['a comma decimal', '1,50'],
  ['a currency sign', '$1.00'],
  ['a trailing dot', '1.'],
  ['NaN', 'NaN'],
  ['Infinity', 'Infinity'],
];

const LONG_ID = 'x'.repeat(129);

describe('Validation: bad input is refused with 4xx and the SPEC error body; money never moves', () => {
  let t: TestApp;
  let agency: Agency;
  let subteam: Subteam;
  let baseline: Awaited<ReturnType<typeof moneySnapshot>>;
  let subteamsBaseline: unknown;
  const statuses: Array<{ route: string; status: number }> = [];

  /** Every response in this suite is recorded; a 5xx anywhere fails the suite. */
  const track = (route: string, res: Response) => {
    statuses.push({ route, status: res.status });
    return res;
  };

  const subteams = async () => (await t.http.get(`/v1/agencies/${agency.id}/subteams`).set(bearer(agency.ownerKey)).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    subteam = await createSubteam(t, agency, { dailySpendLimit: '50.00', monthlySpendLimit: '500.00' });
    await fund(t, agency, '100.00');
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'open-call', amount: '5.00' }).expect(201);
    baseline = await moneySnapshot(t, agency);
    expect(baseline.wallet).toMatchObject({ balance: '100.00', held: '5.00', available: '95.00' });
    subteamsBaseline = await subteams();
  });
  afterAll(() => t.close());
  afterEach(async () => {
    expect(await moneySnapshot(t, agency)).toEqual(baseline);
    expect(await subteams()).toEqual(subteamsBaseline);
    await expectLedgerInvariant(t, agency);
  });

  describe('POST /v1/calls/authorize', () => {
    const post = async (body: unknown) =>
      track(
        'authorize',
        await t.http
          .post('/v1/calls/authorize')
          .set(bearer(subteam.key))
          .send(body as object),
      );

    it.each(BAD_MONEY)('amount as %s → 422 validation_error', async (_label, amount) => {
      expectError(await post({ callId: 'bad-amount', amount }), 422, 'validation_error');
    });

    it('amount zero → 422', async () => {
      expectError(await post({ callId: 'zero-amount', amount: '0.00' }), 422, 'validation_error');
    });

    it.each<[string, unknown]>([
      ['missing callId', { amount: '1.00' }],
      ['missing amount', { callId: 'no-amount' }],
      ['an empty body object', {}],
      ['an empty callId', { callId: '', amount: '1.00' }],
      ['a 129-character callId', { callId: LONG_ID, amount: '1.00' }],
      ['a 10 000-character callId', { callId: 'y'.repeat(10_000), amount: '1.00' }],
      ['a callId with spaces', { callId: 'call with spaces', amount: '1.00' }],
      ['a non-ASCII callId', { callId: 'appel-été', amount: '1.00' }],
      ['a numeric callId', { callId: 12345, amount: '1.00' }],
      ['an array callId', { callId: ['a'], amount: '1.00' }],
      ['an object callId', { callId: { id: 'a' }, amount: '1.00' }],
      ['a boolean callId', { callId: true, amount: '1.00' }],
      ['a null callId', { callId: null, amount: '1.00' }],
      ['an unknown extra field', { callId: 'extra-field', amount: '1.00', priority: 'high' }],
      ['a non-uuid subteamId', { callId: 'bad-subteam', amount: '1.00', subteamId: 'not-a-uuid' }],
      ['an array body', [{ callId: 'array-body', amount: '1.00' }]],
    ])('%s → 422 validation_error with field details', async (_label, body) => {
      const res = await post(body);
      expectError(res, 422, 'validation_error');
      expect(res.body.error.details).toEqual({ fields: expect.arrayContaining([expect.objectContaining({ path: expect.any(String) })]) });
    });

    it('names the offending field in details', async () => {
      const res = await post({ callId: 'named-field', amount: 1.5 });
      expectError(res, 422, 'validation_error');
      expect(res.body.error.details.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'amount' })]));
    });

    it('a 128-character callId (the documented maximum) is accepted, and that call can be settled and released', async () => {
      // A separate agency, so that a failure here cannot leave a hold in the suite's wallet.
      const other = await createAgency(t);
      const otherSub = await createSubteam(t, other);
      await fund(t, other, '10.00');
      for (const length of [101, 128]) {
        const id = `${length}-`.padEnd(length, 'z');
        const res = track('authorize', await t.http.post('/v1/calls/authorize').set(bearer(otherSub.key)).send({ callId: id, amount: '1.00' }));
        expect(res.status).toBe(201);
        const settled = track('settle', await t.http.post(`/v1/calls/${id}/settle`).set(bearer(otherSub.key)).send({ cost: '0.40' }));
        expect({ length, status: settled.status, body: settled.body }).toEqual({
          length,
          status: 200,
          body: { callId: id, charged: '0.40', released: '0.60', balanceAfter: expect.any(String) },
        });
      }
      const id = 'r'.repeat(128);
      await t.http.post('/v1/calls/authorize').set(bearer(otherSub.key)).send({ callId: id, amount: '1.00' }).expect(201);
      const released = track('release', await t.http.post(`/v1/calls/${id}/release`).set(bearer(otherSub.key)).send({}));
      expect({ status: released.status, body: released.body }).toEqual({ status: 200, body: expect.objectContaining({ callId: id }) });
      const wallet = (await t.http.get(`/v1/agencies/${other.id}/wallet`).set(bearer(other.ownerKey)).expect(200)).body;
      expect(wallet).toMatchObject({ balance: '9.20', held: '0.00', available: '9.20' });
    });
  });

  describe('malformed requests', () => {
    const raw = async (path: string, text: string, contentType = 'application/json') =>
      track(`raw ${path}`, await t.http.post(path).set(bearer(subteam.key)).set('Content-Type', contentType).send(text));

    it.each<[string, string]>([
      ['truncated JSON', '{"callId": "malformed", "amount": '],
      ['single-quoted JSON', "{'callId': 'malformed', 'amount': '1.00'}"],
      ['plain text', 'callId=malformed&amount=1.00'],
      ['a trailing comma', '{"callId": "malformed", "amount": "1.00",}'],
      ['a bare string', '"1.00"'],
      ['null', 'null'],
      ['a number', '42'],
    ])('authorize with %s as application/json → 4xx validation_error', async (_label, text) => {
      expectClientError(await raw('/v1/calls/authorize', text), 'validation_error');
    });

    it('an empty body with content-type application/json → 4xx', async () => {
      expectClientError(await raw('/v1/calls/authorize', ''));
    });

    it('a JSON body sent as text/plain → 4xx', async () => {
      expectClientError(await raw('/v1/calls/authorize', '{"callId":"as-text","amount":"1.00"}', 'text/plain'));
    });

    it('malformed JSON on settle and usage → 4xx validation_error', async () => {
      expectClientError(await raw('/v1/calls/open-call/settle', '{"cost": "1.00"'), 'validation_error');
      expectClientError(await raw('/v1/usage', '{"amount": 1.00,, "reference": "x"}'), 'validation_error');
    });

    it('a body over the size limit → 4xx, not 5xx', async () => {
      const huge = JSON.stringify({ callId: 'huge', amount: '1.00', description: 'x'.repeat(2 * 1024 * 1024) });
      expectClientError(await raw('/v1/calls/authorize', huge));
    });
  });

  describe('POST /v1/calls/:callId/settle', () => {
    const settle = async (callId: string, body: unknown) =>
      track(
        'settle',
        await t.http
          .post(`/v1/calls/${callId}/settle`)
          .set(bearer(subteam.key))
          .send(body as object),
      );

    it.each(BAD_MONEY)('cost as %s → 422 validation_error, the hold stays open', async (_label, cost) => {
      expectError(await settle('open-call', { cost }), 422, 'validation_error');
    });

    it.each<[string, unknown]>([
      ['missing cost', {}],
      ['an unknown extra field', { cost: '1.00', tip: '0.50' }],
      ['a non-uuid subteamId', { cost: '1.00', subteamId: 12 }],
      ['an array body', [{ cost: '1.00' }]],
    ])('%s → 422 validation_error', async (_label, body) => {
      expectError(await settle('open-call', body), 422, 'validation_error');
    });

    it('an overly long callId in the path → 4xx', async () => {
      expectClientError(await settle(LONG_ID, { cost: '1.00' }));
    });

    it('an empty callId in the path → 4xx', async () => {
      expectClientError(await settle('', { cost: '1.00' }));
    });

    it('a callId that was never authorized → 404 not_found', async () => {
      expectError(await settle('never-authorized', { cost: '1.00' }), 404, 'not_found');
    });

    it('release with an overly long callId or an extra field → 4xx', async () => {
      expectClientError(track('release', await t.http.post(`/v1/calls/${LONG_ID}/release`).set(bearer(subteam.key)).send({})));
      expectError(
        track('release', await t.http.post('/v1/calls/open-call/release').set(bearer(subteam.key)).send({ reason: 'x' })),
        422,
        'validation_error',
      );
    });
  });

  describe('POST /v1/usage', () => {
    const usage = async (body: unknown) =>
      track(
        'usage',
        await t.http
          .post('/v1/usage')
          .set(bearer(subteam.key))
          .send(body as object),
      );

    it.each(BAD_MONEY)('amount as %s → 422 validation_error', async (_label, amount) => {
      expectError(await usage({ amount, reference: 'bad-usage' }), 422, 'validation_error');
    });

    it.each<[string, unknown]>([
      ['zero amount', { amount: '0', reference: 'zero-usage' }],
      ['missing reference', { amount: '1.00' }],
      ['missing amount', { reference: 'no-amount' }],
      ['an empty reference', { amount: '1.00', reference: '' }],
      ['an overly long reference', { amount: '1.00', reference: LONG_ID }],
      ['a numeric reference', { amount: '1.00', reference: 7 }],
      ['an object reference', { amount: '1.00', reference: { id: 'x' } }],
      ['a numeric description', { amount: '1.00', reference: 'desc-num', description: 5 }],
      ['an overly long description', { amount: '1.00', reference: 'desc-long', description: 'd'.repeat(501) }],
      ['an unknown extra field', { amount: '1.00', reference: 'extra', currency: 'USD' }],
      ['a boolean body field', { amount: '1.00', reference: 'bool', description: false }],
    ])('%s → 422 validation_error', async (_label, body) => {
      expectError(await usage(body), 422, 'validation_error');
    });
  });

  describe('POST /v1/support/agencies/:agencyId/adjustments', () => {
    let n = 0;
    const adjust = async (body: unknown, agencyId = agency.id) =>
      track(
        'adjustment',
        await t.http
          .post(`/v1/support/agencies/${agencyId}/adjustments`)
          .set(bearer(ADMIN_KEY))
          .set('Idempotency-Key', `validation-${++n}-${Date.now()}`)
          .send(body as object),
      );

    it.each(BAD_MONEY.filter(([label]) => label !== 'a negative amount'))('amount as %s → 422 validation_error', async (_label, amount) => {
      expectError(await adjust({ amount, reason: 'Validation test' }), 422, 'validation_error');
    });

    it.each<[string, unknown]>([
      ['a zero amount', { amount: '0.00', reason: 'Zero' }],
      ['a negative zero amount', { amount: '-0', reason: 'Zero' }],
      ['seven fraction digits, negative', { amount: '-1.0000001', reason: 'Too precise' }],
      ['a huge negative amount', { amount: '-99999999999999999', reason: 'Too big' }],
      ['missing reason', { amount: '1.00' }],
      ['an empty reason', { amount: '1.00', reason: '' }],
      ['a whitespace reason', { amount: '1.00', reason: '    ' }],
      ['a numeric reason', { amount: '1.00', reason: 42 }],
      ['an array reason', { amount: '1.00', reason: ['a', 'b', 'c'] }],
      ['missing amount', { reason: 'No amount' }],
      ['an unknown extra field', { amount: '1.00', reason: 'Extra', type: 'refund' }],
    ])('%s → 422 validation_error', async (_label, body) => {
      expectError(await adjust(body), 422, 'validation_error');
    });

    it('a non-uuid agency id in the path → 4xx, not 5xx', async () => {
      expectClientError(await adjust({ amount: '1.00', reason: 'Bad id' }, 'not-a-uuid'));
      expectClientError(await adjust({ amount: '1.00', reason: 'Bad id' }, '1'));
    });

    it('an unknown agency id → 404 not_found', async () => {
      expectError(await adjust({ amount: '1.00', reason: 'Nobody' }, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    });
  });

  describe('PATCH /v1/agencies/:agencyId/subteams/:subteamId', () => {
    const patch = async (body: unknown) =>
      track(
        'patch subteam',
        await t.http
          .patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`)
          .set(bearer(agency.ownerKey))
          .send(body as object),
      );

    it.each(BAD_MONEY.filter(([label]) => label !== 'null'))('dailySpendLimit as %s → 422 and the subteam is unchanged', async (_label, value) => {
      expectError(await patch({ dailySpendLimit: value }), 422, 'validation_error');
    });

    it.each(BAD_MONEY.filter(([label]) => label !== 'null'))('monthlySpendLimit as %s → 422', async (_label, value) => {
      expectError(await patch({ monthlySpendLimit: value }), 422, 'validation_error');
    });

    it.each<[string, unknown]>([
      ['paused as a string', { paused: 'true' }],
      ['paused as a number', { paused: 1 }],
      ['an empty name', { name: '' }],
      ['a numeric name', { name: 5 }],
      ['an unknown field', { agencyId: '00000000-0000-4000-8000-000000000000' }],
      ['one good and one bad field', { name: 'Renamed', dailySpendLimit: '-5.00' }],
      ['an array body', [{ paused: true }]],
    ])('%s → 422 and nothing changes', async (_label, body) => {
      expectError(await patch(body), 422, 'validation_error');
    });

    it('a non-uuid subteam id → 4xx', async () => {
      expectClientError(
        track(
          'patch subteam',
          await t.http.patch(`/v1/agencies/${agency.id}/subteams/not-a-uuid`).set(bearer(agency.ownerKey)).send({ paused: true }),
        ),
      );
    });
  });

  describe('non-uuid ids and bad query strings', () => {
    const paths = [
      '/v1/agencies/not-a-uuid',
      '/v1/agencies/12345',
      `/v1/agencies/${encodeURIComponent("'; drop table agencies; --")}`,
      '/v1/agencies/00000000-0000-0000-0000-00000000000g',
      '/v1/agencies/not-a-uuid/wallet',
      '/v1/agencies/not-a-uuid/wallet/entries',
      '/v1/agencies/not-a-uuid/subteams',
    ];

    it.each(paths)('GET %s → 4xx for admin and owner alike', async (path) => {
      for (const key of [ADMIN_KEY, agency.ownerKey]) {
        expectClientError(track(`GET ${path}`, await t.http.get(path).set(bearer(key))));
      }
    });

    it('a malformed percent-encoding in the path → 4xx with the SPEC error body', async () => {
      expectClientError(track('GET %zz', await t.http.get('/v1/agencies/%zz').set(bearer(ADMIN_KEY))));
      expectClientError(track('settle %zz', await t.http.post('/v1/calls/%zz/settle').set(bearer(subteam.key)).send({ cost: '1.00' })));
    });

    it('PATCH /v1/agencies/not-a-uuid → 4xx', async () => {
      expectClientError(track('PATCH agency', await t.http.patch('/v1/agencies/not-a-uuid').set(bearer(ADMIN_KEY)).send({ name: 'x' })));
      expectClientError(track('POST subteams', await t.http.post('/v1/agencies/not-a-uuid/subteams').set(bearer(ADMIN_KEY)).send({ name: 'x' })));
    });

    it.each([
      'limit=abc',
      'limit=0',
      'limit=-1',
      'limit=100000',
      'limit=1.5',
      'cursor=abc',
      'cursor=-1',
      'cursor=99999999999999999999999',
      'type=bogus',
      'subteamId=not-a-uuid',
      'unknown=1',
    ])('GET wallet entries?%s → 422 validation_error', async (query) => {
      const res = track(`entries?${query}`, await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?${query}`).set(bearer(agency.ownerKey)));
      expectError(res, 422, 'validation_error');
    });

    it.each([
      '/v1/support/agencies',
      '/v1/support/agencies?query=',
      `/v1/support/agencies?query=${'q'.repeat(201)}`,
      '/v1/support/agencies?query=x&limit=0',
      '/v1/support/audit-log?agencyId=not-a-uuid',
      '/v1/support/audit-log?cursor=abc',
      '/v1/support/audit-log?limit=1000',
    ])('GET %s → 422 validation_error', async (path) => {
      expectError(track(path, await t.http.get(path).set(bearer(ADMIN_KEY))), 422, 'validation_error');
    });

    it.each(['from=yesterday', 'to=2024-13-40', 'from=2024-02-10&to=2024-02-01', 'extra=1'])('GET /v1/subteams/me/usage?%s → 422', async (query) => {
      expectError(track(`usage?${query}`, await t.http.get(`/v1/subteams/me/usage?${query}`).set(bearer(subteam.key))), 422, 'validation_error');
    });
  });

  it('no request in this suite answered 5xx', () => {
    expect(statuses.length).toBeGreaterThan(100);
    expect(statuses.filter((s) => s.status >= 500)).toEqual([]);
  });
});
