import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { watchBelowThreshold } from '../support/reload-wait';
import { type ServiceProcess, startServiceProcess } from '../support/service-process';
import { eventually, startStripe, stripeEnv } from '../support/stripe';
import { bearer, createAgency, createSubteam, expectLedgerInvariant, fund, startTestApp, type TestApp, walletOf } from '../support/test-app';

/**
 * A worker killed with SIGKILL while Stripe is charging: no double charge, and the charge credited
 * within seconds of another worker starting (the attempt's lease runs out and that worker takes it
 * over under the same Stripe key), without waiting for reconciliation.
 */
describe('A worker killed mid-reload', () => {
  let stripe: StripeTestServer;
  let api: TestApp;
  const workers: ServiceProcess[] = [];
  const queuePrefix = `aw-crash-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    stripe = await startStripe();
    api = await startTestApp({ ...stripeEnv(stripe), QUEUE_PREFIX: queuePrefix });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await api.close();
    await stripe.close();
  });

  const workerEnv = (extra: Record<string, string> = {}) => ({
    ...stripeEnv(stripe),
    DATABASE_URL: process.env.DATABASE_URL!,
    QUEUE_PREFIX: queuePrefix,
    ...extra,
  });

  it('leaves exactly one charge, credited exactly once, within 15 s of a new worker starting', async () => {
    // No webhooks reach the service: only the worker's own answer or reconciliation can credit.
    stripe.setWebhookUrl(null);
    const first = await startServiceProcess('src/worker.ts', workerEnv());
    workers.push(first);

    const agency = await createAgency(api);
    const subteam = await createSubteam(api, agency);
    await api.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_visa' })
      .expect(201);
    await fund(api, agency, '20.00');
    // Stripe takes the charge, then the answer hangs: the worker dies before it hears back.
    stripe.injectFaults({ kind: 'delay', method: 'POST', path: '/v1/payment_intents', delayMs: 20_000, afterProcessing: true, times: 1 });
    await api.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '100.00' })
      .expect(200);
    await api.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'k-1', amount: '15.00' }).expect(201);
    await api.http.post('/v1/calls/k-1/settle').set(bearer(subteam.key)).send({ cost: '15.00' }).expect(200);

    const intent = await eventually(async () => {
      const found = stripe.paymentIntents().find((pi) => pi.metadata?.agencyId === agency.id);
      expect(found?.status).toBe('succeeded');
      return found!;
    });
    await first.kill('SIGKILL');
    const crashedAt = performance.now();
    const waiting = watchBelowThreshold(() => walletOf(api, agency), '10.00');
    expect((await walletOf(api, agency)).balance).toBe('5.00');
    stripe.clearFaults();

    // Reconciliation stays at its default (every 5 minutes): only the takeover can credit in time.
    const second = await startServiceProcess('src/worker.ts', workerEnv());
    workers.push(second);
    const restartMs = performance.now() - crashedAt;
    await eventually(async () => expect((await walletOf(api, agency)).balance).toBe('105.00'), 15_000);
    // The wallet waited below its threshold from the crash until the credit: the restart, then
    // less than 15 s (the lease running out, a takeover tick, the charge replayed).
    const waited = await waiting.stop();
    expect(waited.periods).toHaveLength(1);
    expect(waited.longestMs).toBeLessThan(restartMs + 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(1);
    const reloads = await api.http.get(`/v1/agencies/${agency.id}/wallet/entries?type=reload`).set(bearer(agency.ownerKey)).expect(200);
    expect(reloads.body.data).toEqual([expect.objectContaining({ amount: '100.00', reference: intent.id })]);
    const attempts = await api.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200);
    expect(attempts.body.data).toEqual([expect.objectContaining({ status: 'succeeded', stripePaymentIntentId: intent.id })]);
    await expectLedgerInvariant(api, agency);
  }, 180_000);
});
