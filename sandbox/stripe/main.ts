/**
 * Runs the Stripe test server on its own for local development:
 *
 *   STRIPE_WEBHOOK_URL=http://127.0.0.1:3000/webhooks/stripe node sandbox/stripe/run.js
 *
 * Then point the app at it with STRIPE_API_BASE=http://127.0.0.1:12111 and the same STRIPE_WEBHOOK_SECRET.
 */
import { startStripeServer } from './stripe-server';

async function main(): Promise<void> {
  const env = process.env;
  const server = await startStripeServer({
    port: Number(env.STRIPE_TEST_PORT ?? 12111),
    host: env.STRIPE_TEST_HOST ?? '127.0.0.1',
    // The app's default secret, so a local run works without configuration.
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? 'whsec_local',
    webhookUrl: env.STRIPE_WEBHOOK_URL || undefined,
    // Locally, let bank debits settle by themselves so flows finish without a test driving them.
    bankDebitSettlementMs: Number(env.STRIPE_TEST_BANK_SETTLEMENT_MS ?? 10_000),
    lenientAttach: env.STRIPE_TEST_LENIENT_ATTACH === 'true',
    // The address a browser uses for the hosted pages, e.g. a published Docker port.
    publicUrl: env.STRIPE_TEST_PUBLIC_URL || undefined,
    // Objects survive a restart when given a file (docker-compose keeps it on a volume).
    stateFile: env.STRIPE_TEST_STATE_FILE || undefined,
  });
  console.log(`Stripe test server listening on ${server.url}`);
  console.log(`  webhooks: ${env.STRIPE_WEBHOOK_URL || '(none; set STRIPE_WEBHOOK_URL)'}, secret ${server.webhookSecret}`);
  console.log(`  test controls: ${server.url}/_test/… (see sandbox/stripe/README.md)`);

  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
