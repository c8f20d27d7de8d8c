import { type StripeTestServer, startStripeServer } from '../../sandbox/stripe/stripe-server';
import { type TestApp, startTestApp } from './test-app';

/** The Stripe-compatible test server, and the app settings that point the official SDK at it. */
export async function startStripe(): Promise<StripeTestServer> {
  return startStripeServer({ webhookRetryDelaysMs: [50, 200, 500] });
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
export async function startAppWithStripe(env: Record<string, string> = {}, options = { worker: false }): Promise<AppWithStripe> {
  const stripe = await startStripe();
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
