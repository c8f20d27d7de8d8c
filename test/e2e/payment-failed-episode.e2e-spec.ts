import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';
import { type AppWithStripe, eventually, startAppWithStripe } from '../support/stripe';
import { type Agency, type TestApp, bearer, createAgency, createSubteam, fund, walletOf } from '../support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One failure episode — a reload falling back over several payment methods — sends one email. */
describe('Payment failure emails per episode', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;
  let smtp: SmtpCapture;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    // Lenient attach: the episode email explains three different declines (insufficient funds, expired,
    // lost), so the cards that give them must be saved first, which Stripe would refuse.
    env = await startAppWithStripe(
      { AUTO_RELOAD_COOLDOWN_SECONDS: '0', SMTP_URL: smtp.url, NOTIFICATION_SWEEP_SECONDS: '1' },
      { worker: true },
      { lenientAttach: true },
    );
    ({ stripe, t } = env);
  });
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  async function reloadOver(cards: string[]): Promise<Agency> {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    for (const card of cards) {
      await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: card }).expect(201);
    }
    await fund(t, agency, '20.00');
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '50.00' })
      .expect(200);
    await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '15.00', reference: 'spend' }).expect(201);
    return agency;
  }
  const attemptsOf = async (agency: Agency) =>
    (await t.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200)).body.data as { status: string }[];

  it('sends one payment-failed email listing every card a failed reload tried', async () => {
    const agency = await reloadOver([
      'pm_card_visa_chargeDeclinedInsufficientFunds',
      'pm_card_chargeDeclinedExpiredCard',
      'pm_card_visa_chargeDeclinedLostCard',
    ]);
    await eventually(async () => expect((await attemptsOf(agency)).filter((a) => a.status === 'failed')).toHaveLength(3));
    const [email] = await smtp.waitFor({ agencyId: agency.id, template: 'payment-failed' });
    await sleep(1500);
    expect(smtp.received({ agencyId: agency.id, template: 'payment-failed' })).toHaveLength(1);
    const tried = email.text.slice(email.text.indexOf('What we tried:'));
    expect(tried).toMatch(
      /^What we tried:\n- Visa card ending in 9995: .*insufficient funds.*\n- Visa card ending in 0069: .*expired.*\n- Visa card ending in 9987: .*lost/,
    );
    expect(email.text).toContain('Auto-reload is now suspended');
    expect(smtp.received({ agencyId: agency.id, template: 'auto-reload-suspended' })).toHaveLength(1);
  });

  it('sends one payment-failed email saying which card was charged instead when a backup works', async () => {
    const agency = await reloadOver(['pm_card_visa_chargeDeclinedInsufficientFunds', 'pm_card_mastercard']);
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('55.00'));
    const [email] = await smtp.waitFor({ agencyId: agency.id, template: 'payment-failed' });
    await smtp.waitFor({ agencyId: agency.id, template: 'reload-succeeded' });
    await sleep(1000);
    expect(smtp.received({ agencyId: agency.id, template: 'payment-failed' })).toHaveLength(1);
    expect(email.text).toContain('We then charged your Mastercard card ending in 4444 instead, and the wallet is reloaded.');
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id && pi.status === 'succeeded')).toHaveLength(1);
  });
});
