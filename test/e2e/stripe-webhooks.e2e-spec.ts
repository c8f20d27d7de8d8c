import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type AppWithStripe, eventually, saveThroughCheckout, startAppWithStripe } from '../support/stripe';
import { type Agency, type TestApp, bearer, createAgency, createSubteam, expectLedgerInvariant, fund, walletOf } from '../support/test-app';

/** Bank debits, refunds and disputes arrive by webhook: each applied once, in any order. */
describe('Stripe webhooks', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;

  beforeAll(async () => {
    env = await startAppWithStripe({ AUTO_RELOAD_COOLDOWN_SECONDS: '0' }, { worker: true });
    ({ stripe, t } = env);
  });
  afterAll(() => env.close());
  afterEach(() => stripe.resumeWebhooks());

  async function reloadingAgency(method: string) {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    if (method.startsWith('pm_usBankAccount')) await saveThroughCheckout(t, stripe, agency, method);
    else
      await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: method }).expect(201);
    await fund(t, agency, '20.00');
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '100.00' })
      .expect(200);
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'w-1', amount: '15.00' }).expect(201);
    await t.http.post('/v1/calls/w-1/settle').set(bearer(subteam.key)).send({ cost: '15.00' }).expect(200);
    return agency;
  }

  const intentOf = (agency: Agency) =>
    eventually(async () => {
      const intent = stripe.paymentIntents().find((pi) => pi.metadata?.agencyId === agency.id);
      expect(intent).toBeDefined();
      return intent!;
    });

  const attemptsOf = async (agency: Agency) =>
    (await t.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200)).body.data;

  it('keeps a bank debit pending, then credits it once from a webhook delivered twice and out of order', async () => {
    const agency = await reloadingAgency('pm_usBankAccount_processing');
    const intent = await intentOf(agency);
    await eventually(async () => expect(await walletOf(t, agency)).toMatchObject({ balance: '5.00', pending: '100.00' }));
    expect((await attemptsOf(agency))[0].status).toBe('pending_clearance');

    stripe.pauseWebhooks();
    await stripe.settleBankDebit(intent.id, 'succeeded');
    const held = stripe.heldWebhookEvents();
    const succeeded = held.find((event) => event.type === 'payment_intent.succeeded')!;
    const processing = stripe.events('payment_intent.processing').find((event) => (event.data.object as { id: string }).id === intent.id)!;
    expect(succeeded).toBeDefined();

    await stripe.deliverEvent(succeeded.id);
    await stripe.deliverEvent(succeeded.id);
    await stripe.deliverEvent(processing.id);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '105.00', pending: '0.00' });
    expect((await attemptsOf(agency))[0].status).toBe('succeeded');
    const reloads = await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?type=reload`).set(bearer(agency.ownerKey)).expect(200);
    expect(reloads.body.data).toHaveLength(1);
    await expectLedgerInvariant(t, agency);
  });

  it('marks a failed bank debit failed and releases the pending amount', async () => {
    const agency = await reloadingAgency('pm_usBankAccount_insufficientFunds');
    const intent = await intentOf(agency);
    await eventually(async () => expect((await walletOf(t, agency)).pending).toBe('100.00'));
    await stripe.settleBankDebit(intent.id);
    await eventually(async () => expect((await attemptsOf(agency))[0]).toMatchObject({ status: 'failed', declineCode: 'insufficient_funds' }));
    expect(await walletOf(t, agency)).toMatchObject({ balance: '5.00', pending: '0.00' });
  });

  it('debits the wallet for a refund and for a dispute of a reload charge, once each', async () => {
    const agency = await reloadingAgency('pm_card_visa');
    const intent = await intentOf(agency);
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('105.00'));

    stripe.pauseWebhooks();
    await stripe.refund(intent.id, 3000);
    const refunded = stripe.heldWebhookEvents().find((event) => event.type === 'charge.refunded')!;
    await stripe.deliverEvent(refunded.id);
    await stripe.deliverEvent(refunded.id);
    expect((await walletOf(t, agency)).balance).toBe('75.00');

    await stripe.createDispute(intent.id, { amount: 2000 });
    const disputed = stripe.heldWebhookEvents().find((event) => event.type === 'charge.dispute.created')!;
    await stripe.deliverEvent(disputed.id);
    await stripe.deliverEvent(disputed.id);
    expect((await walletOf(t, agency)).balance).toBe('55.00');
    const entries = await t.http.get(`/v1/agencies/${agency.id}/wallet/entries`).set(bearer(agency.ownerKey)).expect(200);
    expect(
      entries.body.data.filter((e: { type: string }) => e.type === 'refund' || e.type === 'dispute').map((e: { amount: string }) => e.amount),
    ).toEqual(['-20.00', '-30.00']);
    await expectLedgerInvariant(t, agency);
  });

  it('refuses a bad or stale signature with 400 and applies nothing', async () => {
    const payload = JSON.stringify({ id: 'evt_forged', type: 'payment_intent.succeeded', data: { object: { id: 'pi_x' } } });
    const forged = await t.http
      .post('/v1/webhooks/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', 't=1,v1=deadbeef')
      .send(payload);
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('validation_error');
    const stale = stripe.signWebhookPayload(payload, Math.floor(Date.now() / 1000) - 3600);
    const old = await t.http.post('/v1/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', stale).send(payload);
    expect(old.status).toBe(400);
    const missing = await t.http.post('/v1/webhooks/stripe').set('Content-Type', 'application/json').send(payload);
    expect(missing.status).toBe(400);
  });
});
