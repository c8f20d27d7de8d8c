import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { freePort } from '../support/free-port';
import { type ServiceProcess, startServiceProcess } from '../support/service-process';
import { eventually, startStripe, stripeEnv } from '../support/stripe';
import { ADMIN_KEY, bearer, createAgency, startTestApp, type TestApp } from '../support/test-app';

/**
 * Found by the fault-injection suite (`npm run chaos -- --replay 1014`): a support retry whose
 * process died before the retry's charge was answered (there, PostgreSQL killed right after the
 * retry committed) left a `support_retry` attempt with no `reload.retried` entry in the audit log,
 * which was written only after Stripe answered. It is now written in the retry's own transaction.
 */
describe('Chaos seed 1014: a support retry cut off by a crash', () => {
  let stripe: StripeTestServer;
  let t: TestApp;
  let api: ServiceProcess | undefined;

  beforeAll(async () => {
    stripe = await startStripe();
    t = await startTestApp(stripeEnv(stripe));
  });
  afterAll(async () => {
    await api?.kill();
    await t.close();
    await stripe.close();
  });

  it('is in the audit log although the API process died while Stripe was charging', async () => {
    const agency = await createAgency(t);
    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_chargeCustomerFail' })
      .expect(201);
    const topUp = await t.http
      .post(`/v1/agencies/${agency.id}/wallet/top-ups`)
      .set(bearer(agency.ownerKey))
      .set('Idempotency-Key', 'seed-1014')
      .send({ amount: '20.00' });
    expect(topUp.status).toBe(402);
    const failed = (await t.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200)).body.data[0];
    expect(failed.status).toBe('failed');

    const port = await freePort();
    api = await startServiceProcess('src/main.ts', {
      ...stripeEnv(stripe),
      ROLE: 'api',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL!,
    });
    // Stripe holds the retry's charge; the process is killed while it waits.
    stripe.injectFaults({ kind: 'delay', method: 'POST', path: '/v1/payment_intents', delayMs: 60_000 });
    const charges = stripe.requests.filter((request) => request.method === 'POST' && request.path === '/v1/payment_intents').length;
    const retry = fetch(`http://127.0.0.1:${port}/v1/support/agencies/${agency.id}/reload-attempts/${failed.id}/retry`, {
      method: 'POST',
      headers: { ...bearer(ADMIN_KEY), 'content-type': 'application/json' },
      body: '{}',
    }).catch(() => null);
    await eventually(
      async () =>
        expect(stripe.requests.filter((request) => request.method === 'POST' && request.path === '/v1/payment_intents').length).toBeGreaterThan(
          charges,
        ),
      60_000,
      100,
    );
    await api.kill('SIGKILL');
    expect(await retry).toBeNull();
    stripe.clearFaults();

    const attempts = (await t.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200)).body.data;
    const retried = attempts.find((attempt: { trigger: string }) => attempt.trigger === 'support_retry');
    expect(retried).toMatchObject({ retryOf: failed.id });
    const log = await t.http.get(`/v1/support/audit-log?agencyId=${agency.id}`).set(bearer(ADMIN_KEY)).expect(200);
    expect(log.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'reload.retried', targetId: failed.id, after: expect.objectContaining({ newAttemptId: retried.id }) }),
      ]),
    );
  }, 240_000);
});
