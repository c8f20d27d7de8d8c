import type { StripeTestServer } from '../stripe-server/stripe-server';
import { deliverWebhooksTo, eventually, startStripe, stripeEnv } from '../support/stripe';
import { type TestApp, bearer, createAgency, createSubteam, expectLedgerInvariant, fund, startTestApp, walletOf } from '../support/test-app';

/** Two API instances and two workers sharing one queue still make one PaymentIntent. */
describe('Auto-reload across processes', () => {
  let stripe: StripeTestServer;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    stripe = await startStripe();
    const env = { ...stripeEnv(stripe), QUEUE_PREFIX: `aw-multi-${process.pid}-${Date.now()}` };
    apps.push(await startTestApp(env), await startTestApp(env), await startTestApp(env, { worker: true }), await startTestApp(env, { worker: true }));
    await deliverWebhooksTo(stripe, apps[0]);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await stripe.close();
  });

  it('charges once for 200 concurrent debits spread over two API instances with two workers', async () => {
    const [api1, api2] = apps;
    const agency = await createAgency(api1);
    const subteam = await createSubteam(api1, agency);
    await api1.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: 'pm_card_visa' }).expect(201);
    await fund(api1, agency, '100.00');
    await api1.http.put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`).set(bearer(agency.ownerKey)).send({ enabled: true, threshold: '50.00', amount: '200.00' }).expect(200);

    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? api2 : api1).http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '0.40', reference: `u-${i}` }).expect(201),
      ),
    );
    await eventually(async () => expect((await walletOf(api1, agency)).balance).toBe('220.00'));
    // Give any duplicate evaluation time to show itself, and let the sweep of both workers run.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(1);
    await expectLedgerInvariant(api1, agency);
  });
});
