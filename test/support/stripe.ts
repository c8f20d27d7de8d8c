import { StripeContract } from '../../sandbox/stripe/openapi/contract';
import { type StripeServerOptions, type StripeTestServer, startStripeServer } from '../../sandbox/stripe/stripe-server';
import { type TestApp, startTestApp } from './test-app';

/**
 * The Stripe-compatible test server, and the app settings that point the official SDK at it. It
 * behaves like Stripe's test mode; `{ lenientAttach: true }` lets a test save a card that declines
 * later with a specific code (say why where you use it).
 */
export async function startStripe(options: StripeServerOptions = {}): Promise<StripeTestServer> {
  // Every answer the server gives and every event it sends is checked against Stripe's API
  // description, and so are the parameters of every call the service makes; closing the server
  // fails the suite if any did not match.
  const contract = new StripeContract({ precompiled: process.env.STRIPE_CONTRACT_VALIDATORS });
  const server = await startStripeServer({ webhookRetryDelaysMs: [50, 200, 500], observer: contract.observer(), ...options });
  const close = server.close.bind(server);
  return Object.assign(server, {
    async close() {
      await close();
      if (contract.violations.length) {
        const shown = contract.violations.slice(0, 10).map((v) => `${v.where}:\n  ${v.problems.join('\n  ')}`);
        throw new Error(`The Stripe test server or the service broke Stripe's API contract (${contract.violations.length}):\n${shown.join('\n')}`);
      }
    },
  });
}

export function stripeEnv(server: StripeTestServer): Record<string, string> {
  return {
    STRIPE_API_BASE: server.url,
    STRIPE_WEBHOOK_SECRET: server.webhookSecret,
    STRIPE_SECRET_KEY: 'sk_test_agency_wallet_e2e',
  };
}

/** Stripe delivers webhooks to the app's public endpoint. */
export async function deliverWebhooksTo(server: StripeTestServer, t: TestApp): Promise<void> {
  server.setWebhookUrl(`${await t.app.getUrl()}/v1/webhooks/stripe`.replace('[::1]', '127.0.0.1'));
}

/** Polls until the check passes or the time is up; the last failure is rethrown. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}

export interface AppWithStripe {
  stripe: StripeTestServer;
  t: TestApp;
  close(): Promise<void>;
}

/** The whole app on a fresh Stripe test server, which delivers its webhooks to that app. */
export async function startAppWithStripe(
  env: Record<string, string> = {},
  options = { worker: false },
  stripeOptions: StripeServerOptions = {},
): Promise<AppWithStripe> {
  const stripe = await startStripe(stripeOptions);
  const t = await startTestApp({ ...stripeEnv(stripe), ...env }, options);
  await deliverWebhooksTo(stripe, t);
  return {
    stripe,
    t,
    async close() {
      await t.close();
      await stripe.close();
    },
  };
}

/**
 * Saves a payment method the way an owner does in the console: a Checkout Session in setup mode,
 * the test method picked on Stripe's hosted page (a bank account with its mandate), and the return
 * that saves it. Bank accounts can only be saved this way. Answers the saved method as the API lists it.
 */
export async function saveThroughCheckout(
  t: TestApp,
  stripe: StripeTestServer,
  agency: { id: string; ownerKey: string },
  testPaymentMethod: string,
): Promise<{ id: string; type: string; last4: string; priority: number }> {
  const owner = { Authorization: `Bearer ${agency.ownerKey}` };
  const session = await t.http.post(`/v1/agencies/${agency.id}/payment-methods/setup-sessions`).set(owner).send({}).expect(201);
  stripe.completeCheckoutSession(session.body.id, testPaymentMethod);
  const saved = await t.http.post(`/v1/agencies/${agency.id}/payment-methods/setup-sessions/${session.body.id}/complete`).set(owner).expect(200);
  return saved.body;
}
