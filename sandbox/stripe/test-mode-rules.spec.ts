import Stripe from 'stripe';
import { startStripeServer, type StripeTestServer } from './stripe-server';

/**
 * What Stripe's test mode does that an integration first meets against real Stripe: decline cards cannot be
 * saved, bank accounts are debited only under a mandate, and people save methods on Checkout's hosted page
 * and pass 3D Secure on the bank's page. The default server behaves that way.
 */
describe('Stripe test server: test-mode rules and hosted pages', () => {
  let server: StripeTestServer;
  let stripe: Stripe;
  const acceptance = { customer_acceptance: { type: 'online' as const, online: { ip_address: '203.0.113.7', user_agent: 'jest' } } };

  beforeAll(async () => {
    server = await startStripeServer({ publicUrl: 'http://stripe.localhost:4242/' });
    stripe = new Stripe('sk_test_rules', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, telemetry: false });
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const newCustomer = () => stripe.customers.create({ email: 'owner@agency.test' });
  /** The hosted pages live at the public URL; a test reaches them at the listening address. */
  const local = (url: string) => url.replace('http://stripe.localhost:4242', server.url);

  describe('saving cards', () => {
    it.each(['pm_card_chargeDeclined', 'pm_card_visa_chargeDeclinedInsufficientFunds', 'pm_card_chargeDeclinedExpiredCard'])(
      'refuses to attach %s with the decline, as Stripe does',
      async (card) => {
        const customer = await newCustomer();
        const error = await stripe.paymentMethods.attach(card, { customer: customer.id }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
        expect((error as Stripe.errors.StripeCardError).statusCode).toBe(402);
        expect(server.paymentMethods().filter((pm) => pm.customer === customer.id)).toHaveLength(0);
      },
    );

    it('attaches pm_card_chargeCustomerFail, then declines every charge of it', async () => {
      const customer = await newCustomer();
      const card = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
      const error = await stripe.paymentIntents
        .create({
          amount: 2000,
          currency: 'usd',
          customer: customer.id,
          payment_method: card.id,
          confirm: true,
          off_session: true,
          allowed_payment_method_types: ['card'],
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    });

    it('fails a SetupIntent for a decline card', async () => {
      const customer = await newCustomer();
      const error = await stripe.setupIntents
        .create({ customer: customer.id, payment_method: 'pm_card_chargeDeclined', confirm: true, allowed_payment_method_types: ['card'] })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ statusCode: 402, code: 'card_declined' });
    });
  });

  describe('bank accounts and mandates', () => {
    const debit = (customer: string, paymentMethod: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
      stripe.paymentIntents.create({
        amount: 5000,
        currency: 'usd',
        customer,
        payment_method: paymentMethod,
        confirm: true,
        off_session: true,
        allowed_payment_method_types: ['us_bank_account'],
        ...extra,
      });

    it('refuses an off-session debit of a bank account attached without a mandate', async () => {
      const customer = await newCustomer();
      const bank = await stripe.paymentMethods.attach('pm_usBankAccount_success', { customer: customer.id });
      const error = await debit(customer.id, bank.id).catch((e: unknown) => e);
      expect(error).toMatchObject({ statusCode: 400, code: 'payment_intent_mandate_invalid', param: 'mandate_data' });
      expect(server.paymentIntents()).toHaveLength(0);
    });

    it('refuses to set up a bank account without mandate_data', async () => {
      const customer = await newCustomer();
      const error = await stripe.setupIntents
        .create({
          customer: customer.id,
          payment_method: 'pm_usBankAccount_success',
          confirm: true,
          allowed_payment_method_types: ['us_bank_account'],
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ statusCode: 400, param: 'mandate_data' });
    });

    it('debits a bank account set up with a mandate, and one debited with mandate_data', async () => {
      const customer = await newCustomer();
      const setup = await stripe.setupIntents.create({
        customer: customer.id,
        payment_method: 'pm_usBankAccount_success',
        confirm: true,
        allowed_payment_method_types: ['us_bank_account'],
        mandate_data: acceptance,
      });
      expect(setup).toMatchObject({ status: 'succeeded', mandate: expect.stringMatching(/^mandate_/) });
      const mandate = await stripe.mandates.retrieve(setup.mandate as string);
      expect(mandate).toMatchObject({ status: 'active', type: 'multi_use', payment_method: setup.payment_method });
      expect((await debit(customer.id, setup.payment_method as string)).status).toBe('processing');

      const other = await stripe.paymentMethods.attach('pm_usBankAccount_success', { customer: customer.id });
      expect((await debit(customer.id, other.id, { mandate_data: acceptance })).status).toBe('processing');
    });
  });

  describe('Checkout in setup mode', () => {
    const successUrl = 'https://wallet.test/billing/ag_1/payment-methods/added?session_id={CHECKOUT_SESSION_ID}';

    it('needs a currency when the payment methods are dynamic', async () => {
      const customer = await newCustomer();
      const error = await stripe.checkout.sessions.create({ mode: 'setup', customer: customer.id, success_url: successUrl }).catch((e: unknown) => e);
      expect(error).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'currency' });
    });

    it('saves the card a person picks on the hosted page, then sends them to the success URL', async () => {
      const customer = await newCustomer();
      const session = await stripe.checkout.sessions.create({
        mode: 'setup',
        currency: 'usd',
        customer: customer.id,
        success_url: successUrl,
        cancel_url: 'https://wallet.test/billing/ag_1/payment-methods',
        metadata: { agencyId: 'ag_1' },
      });
      expect(session).toMatchObject({ object: 'checkout.session', mode: 'setup', status: 'open', setup_intent: null, currency: 'usd' });
      expect(session.url).toMatch(/^http:\/\/stripe\.localhost:4242\/c\/pay\/cs_test_/);

      const page = await fetch(local(session.url!));
      const html = await page.text();
      expect(html).toContain('value="pm_card_visa"');
      expect(html).toContain('value="pm_usBankAccount_success"');
      expect(html).toContain('href="https://wallet.test/billing/ag_1/payment-methods"');

      const declined = await fetch(local(session.url!), {
        method: 'POST',
        body: 'payment_method=pm_card_chargeDeclined',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      expect(declined.status).toBe(402);
      expect(await declined.text()).toContain('Your card was declined.');

      const submitted = await fetch(local(session.url!), {
        method: 'POST',
        body: 'payment_method=pm_card_visa',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      expect(submitted.status).toBe(303);
      expect(submitted.headers.get('location')).toBe(successUrl.replace('{CHECKOUT_SESSION_ID}', session.id));

      const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] });
      const intent = done.setup_intent as Stripe.SetupIntent;
      expect(done.status).toBe('complete');
      expect(intent).toMatchObject({ object: 'setup_intent', status: 'succeeded', customer: customer.id, usage: 'off_session' });
      expect(server.paymentMethods().find((pm) => pm.id === intent.payment_method)).toMatchObject({ customer: customer.id, card: { last4: '4242' } });
      expect(server.events('checkout.session.completed').map((event) => (event.data.object as { id: string }).id)).toEqual([session.id]);
      expect(server.events('setup_intent.succeeded')).toHaveLength(1);
    });

    it('saves a bank account with its mandate only when the person accepts it', async () => {
      const customer = await newCustomer();
      const session = await stripe.checkout.sessions.create({
        mode: 'setup',
        allowed_payment_method_types: ['us_bank_account'],
        customer: customer.id,
        success_url: successUrl,
      });
      expect(() => server.completeCheckoutSession(session.id, 'pm_usBankAccount_success', { mandateAccepted: false })).toThrow(/mandate/);
      server.completeCheckoutSession(session.id, 'pm_usBankAccount_success');
      const intent = (await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] })).setup_intent as Stripe.SetupIntent;
      expect(intent.mandate).toMatch(/^mandate_/);
      const debit = await stripe.paymentIntents.create({
        amount: 5000,
        currency: 'usd',
        customer: customer.id,
        payment_method: intent.payment_method as string,
        confirm: true,
        off_session: true,
        allowed_payment_method_types: ['us_bank_account'],
      });
      expect(debit.status).toBe('processing');
    });

    it('expires an open session', async () => {
      const session = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: successUrl });
      expect((await stripe.checkout.sessions.expire(session.id)).status).toBe('expired');
      expect((await fetch(local(session.url!))).status).toBe(410);
    });
  });

  describe('3D Secure page', () => {
    async function paymentNeedingAuthentication() {
      const customer = await newCustomer();
      const card = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
      return stripe.paymentIntents.create({
        amount: 2000,
        currency: 'usd',
        customer: customer.id,
        payment_method: card.id,
        confirm: true,
        allowed_payment_method_types: ['card'],
        return_url: 'https://wallet.test/return?attempt=a1',
      });
    }

    it('completes a payment the person approves and sends them back with the intent', async () => {
      const intent = await paymentNeedingAuthentication();
      expect(intent.status).toBe('requires_action');
      const url = intent.next_action!.redirect_to_url!.url!;
      expect(url).toBe(`http://stripe.localhost:4242/3d_secure_2/hosted/${intent.id}`);
      expect(await (await fetch(local(url))).text()).toContain('Complete authentication');

      const approved = await fetch(local(url), {
        method: 'POST',
        body: 'outcome=succeeded',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      expect(approved.status).toBe(303);
      const back = new URL(approved.headers.get('location')!);
      expect(back.origin + back.pathname).toBe('https://wallet.test/return');
      expect(Object.fromEntries(back.searchParams)).toMatchObject({ attempt: 'a1', payment_intent: intent.id, redirect_status: 'succeeded' });
      expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
    });

    it('fails a payment the person refuses', async () => {
      const intent = await paymentNeedingAuthentication();
      const refused = await fetch(local(intent.next_action!.redirect_to_url!.url!), {
        method: 'POST',
        body: 'outcome=failed',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      expect(new URL(refused.headers.get('location')!).searchParams.get('redirect_status')).toBe('failed');
      expect((await stripe.paymentIntents.retrieve(intent.id)).last_payment_error?.code).toBe('payment_intent_authentication_failure');
    });
  });
});
