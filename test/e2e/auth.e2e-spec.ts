import type { Response } from 'supertest';
import { expectError, tenantSnapshot } from '../support/matrix';
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

type Method = 'get' | 'post' | 'patch';

async function call(t: TestApp, method: Method, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  const req = t.http[method](path).set(headers);
  return body === undefined ? req : req.send(body as object);
}

describe('Authentication, roles and tenancy', () => {
  let t: TestApp;
  let a: Agency;
  let b: Agency;
  let aSub: Subteam;
  let aSibling: Subteam;
  let bSub: Subteam;
  let support: { id: string; apiKey: string };

  beforeAll(async () => {
    t = await startTestApp();
    a = await createAgency(t);
    b = await createAgency(t);
    aSub = await createSubteam(t, a);
    aSibling = await createSubteam(t, a);
    bSub = await createSubteam(t, b);
    await fund(t, a, '50.00');
    await fund(t, b, '80.00');
    const res = await t.http
      .post('/v1/support-users')
      .set(bearer(ADMIN_KEY))
      .send({ email: `auth-support-${Date.now()}@wallet.test` })
      .expect(201);
    support = res.body;
  });
  afterAll(() => t.close());
  afterEach(async () => {
    await expectLedgerInvariant(t, a);
    await expectLedgerInvariant(t, b);
  });

  describe('401 unauthorized', () => {
    const routes = (): Array<[Method, string, unknown?]> => [
      ['get', `/v1/agencies/${a.id}`],
      ['patch', `/v1/agencies/${a.id}`, { name: 'x' }],
      ['get', `/v1/agencies/${a.id}/wallet`],
      ['post', '/v1/calls/authorize', { callId: 'unauth-call', amount: '1.00' }],
      ['post', '/v1/agencies', { name: 'x', ownerEmail: 'x@y.test' }],
      ['get', '/v1/support/agencies?query=x'],
      ['post', `/v1/support/agencies/${a.id}/adjustments`, { amount: '1.00', reason: 'nope' }],
    ];
    const badHeaders: Array<[string, Record<string, string>]> = [
      ['no Authorization header', {}],
      ['a Basic scheme', { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['the key without a scheme', { Authorization: ADMIN_KEY }],
      ['Bearer with no key', { Authorization: 'Bearer ' }],
      ['Bearer with two tokens', { Authorization: `Bearer ${ADMIN_KEY} extra` }],
      ['an unknown key', { Authorization: 'Bearer aw_owner_thisKeyWasNeverIssued000000000' }],
      ['a truncated real key', { Authorization: `Bearer ${ADMIN_KEY.slice(0, -1)}` }],
    ];

    it.each(badHeaders)('%s → 401 unauthorized on every protected route, and nothing moves', async (_label, headers) => {
      const before = await walletOf(t, a);
      for (const [method, path, body] of routes()) {
        const res = await call(t, method, path, { 'Idempotency-Key': `unauth-${Math.random()}`, ...headers }, body);
        expect({ route: `${method.toUpperCase()} ${path}`, status: res.status }).toEqual({
          route: `${method.toUpperCase()} ${path}`,
          status: 401,
        });
        expectError(res, 401, 'unauthorized');
      }
      expect(await walletOf(t, a)).toEqual(before);
    });

    it('an unknown key on another tenant’s id is still 401, not 404', async () => {
      const res = await t.http.get(`/v1/agencies/${b.id}`).set(bearer('aw_owner_unknown_unknown_unknown_0000'));
      expectError(res, 401, 'unauthorized');
    });
  });

  describe('403 forbidden: right key, wrong role', () => {
    it.each<[string, Method, () => string, unknown?]>([
      ['GET agency', 'get', () => `/v1/agencies/${a.id}`, undefined],
      ['PATCH agency', 'patch', () => `/v1/agencies/${a.id}`, { name: 'By subteam' }],
      ['POST subteams', 'post', () => `/v1/agencies/${a.id}/subteams`, { name: 'By subteam' }],
      ['GET subteams', 'get', () => `/v1/agencies/${a.id}/subteams`, undefined],
      ['PATCH own subteam', 'patch', () => `/v1/agencies/${a.id}/subteams/${aSub.id}`, { dailySpendLimit: null }],
      ['GET wallet', 'get', () => `/v1/agencies/${a.id}/wallet`, undefined],
      ['GET wallet entries', 'get', () => `/v1/agencies/${a.id}/wallet/entries`, undefined],
      ['POST agencies', 'post', () => '/v1/agencies', { name: 'x', ownerEmail: 'x@y.test' }],
      ['GET support search', 'get', () => '/v1/support/agencies?query=x', undefined],
    ])('a subteam key on %s of its own agency → 403 forbidden', async (_label, method, path, body) => {
      const before = await tenantSnapshot(t, a);
      const res = await call(t, method, path(), bearer(aSub.key), body);
      expectError(res, 403, 'forbidden');
      expect(await tenantSnapshot(t, a)).toEqual(before);
    });

    it.each<[string, Method, () => string, unknown?]>([
      ['POST /v1/agencies', 'post', () => '/v1/agencies', { name: 'Owner-made', ownerEmail: 'o@y.test' }],
      ['POST /v1/support-users', 'post', () => '/v1/support-users', { email: `owner-made-${Date.now()}@y.test` }],
      ['GET /v1/support/agencies', 'get', () => '/v1/support/agencies?query=Agency', undefined],
      ['GET /v1/support/audit-log', 'get', () => `/v1/support/audit-log?agencyId=${a.id}`, undefined],
      ['POST adjustments on its own agency', 'post', () => `/v1/support/agencies/${a.id}/adjustments`, { amount: '1000.00', reason: 'Free money' }],
    ])('an owner key on %s → 403 forbidden', async (_label, method, path, body) => {
      const before = await walletOf(t, a);
      const res = await call(t, method, path(), { ...bearer(a.ownerKey), 'Idempotency-Key': `owner-403-${Math.random()}` }, body);
      expectError(res, 403, 'forbidden');
      expect(await walletOf(t, a)).toEqual(before);
    });

    it('an owner key cannot mint agencies or support users (nothing is created)', async () => {
      const email = `owner-minted-${Date.now()}@y.test`;
      expectError(await t.http.post('/v1/support-users').set(bearer(a.ownerKey)).send({ email }), 403, 'forbidden');
      // The admin can still create that email: the refused request left nothing behind.
      await t.http.post('/v1/support-users').set(bearer(ADMIN_KEY)).send({ email }).expect(201);
    });

    it.each<[string, () => string, unknown]>([
      ['authorize', () => '/v1/calls/authorize', { callId: 'support-call', amount: '1.00', subteamId: undefined }],
      ['settle', () => '/v1/calls/auth-open-a/settle', { cost: '0.10' }],
      ['release', () => '/v1/calls/auth-open-a/release', {}],
      ['usage', () => '/v1/usage', { amount: '1.00', reference: 'support-usage' }],
    ])('a support key on calls %s → 403 forbidden', async (_label, path, body) => {
      const res = await t.http
        .post(path())
        .set(bearer(support.apiKey))
        .send(body as object);
      expectError(res, 403, 'forbidden');
    });

    it('a support key on GET /v1/subteams/me/usage → 403', async () => {
      expectError(await t.http.get('/v1/subteams/me/usage').set(bearer(support.apiKey)), 403, 'forbidden');
    });
  });

  describe('cross-tenant matrix: agency A’s keys against agency B', () => {
    let bBefore: Awaited<ReturnType<typeof tenantSnapshot>>;

    beforeAll(async () => {
      // Open calls in B that A will try to touch, and one in A for reference.
      await t.http.post('/v1/calls/authorize').set(bearer(bSub.key)).send({ callId: 'b-call-1', amount: '4.00' }).expect(201);
      await t.http.post('/v1/calls/authorize').set(bearer(bSub.key)).send({ callId: 'b-call-2', amount: '3.00' }).expect(201);
      bBefore = await tenantSnapshot(t, b);
      expect(bBefore.wallet).toMatchObject({ balance: '80.00', held: '7.00', available: '73.00' });
    });

    const ownerRoutes = (): Array<[string, Method, string, unknown?]> => [
      ['GET agency', 'get', `/v1/agencies/${b.id}`],
      ['PATCH agency', 'patch', `/v1/agencies/${b.id}`, { name: 'Taken over', paused: true, billingEmails: ['evil@x.test'] }],
      ['POST subteams', 'post', `/v1/agencies/${b.id}/subteams`, { name: 'Implant' }],
      ['GET subteams', 'get', `/v1/agencies/${b.id}/subteams`],
      ['PATCH subteam', 'patch', `/v1/agencies/${b.id}/subteams/${bSub.id}`, { paused: true, dailySpendLimit: '0.01' }],
      ['GET wallet', 'get', `/v1/agencies/${b.id}/wallet`],
      ['GET wallet entries', 'get', `/v1/agencies/${b.id}/wallet/entries`],
      ['GET wallet entries for B’s subteam', 'get', `/v1/agencies/${b.id}/wallet/entries?subteamId=${bSub.id}`],
    ];

    it('A’s owner key on every agency-scoped route with B’s ids → 404 not_found, revealing nothing', async () => {
      for (const [label, method, path, body] of ownerRoutes()) {
        const res = await call(t, method, path, bearer(a.ownerKey), body);
        expect({ route: label, status: res.status }).toEqual({ route: label, status: 404 });
        expectError(res, 404, 'not_found');
        expect(JSON.stringify(res.body)).not.toContain(b.walletId);
        expect(JSON.stringify(res.body)).not.toContain('80.00');
      }
    });

    it('the 404 for B’s id is indistinguishable from the 404 for an id that does not exist', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const forB = await t.http.get(`/v1/agencies/${b.id}`).set(bearer(a.ownerKey));
      const forNothing = await t.http.get(`/v1/agencies/${missing}`).set(bearer(a.ownerKey));
      expect(forB.status).toBe(404);
      expect(forNothing.status).toBe(404);
      expect(forB.body).toEqual(forNothing.body);
    });

    it('PATCH /agencies/A/subteams/<B’s subteam> with A’s owner key → 404', async () => {
      const res = await t.http
        .patch(`/v1/agencies/${a.id}/subteams/${bSub.id}`)
        .set(bearer(a.ownerKey))
        .send({ paused: true, name: 'Stolen', monthlySpendLimit: '0.01' });
      expectError(res, 404, 'not_found');
    });

    it('A’s subteam key cannot settle or release B’s calls (404)', async () => {
      expectError(await t.http.post('/v1/calls/b-call-1/settle').set(bearer(aSub.key)).send({ cost: '4.00' }), 404, 'not_found');
      expectError(await t.http.post('/v1/calls/b-call-1/release').set(bearer(aSub.key)).send({}), 404, 'not_found');
      expectError(await t.http.post('/v1/calls/b-call-2/settle').set(bearer(aSub.key)).send({ cost: '0.00' }), 404, 'not_found');
    });

    it('A’s owner key cannot settle or release B’s calls, with or without B’s subteam id (404)', async () => {
      expectError(await t.http.post('/v1/calls/b-call-1/settle').set(bearer(a.ownerKey)).send({ cost: '1.00' }), 404, 'not_found');
      expectError(await t.http.post('/v1/calls/b-call-2/release').set(bearer(a.ownerKey)).send({}), 404, 'not_found');
      expectError(
        await t.http.post('/v1/calls/b-call-1/settle').set(bearer(a.ownerKey)).send({ cost: '1.00', subteamId: bSub.id }),
        404,
        'not_found',
      );
      expectError(await t.http.post('/v1/calls/b-call-2/release').set(bearer(a.ownerKey)).send({ subteamId: bSub.id }), 404, 'not_found');
    });

    it('A’s owner key cannot authorize or report usage as B’s subteam (404)', async () => {
      expectError(
        await t.http.post('/v1/calls/authorize').set(bearer(a.ownerKey)).send({ callId: 'a-as-b', amount: '1.00', subteamId: bSub.id }),
        404,
        'not_found',
      );
      expectError(
        await t.http.post('/v1/usage').set(bearer(a.ownerKey)).send({ amount: '1.00', reference: 'a-as-b-usage', subteamId: bSub.id }),
        404,
        'not_found',
      );
    });

    it('call ids are per wallet: A may use the same call id as B without touching B’s hold', async () => {
      const aBefore = await walletOf(t, a);
      await t.http.post('/v1/calls/authorize').set(bearer(aSub.key)).send({ callId: 'b-call-1', amount: '1.00' }).expect(201);
      const settled = await t.http.post('/v1/calls/b-call-1/settle').set(bearer(aSub.key)).send({ cost: '0.25' }).expect(200);
      expect(settled.body).toMatchObject({ callId: 'b-call-1', charged: '0.25', released: '0.75' });
      expect((await walletOf(t, a)).held).toBe(aBefore.held);
    });

    it('B’s wallet, entries, agency and subteams are identical after every attempt, and B’s calls still work', async () => {
      expect(await tenantSnapshot(t, b)).toEqual(bBefore);
      const settled = await t.http.post('/v1/calls/b-call-1/settle').set(bearer(bSub.key)).send({ cost: '1.50' }).expect(200);
      expect(settled.body).toEqual({ callId: 'b-call-1', charged: '1.50', released: '2.50', balanceAfter: '78.50' });
      await t.http.post('/v1/calls/b-call-2/release').set(bearer(bSub.key)).send({}).expect(200);
      expect(await walletOf(t, b)).toMatchObject({ balance: '78.50', held: '0.00', available: '78.50' });
    });
  });

  describe('a subteam key acts only for its own subteam', () => {
    beforeAll(async () => {
      await t.http.post('/v1/calls/authorize').set(bearer(aSibling.key)).send({ callId: 'sibling-call', amount: '2.00' }).expect(201);
    });

    it.each<[string, () => string, () => unknown]>([
      ['authorize', () => '/v1/calls/authorize', () => ({ callId: 'as-sibling', amount: '1.00', subteamId: aSibling.id })],
      ['usage', () => '/v1/usage', () => ({ amount: '1.00', reference: 'as-sibling-usage', subteamId: aSibling.id })],
      ['settle', () => '/v1/calls/sibling-call/settle', () => ({ cost: '2.00', subteamId: aSibling.id })],
      ['release', () => '/v1/calls/sibling-call/release', () => ({ subteamId: aSibling.id })],
    ])('passing a sibling’s subteamId to %s → 403 forbidden and nothing moves', async (_label, path, body) => {
      const before = await tenantSnapshot(t, a);
      const res = await t.http
        .post(path())
        .set(bearer(aSub.key))
        .send(body() as object);
      expectError(res, 403, 'forbidden');
      expect(await tenantSnapshot(t, a)).toEqual(before);
    });

    it('a subteam key cannot settle or release a sibling’s call by its id; the sibling still can', async () => {
      const before = await tenantSnapshot(t, a);
      const settle = await t.http.post('/v1/calls/sibling-call/settle').set(bearer(aSub.key)).send({ cost: '2.00' });
      expect([403, 404]).toContain(settle.status);
      expectError(settle, settle.status);
      const release = await t.http.post('/v1/calls/sibling-call/release').set(bearer(aSub.key)).send({});
      expect([403, 404]).toContain(release.status);
      expect(await tenantSnapshot(t, a)).toEqual(before);

      const own = await t.http.post('/v1/calls/sibling-call/settle').set(bearer(aSibling.key)).send({ cost: '0.50' }).expect(200);
      expect(own.body).toMatchObject({ callId: 'sibling-call', charged: '0.50', released: '1.50' });
    });

    it('passing its own subteamId is allowed', async () => {
      await t.http
        .post('/v1/calls/authorize')
        .set(bearer(aSub.key))
        .send({ callId: 'own-subteam-id', amount: '1.00', subteamId: aSub.id })
        .expect(201);
    });
  });
});

describe('An agency that does not exist', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is 404 on every agency route for admin and support keys, and nothing is created', async () => {
    const support = (
      await t.http
        .post('/v1/support-users')
        .set(bearer(ADMIN_KEY))
        .send({ email: `ghost-${Date.now()}@wallet.test` })
        .expect(201)
    ).body.apiKey;
    const ghost = '00000000-0000-4000-8000-000000000000';
    const routes: ['get' | 'put' | 'post', string, Record<string, unknown>?][] = [
      ['get', `/v1/agencies/${ghost}`],
      ['get', `/v1/agencies/${ghost}/wallet`],
      ['get', `/v1/agencies/${ghost}/wallet/insights`],
      ['get', `/v1/agencies/${ghost}/billing-settings`],
      ['put', `/v1/agencies/${ghost}/billing-settings/auto-reload`, { enabled: true, threshold: '10.00', amount: '20.00' }],
      ['post', `/v1/agencies/${ghost}/auto-reload/test`],
      ['post', `/v1/agencies/${ghost}/wallet/top-ups`, { amount: '10.00' }],
      ['get', `/v1/agencies/${ghost}/reload-attempts`],
      ['get', `/v1/agencies/${ghost}/payment-methods`],
      ['get', `/v1/support/agencies/${ghost}/timeline`],
    ];
    for (const key of [ADMIN_KEY, support]) {
      for (const [method, path, body] of routes) {
        const req = (method === 'get' ? t.http.get(path) : method === 'put' ? t.http.put(path) : t.http.post(path))
          .set(bearer(key))
          .set('Idempotency-Key', 'ghost');
        const res = await (body ? req.send(body) : req);
        if (key === support && method !== 'get' && !path.includes('/support/')) {
          expect([path, res.status]).toEqual([path, 403]);
        } else {
          expect([path, res.status, res.body.error?.code]).toEqual([path, 404, 'not_found']);
        }
      }
    }
  });
});

describe('Rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_SECOND: '2', RATE_LIMIT_BURST: '5' });
  });
  afterAll(() => t.close());

  it('answers 429 rate_limited with Retry-After to a key over its rate, and only to that key', async () => {
    const agency = await createAgency(t);
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await t.http.get('/v1/me').set(bearer(agency.ownerKey));
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toContain(429);
    expect(limited!.body.error.code).toBe('rate_limited');
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await t.http.get('/v1/me').set(bearer(ADMIN_KEY)).expect(200);
  });
});
