import { JOURNEY_TIMEOUT_MS, type ConsoleApp, expectAccessible, screenshot, signInFromEmail, startConsoleApp } from '../support/browser';
import { type Agency, createAgency, fund } from '../support/test-app';

describe('An owner signs in from the emailed link and sees the overview', () => {
  let app: ConsoleApp;
  let agency: Agency;

  beforeAll(async () => {
    app = await startConsoleApp();
    agency = await createAgency(app.t);
    await fund(app.t, agency, '120.00');
  }, JOURNEY_TIMEOUT_MS);
  afterAll(() => app?.close(), JOURNEY_TIMEOUT_MS);

  it('asks for a link, opens it from the email, and lands on the wallet overview', async () => {
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
    await screenshot(page, 'overview');
  }, JOURNEY_TIMEOUT_MS);
});
