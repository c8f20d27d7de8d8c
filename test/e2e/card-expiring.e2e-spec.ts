import Stripe from 'stripe';
import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { CardExpiryService } from '../../src/payments/card-expiry.service';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';
import { type AppWithStripe, startAppWithStripe } from '../support/stripe';
import { type Agency, type TestApp, bearer, createAgency } from '../support/test-app';

const PUBLIC_BASE_URL = 'https://wallet.example.test';
/** Far enough ahead that no other suite's card is near its expiry when the job runs at these dates. */
const YEAR = new Date().getUTCFullYear() + 10;

/** A saved card whose expiry the test chooses, created at the Stripe test server as Stripe.js would. */
async function cardExpiring(stripe: StripeTestServer, expMonth: number, expYear: number): Promise<string> {
  const sdk = new Stripe('sk_test_card_expiry', { host: '127.0.0.1', port: stripe.port, protocol: 'http' });
  const method = await sdk.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
  await sdk.paymentMethods.update(method.id, { card: { exp_month: expMonth, exp_year: expYear } });
  return method.id;
}

/**
 * The `card-expiring` reminders: 30 and 7 days before the default card expires, in the agency's
 * local days, once per card per window; nothing for a card replaced or removed.
 */
describe('Card expiry reminders', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let smtp: SmtpCapture;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    env = await startAppWithStripe({ SMTP_URL: smtp.url, PUBLIC_BASE_URL, NOTIFICATION_SWEEP_SECONDS: '1' }, { worker: true });
    ({ stripe, t } = env);
  });
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  const addCard = async (agency: Agency, stripePaymentMethodId: string) =>
    (await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId }).expect(201)).body;
  const runJobAt = (at: string) => t.app.get(CardExpiryService).sendReminders(new Date(at));
  const remindersOf = async (agency: Agency) => {
    const res = await t.http.get(`/v1/agencies/${agency.id}/notifications`).set(bearer(agency.ownerKey)).expect(200);
    return (res.body.data as { template: string; subject: string }[]).filter((n) => n.template === 'card-expiring');
  };

  it("emails 30 and again 7 days before the default card expires, counted in the agency's days, once each", async () => {
    const agency = await createAgency(t, { name: 'Harbor Leads', timeZone: 'America/New_York' });
    await addCard(agency, await cardExpiring(stripe, 3, YEAR));

    // 22:00 on the last day of February in New York (already March 1 in UTC): 31 days left.
    await runJobAt(`${YEAR}-03-01T03:00:00Z`);
    expect(await remindersOf(agency)).toEqual([]);

    await runJobAt(`${YEAR}-03-01T05:00:00Z`); // March 1 in New York: 30 days left
    await runJobAt(`${YEAR}-03-02T12:00:00Z`);
    await runJobAt(`${YEAR}-03-23T12:00:00Z`);
    expect((await remindersOf(agency)).map((n) => n.subject)).toEqual([
      'Your Visa card ending in 4242 expires in 30 days: update it for Harbor Leads',
    ]);

    await runJobAt(`${YEAR}-03-24T12:00:00Z`); // 7 days left
    await runJobAt(`${YEAR}-03-31T12:00:00Z`); // its last day: still the 7-day window, already sent
    await runJobAt(`${YEAR}-04-01T12:00:00Z`); // expired: the insights and the declines say so from now on
    expect((await remindersOf(agency)).map((n) => n.subject)).toEqual([
      'Your Visa card ending in 4242 expires in 7 days: update it for Harbor Leads',
      'Your Visa card ending in 4242 expires in 30 days: update it for Harbor Leads',
    ]);

    const emails = await smtp.waitFor({ template: 'card-expiring', to: agency.ownerEmail }, { count: 2 });
    const seven = emails.find((email) => email.subject.includes('7 days'))!;
    expect(seven.text).toContain(`valid through March 31, ${YEAR}.`);
    expect(seven.text).toContain(`Expires:        03/${YEAR}`);
    expect(seven.text).toContain(`Update payment methods: ${PUBLIC_BASE_URL}/billing/${agency.id}/payment-methods`);
    expect(seven.html).toContain(`href="${PUBLIC_BASE_URL}/billing/${agency.id}/payment-methods"`);
  });

  it('sends nothing more for a card replaced as the default or removed', async () => {
    const [kept, replaced, removed] = await Promise.all([createAgency(t), createAgency(t), createAgency(t)]);
    for (const agency of [kept, replaced, removed]) await addCard(agency, await cardExpiring(stripe, 5, YEAR));

    const newDefault = await addCard(replaced, 'pm_card_mastercard');
    const methods = (await t.http.get(`/v1/agencies/${replaced.id}/payment-methods`).set(bearer(replaced.ownerKey)).expect(200)).body.data;
    await t.http
      .put(`/v1/agencies/${replaced.id}/payment-methods/order`)
      .set(bearer(replaced.ownerKey))
      .send({ ids: [newDefault.id, ...methods.filter((m: { id: string }) => m.id !== newDefault.id).map((m: { id: string }) => m.id)] })
      .expect(200);
    const [saved] = (await t.http.get(`/v1/agencies/${removed.id}/payment-methods`).set(bearer(removed.ownerKey)).expect(200)).body.data;
    await t.http.delete(`/v1/agencies/${removed.id}/payment-methods/${saved.id}`).set(bearer(removed.ownerKey)).expect(204);

    await runJobAt(`${YEAR}-05-01T12:00:00Z`);
    await runJobAt(`${YEAR}-05-25T12:00:00Z`);
    expect(await remindersOf(kept)).toHaveLength(2);
    expect(await remindersOf(replaced)).toEqual([]);
    expect(await remindersOf(removed)).toEqual([]);
  });
});

describe('Card expiry reminders in the worker', () => {
  let env: AppWithStripe;
  let smtp: SmtpCapture;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    // The daily job, run every second here so the test sees it at work.
    env = await startAppWithStripe({ SMTP_URL: smtp.url, CARD_EXPIRY_CHECK_SECONDS: '1', NOTIFICATION_SWEEP_SECONDS: '1' }, { worker: true });
  });
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  it('runs by itself and reminds the owner of a card that expires this month', async () => {
    const { t, stripe } = env;
    const now = new Date();
    const agency = await createAgency(t, { name: 'Expiring Soon Agency' });
    const pm = await cardExpiring(stripe, now.getUTCMonth() + 1, now.getUTCFullYear());
    await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: pm }).expect(201);
    const [email] = await smtp.waitFor({ template: 'card-expiring', to: agency.ownerEmail }, { timeoutMs: 20_000 });
    expect(email.subject).toMatch(/^Your Visa card ending in 4242 expires (today|tomorrow|in \d+ days): update it for Expiring Soon Agency$/);
  });
});
