import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { startStripe, stripeEnv } from '../support/stripe';
import { type TestApp, bearer, createAgency, createSubteam, fund, startTestApp } from '../support/test-app';

describe('Wallet insights', () => {
  let stripe: StripeTestServer;
  let t: TestApp;
  beforeAll(async () => {
    stripe = await startStripe();
    t = await startTestApp(stripeEnv(stripe));
  });
  afterAll(async () => {
    await t.close();
    await stripe.close();
  });

  it('derives average spend, runway and suggested settings from the history, and warns in words', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '1000.00');
    await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '70.00', reference: 'day-1' }).expect(201);

    const insights = async () => (await t.http.get(`/v1/agencies/${agency.id}/wallet/insights`).set(bearer(agency.ownerKey)).expect(200)).body;
    const first = await insights();
    expect(first).toMatchObject({
      avgDailySpend7d: '10.00',
      avgDailySpend30d: '2.333333',
      runwayHours: 2232,
      suggestedThreshold: '20.00',
      suggestedReloadAmount: '70.00',
      reloadsLast24h: 0,
    });
    expect(first.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Auto-reload is off/),
        expect.stringMatching(/^No payment method is saved/),
        expect.stringMatching(/^No low-balance alert is set; 20\.00/),
      ]),
    );

    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_visa' })
      .expect(201);
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '5.00', amount: '5.00' })
      .expect(200);
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/low-balance-alert`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '20.00' })
      .expect(200);
    const second = await insights();
    expect(second.warnings).toEqual([
      "The reload amount 5.00 is below one day's average spend (10.00): expect several charges a day; consider 70.00.",
      "The reload threshold 5.00 is below one day's average spend: a busy hour may drain the wallet before a reload clears.",
    ]);
    await t.http.get(`/v1/agencies/${agency.id}/wallet/insights`).set(bearer(subteam.key)).expect(403);
  });
});
