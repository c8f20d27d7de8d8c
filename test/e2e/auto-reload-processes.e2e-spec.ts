import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type ServiceProcess, startServiceProcess } from '../support/service-process';
import { eventually, startStripe, stripeEnv } from '../support/stripe';
import { type TestApp, bearer, createAgency, createSubteam, expectLedgerInvariant, fund, startTestApp, walletOf } from '../support/test-app';
import { freePort } from '../support/free-port';

/** Two API processes and two worker processes, as separate OS processes, still make one PaymentIntent. */
describe('Auto-reload across processes', () => {
  let stripe: StripeTestServer;
  let t: TestApp;
  const processes: ServiceProcess[] = [];
  const apis: string[] = [];

  beforeAll(async () => {
    stripe = await startStripe();
    const env = { ...stripeEnv(stripe), QUEUE_PREFIX: `aw-multi-${process.pid}-${Date.now()}`, DATABASE_URL: process.env.DATABASE_URL! };
    t = await startTestApp(env);
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      processes.push(await startServiceProcess('src/main.ts', { ...env, ROLE: 'api', HOST: '127.0.0.1', PORT: String(port) }));
      apis.push(`http://127.0.0.1:${port}`);
      processes.push(await startServiceProcess('src/worker.ts', env));
    }
    stripe.setWebhookUrl(`${apis[0]}/v1/webhooks/stripe`);
  }, 120_000);
  afterAll(async () => {
    for (const p of processes) await p.kill('SIGTERM');
    await t.close();
    await stripe.close();
  });

  it('charges once for 200 concurrent debits spread over two API processes with two workers', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_visa' })
      .expect(201);
    await fund(t, agency, '100.00');
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '50.00', amount: '200.00' })
      .expect(200);

    const statuses = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const res = await fetch(`${apis[i % 2]}/v1/usage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${subteam.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ amount: '0.40', reference: `u-${i}` }),
        });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    expect(statuses.every((status) => status === 201)).toBe(true);
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('220.00'), 30_000);
    // Give any duplicate evaluation time to show itself.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(1);
    await expectLedgerInvariant(t, agency);
  }, 120_000);
});
