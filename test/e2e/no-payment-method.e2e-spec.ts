import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';
import { type AppWithStripe, eventually, startAppWithStripe } from '../support/stripe';
import { type Agency, type Subteam, type TestApp, bearer, createAgency, createSubteam, fund } from '../support/test-app';

const PUBLIC_BASE_URL = 'https://wallet.example.test';
const WARNING =
  'Auto-reload is on, but no payment method is saved: nothing can be charged when the wallet runs low. Add one on the payment methods page.';

/** "On, but nothing to charge": the owner hears of it by email, and the dry run and the insights warn. */
describe('Auto-reload with no payment method', () => {
  let env: AppWithStripe;
  let smtp: SmtpCapture;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    env = await startAppWithStripe({ SMTP_URL: smtp.url, PUBLIC_BASE_URL, NOTIFICATION_SWEEP_SECONDS: '1' }, { worker: true });
    ({ t } = env);
  });
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  const turnOn = (agency: Agency) =>
    t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '50.00' })
      .expect(200);
  const warnings = async (agency: Agency) => ({
    dryRun: (await t.http.post(`/v1/agencies/${agency.id}/auto-reload/test`).set(bearer(agency.ownerKey)).expect(200)).body.warnings,
    insights: (await t.http.get(`/v1/agencies/${agency.id}/wallet/insights`).set(bearer(agency.ownerKey)).expect(200)).body.warnings,
  });
  const emailsTo = (agency: Agency) => smtp.received({ template: 'no-payment-method', to: agency.ownerEmail });
  const skips = async (agency: Agency) => {
    const res = await t.http.get(`/v1/agencies/${agency.id}/reload-attempts?status=skipped`).set(bearer(agency.ownerKey)).expect(200);
    return res.body.data as { skipReason: string }[];
  };
  const spend = (subteam: Subteam, reference: string) =>
    t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '0.10', reference }).expect(201);

  it('emails the owner who turns auto-reload on without a payment method, and warns in the dry run and the insights', async () => {
    const agency = await createAgency(t, { name: 'Cardless Agency' });
    expect(await warnings(agency)).toMatchObject({ dryRun: [] });
    await turnOn(agency);

    const [email] = await smtp.waitFor({ template: 'no-payment-method', to: agency.ownerEmail });
    expect(email.subject).toBe('Auto-reload is on, but nothing can be charged for Cardless Agency');
    expect(email.text).toContain('You turned auto-reload on for the Cardless Agency wallet, but no payment method is saved.');
    expect(email.text).toContain(`Add a payment method: ${PUBLIC_BASE_URL}/billing/${agency.id}/payment-methods`);
    const { dryRun, insights } = await warnings(agency);
    expect(dryRun).toEqual([WARNING]);
    expect(insights).toContain(WARNING);

    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_visa' })
      .expect(201);
    const after = await warnings(agency);
    expect(after.dryRun).toEqual([]);
    expect(after.insights).not.toContain(WARNING);
  });

  it('emails the owner who removes the last payment method while auto-reload is on, and not for one of several', async () => {
    const agency = await createAgency(t, { name: 'Removing Agency' });
    const add = async (card: string) =>
      (await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: card }).expect(201))
        .body;
    const [first, second] = [await add('pm_card_visa'), await add('pm_card_mastercard')];
    await fund(t, agency, '100.00');
    await turnOn(agency);

    await t.http.delete(`/v1/agencies/${agency.id}/payment-methods/${first.id}`).set(bearer(agency.ownerKey)).expect(204);
    await t.http.delete(`/v1/agencies/${agency.id}/payment-methods/${second.id}`).set(bearer(agency.ownerKey)).expect(204);
    const [email] = await smtp.waitFor({ template: 'no-payment-method', to: agency.ownerEmail });
    expect(email.text).toContain('The last saved payment method of the Removing Agency wallet was removed while auto-reload is on.');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(emailsTo(agency)).toHaveLength(1);
    expect((await warnings(agency)).dryRun).toEqual([WARNING]);
  });

  it("emails the skipped reload at most once a day, the agency's day, while it lasts", async () => {
    // Turned on below the threshold: the turn-on email is that day's; the skip that follows at once adds none.
    const agency = await createAgency(t, { name: 'Skipping Agency', timeZone: 'Pacific/Kiritimati' });
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '5.00');
    await turnOn(agency);
    await eventually(async () => expect(await skips(agency)).toEqual([expect.objectContaining({ skipReason: 'no_payment_method' })]));
    await spend(subteam, 'skip-1');
    await spend(subteam, 'skip-2');
    await smtp.waitFor({ template: 'no-payment-method', to: agency.ownerEmail });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(emailsTo(agency)).toHaveLength(1);

    // Another local day (UTC-12 is always a different date from UTC+14): the skip is recorded and emailed once more.
    await t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).send({ timeZone: 'Etc/GMT+12' }).expect(200);
    await spend(subteam, 'skip-3');
    const [, due] = await smtp.waitFor({ template: 'no-payment-method', to: agency.ownerEmail }, { count: 2 });
    expect(due.text).toContain(
      'The Skipping Agency wallet is below its auto-reload threshold and a reload of $50.00 is due, but no payment method is saved, so nothing was charged.',
    );
    await spend(subteam, 'skip-4');
    await spend(subteam, 'skip-5');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(emailsTo(agency)).toHaveLength(2);
    expect(await skips(agency)).toHaveLength(2);
  });
});
