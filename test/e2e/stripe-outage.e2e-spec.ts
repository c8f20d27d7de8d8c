import { Logger } from '@nestjs/common';
import { createServer } from 'node:net';
import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type AppWithStripe, startAppWithStripe, stripeEnv } from '../support/stripe';
import { ADMIN_KEY, type Agency, type TestApp, bearer, createAgency, startTestApp, walletOf } from '../support/test-app';

/**
 * When Stripe is down, failing or refusing our key, requests that need it answer 503
 * `payment_provider_unavailable` with Retry-After (never a 500, never Stripe's own words), and
 * nothing is charged twice when the caller tries again.
 */
describe('Stripe unreachable, failing or refusing our key', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;

  beforeAll(async () => {
    // An API process without a worker: only the request itself talks to Stripe.
    env = await startAppWithStripe();
    ({ stripe, t } = env);
  });
  afterAll(() => env.close());
  afterEach(() => {
    stripe.clearFaults();
    jest.restoreAllMocks();
  });

  const addCard = (agency: Agency, card = 'pm_card_visa') =>
    t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: card });
  const topUp = (agency: Agency, key: string, amount = '25.00') =>
    t.http.post(`/v1/agencies/${agency.id}/wallet/top-ups`).set(bearer(agency.ownerKey)).set('Idempotency-Key', key).send({ amount });

  function expectUnavailable(res: { status: number; headers: Record<string, string>; body: { error: { code: string; message: string } } }) {
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('payment_provider_unavailable');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toMatch(/stripe test server|api key|rk_test|sk_test|permission|ECONN|unknown error/i);
  }

  it('answers 503 with Retry-After when Stripe cannot be reached', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const offline = await startTestApp({ ...stripeEnv(stripe), STRIPE_API_BASE: `http://127.0.0.1:${closed}` });
    try {
      const agency = await createAgency(offline);
      const res = await offline.http
        .post(`/v1/agencies/${agency.id}/payment-methods`)
        .set(bearer(agency.ownerKey))
        .send({ stripePaymentMethodId: 'pm_card_visa' });
      expectUnavailable(res);
      expect((await offline.http.get(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).expect(200)).body.data).toEqual([]);
    } finally {
      await offline.close();
    }
  });

  it('answers 503 when Stripe fails a payment method request with 5xx', async () => {
    const agency = await createAgency(t);
    stripe.injectFaults({ kind: 'api_error', method: 'POST', path: '/v1/payment_methods', times: Infinity });
    expectUnavailable(await addCard(agency));
    stripe.clearFaults();
    await addCard(agency).expect(201);
  });

  it('answers a top-up 503 while Stripe fails, then the same key tells the outcome, charged once', async () => {
    const agency = await createAgency(t);
    await addCard(agency).expect(201);
    stripe.injectFaults({ kind: 'api_error', method: 'POST', path: '/v1/payment_intents', times: Infinity });
    const first = await topUp(agency, 'outage-1');
    expectUnavailable(first);
    expect(first.body.error.details).toMatchObject({ attemptId: expect.any(String), status: 'processing' });
    expect((await walletOf(t, agency)).balance).toBe('0.00');

    stripe.clearFaults();
    const again = await topUp(agency, 'outage-1').expect(201);
    expect(again.body).toMatchObject({ id: first.body.error.details.attemptId, status: 'succeeded', amount: '25.00' });
    expect((await walletOf(t, agency)).balance).toBe('25.00');
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(1);
  });

  it('answers a support retry 503 while Stripe fails, and keeps the retry going', async () => {
    const agency = await createAgency(t);
    await addCard(agency, 'pm_card_chargeCustomerFail').expect(201);
    const declined = await topUp(agency, 'declines').expect(402);
    const card = await addCard(agency).expect(201);
    const ids = (await t.http.get(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey))).body.data.map(
      (m: { id: string }) => m.id,
    );
    await t.http
      .put(`/v1/agencies/${agency.id}/payment-methods/order`)
      .set(bearer(agency.ownerKey))
      .send({ ids: [card.body.id, ...ids.filter((id: string) => id !== card.body.id)] })
      .expect(200);

    stripe.injectFaults({ kind: 'api_error', method: 'POST', path: '/v1/payment_intents', times: Infinity });
    const retry = await t.http
      .post(`/v1/support/agencies/${agency.id}/reload-attempts/${declined.body.error.details.attempt.id}/retry`)
      .set(bearer(ADMIN_KEY));
    expectUnavailable(retry);
    const attempts = (await t.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200)).body.data;
    expect(attempts[0]).toMatchObject({ id: retry.body.error.details.attemptId, trigger: 'support_retry', status: 'processing' });
  });

  it.each(['authentication_error', 'permission_error'] as const)(
    'answers 503 without Stripe’s words when Stripe refuses our key (%s), and tells operators once',
    async (kind) => {
      const agency = await createAgency(t);
      await addCard(agency).expect(201);
      const logged = jest.spyOn(Logger.prototype, 'error');
      stripe.injectFaults({ kind, times: Infinity });
      const first = await addCard(agency, 'pm_card_amex');
      const second = await addCard(agency, 'pm_card_discover');
      expectUnavailable(first);
      expectUnavailable(second);
      expect(Number(first.headers['retry-after'])).toBeGreaterThanOrEqual(60);
      const told = logged.mock.calls.filter(([message]) => /Stripe refused this service's API key/.test(String(message)));
      expect(told).toHaveLength(1);
      expect(String(told[0][0])).toContain('STRIPE_SECRET_KEY');

      // Once Stripe accepts the key again, the next refusal is news again.
      stripe.clearFaults();
      await addCard(agency).expect(201);
      stripe.injectFaults({ kind, times: Infinity });
      expectUnavailable(await addCard(agency, 'pm_card_mastercard'));
      expect(logged.mock.calls.filter(([message]) => /Stripe refused this service's API key/.test(String(message)))).toHaveLength(2);
    },
  );
});
