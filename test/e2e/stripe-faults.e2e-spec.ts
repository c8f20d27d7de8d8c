import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type AppWithStripe, deliverWebhooksTo, eventually, startAppWithStripe } from '../support/stripe';
import { type TestApp, bearer, createAgency, createSubteam, fund, walletOf } from '../support/test-app';

/** Stripe 500s, rate limits and dropped connections end in exactly one charge, under one key. */
describe('Transient Stripe failures', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;
  beforeAll(async () => {
    env = await startAppWithStripe({}, { worker: true });
    ({ stripe, t } = env);
  });
  afterAll(() => env.close());
  afterEach(async () => {
    stripe.clearFaults();
    await deliverWebhooksTo(stripe, t);
  });

  async function triggerReload() {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_visa' })
      .expect(201);
    await fund(t, agency, '20.00');
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '40.00' })
      .expect(200);
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'x', amount: '15.00' }).expect(201);
    await t.http.post('/v1/calls/x/settle').set(bearer(subteam.key)).send({ cost: '15.00' }).expect(200);
    return agency;
  }

  /** Every try of this agency's charge: a faulted try is logged before its body is read, so match on the key. */
  const chargeRequests = (agencyId: string) => {
    const charges = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents');
    const answered = charges.find((r) => (r.params as { metadata?: { agencyId?: string } }).metadata?.agencyId === agencyId);
    return charges.filter((r) => r.idempotencyKey === answered?.idempotencyKey);
  };

  it('retries 500s and 429s under the same key and charges once', async () => {
    stripe.injectFaults([
      { kind: 'api_error', method: 'POST', path: '/v1/payment_intents', times: 3 },
      { kind: 'rate_limit', method: 'POST', path: '/v1/payment_intents', times: 2 },
    ]);
    const agency = await triggerReload();
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('45.00'), 30_000);
    const requests = chargeRequests(agency.id);
    expect(requests.filter((r) => r.fault).map((r) => r.fault)).toEqual(['api_error', 'api_error', 'api_error', 'rate_limit', 'rate_limit']);
    expect(requests.length).toBe(6);
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(1);
  }, 60_000);

  it('replays a charge whose answer was lost with the connection', async () => {
    // Without webhooks, only the retried request (answered by Stripe's idempotent replay) can credit.
    stripe.setWebhookUrl(null);
    stripe.injectFaults({ kind: 'drop', method: 'POST', path: '/v1/payment_intents', afterProcessing: true, times: 1 });
    const agency = await triggerReload();
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('45.00'), 30_000);
    const requests = chargeRequests(agency.id);
    expect(requests.map((r) => [r.fault ?? null, r.replayed])).toEqual([
      ['drop', false],
      [null, true],
    ]);
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(1);
    const reloads = await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?type=reload`).set(bearer(agency.ownerKey)).expect(200);
    expect(reloads.body.data).toHaveLength(1);
  }, 60_000);
});
