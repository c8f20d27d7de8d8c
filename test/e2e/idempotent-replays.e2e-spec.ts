import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type AppWithStripe, startAppWithStripe } from '../support/stripe';
import { ADMIN_KEY, type Agency, type TestApp, bearer, createAgency, walletOf } from '../support/test-app';

/** The same key asked again answers the first answer again, failures too, and says so. */
describe('Idempotent replays of failures', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;

  beforeAll(async () => {
    env = await startAppWithStripe();
    ({ stripe, t } = env);
  });
  afterAll(() => env.close());

  async function agencyWith(card: string): Promise<Agency> {
    const agency = await createAgency(t);
    await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: card }).expect(201);
    return agency;
  }
  const topUp = (agency: Agency, key: string) =>
    t.http.post(`/v1/agencies/${agency.id}/wallet/top-ups`).set(bearer(agency.ownerKey)).set('Idempotency-Key', key).send({ amount: '10.00' });
  const intentsOf = (agency: Agency) => stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id);

  it('replays a declined top-up as the same 402, marked as a replay', async () => {
    const agency = await agencyWith('pm_card_chargeCustomerFail');
    const first = await topUp(agency, 'declined-once').expect(402);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await topUp(agency, 'declined-once').expect(402);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(intentsOf(agency)).toHaveLength(1);
  });

  it('replays a support retry that failed, with its answer, without trying again', async () => {
    const agency = await agencyWith('pm_card_chargeCustomerFail');
    const declined = await topUp(agency, 'to-retry').expect(402);
    const attemptId = declined.body.error.details.attempt.id;
    const retry = () =>
      t.http.post(`/v1/support/agencies/${agency.id}/reload-attempts/${attemptId}/retry`).set(bearer(ADMIN_KEY)).set('Idempotency-Key', 'retry-1');

    const first = await retry().expect(201);
    expect(first.body).toMatchObject({ started: true, attempt: { trigger: 'support_retry', status: 'failed', retryOf: attemptId } });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await retry().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(intentsOf(agency)).toHaveLength(2);

    // The same key for another attempt is a conflict; no key at all retries afresh, as before.
    const other = await topUp(agency, 'other').expect(402);
    const conflict = await t.http
      .post(`/v1/support/agencies/${agency.id}/reload-attempts/${other.body.error.details.attempt.id}/retry`)
      .set(bearer(ADMIN_KEY))
      .set('Idempotency-Key', 'retry-1')
      .expect(409);
    expect(conflict.body.error.code).toBe('idempotency_conflict');
    expect((await walletOf(t, agency)).balance).toBe('0.00');
  });
});
