/**
 * Runs the Twilio test server on its own for local development:
 *
 *   node sandbox/twilio/run.js
 *
 * Then point the app at it with TWILIO_API_BASE=http://127.0.0.1:12112 and the account SID and
 * auth token it prints (TWILIO_FROM=+15005550006). Status callbacks go out by themselves; inbound
 * replies go to TWILIO_INBOUND_URL (e.g. http://127.0.0.1:3000/v1/webhooks/twilio/inbound).
 */
import { startTwilioServer } from './twilio-server';

async function main(): Promise<void> {
  const env = process.env;
  const server = await startTwilioServer({
    port: Number(env.TWILIO_TEST_PORT ?? 12112),
    host: env.TWILIO_TEST_HOST ?? '127.0.0.1',
    accountSid: env.TWILIO_ACCOUNT_SID ?? `AC${'0'.repeat(32)}`,
    authToken: env.TWILIO_AUTH_TOKEN ?? 'twilio_local_auth_token',
    inboundUrl: env.TWILIO_INBOUND_URL || undefined,
    autoCallbacks: true,
  });
  console.log(`Twilio test server listening on ${server.url}`);
  console.log(
    `  TWILIO_API_BASE=${server.url} TWILIO_ACCOUNT_SID=${server.accountSid} TWILIO_AUTH_TOKEN=${server.authToken} TWILIO_FROM=+15005550006`,
  );
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
