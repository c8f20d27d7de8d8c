import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type AppWithStripe, startAppWithStripe } from '../support/stripe';
import { type Agency, type TestApp, bearer, createAgency, expectLedgerInvariant, walletOf } from '../support/test-app';

describe('Manual top-ups', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;
  beforeAll(async () => {
    env = await startAppWithStripe();
    ({ stripe, t } = env);
  });
  afterAll(() => env.close());

  async function agencyWith(method?: string): Promise<Agency> {
    const agency = await createAgency(t);
    if (method) {
      await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: method }).expect(201);
    }
    return agency;
  }
  const topUp = (agency: Agency, amount: unknown, key?: string) => {
    const req = t.http.post(`/v1/agencies/${agency.id}/wallet/top-ups`).set(bearer(agency.ownerKey));
    if (key) req.set('Idempotency-Key', key);
    return req.send({ amount });
  };

  it('charges the default card now and credits the wallet; a retry replays it', async () => {
    const agency = await agencyWith('pm_card_visa');
    const first = await topUp(agency, '25.00', 'top-1').expect(201);
    expect(first.body).toMatchObject({ trigger: 'manual', amount: '25.00', status: 'succeeded', paymentMethod: { brand: 'visa', last4: '4242' } });
    expect((await walletOf(t, agency)).balance).toBe('25.00');

    const again = await topUp(agency, '25.00', 'top-1').expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const conflict = await topUp(agency, '30.00', 'top-1').expect(409);
    expect(conflict.body.error.code).toBe('idempotency_conflict');
    expect((await walletOf(t, agency)).balance).toBe('25.00');
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(1);
    const entries = await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?type=top_up`).set(bearer(agency.ownerKey)).expect(200);
    expect(entries.body.data).toHaveLength(1);
    await expectLedgerInvariant(t, agency);
  });

  it('charges once for concurrent identical requests', async () => {
    const agency = await agencyWith('pm_card_visa');
    const responses = await Promise.all(Array.from({ length: 10 }, () => topUp(agency, '10.00', 'same-key')));
    expect(responses.every((res) => res.status === 201)).toBe(true);
    expect(new Set(responses.map((res) => res.body.id)).size).toBe(1);
    expect((await walletOf(t, agency)).balance).toBe('10.00');
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(1);
  });

  it('answers 402 payment_failed with the decline, and records the attempt', async () => {
    const agency = await agencyWith('pm_card_chargeDeclinedExpiredCard');
    const res = await topUp(agency, '10.00', 'declined').expect(402);
    expect(res.body.error).toMatchObject({ code: 'payment_failed', details: { declineCode: 'expired_card', attempt: { status: 'failed' } } });
    expect((await walletOf(t, agency)).balance).toBe('0.00');
    const attempts = await t.http.get(`/v1/agencies/${agency.id}/reload-attempts?status=failed`).set(bearer(agency.ownerKey)).expect(200);
    expect(attempts.body.data).toHaveLength(1);
  });

  it('refuses bad amounts, a missing key and a missing payment method with a 4xx', async () => {
    const agency = await agencyWith('pm_card_visa');
    for (const amount of ['0.99', '10000.01', '10.001', 10, '-5.00', 'ten']) {
      const res = await topUp(agency, amount, `bad-${String(amount)}`);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('validation_error');
    }
    expect((await topUp(agency, '10.00')).status).toBe(422);
    const bare = await agencyWith();
    expect((await topUp(bare, '10.00', 'no-method')).status).toBe(422);
    expect((await walletOf(t, agency)).balance).toBe('0.00');
  });
});
