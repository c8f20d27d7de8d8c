import {
  JOURNEY_TIMEOUT_MS,
  type ConsoleApp,
  expectAccessible,
  expectKeyboardReachable,
  screenshot,
  signInFromEmail,
  startConsoleApp,
} from '../support/browser';
import { type Agency, bearer, createAgency, fund } from '../support/test-app';

describe('An owner signs in from the emailed link and sees the overview', () => {
  let app: ConsoleApp;
  let agency: Agency;

  beforeAll(async () => {
    app = await startConsoleApp();
    agency = await createAgency(app.t);
    await fund(app.t, agency, '120.00');
  }, JOURNEY_TIMEOUT_MS);
  afterAll(() => app?.close(), JOURNEY_TIMEOUT_MS);

  it(
    'asks for a link, opens it from the email, and lands on the wallet overview',
    async () => {
      const page = await app.newPage();
      await page.goto('/sign-in');
      await expectAccessible(page);
      await screenshot(page, 'sign-in');

      await signInFromEmail(app, page, agency.ownerEmail);
      expect(new URL(page.url()).pathname).toBe(`/billing/${agency.id}`);
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      await expect(page.locator('.figure-value').textContent()).resolves.toBe('$120.00');
      await expect(page.locator('.badge').textContent()).resolves.toBe('Active');
      await expectAccessible(page);
      await screenshot(page, 'overview-new-agency');

      // Alerts and contacts: a bad address is pointed out and what was typed stays.
      await page.getByRole('link', { name: 'Alerts & contacts' }).click();
      await page.getByLabel('Email me when funds run low').check();
      await page.getByLabel('Alert below').fill('30');
      await page.getByRole('button', { name: 'Save alert' }).click();
      await page.getByText('Low-balance alert saved.').waitFor();
      await page.getByLabel('Email addresses, one per line').fill('finance@agency.test\nnot-an-address');
      await page.getByRole('button', { name: 'Save contacts' }).click();
      await page.getByText('Not an email address: not-an-address.').waitFor();
      await expect(page.getByLabel('Email addresses, one per line').inputValue()).resolves.toBe('finance@agency.test\nnot-an-address');
      await page.getByLabel('Email addresses, one per line').fill('finance@agency.test\nowner.two@agency.test');
      await page.getByRole('button', { name: 'Save contacts' }).click();
      await page.getByText('Billing contacts saved.').waitFor();
      const saved = await app.t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200);
      expect(saved.body.billingEmails).toEqual(['finance@agency.test', 'owner.two@agency.test']);
      await expectAccessible(page);
      await expectKeyboardReachable(page);
      await screenshot(page, 'alerts');

      await page.getByRole('link', { name: 'Overview', exact: true }).click();
      await expect(page.locator('.badge').textContent()).resolves.toBe('Active');
    },
    JOURNEY_TIMEOUT_MS,
  );
});
