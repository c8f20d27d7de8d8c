import Stripe from 'stripe';
import { startStripeServer, type StripeTestServer } from '../stripe-server';
import { StripeContract } from './contract';

/**
 * The test server against Stripe's own API description: every operation the service calls, its
 * errors and the events it sends, checked by the same contract every e2e suite runs under.
 */
describe("Stripe test server against Stripe's API description", () => {
  const contract = new StripeContract();
  let server: StripeTestServer;
  let stripe: Stripe;

  beforeAll(async () => {
    server = await startStripeServer({ observer: contract.observer() });
    stripe = new Stripe('sk_test_contract', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, telemetry: false });
  });
  afterAll(() => server.close());

  it('names the description it came from', () => {
    expect(contract.source).toMatchObject({ repository: 'https://github.com/stripe/openapi', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });

  it("answers every operation the service calls, its errors and events, in Stripe's shapes", async () => {
    const customer = await stripe.customers.create(
      { name: 'Agency', email: 'owner@agency.test', metadata: { agencyId: 'a1' } },
      { idempotencyKey: 'c1' },
    );
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.paymentMethods.retrieve(card.id);
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    const paid = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      customer: customer.id,
      payment_method: card.id,
      confirm: true,
      off_session: true,
      allowed_payment_method_types: ['card', 'us_bank_account'],
      description: 'Reload',
      statement_descriptor_suffix: 'CALL CREDITS',
      metadata: { attemptId: 'x' },
    });
    await stripe.paymentIntents.retrieve(paid.id, { expand: ['latest_charge'] });
    await stripe.charges.retrieve(paid.latest_charge as string);
    for await (const intent of stripe.paymentIntents.list({
      customer: customer.id,
      created: { gte: 0 },
      limit: 100,
      expand: ['data.latest_charge'],
    })) {
      expect(intent.id).toBeDefined();
    }
    server.refund(paid.id, 500);
    const dispute = server.createDispute(paid.id);
    await stripe.disputes.retrieve(dispute.id);

    const declined = await stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }).catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    await stripe.paymentIntents.retrieve('pi_missing').catch(() => undefined);

    const sca = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    const failed = (await stripe.paymentIntents
      .create({
        amount: 3000,
        currency: 'usd',
        customer: customer.id,
        payment_method: sca.id,
        confirm: true,
        off_session: true,
        allowed_payment_method_types: ['card'],
      })
      .catch((e: Stripe.errors.StripeCardError) => e.payment_intent)) as Stripe.PaymentIntent;
    const action = await stripe.paymentIntents.confirm(failed.id, { payment_method: sca.id, return_url: 'https://wallet.test/back' });
    server.completeAuthentication(action.id, 'succeeded');

    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'usd',
      customer: customer.id,
      allowed_payment_method_types: ['card', 'us_bank_account'],
      success_url: 'https://wallet.test/ok?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://wallet.test/no',
      metadata: { agencyId: 'a1' },
      setup_intent_data: { metadata: { agencyId: 'a1' } },
    });
    server.completeCheckoutSession(session.id, 'pm_usBankAccount_success');
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent', 'setup_intent.payment_method'] });
    await stripe.mandates.retrieve((done.setup_intent as Stripe.SetupIntent).mandate as string);
    await stripe.paymentMethods.detach(card.id);
    for await (const event of stripe.events.list({ types: ['charge.refunded'], created: { gte: 0 }, limit: 100 })) expect(event.id).toBeDefined();

    expect(server.events().length).toBeGreaterThan(20);
    expect(contract.violations.slice(0, 5)).toEqual([]);
  });

  it('catches an answer Stripe would not give', () => {
    const found = contract.checkExchange({
      method: 'GET',
      path: '/v1/payment_intents/pi_1',
      params: {},
      status: 200,
      body: { id: 'pi_1', object: 'payment_intent', amount: 'twenty' },
    });
    expect(found).toHaveLength(1);
    expect(found[0].problems.join('\n')).toMatch(/amount must be integer|must have required property/);
  });

  it('catches parameters Stripe would refuse: unknown, nested unknown, and removed in the pinned version', () => {
    const found = contract.checkExchange({
      method: 'POST',
      path: '/v1/checkout/sessions',
      params: { mode: 'setup', succes_url: 'https://x', payment_method_types: ['card'], setup_intent_data: { metadata: { a: 'b' }, colour: 'red' } },
      status: 400,
      body: { error: { type: 'invalid_request_error', message: 'x' } },
    });
    expect(found.flatMap((violation) => violation.problems)).toEqual([
      'Stripe refuses the parameter succes_url',
      'Stripe refuses the parameter payment_method_types (removed in the pinned API version)',
      'Stripe refuses the parameter setup_intent_data[colour]',
    ]);
  });
});
