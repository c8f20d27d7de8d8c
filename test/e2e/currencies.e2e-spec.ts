import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type AppWithStripe, eventually, startAppWithStripe } from '../support/stripe';
import { type Agency, type TestApp, bearer, createAgency, createSubteam, expectLedgerInvariant, fund, walletOf } from '../support/test-app';

/**
 * What Stripe charges is exactly what the wallet is credited, in every currency: whole yen for a
 * zero-decimal currency, thousandths ending in 0 for a three-decimal one. Amounts the currency
 * cannot charge are refused (422 naming the field), never rounded on the way to Stripe.
 */
describe('Currencies', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;

  beforeAll(async () => {
    env = await startAppWithStripe({ AUTO_RELOAD_COOLDOWN_SECONDS: '0' }, { worker: true });
    ({ stripe, t } = env);
  });
  afterAll(() => env.close());

  async function agencyIn(currency: string): Promise<Agency> {
    const agency = await createAgency(t, { currency });
    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_visa' })
      .expect(201);
    return agency;
  }
  const topUp = (agency: Agency, amount: string, key = `top-${amount}`) =>
    t.http.post(`/v1/agencies/${agency.id}/wallet/top-ups`).set(bearer(agency.ownerKey)).set('Idempotency-Key', key).send({ amount });
  const intentsOf = (agency: Agency) => stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id);

  it('refuses a yen top-up with a fraction, naming the field, and charges whole yen exactly', async () => {
    const agency = await agencyIn('JPY');
    for (const amount of ['1.50', '1.005', '1000.10']) {
      const res = await topUp(agency, amount).expect(422);
      expect(res.body.error).toMatchObject({ code: 'validation_error', details: { fields: [expect.objectContaining({ path: 'amount' })] } });
    }
    expect(intentsOf(agency)).toHaveLength(0);

    await topUp(agency, '1500').expect(201);
    expect(intentsOf(agency)).toEqual([expect.objectContaining({ amount: 1500, currency: 'jpy', status: 'succeeded' })]);
    expect((await walletOf(t, agency)).balance).toBe('1500.00');
  });

  it('charges a three-decimal currency in thousandths ending in 0, credits the same, and refunds by Stripe’s figure', async () => {
    const agency = await agencyIn('KWD');
    await topUp(agency, '12.001').expect(422);
    await topUp(agency, '12.34').expect(201);
    const [intent] = intentsOf(agency);
    expect(intent).toMatchObject({ amount: 12340, currency: 'kwd' });
    expect((await walletOf(t, agency)).balance).toBe('12.34');

    await stripe.refund(intent.id, 1230);
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('11.11'));
    await expectLedgerInvariant(t, agency);
  });

  it('refuses Bahraini dinar amounts Stripe cannot charge', async () => {
    const agency = await agencyIn('BHD');
    const res = await topUp(agency, '5.125').expect(422);
    expect(res.body.error.details.fields[0].path).toBe('amount');
    await topUp(agency, '5.12').expect(201);
    expect(intentsOf(agency)).toEqual([expect.objectContaining({ amount: 5120, currency: 'bhd' })]);
  });

  it('tops up to a target in whole yen, charging exactly what it credits', async () => {
    const agency = await agencyIn('JPY');
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '2000.00');
    const put = await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '1000.00', amount: '200.50' });
    expect(put.status).toBe(422);
    expect(put.body.error.details.fields).toEqual([expect.objectContaining({ path: 'amount' })]);
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '1000.00', mode: 'to_target', targetBalance: '3000.50' })
      .expect(200);
    await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '1000.70', reference: 'yen-spend' }).expect(201);

    // 3000.50 − 999.30 = 2001.20, rounded up to 2002 yen.
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('3001.30'));
    expect(intentsOf(agency)).toEqual([expect.objectContaining({ amount: 2002, currency: 'jpy', status: 'succeeded' })]);
    await expectLedgerInvariant(t, agency);
  });
});
