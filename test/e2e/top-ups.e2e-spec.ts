import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { clientFor, expectError, expectOk } from '../support/client';
import { type AppWithStripe, startAppWithStripe } from '../support/stripe';
import { type Agency, type TestApp, bearer, createAgency, expectLedgerInvariant, walletOf } from '../support/test-app';

describe('Manual top-ups', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;
  beforeAll(async () => {
    // Lenient attach: the decline test saves an expired card to see expired_card in the answer; Stripe
    // would refuse to save it (that refusal is tested in payment-methods-checkout.e2e-spec.ts).
    env = await startAppWithStripe({}, { worker: false }, { lenientAttach: true });
    ({ stripe, t } = env);
  });
  afterAll(() => env.close());

  const owner = (agency: Agency) => clientFor(t, agency.ownerKey);
  const path = (agency: Agency) => ({ agencyId: agency.id });

  async function agencyWith(method?: string): Promise<Agency> {
    const agency = await createAgency(t);
    if (method) {
      await expectOk(
        owner(agency).POST('/v1/agencies/{agencyId}/payment-methods', { params: { path: path(agency) }, body: { stripePaymentMethodId: method } }),
        201,
      );
    }
    return agency;
  }
  /** `amount` is typed as the document says (a decimal string); the bad-amount test sends other things on purpose. */
  const topUp = (agency: Agency, amount: unknown, key?: string) =>
    owner(agency).POST('/v1/agencies/{agencyId}/wallet/top-ups', {
      params: { path: path(agency), header: key === undefined ? {} : { 'Idempotency-Key': key } },
      body: { amount: amount as string },
    });

  it('charges the default card now and credits the wallet; a retry replays it', async () => {
    const agency = await agencyWith('pm_card_visa');
    const first = await expectOk(topUp(agency, '25.00', 'top-1'), 201);
    expect(first.body).toMatchObject({ trigger: 'manual', amount: '25.00', status: 'succeeded', paymentMethod: { brand: 'visa', last4: '4242' } });
    expect((await walletOf(t, agency)).balance).toBe('25.00');

    const again = await expectOk(topUp(agency, '25.00', 'top-1'), 201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const conflict = await expectError(topUp(agency, '30.00', 'top-1'), 409);
    expect(conflict.error.code).toBe('idempotency_conflict');
    expect((await walletOf(t, agency)).balance).toBe('25.00');
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(1);
    const entries = await expectOk(
      owner(agency).GET('/v1/agencies/{agencyId}/wallet/entries', { params: { path: path(agency), query: { type: 'top_up' } } }),
      200,
    );
    expect(entries.body.data).toHaveLength(1);
    await expectLedgerInvariant(t, agency);
  });

  it('charges once for concurrent identical requests', async () => {
    const agency = await agencyWith('pm_card_visa');
    const responses = await Promise.all(Array.from({ length: 10 }, () => expectOk(topUp(agency, '10.00', 'same-key'), 201)));
    expect(new Set(responses.map((res) => res.body.id)).size).toBe(1);
    expect((await walletOf(t, agency)).balance).toBe('10.00');
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(1);
  });

  it('answers 402 payment_failed with the decline, and records the attempt', async () => {
    const agency = await agencyWith('pm_card_chargeDeclinedExpiredCard');
    const res = await expectError(topUp(agency, '10.00', 'declined'), 402);
    expect(res.error).toMatchObject({ code: 'payment_failed', details: { declineCode: 'expired_card', attempt: { status: 'failed' } } });
    expect((await walletOf(t, agency)).balance).toBe('0.00');
    const attempts = await expectOk(
      owner(agency).GET('/v1/agencies/{agencyId}/reload-attempts', { params: { path: path(agency), query: { status: 'failed' } } }),
      200,
    );
    expect(attempts.body.data).toHaveLength(1);
  });

  it('charges the saved method named by paymentMethodId instead of the default, and refuses one that is not the agency’s', async () => {
    const agency = await agencyWith('pm_card_chargeDeclinedExpiredCard');
    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_mastercard' })
      .expect(201);
    const methods = (await t.http.get(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).expect(200)).body.data;
    const backup = methods.find((method: { isDefault: boolean }) => !method.isDefault);
    const charged = await t.http
      .post(`/v1/agencies/${agency.id}/wallet/top-ups`)
      .set(bearer(agency.ownerKey))
      .set('Idempotency-Key', 'chosen-method')
      .send({ amount: '15.00', paymentMethodId: backup.id })
      .expect(201);
    expect(charged.body).toMatchObject({ status: 'succeeded', paymentMethod: { id: backup.id, brand: 'mastercard' } });
    expect((await walletOf(t, agency)).balance).toBe('15.00');

    const other = await agencyWith('pm_card_visa');
    const foreign = await t.http
      .post(`/v1/agencies/${other.id}/wallet/top-ups`)
      .set(bearer(other.ownerKey))
      .set('Idempotency-Key', 'foreign-method')
      .send({ amount: '15.00', paymentMethodId: backup.id })
      .expect(422);
    expect(foreign.body.error.details.fields[0].path).toBe('paymentMethodId');
    expect((await walletOf(t, other)).balance).toBe('0.00');
  });

  it('refuses bad amounts, a missing key and a missing payment method with a 4xx', async () => {
    const agency = await agencyWith('pm_card_visa');
    for (const amount of ['0.99', '10000.01', '10.001', 10, '-5.00', 'ten']) {
      const res = await expectError(topUp(agency, amount, `bad-${String(amount)}`), 422);
      expect(res.error.code).toBe('validation_error');
    }
    await expectError(topUp(agency, '10.00'), 422);
    const bare = await agencyWith();
    await expectError(topUp(bare, '10.00', 'no-method'), 422);
    expect((await walletOf(t, agency)).balance).toBe('0.00');
  });
});
