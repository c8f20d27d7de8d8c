import {
  JOURNEY_TIMEOUT_MS,
  type ConsoleApp,
  expectAccessible,
  expectKeyboardReachable,
  screenshot,
  signInFromEmail,
  startConsoleApp,
} from '../support/browser';
import { type Agency, bearer, createAgency, walletOf } from '../support/test-app';

describe('An owner tops up from the console: a declined card says why and what to do', () => {
  let app: ConsoleApp;
  let agency: Agency;

  beforeAll(async () => {
    app = await startConsoleApp();
    agency = await createAgency(app.t);
    for (const card of ['pm_card_chargeCustomerFail', 'pm_card_visa']) {
      await app.t.http
        .post(`/v1/agencies/${agency.id}/payment-methods`)
        .set(bearer(agency.ownerKey))
        .send({ stripePaymentMethodId: card })
        .expect(201);
    }
  }, JOURNEY_TIMEOUT_MS);
  afterAll(() => app?.close(), JOURNEY_TIMEOUT_MS);

  it(
    'shows the decline in words, then tops up from the other card',
    async () => {
      const page = await app.newPage();
      await signInFromEmail(app, page, agency.ownerEmail);
      await page.getByRole('link', { name: 'Top up', exact: true }).click();
      await page.getByRole('heading', { name: 'Top up now' }).waitFor();

      await page.getByLabel('Amount').fill('0.50');
      await page.getByRole('button', { name: 'Top up now' }).click();
      await page.locator('#error-amount').waitFor();
      await expect(page.getByLabel('Amount').inputValue()).resolves.toBe('0.50');

      await page.getByLabel('Amount').fill('25.00');
      await expect(page.getByLabel('Pay with').locator('option:checked').textContent()).resolves.toContain('(default)');
      await page.getByRole('button', { name: 'Top up now' }).click();
      const declined = page.locator('.notice-error');
      await declined.waitFor();
      await expect(declined.textContent()).resolves.toMatch(/The payment of \$25\.00 from the Visa card ending in \d{4} was declined\. /i);
      // The name a bank that blocked the charge must be told to allow (the statement descriptor).
      await expect(declined.textContent()).resolves.toContain('ask them to allow charges from "AGWALLET* CALL CREDITS"');
      expect((await walletOf(app.t, agency)).balance).toBe('0.00');
      await expectAccessible(page);
      await expectKeyboardReachable(page);
      await screenshot(page, 'top-up-declined');

      await page.getByLabel('Amount').fill('$1,250');
      await page.getByLabel('Pay with').selectOption({ label: 'Visa card ending in 4242' });
      await page.getByRole('button', { name: 'Top up now' }).click();
      await page.getByText('Done: $1,250.00 from the Visa card ending in 4242 was added to the wallet.').waitFor();
      expect((await walletOf(app.t, agency)).balance).toBe('1250.00');

      await page.getByRole('link', { name: 'Reload attempts', exact: true }).click();
      const rows = page.locator('tbody tr');
      await expect(rows.nth(0).textContent()).resolves.toMatch(/Top-up[\s\S]*\$1,250\.00[\s\S]*Succeeded/);
      await expect(rows.nth(1).textContent()).resolves.toMatch(
        /Top-up[\s\S]*\$25\.00[\s\S]*Declined[\s\S]*allow charges from "AGWALLET\* CALL CREDITS"/,
      );
      await expectAccessible(page);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
