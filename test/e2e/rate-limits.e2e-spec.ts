import { type AddressInfo, createServer } from 'node:net';
import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { SharedRateLimiter } from '../../src/auth/rate-limit/shared-rate-limiter';
import { expectError } from '../support/matrix';
import { startStripe, stripeEnv } from '../support/stripe';
import { type Agency, type TestApp, bearer, createAgency, createSubteam, fund, startTestApp, walletOf } from '../support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Rate limits at the edge', () => {
  describe('requests without valid credentials, per client address', () => {
    let t: TestApp;
    let agency: Agency;
    let address = 0;
    /** Each test speaks from its own address, through a trusted proxy's X-Forwarded-For. */
    const nextAddress = () => `198.51.100.${++address}`;

    beforeAll(async () => {
      t = await startTestApp({ TRUST_PROXY: 'true', UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE: '6', UNAUTHENTICATED_RATE_LIMIT_BURST: '3' });
      agency = await createAgency(t);
    });
    afterAll(() => t.close());

    const me = (from: string, key?: string) => {
      const req = t.http.get('/v1/me').set('X-Forwarded-For', from);
      return key ? req.set(bearer(key)) : req;
    };

    it('answers 401 up to the budget, then 429 rate_limited with Retry-After, bad and missing keys alike', async () => {
      const from = nextAddress();
      for (const key of ['aw_owner_wrong_1', undefined, 'aw_owner_wrong_2']) expectError(await me(from, key), 401, 'unauthorized');
      for (const key of ['aw_owner_wrong_3', undefined]) {
        const res = await me(from, key);
        expectError(res, 429, 'rate_limited');
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
    });

    it('holds back every request from that address until the budget refills, a valid key’s too', async () => {
      const from = nextAddress();
      for (let i = 0; i < 3; i++) await me(from, 'aw_owner_wrong').expect(401);
      expectError(await me(from, agency.ownerKey), 429, 'rate_limited');
      // Another address is not affected.
      await me(nextAddress(), agency.ownerKey).expect(200);
    });

    it('never counts requests that authenticate', async () => {
      const from = nextAddress();
      for (let i = 0; i < 10; i++) await me(from, agency.ownerKey).expect(200);
      for (let i = 0; i < 3; i++) await me(from, 'aw_owner_wrong').expect(401);
    });

    it('bounds the Stripe webhook too: bad signatures count, and past the budget it answers 429 before verifying', async () => {
      const from = nextAddress();
      const forged = () =>
        t.http
          .post('/v1/webhooks/stripe')
          .set('X-Forwarded-For', from)
          .set('Stripe-Signature', 't=1,v1=00')
          .send({ id: 'evt_forged', type: 'charge.refunded' });
      for (let i = 0; i < 3; i++) expectError(await forged(), 400, 'validation_error');
      expectError(await forged(), 429, 'rate_limited');
      // A key-less health check is not an authentication: never limited.
      await t.http.get('/health').set('X-Forwarded-For', from).expect(200);
    });

    it('counts an IPv6 client by its /64', async () => {
      for (let i = 1; i <= 3; i++) await me(`2001:db8:1:2::${i}`, 'aw_owner_wrong').expect(401);
      expectError(await me('2001:db8:1:2:ffff::9', 'aw_owner_wrong'), 429, 'rate_limited');
      await me('2001:db8:1:3::1', 'aw_owner_wrong').expect(401);
    });
  });

  describe('per-agency limits on routes that call Stripe or send email, shared by every process', () => {
    let stripe: StripeTestServer;
    let a: TestApp;
    let b: TestApp;
    const limits = {
      AGENCY_PAYMENT_RATE_LIMIT_PER_MINUTE: '1',
      AGENCY_PAYMENT_RATE_LIMIT_BURST: '3',
      AGENCY_EMAIL_RATE_LIMIT_PER_MINUTE: '1',
      AGENCY_EMAIL_RATE_LIMIT_BURST: '2',
      MAIL_DISABLED: 'true',
    };

    beforeAll(async () => {
      stripe = await startStripe();
      // Two API processes of one deployment: the same Redis and key prefix.
      const shared = { ...stripeEnv(stripe), ...limits, QUEUE_PREFIX: `aw-test-limits-${process.pid}-${Date.now()}` };
      a = await startTestApp(shared);
      b = await startTestApp(shared);
    });
    afterAll(async () => {
      await a.close();
      await b.close();
      await stripe.close();
    });

    const topUp = (t: TestApp, agency: Agency, key: string) =>
      t.http.post(`/v1/agencies/${agency.id}/wallet/top-ups`).set(bearer(agency.ownerKey)).set('Idempotency-Key', key).send({ amount: '10.00' });

    it('lets an agency make as many payment requests as its burst across both processes, then 429 with Retry-After', async () => {
      const agency = await createAgency(a);
      await a.http
        .post(`/v1/agencies/${agency.id}/payment-methods`)
        .set(bearer(agency.ownerKey))
        .send({ stripePaymentMethodId: 'pm_card_visa' })
        .expect(201);
      await topUp(b, agency, 'first').expect(201);
      await topUp(a, agency, 'second').expect(201);
      const refused = await topUp(b, agency, 'third');
      expectError(refused, 429, 'rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expectError(await topUp(a, agency, 'fourth'), 429, 'rate_limited');
      expect((await walletOf(a, agency)).balance).toBe('20.00');
      expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(2);

      // Another agency has its own allowance; the support retry route shares the agency's.
      const other = await createAgency(b);
      await b.http
        .post(`/v1/agencies/${other.id}/payment-methods`)
        .set(bearer(other.ownerKey))
        .send({ stripePaymentMethodId: 'pm_card_visa' })
        .expect(201);
      await topUp(a, other, 'first').expect(201);
    });

    it('limits settings changes that email the owner, per agency', async () => {
      const agency = await createAgency(a);
      const save = (t: TestApp, threshold: string) =>
        t.http.put(`/v1/agencies/${agency.id}/billing-settings/low-balance-alert`).set(bearer(agency.ownerKey)).send({ enabled: true, threshold });
      await save(a, '10.00').expect(200);
      await save(b, '11.00').expect(200);
      expectError(await save(a, '12.00'), 429, 'rate_limited');
      const reload = await b.http
        .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
        .set(bearer(agency.ownerKey))
        .send({ enabled: false, threshold: '5.00', amount: '20.00' });
      expectError(reload, 429, 'rate_limited');
      const patched = await a.http
        .patch(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
        .set(bearer(agency.ownerKey))
        .send({ threshold: '6.00' });
      expectError(patched, 429, 'rate_limited');
    });

    it('SharedRateLimiter: a token bucket in Redis, the same for every process', async () => {
      const bucket = `unit-${Date.now()}`;
      const one = a.app.get(SharedRateLimiter);
      const two = b.app.get(SharedRateLimiter);
      expect(await one.take(bucket, { perMinute: 60, burst: 2 })).toEqual({ allowed: true, retryAfterSeconds: 0 });
      expect(await two.take(bucket, { perMinute: 60, burst: 2 })).toEqual({ allowed: true, retryAfterSeconds: 0 });
      expect(await one.take(bucket, { perMinute: 60, burst: 2 })).toEqual({ allowed: false, retryAfterSeconds: 1 });
      expect(await two.take(`${bucket}-other`, { perMinute: 60 })).toEqual({ allowed: true, retryAfterSeconds: 0 });
      // 6000 a minute is one every 10 ms: a moment later there is a token again.
      const fast = `${bucket}-fast`;
      await one.take(fast, { perMinute: 6000, burst: 1 });
      expect((await two.take(fast, { perMinute: 6000, burst: 1 })).allowed).toBe(false);
      await sleep(50);
      expect((await two.take(fast, { perMinute: 6000, burst: 1 })).allowed).toBe(true);
    });
  });

  describe('when Redis cannot be asked', () => {
    let stripe: StripeTestServer;
    let t: TestApp;

    beforeAll(async () => {
      stripe = await startStripe();
      t = await startTestApp({ ...stripeEnv(stripe), MAIL_DISABLED: 'true', RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    });
    afterAll(async () => {
      await t.close();
      await stripe.close();
    });

    it('refuses routes that call Stripe with 503 service_unavailable and Retry-After, charging nothing', async () => {
      const agency = await createAgency(t);
      const add = await t.http
        .post(`/v1/agencies/${agency.id}/payment-methods`)
        .set(bearer(agency.ownerKey))
        .send({ stripePaymentMethodId: 'pm_card_visa' });
      expectError(add, 503, 'service_unavailable');
      expect(Number(add.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const topUp = await t.http
        .post(`/v1/agencies/${agency.id}/wallet/top-ups`)
        .set(bearer(agency.ownerKey))
        .set('Idempotency-Key', 'while-redis-is-down')
        .send({ amount: '10.00' });
      expectError(topUp, 503, 'service_unavailable');
      expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(0);
      const attempts = await t.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200);
      expect(attempts.body.data).toEqual([]);
    });

    it('keeps the call path going: it uses the in-process limiter, not Redis', async () => {
      const agency = await createAgency(t);
      const subteam = await createSubteam(t, agency);
      await fund(t, agency, '10.00');
      await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'redis-down-call', amount: '2.00' }).expect(201);
      await t.http.post('/v1/calls/redis-down-call/settle').set(bearer(subteam.key)).send({ cost: '1.50' }).expect(200);
    });

    it('lets settings changes that only send email through', async () => {
      const agency = await createAgency(t);
      await t.http
        .put(`/v1/agencies/${agency.id}/billing-settings/low-balance-alert`)
        .set(bearer(agency.ownerKey))
        .send({ enabled: true, threshold: '10.00' })
        .expect(200);
    });
  });
});
