import {
  JOURNEY_TIMEOUT_MS,
  type ConsoleApp,
  expectAccessible,
  expectKeyboardReachable,
  screenshot,
  signInFromEmail,
  startConsoleApp,
} from '../support/browser';
import { eventually } from '../support/stripe';
import { type Agency, bearer, createAgency, createSubteam, fund, walletOf } from '../support/test-app';

describe('An owner turns on auto-reload in the console and watches it reload', () => {
  let app: ConsoleApp;
  let agency: Agency;

  beforeAll(async () => {
    app = await startConsoleApp();
    agency = await createAgency(app.t);
    await app.t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_visa' })
      .expect(201);
    await fund(app.t, agency, '80.00');
  }, JOURNEY_TIMEOUT_MS);
  afterAll(() => app?.close(), JOURNEY_TIMEOUT_MS);

  it(
    'signs in, enables auto-reload, spends through the call API until it reloads, and sees the reload on the overview',
    async () => {
      const page = await app.newPage();
      await signInFromEmail(app, page, agency.ownerEmail);

      await page.getByRole('link', { name: 'Auto-reload', exact: true }).click();
      await page.getByRole('heading', { name: 'Auto-reload' }).waitFor();

      // A mistake is shown next to the field, and what was typed stays.
      await page.getByLabel('Reload automatically').check();
      await page.getByLabel('Reload when available funds drop below').fill('fifty');
      await page.getByLabel('A fixed amount').check();
      await page.getByLabel('Amount', { exact: true }).fill('100.00');
      await page.getByRole('button', { name: 'Save auto-reload settings' }).click();
      await page.locator('#error-threshold').waitFor();
      await expect(page.getByLabel('Reload when available funds drop below').inputValue()).resolves.toBe('fifty');
      await expect(page.getByLabel('Amount', { exact: true }).inputValue()).resolves.toBe('100.00');
      await expectAccessible(page);

      await page.getByLabel('Reload when available funds drop below').fill('50.00');
      await page.getByLabel('Most to reload in one day').fill('500');
      await page.getByRole('button', { name: 'Save auto-reload settings' }).click();
      await page.getByText('Saved 4 changes.').waitFor();
      const settings = await app.t.http.get(`/v1/agencies/${agency.id}/billing-settings`).set(bearer(agency.ownerKey)).expect(200);
      expect(settings.body.autoReload).toMatchObject({
        enabled: true,
        threshold: '50.00',
        mode: 'fixed',
        amount: '100.00',
        dailyCap: '500.00',
        monthlyCap: null,
      });
      const updated = await app.smtp.waitFor({ template: 'settings-updated', agencyId: agency.id });
      expect(updated[0].text).toContain('Threshold');

      // Saving again without a change changes nothing (and emails nobody).
      await page.getByRole('button', { name: 'Save auto-reload settings' }).click();
      await page.getByText('Nothing changed').waitFor();

      await page.getByRole('button', { name: 'Test trigger' }).click();
      await page.getByText('If funds were checked now, nothing would be charged').waitFor();
      await expectAccessible(page);
      await expectKeyboardReachable(page);
      await screenshot(page, 'auto-reload');

      // Calls spend the wallet below the threshold: the worker reloads it from the saved card.
      const subteam = await createSubteam(app.t, agency, { name: 'East team' });
      await app.t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '18.50', reference: 'browser-1' }).expect(201);
      await app.t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '21.25', reference: 'browser-2' }).expect(201);
      await eventually(async () => expect((await walletOf(app.t, agency)).balance).toBe('140.25'), 30_000, 200);

      await page.getByRole('link', { name: 'Overview', exact: true }).click();
      await expect(page.locator('.figure-value').textContent()).resolves.toBe('$140.25');
      await expect(page.getByText('Last reload:').locator('..').textContent()).resolves.toContain('$100.00 from the Visa card ending in 4242');
      await expect(page.getByText('Next reload:').locator('..').textContent()).resolves.toContain(
        'When available funds drop below $50.00, $100.00 will be charged to the Visa card ending in 4242',
      );
      await expect(page.locator('.legend').textContent()).resolves.toContain('East team: $39.75');
      await expectAccessible(page);
      await screenshot(page, 'overview');

      await page.getByRole('link', { name: 'Reload attempts', exact: true }).click();
      const row = page.locator('tbody tr').first();
      await expect(row.textContent()).resolves.toMatch(/Automatic: funds dropped below the threshold[\s\S]*\$100\.00[\s\S]*Succeeded/);
      await expectAccessible(page);
      await screenshot(page, 'reload-attempts');
    },
    JOURNEY_TIMEOUT_MS,
  );
});
