import { type ConsoleApp, expectAccessible, linkIn, screenshot, signInFromEmail, startConsoleApp } from '../support/browser';
import { eventually } from '../support/stripe';
import { type Agency, bearer, createAgency, createSubteam, fund, walletOf } from '../support/test-app';

describe('A reload that needs 3-D Secure is completed from the emailed link', () => {
  let app: ConsoleApp;
  let agency: Agency;

  beforeAll(async () => {
    app = await startConsoleApp({ AUTO_RELOAD_COOLDOWN_SECONDS: '0' });
    agency = await createAgency(app.t);
  });
  afterAll(() => app?.close());

  it("follows the email to the bank's check and back, and the wallet is credited once", async () => {
    const owner = bearer(agency.ownerKey);
    await app.t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(owner)
      .send({ stripePaymentMethodId: 'pm_card_authenticationRequired' })
      .expect(201);
    await fund(app.t, agency, '20.00');
    await app.t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(owner)
      .send({ enabled: true, threshold: '10.00', amount: '50.00' })
      .expect(200);
    const subteam = await createSubteam(app.t, agency);
    await app.t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '15.00', reference: 'sca-1' }).expect(201);

    // The bank wants the cardholder: the owner is emailed a link to confirm the payment.
    const [email] = await app.smtp.waitFor({ template: 'requires-action', agencyId: agency.id });
    const link = linkIn(email.text, `${app.baseUrl}/billing/${agency.id}/reload-attempts/`);
    expect(link).toMatch(/\/authenticate$/);

    const page = await app.newPage();
    await signInFromEmail(app, page, agency.ownerEmail, new URL(link).pathname);
    await page.getByRole('heading', { name: 'Confirm a payment with your bank' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'authenticate');

    await page.getByRole('link', { name: 'Confirm with my bank' }).click();
    await page.getByRole('heading', { name: '3D Secure' }).waitFor();
    expect(page.url()).toContain(`${app.stripe.url}/3d_secure_2/hosted/pi_`);
    await page.getByRole('button', { name: 'Complete authentication' }).click();

    await page.getByRole('heading', { name: 'Confirm a payment with your bank' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(new URL(link).pathname);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Your bank confirmed the payment: $50.00 was added to your wallet.');
    await screenshot(page, 'authenticate-done');
    await page.reload();
    await expect(page.getByRole('status').textContent()).resolves.toContain('$50.00 was added');

    await app.stripe.flushWebhooks();
    await eventually(async () => expect((await walletOf(app.t, agency)).balance).toBe('55.00'));
    const reloads = await app.t.http.get(`/v1/agencies/${agency.id}/wallet/entries?type=reload`).set(owner).expect(200);
    expect(reloads.body.data).toHaveLength(1);
    // An auto-reload, an email and two trips to the bank's page: over a minute on a loaded machine.
  }, 240_000);
});
