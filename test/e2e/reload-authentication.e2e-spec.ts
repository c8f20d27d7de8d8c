import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type AppWithStripe, startAppWithStripe } from '../support/stripe';
import { type Agency, type TestApp, bearer, createAgency, expectLedgerInvariant, walletOf } from '../support/test-app';

const PUBLIC_BASE_URL = 'https://wallet.example.test';

/**
 * A reload the bank wants the cardholder to confirm (3D Secure): the owner starts it, passes the
 * bank's page, comes back, and the wallet is credited once, however often the return and Stripe's
 * webhook arrive.
 */
describe('3D Secure for a reload that requires action', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;

  beforeAll(async () => {
    env = await startAppWithStripe({ PUBLIC_BASE_URL });
    ({ stripe, t } = env);
  });
  afterAll(() => env.close());

  /** A top-up with a card that always needs 3D Secure: Stripe declines it off-session, `requires_action`. */
  async function reloadNeedingAuthentication(): Promise<{ agency: Agency; attemptId: string }> {
    const agency = await createAgency(t);
    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_authenticationRequired' })
      .expect(201);
    const res = await t.http
      .post(`/v1/agencies/${agency.id}/wallet/top-ups`)
      .set(bearer(agency.ownerKey))
      .set('Idempotency-Key', `sca-${agency.id}`)
      .send({ amount: '40.00' })
      .expect(402);
    expect(res.body.error.details.attempt.status).toBe('requires_action');
    return { agency, attemptId: res.body.error.details.attempt.id };
  }
  const start = (agency: Agency, attemptId: string) =>
    t.http.post(`/v1/agencies/${agency.id}/reload-attempts/${attemptId}/authenticate`).set(bearer(agency.ownerKey));
  const finish = (agency: Agency, attemptId: string) =>
    t.http.post(`/v1/agencies/${agency.id}/reload-attempts/${attemptId}/authenticate/finish`).set(bearer(agency.ownerKey)).expect(200);
  /** The cardholder's browser on the bank's page: answers where Stripe sends it back. */
  async function onBankPage(url: string, outcome: 'succeeded' | 'failed'): Promise<URL> {
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `outcome=${outcome}`,
      redirect: 'manual',
    });
    expect(answer.status).toBe(303);
    return new URL(answer.headers.get('location')!);
  }
  const reloadEntries = async (agency: Agency) =>
    (await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?type=top_up`).set(bearer(agency.ownerKey)).expect(200)).body.data;

  it('confirms on session, sends the owner to the bank and back, and credits once', async () => {
    const { agency, attemptId } = await reloadNeedingAuthentication();
    const started = await start(agency, attemptId).expect(200);
    expect(started.body).toMatchObject({ status: 'requires_action', redirectUrl: expect.stringContaining(`${stripe.url}/3d_secure_2/hosted/pi_`) });
    // Asking again (a second click) sends the owner to the same page without a second confirmation.
    expect((await start(agency, attemptId).expect(200)).body.redirectUrl).toBe(started.body.redirectUrl);

    const back = await onBankPage(started.body.redirectUrl, 'succeeded');
    expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_BASE_URL}/billing/${agency.id}/reload-attempts/${attemptId}/authenticate`);
    expect(back.searchParams.get('redirect_status')).toBe('succeeded');

    const finished = await finish(agency, attemptId);
    const again = await finish(agency, attemptId);
    expect(finished.body.status).toBe('succeeded');
    expect(again.body).toMatchObject({ status: 'succeeded', credited: false });
    // Stripe's payment_intent.succeeded webhook may have credited first: either way, one credit.
    await stripe.flushWebhooks();
    expect(await walletOf(t, agency)).toMatchObject({ balance: '40.00' });
    expect(await reloadEntries(agency)).toHaveLength(1);
    await expectLedgerInvariant(t, agency);
  });

  it('credits nothing when the owner fails the check, and lets them try again', async () => {
    const { agency, attemptId } = await reloadNeedingAuthentication();
    const first = await start(agency, attemptId).expect(200);
    await onBankPage(first.body.redirectUrl, 'failed');
    expect((await finish(agency, attemptId)).body).toMatchObject({ status: 'failed', credited: false, attempt: { status: 'requires_action' } });
    expect((await walletOf(t, agency)).balance).toBe('0.00');

    const second = await start(agency, attemptId).expect(200);
    expect(second.body.redirectUrl).toContain('/3d_secure_2/hosted/');
    await onBankPage(second.body.redirectUrl, 'succeeded');
    expect((await finish(agency, attemptId)).body.status).toBe('succeeded');
    expect((await walletOf(t, agency)).balance).toBe('40.00');
  });

  it("answers 422 for an attempt that needs no authentication, and 404 for another agency's", async () => {
    const { agency, attemptId } = await reloadNeedingAuthentication();
    const other = await createAgency(t);
    await start(other, attemptId).expect(404);
    const started = await start(agency, attemptId).expect(200);
    await onBankPage(started.body.redirectUrl, 'succeeded');
    await finish(agency, attemptId);
    expect((await start(agency, attemptId).expect(422)).body.error.message).toContain('succeeded');
  });
});
