import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';
import { type AppWithStripe, eventually, startAppWithStripe } from '../support/stripe';
import {
  type Agency,
  type Subteam,
  type TestApp,
  bearer,
  createAgency,
  createSubteam,
  expectLedgerInvariant,
  fund,
  walletOf,
} from '../support/test-app';

/** The monthly auto-reload cap refuses, end to end: debits, the worker, Stripe, the skip and its one email. */
describe('Monthly auto-reload cap', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let smtp: SmtpCapture;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    env = await startAppWithStripe({ SMTP_URL: smtp.url, AUTO_RELOAD_COOLDOWN_SECONDS: '0', NOTIFICATION_SWEEP_SECONDS: '1' }, { worker: true });
    ({ stripe, t } = env);
  });
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  async function spend(subteam: Subteam, callId: string, amount: string) {
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount }).expect(201);
    await t.http.post(`/v1/calls/${callId}/settle`).set(bearer(subteam.key)).send({ cost: amount }).expect(200);
  }

  async function attempts(agency: Agency) {
    const res = await t.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200);
    return res.body.data as { status: string; amount: string; skipReason: string | null }[];
  }

  it("reloads up to the cap in the agency's month, then skips with monthly_cap_reached and emails the owner once", async () => {
    const agency = await createAgency(t, { name: 'Capped Monthly Agency', timeZone: 'America/New_York' });
    const subteam = await createSubteam(t, agency);
    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_visa' })
      .expect(201);
    await fund(t, agency, '20.00');
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '100.00', monthlyCap: '250.00' })
      .expect(200);

    await spend(subteam, 'm-1', '15.00');
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('105.00'));
    await spend(subteam, 'm-2', '100.00');
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('105.00'));
    expect((await attempts(agency)).filter((a) => a.status === 'succeeded')).toHaveLength(2);

    // 200.00 reloaded this month: another 100.00 would make 300.00, over the 250.00 cap.
    await spend(subteam, 'm-3', '100.00');
    await eventually(async () =>
      expect((await attempts(agency))[0]).toMatchObject({ status: 'skipped', skipReason: 'monthly_cap_reached', amount: '100.00' }),
    );
    const [email] = await smtp.waitFor({ template: 'daily-cap-reached', to: agency.ownerEmail });
    expect(email.subject).toBe('Auto-reload held back: monthly cap reached for Capped Monthly Agency');
    expect(email.text).toContain(
      'Auto-reload did not charge $100.00 for the Capped Monthly Agency wallet, because $200.00 has already been reloaded this calendar month and your monthly cap is $250.00.',
    );

    // Still below the threshold and still capped: nothing more is charged, recorded or emailed this month.
    await spend(subteam, 'm-4', '1.00');
    const dry = await t.http.post(`/v1/agencies/${agency.id}/auto-reload/test`).set(bearer(agency.ownerKey)).expect(200);
    expect(dry.body).toMatchObject({ wouldReload: false, reason: 'monthly_cap_reached', amount: '100.00' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await attempts(agency)).map((a) => a.status)).toEqual(['skipped', 'succeeded', 'succeeded']);
    expect(smtp.received({ template: 'daily-cap-reached', to: agency.ownerEmail })).toHaveLength(1);
    expect(stripe.paymentIntents().filter((intent) => intent.metadata?.agencyId === agency.id)).toHaveLength(2);
    expect((await walletOf(t, agency)).available).toBe('4.00');
    await expectLedgerInvariant(t, agency);
  });
});
