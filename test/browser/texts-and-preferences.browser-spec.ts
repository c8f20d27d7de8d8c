import { type TwilioTestServer, startTwilioServer } from '../../sandbox/twilio/twilio-server';
import { type ConsoleApp, expectAccessible, screenshot, signInFromEmail, startConsoleApp } from '../support/browser';
import { type Agency, bearer, createAgency } from '../support/test-app';

describe('An owner adds a mobile number, verifies it with the texted code, and chooses what arrives by text', () => {
  let twilio: TwilioTestServer;
  let app: ConsoleApp;
  let agency: Agency;
  const phone = `+1646555${String(Date.now()).slice(-4)}`;

  beforeAll(async () => {
    twilio = await startTwilioServer();
    app = await startConsoleApp({
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE: twilio.url,
    });
    agency = await createAgency(app.t, { name: 'Harbor Health Partners' });
  });
  afterAll(async () => {
    await app?.close();
    await twilio?.close();
  });

  it('verifies the number, saves the preferences, and refuses to silence payment failures', async () => {
    const page = await app.newPage();
    await signInFromEmail(app, page, agency.ownerEmail, `/billing/${agency.id}/preferences`);
    await page.getByRole('heading', { name: 'Texts & preferences' }).waitFor();

    await page.getByLabel('New mobile number').fill(phone);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByText('We texted a six-digit code').waitFor();
    const [text] = await twilio.waitFor({ to: phone, body: /code: \d{6}/ });
    await page.getByLabel('Code from the text').fill(/code: (\d{6})/.exec(text.body)![1]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('The number is verified').waitFor();
    await expect(page.getByRole('checkbox', { name: 'The balance fell below the alert by text' }).isChecked()).resolves.toBe(true);

    // Low balance by text only; settings changes not at all.
    await page.getByRole('checkbox', { name: 'The balance fell below the alert by email' }).uncheck();
    await page.getByRole('checkbox', { name: 'Billing settings changed by email' }).uncheck();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Preferences saved.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'texts-and-preferences');

    const api = await app.t.http.get(`/v1/agencies/${agency.id}/notification-contacts`).set(bearer(agency.ownerKey)).expect(200);
    expect(api.body.data[0]).toMatchObject({
      email: agency.ownerEmail,
      phone,
      phoneVerified: true,
      preferences: { 'low-balance': ['sms'], 'settings-updated': [], 'payment-failed': ['email', 'sms'] },
    });

    await page.getByRole('checkbox', { name: 'A payment failed by email' }).uncheck();
    await page.getByRole('checkbox', { name: 'A payment failed by text' }).uncheck();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByRole('alert').getByText('The owner keeps "payment-failed" by email or SMS').waitFor();
  });
});
