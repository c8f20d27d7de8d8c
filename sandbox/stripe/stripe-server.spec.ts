import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { parseForm } from './form';
import { startStripeServer, type StripeTestServer } from './stripe-server';

const API_KEY = 'sk_test_agency_wallet_spec';

describe('Stripe test server, driven by the real stripe SDK', () => {
  let server: StripeTestServer;
  let stripe: Stripe;

  beforeAll(async () => {
    // Lenient attach: these tests save decline cards to see each decline's shape at charge time. The default
    // (decline cards refused when saved, as on Stripe) is tested in test-mode-rules.spec.ts.
    server = await startStripeServer({ port: 0, webhookRetryDelaysMs: [20, 50], lenientAttach: true });
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
    server.setWebhookUrl(null);
    stripe = client(server);
  });

  async function customerWith(testPaymentMethod: string) {
    const customer = await stripe.customers.create({ email: 'owner@agency.test', metadata: { agencyId: 'ag_1' } });
    if (testPaymentMethod.startsWith('pm_usBankAccount')) {
      // A bank account is debited off-session only under a mandate, which a SetupIntent records.
      const setup = await stripe.setupIntents.create({
        customer: customer.id,
        payment_method: testPaymentMethod,
        allowed_payment_method_types: ['us_bank_account'],
        confirm: true,
        mandate_data: { customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'jest' } } },
      });
      return { customer, paymentMethod: await stripe.paymentMethods.retrieve(setup.payment_method as string) };
    }
    const paymentMethod = await stripe.paymentMethods.attach(testPaymentMethod, { customer: customer.id });
    return { customer, paymentMethod };
  }

  function chargeOffSession(customer: string, paymentMethod: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) {
    return stripe.paymentIntents.create({
      amount: 20000,
      currency: 'usd',
      customer,
      payment_method: paymentMethod,
      allowed_payment_method_types: ['card', 'us_bank_account'],
      confirm: true,
      off_session: true,
      metadata: { agencyId: 'ag_1', reloadId: 'rl_1' },
      ...extra,
    });
  }

  describe('authentication and request format', () => {
    it('refuses keys that are not test secret keys with a 401', async () => {
      const error = await client(server, {}, 'sk_live_nope')
        .customers.list()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(error).toMatchObject({ statusCode: 401, rawType: 'invalid_request_error' });
    });

    it('parses nested form keys the way the SDK encodes them', () => {
      expect(parseForm('metadata[agencyId]=a%201&expand[0]=latest_charge&expand[1]=customer&items[0][price]=p&x=')).toEqual({
        metadata: { agencyId: 'a 1' },
        expand: ['latest_charge', 'customer'],
        items: [{ price: 'p' }],
        x: '',
      });
      expect(parseForm('payment_method_types[]=card&payment_method_types[]=us_bank_account')).toEqual({
        payment_method_types: ['card', 'us_bank_account'],
      });
    });

    it('rejects unknown parameters and unknown objects like Stripe', async () => {
      const unknownParam = await stripe.customers.create({ emial: 'x' } as Stripe.CustomerCreateParams).catch((e: unknown) => e);
      expect(unknownParam).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'emial' });

      const missing = await stripe.paymentMethods.retrieve('pm_does_not_exist').catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    });
  });

  describe('customers and payment methods', () => {
    it('clones a test PaymentMethod when attaching it, keeping its card details', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_visa');
      expect(paymentMethod.id).toMatch(/^pm_(?!card_)/);
      expect(paymentMethod).toMatchObject({
        object: 'payment_method',
        type: 'card',
        customer: customer.id,
        livemode: false,
        card: { brand: 'visa', last4: '4242', funding: 'credit', country: 'US' },
      });

      const updated = await stripe.customers.update(customer.id, {
        invoice_settings: { default_payment_method: paymentMethod.id },
      });
      expect(updated.invoice_settings.default_payment_method).toBe(paymentMethod.id);

      const listed = await stripe.customers.listPaymentMethods(customer.id, { type: 'card' });
      expect(listed.data.map((pm) => pm.id)).toEqual([paymentMethod.id]);
      const viaPaymentMethods = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
      expect(viaPaymentMethods.data).toHaveLength(1);
      expect(server.events().map((event) => event.type)).toEqual(['customer.created', 'payment_method.attached', 'customer.updated']);
    });

    it('describes bank accounts and refuses a detached PaymentMethod', async () => {
      const { paymentMethod } = await customerWith('pm_usBankAccount_success');
      expect(paymentMethod.us_bank_account).toMatchObject({ bank_name: 'STRIPE TEST BANK', last4: '6789', account_type: 'checking' });

      await stripe.paymentMethods.detach(paymentMethod.id);
      const other = await stripe.customers.create();
      const error = await stripe.paymentMethods.attach(paymentMethod.id, { customer: other.id }).catch((e: unknown) => e);
      expect(error).toMatchObject({ statusCode: 400, rawType: 'invalid_request_error' });
    });
  });

  describe('payment intents', () => {
    it('charges a saved card off session', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_mastercard');
      const intent = await chargeOffSession(customer.id, paymentMethod.id, { expand: ['latest_charge'] });

      expect(intent).toMatchObject({
        object: 'payment_intent',
        status: 'succeeded',
        amount: 20000,
        amount_received: 20000,
        currency: 'usd',
        customer: customer.id,
        payment_method: paymentMethod.id,
        metadata: { agencyId: 'ag_1', reloadId: 'rl_1' },
        livemode: false,
      });
      const charge = intent.latest_charge as Stripe.Charge;
      expect(charge).toMatchObject({ object: 'charge', status: 'succeeded', paid: true, payment_intent: intent.id });
      expect(charge.payment_method_details?.card).toMatchObject({ brand: 'mastercard', last4: '4444' });
      expect(server.events().map((event) => event.type)).toEqual(
        expect.arrayContaining(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']),
      );
    });

    it('answers a decline with a StripeCardError embedding the PaymentIntent', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_visa_chargeDeclinedInsufficientFunds');
      const error = await chargeOffSession(customer.id, paymentMethod.id).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
      const cardError = error as Stripe.errors.StripeCardError;
      expect(cardError).toMatchObject({
        statusCode: 402,
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      });
      expect(cardError.payment_intent).toMatchObject({
        status: 'requires_payment_method',
        last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
      });
      expect(cardError.payment_method?.id).toBe(paymentMethod.id);
      expect(server.events('payment_intent.payment_failed')).toHaveLength(1);
      expect(server.events('charge.failed')).toHaveLength(1);
    });

    it('knows the older spellings of test cards', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_chargeDeclined');
      const error = await chargeOffSession(customer.id, paymentMethod.id).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
    });

    it('fails an off-session payment that needs authentication, and lets the customer finish it on session', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_authenticationRequired');
      const error = (await chargeOffSession(customer.id, paymentMethod.id).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;

      expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(error).toMatchObject({ code: 'authentication_required', decline_code: 'authentication_required' });
      const failed = error.payment_intent!;
      expect(failed.status).toBe('requires_payment_method');

      const onSession = await stripe.paymentIntents.confirm(failed.id, {
        payment_method: paymentMethod.id,
        return_url: 'https://wallet.test/return',
      });
      expect(onSession.status).toBe('requires_action');
      expect(onSession.next_action).toMatchObject({
        type: 'redirect_to_url',
        redirect_to_url: { return_url: 'https://wallet.test/return' },
      });
      expect(server.events('payment_intent.requires_action')).toHaveLength(1);

      server.completeAuthentication(failed.id);
      expect((await stripe.paymentIntents.retrieve(failed.id)).status).toBe('succeeded');
    });

    it('keeps a bank debit processing until it settles', async () => {
      const { customer, paymentMethod } = await customerWith('pm_usBankAccount_success');
      const intent = await chargeOffSession(customer.id, paymentMethod.id);
      expect(intent.status).toBe('processing');
      expect(server.events('payment_intent.processing')).toHaveLength(1);

      const succeeded = server.waitForEvent('payment_intent.succeeded', (event) => (event.data.object as { id: string }).id === intent.id);
      server.settleBankDebit(intent.id);
      expect((await succeeded).data.object).toMatchObject({ id: intent.id, status: 'succeeded' });
      expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
    });

    it('fails an insufficient-funds bank debit when it settles', async () => {
      const { customer, paymentMethod } = await customerWith('pm_usBankAccount_insufficientFunds');
      const intent = await chargeOffSession(customer.id, paymentMethod.id);
      expect(intent.status).toBe('processing');

      server.settleBankDebit(intent.id);
      const settled = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
      expect(settled.status).toBe('requires_payment_method');
      expect(settled.last_payment_error?.code).toBe('payment_intent_payment_attempt_failed');
      expect(settled.latest_charge).toMatchObject({ status: 'failed', failure_code: 'insufficient_funds' });
      expect(server.events('payment_intent.payment_failed')).toHaveLength(1);
    });

    it('pages through lists newest first', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_visa');
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await chargeOffSession(customer.id, paymentMethod.id)).id);

      const first = await stripe.paymentIntents.list({ customer: customer.id, limit: 2 });
      expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/payment_intents' });
      expect(first.data.map((pi) => pi.id)).toEqual([created[4], created[3]]);
      const second = await stripe.paymentIntents.list({ customer: customer.id, limit: 2, starting_after: first.data[1].id });
      expect(second.data.map((pi) => pi.id)).toEqual([created[2], created[1]]);

      const all = await stripe.paymentIntents.list({ customer: customer.id, limit: 2 }).autoPagingToArray({ limit: 10 });
      expect(all.map((pi) => pi.id)).toEqual([...created].reverse());
      const recent = await stripe.paymentIntents.list({ created: { gte: Math.floor(Date.now() / 1000) - 60 } });
      expect(recent.data).toHaveLength(5);
    });
  });

  describe('setup intents', () => {
    it('saves a card that needs authentication on setup, after which off-session payments go through', async () => {
      const customer = await stripe.customers.create();
      const setup = await stripe.setupIntents.create({
        customer: customer.id,
        payment_method: 'pm_card_authenticationRequiredOnSetup',
        confirm: true,
        usage: 'off_session',
        return_url: 'https://wallet.test/return',
      });
      expect(setup).toMatchObject({ object: 'setup_intent', status: 'requires_action' });
      expect(setup.next_action?.type).toBe('redirect_to_url');

      server.completeAuthentication(setup.id);
      const done = await stripe.setupIntents.retrieve(setup.id);
      expect(done.status).toBe('succeeded');
      const saved = await stripe.paymentMethods.retrieve(done.payment_method as string);
      expect(saved.customer).toBe(customer.id);

      const intent = await chargeOffSession(customer.id, saved.id);
      expect(intent.status).toBe('succeeded');
    });

    it('asks an unsaved card of that kind for authentication off session', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_authenticationRequiredOnSetup');
      const error = await chargeOffSession(customer.id, paymentMethod.id).catch((e: unknown) => e);
      expect(error).toMatchObject({ statusCode: 402, code: 'authentication_required' });
    });
  });

  describe('idempotency', () => {
    it('replays the first response for the same key and parameters', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_visa');
      const key = 'reload-rl_1-attempt-1';
      const original = await stripe.paymentIntents.create(intentParams(customer.id, paymentMethod.id), { idempotencyKey: key });
      const replay = await stripe.paymentIntents.create(intentParams(customer.id, paymentMethod.id), { idempotencyKey: key });

      expect(replay).toEqual(original);
      expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(original.lastResponse.headers['idempotent-replayed']).toBeUndefined();
      expect(server.paymentIntents().map((pi) => pi.id)).toEqual([original.id]);
    });

    it('replays declines too, without a second charge attempt', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_visa_chargeDeclined');
      const options = { idempotencyKey: 'declined-once' };
      const first = await stripe.paymentIntents.create(intentParams(customer.id, paymentMethod.id), options).catch((e: unknown) => e);
      const again = await stripe.paymentIntents.create(intentParams(customer.id, paymentMethod.id), options).catch((e: unknown) => e);
      expect(again).toMatchObject({ statusCode: 402, code: 'card_declined' });
      expect((again as Stripe.errors.StripeCardError).payment_intent?.id).toBe((first as Stripe.errors.StripeCardError).payment_intent?.id);
      expect(server.charges()).toHaveLength(1);
    });

    it('refuses the same key with other parameters', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_visa');
      await stripe.paymentIntents.create(intentParams(customer.id, paymentMethod.id), { idempotencyKey: 'k1' });
      const error = await stripe.paymentIntents
        .create({ ...intentParams(customer.id, paymentMethod.id), amount: 30000 }, { idempotencyKey: 'k1' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect(error).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
      expect(server.paymentIntents()).toHaveLength(1);
    });
  });

  describe('fault injection', () => {
    it('survives 500s through SDK retries with exactly one PaymentIntent', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_visa');
      server.injectFaults({ kind: 'api_error', method: 'POST', path: '/v1/payment_intents', times: 2 });

      const retrying = client(server, { maxNetworkRetries: 2 });
      const intent = await retrying.paymentIntents.create(intentParams(customer.id, paymentMethod.id));

      expect(intent.status).toBe('succeeded');
      expect(server.paymentIntents()).toHaveLength(1);
      const attempts = server.requests.filter((request) => request.path === '/v1/payment_intents');
      expect(attempts.map((request) => request.status)).toEqual([500, 500, 200]);
      expect(new Set(attempts.map((request) => request.idempotencyKey)).size).toBe(1);
    });

    it('replays a request whose connection dropped after it was processed', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_visa');
      server.injectFaults({ kind: 'drop', method: 'POST', path: '/v1/payment_intents', afterProcessing: true });

      const retrying = client(server, { maxNetworkRetries: 1 });
      const intent = await retrying.paymentIntents.create(intentParams(customer.id, paymentMethod.id));

      expect(intent.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(server.paymentIntents()).toHaveLength(1);
      expect(server.charges()).toHaveLength(1);
      const attempts = server.requests.filter((request) => request.path === '/v1/payment_intents');
      expect(attempts.map((request) => [request.fault, request.replayed])).toEqual([
        ['drop', false],
        [undefined, true],
      ]);
    });

    it('answers 409 while a slow request holds the idempotency key, then replays it', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_visa');
      server.injectFaults({ kind: 'delay', delayMs: 1500, method: 'POST', path: '/v1/payment_intents' });

      const impatient = client(server, { maxNetworkRetries: 5, timeout: 200 });
      const intent = await impatient.paymentIntents.create(intentParams(customer.id, paymentMethod.id));

      expect(server.paymentIntents().map((pi) => pi.id)).toEqual([intent.id]);
      const statuses = server.requests.filter((request) => request.path === '/v1/payment_intents').map((r) => r.status);
      expect(statuses).toContain(409);
      expect(intent.lastResponse.headers['idempotent-replayed']).toBe('true');
    });

    it('lets a hung request time out on the client', async () => {
      server.injectFaults({ kind: 'hang', path: '/v1/customers' });
      const customer = await client(server, { maxNetworkRetries: 1, timeout: 200 }).customers.create();
      expect(server.customers().map((c) => c.id)).toEqual([customer.id]);
      expect(server.requests.map((request) => request.fault)).toEqual(['hang', undefined]);
    });

    it('surfaces a dropped connection as a StripeConnectionError when retries run out', async () => {
      server.injectFaults({ kind: 'drop', path: '/v1/customers', times: 2 });
      const error = await stripe.customers.create().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    });

    it('answers rate limits with 429, and retries lock timeouts', async () => {
      server.injectFaults({ kind: 'rate_limit', path: '/v1/customers' });
      const limited = await client(server, { maxNetworkRetries: 2 })
        .customers.create()
        .catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(limited).toMatchObject({ statusCode: 429, code: 'rate_limit' });

      server.injectFaults({ kind: 'lock_timeout', path: '/v1/customers' });
      const customer = await client(server, { maxNetworkRetries: 2 }).customers.create();
      expect(customer.object).toBe('customer');
    });
  });

  describe('webhooks', () => {
    let receiver: Receiver;

    beforeEach(async () => {
      receiver = await startReceiver();
      server.setWebhookUrl(receiver.url);
    });

    afterEach(async () => {
      await receiver.close();
    });

    it('signs deliveries so stripe.webhooks.constructEvent accepts them', async () => {
      const customer = await stripe.customers.create({ email: 'a@b.test' });
      await server.flushWebhooks();

      expect(receiver.deliveries).toHaveLength(1);
      const [delivery] = receiver.deliveries;
      expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const event = stripe.webhooks.constructEvent(delivery.body, delivery.signature, server.webhookSecret);
      expect(event).toMatchObject({
        object: 'event',
        type: 'customer.created',
        api_version: '2026-10-28.endive',
        livemode: false,
        data: { object: { id: customer.id } },
      });
      expect(() => stripe.webhooks.constructEvent(delivery.body, delivery.signature, 'whsec_wrong')).toThrow(
        Stripe.errors.StripeSignatureVerificationError,
      );
    });

    it('retries a failed delivery', async () => {
      receiver.respondWith = [500, 200];
      await stripe.customers.create();
      await server.flushWebhooks();

      expect(receiver.deliveries).toHaveLength(2);
      expect(server.webhookAttempts().map((attempt) => [attempt.attempt, attempt.status])).toEqual([
        [1, 500],
        [2, 200],
      ]);
      expect(server.events()[0].pending_webhooks).toBe(0);
    });

    it('holds deliveries for out-of-order and duplicate delivery', async () => {
      server.pauseWebhooks();
      const { customer, paymentMethod } = await customerWith('pm_card_visa');
      await chargeOffSession(customer.id, paymentMethod.id);
      await server.flushWebhooks();
      expect(receiver.deliveries).toHaveLength(0);

      const succeeded = server.events('payment_intent.succeeded')[0];
      const created = server.events('payment_intent.created')[0];
      await server.deliverEvent(succeeded.id);
      await server.deliverEvent(succeeded.id);
      await server.deliverEvent(created.id);
      expect(receiver.deliveries.map((delivery) => JSON.parse(delivery.body).type)).toEqual([
        'payment_intent.succeeded',
        'payment_intent.succeeded',
        'payment_intent.created',
      ]);

      server.resumeWebhooks();
      await server.flushWebhooks();
      const types = receiver.deliveries.slice(3).map((delivery) => JSON.parse(delivery.body).type);
      expect(types).toEqual(['customer.created', 'payment_method.attached', 'charge.succeeded']);
    });

    it('lists events by type through the API', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_visa');
      await chargeOffSession(customer.id, paymentMethod.id);
      const events = await stripe.events.list({ type: 'payment_intent.*' });
      expect(events.data.map((event) => event.type)).toEqual(['payment_intent.succeeded', 'payment_intent.created']);
      const one = await stripe.events.retrieve(events.data[0].id);
      expect(one.request?.idempotency_key).toMatch(/^stripe-node-retry-/);
    });
  });

  describe('refunds and disputes', () => {
    it('refunds through the API and emits charge.refunded', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_visa');
      const intent = await chargeOffSession(customer.id, paymentMethod.id);

      const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 5000 });
      expect(refund).toMatchObject({ object: 'refund', amount: 5000, status: 'succeeded', payment_intent: intent.id });
      const [refunded] = server.events('charge.refunded');
      expect(refunded.data.object).toMatchObject({ amount_refunded: 5000, refunded: false, payment_intent: intent.id });
      expect(refunded.data.previous_attributes).toMatchObject({ amount_refunded: 0 });
      expect(server.events('refund.created')).toHaveLength(1);

      const tooMuch = await stripe.refunds.create({ payment_intent: intent.id, amount: 20000 }).catch((e: unknown) => e);
      expect(tooMuch).toMatchObject({ statusCode: 400, param: 'amount' });
      server.refund(intent.id);
      const charge = await stripe.charges.retrieve(intent.latest_charge as string);
      expect(charge).toMatchObject({ amount_refunded: 20000, refunded: true });
    });

    it('offers the test controls over HTTP too', async () => {
      const { customer, paymentMethod } = await customerWith('pm_usBankAccount_success');
      const intent = await chargeOffSession(customer.id, paymentMethod.id);
      const settle = await fetch(`${server.url}/_test/payment_intents/${intent.id}/settle`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ outcome: 'failed', failure_code: 'account_closed' }),
      });
      expect(settle.status).toBe(200);
      const charge = await stripe.charges.retrieve(intent.latest_charge as string);
      expect(charge).toMatchObject({ status: 'failed', failure_code: 'account_closed' });
    });

    it('opens a dispute on a charge', async () => {
      const { customer, paymentMethod } = await customerWith('pm_card_visa');
      const intent = await chargeOffSession(customer.id, paymentMethod.id);

      const dispute = server.createDispute(intent.id);
      expect(dispute).toMatchObject({ object: 'dispute', amount: 20000, payment_intent: intent.id, status: 'needs_response' });
      const [created] = server.events('charge.dispute.created');
      expect(created.data.object).toMatchObject({ id: dispute.id, charge: intent.latest_charge });
      expect((await stripe.charges.retrieve(intent.latest_charge as string)).disputed).toBe(true);
    });
  });
});

function client(server: StripeTestServer, config: Partial<Stripe.StripeConfig> = {}, key = API_KEY): Stripe {
  return new Stripe(key, {
    host: '127.0.0.1',
    port: server.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
    ...config,
  });
}

function intentParams(customer: string, paymentMethod: string): Stripe.PaymentIntentCreateParams {
  return {
    amount: 20000,
    currency: 'usd',
    customer,
    payment_method: paymentMethod,
    allowed_payment_method_types: ['card'],
    confirm: true,
    off_session: true,
  };
}

interface Receiver {
  url: string;
  deliveries: { body: string; signature: string }[];
  /** Status codes to answer with, in order; 200 once exhausted. */
  respondWith: number[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Omit<Receiver, 'url' | 'close'> = { deliveries: [], respondWith: [] };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.deliveries.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: String(request.headers['stripe-signature']),
      });
      response.writeHead(receiver.respondWith.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
