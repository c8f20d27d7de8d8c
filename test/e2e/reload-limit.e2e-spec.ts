import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';
import { type AppWithStripe, eventually, startAppWithStripe } from '../support/stripe';
import { type TestApp, bearer, createAgency } from '../support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A wallet far below its threshold, with a reload too small to lift it, never loops charges: without
 * a daily cap, at most AUTO_RELOAD_MAX_PER_DAY automatic reloads run in 24 hours, then the next is
 * skipped (`reload_limit_reached`) and the owner is emailed once.
 */
describe('Automatic reloads per day without a daily cap', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;
  let smtp: SmtpCapture;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    env = await startAppWithStripe(
      {
        AUTO_RELOAD_MAX_PER_DAY: '3',
        SWEEP_INTERVAL_SECONDS: '1',
        AUTO_RELOAD_COOLDOWN_SECONDS: '0',
        SMTP_URL: smtp.url,
        NOTIFICATION_SWEEP_SECONDS: '1',
      },
      { worker: true },
    );
    ({ stripe, t } = env);
  });
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  it('stops after the limit, records why once and emails the owner once', async () => {
    const agency = await createAgency(t);
    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_visa' })
      .expect(201);
    // $1.00 reloads against a $500.00 threshold: every reload leaves the wallet below it.
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '500.00', amount: '1.00' })
      .expect(200);
    const attempts = async () =>
      (await t.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200)).body.data as {
        status: string;
        skipReason: string | null;
      }[];

    await eventually(async () => expect((await attempts()).some((a) => a.skipReason === 'reload_limit_reached')).toBe(true), 30_000);
    await sleep(3000);
    const all = await attempts();
    expect(all.filter((a) => a.status === 'succeeded')).toHaveLength(3);
    expect(all.filter((a) => a.status === 'skipped')).toEqual([expect.objectContaining({ skipReason: 'reload_limit_reached', status: 'skipped' })]);
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(3);

    const [email] = await smtp.waitFor({ agencyId: agency.id, template: 'reload-limit-reached' });
    expect(email.subject).toContain('3 reloads in 24 hours');
    await sleep(1000);
    expect(smtp.received({ agencyId: agency.id, template: 'reload-limit-reached' })).toHaveLength(1);

    const dry = await t.http.post(`/v1/agencies/${agency.id}/auto-reload/test`).set(bearer(agency.ownerKey)).expect(200);
    expect(dry.body).toMatchObject({ wouldReload: false, reason: 'reload_limit_reached' });

    // A daily cap is the owner's own limit: with one set, the count no longer applies.
    await t.http.patch(`/v1/agencies/${agency.id}/billing-settings/auto-reload`).set(bearer(agency.ownerKey)).send({ dailyCap: '10.00' }).expect(200);
    await eventually(async () => expect((await attempts()).filter((a) => a.status === 'succeeded').length).toBeGreaterThan(3), 30_000);
  });
});
