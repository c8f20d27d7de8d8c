import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type AppWithStripe, eventually, saveThroughCheckout, startAppWithStripe } from '../support/stripe';
import { type Agency, type TestApp, bearer, createAgency } from '../support/test-app';

const PUBLIC_BASE_URL = 'https://wallet.example.test';

/**
 * Saving payment methods as Stripe's test mode allows: a card the bank declines is refused with the
 * reason in words, bank accounts only through Checkout (which records the debit mandate), and what
 * Checkout saved is listed once, whether the owner's return or Stripe's webhook arrives first.
 */
describe('Saving payment methods', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;

  beforeAll(async () => {
    env = await startAppWithStripe({ PUBLIC_BASE_URL });
    ({ stripe, t } = env);
  });
  afterAll(() => env.close());

  const attach = (agency: Agency, stripePaymentMethodId: string) =>
    t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId });
  const listed = async (agency: Agency) =>
    (await t.http.get(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).expect(200)).body.data as {
      id: string;
      type: string;
      last4: string;
      priority: number;
    }[];
  const startSetup = (agency: Agency) =>
    t.http.post(`/v1/agencies/${agency.id}/payment-methods/setup-sessions`).set(bearer(agency.ownerKey)).send({});
  const complete = (agency: Agency, sessionId: string) =>
    t.http.post(`/v1/agencies/${agency.id}/payment-methods/setup-sessions/${sessionId}/complete`).set(bearer(agency.ownerKey));

  it('refuses a card its bank declines when saved, with the reason in words, and saves none', async () => {
    const agency = await createAgency(t);
    const res = await attach(agency, 'pm_card_chargeDeclinedInsufficientFunds').expect(402);
    expect(res.body.error).toMatchObject({
      code: 'card_declined',
      message: expect.stringContaining('The card was not saved: The card has insufficient funds.'),
      details: { declineCode: 'insufficient_funds', declineReason: 'The card has insufficient funds.' },
    });
    expect(await listed(agency)).toEqual([]);
  });

  it('saves the card that declines only when charged (pm_card_chargeCustomerFail), as Stripe does', async () => {
    const agency = await createAgency(t);
    await attach(agency, 'pm_card_chargeCustomerFail').expect(201);
    expect(await listed(agency)).toMatchObject([{ type: 'card', last4: '0341' }]);
  });

  it('refuses a bank account sent as a raw PaymentMethod id, pointing to Checkout', async () => {
    const agency = await createAgency(t);
    const res = await attach(agency, 'pm_usBankAccount_success').expect(422);
    expect(res.body.error.message).toContain(`/v1/agencies/${agency.id}/payment-methods/setup-sessions`);
    expect(await listed(agency)).toEqual([]);
  });

  it('saves the card picked on Checkout once, from the webhook and from the return alike', async () => {
    const agency = await createAgency(t);
    const session = await startSetup(agency).expect(201);
    expect(session.body).toMatchObject({ id: expect.stringMatching(/^cs_test_/), url: `${stripe.url}/c/pay/${session.body.id}` });
    const atStripe = stripe.checkoutSessions().find((found) => found.id === session.body.id)!;
    expect(atStripe).toMatchObject({
      mode: 'setup',
      currency: 'usd',
      success_url: `${PUBLIC_BASE_URL}/billing/${agency.id}/payment-methods/added?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${PUBLIC_BASE_URL}/billing/${agency.id}/payment-methods`,
      metadata: { agencyId: agency.id },
    });
    const early = await complete(agency, session.body.id).expect(422);
    expect(early.body.error.message).toContain('not completed yet');

    // The owner's browser on Stripe's hosted page.
    const submitted = await fetch(session.body.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'payment_method=pm_card_mastercard',
      redirect: 'manual',
    });
    expect(submitted.headers.get('location')).toBe(`${PUBLIC_BASE_URL}/billing/${agency.id}/payment-methods/added?session_id=${session.body.id}`);
    // Stripe's checkout.session.completed webhook saves it...
    await eventually(async () => expect(await listed(agency)).toMatchObject([{ type: 'card', last4: '4444', priority: 1 }]));
    // ...and the return from Checkout finds it saved: listed once.
    const returned = await complete(agency, session.body.id).expect(200);
    expect(returned.body).toMatchObject({ type: 'card', last4: '4444', isDefault: true });
    await complete(agency, session.body.id).expect(200);
    expect(await listed(agency)).toHaveLength(1);
  });

  it('saves a bank account with its mandate through Checkout, and debits it', async () => {
    const agency = await createAgency(t);
    const saved = await saveThroughCheckout(t, stripe, agency, 'pm_usBankAccount_success');
    expect(saved).toMatchObject({ type: 'us_bank_account', last4: '6789' });
    expect(stripe.mandates().some((mandate) => stripe.paymentMethods().some((pm) => pm.id === mandate.payment_method && pm.customer))).toBe(true);
    const topUp = await t.http
      .post(`/v1/agencies/${agency.id}/wallet/top-ups`)
      .set(bearer(agency.ownerKey))
      .set('Idempotency-Key', `bank-${agency.id}`)
      .send({ amount: '50.00' })
      .expect(201);
    expect(topUp.body.status).toBe('pending_clearance');
  });

  it("answers 404 for another agency's setup session", async () => {
    const agency = await createAgency(t);
    const other = await createAgency(t);
    const session = await startSetup(agency).expect(201);
    stripe.completeCheckoutSession(session.body.id, 'pm_card_visa');
    await complete(other, session.body.id).expect(404);
  });
});
