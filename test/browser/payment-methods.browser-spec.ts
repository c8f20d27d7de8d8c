import { type ConsoleApp, expectAccessible, screenshot, signInFromEmail, startConsoleApp } from '../support/browser';
import { type Agency, bearer, createAgency } from '../support/test-app';

describe('An owner adds payment methods through Stripe Checkout and orders them', () => {
  let app: ConsoleApp;
  let agency: Agency;

  beforeAll(async () => {
    app = await startConsoleApp();
    agency = await createAgency(app.t);
  });
  afterAll(() => app?.close());

  const savedAtApi = async () =>
    (await app.t.http.get(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).expect(200)).body.data as {
      type: string;
      last4: string;
    }[];

  it('adds a card on the hosted page after a declined one, then a bank account, and reorders and removes them', async () => {
    const page = await app.newPage();
    await signInFromEmail(app, page, agency.ownerEmail, `/billing/${agency.id}/payment-methods`);
    await page.getByRole('heading', { name: 'Payment methods' }).waitFor();
    await expect(page.getByText('No payment method yet').count()).resolves.toBe(1);
    await expectAccessible(page);

    // Off to Stripe's page: a card its bank declines is refused there, in words, and the page stays open.
    await page.getByRole('link', { name: 'Add a card or US bank account' }).click();
    await page.getByRole('heading', { name: 'Save a payment method' }).waitFor();
    expect(page.url()).toContain(`${app.stripe.url}/c/pay/cs_test_`);
    await page.getByLabel(/Visa 0002/).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Your card was declined.');
    await screenshot(page, 'checkout-declined');

    await page.getByLabel(/Visa 4242/).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Payment methods' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/billing/${agency.id}/payment-methods`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Visa card ending in 4242');
    await expect(page.getByRole('status').textContent()).resolves.toContain('is now the default');

    // A bank account, with the mandate Stripe's page asks for.
    await page.getByRole('link', { name: 'Add a card or US bank account' }).click();
    await page.getByLabel(/STRIPE TEST BANK 6789/).check();
    await page.getByLabel(/I authorize debits/).check();
    await screenshot(page, 'checkout');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Payment methods' }).waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toContain('STRIPE TEST BANK account ending in 6789 is saved as number 2');
    await expectAccessible(page);
    await screenshot(page, 'payment-methods');
    // Listed once each, though Stripe's webhook saved them too.
    expect((await savedAtApi()).map((method) => method.last4)).toEqual(['4242', '6789']);

    await page.getByRole('button', { name: 'Move up: STRIPE TEST BANK account ending in 6789' }).click();
    await page.getByRole('heading', { name: 'Payment methods' }).waitFor();
    expect((await savedAtApi()).map((method) => method.last4)).toEqual(['6789', '4242']);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: /Remove: Visa card ending in 4242/ }).click();
    await page.getByRole('heading', { name: 'Payment methods' }).waitFor();
    expect((await savedAtApi()).map((method) => method.last4)).toEqual(['6789']);
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    // A long journey (three trips to Stripe's page): on a loaded 2-core machine it takes over a minute.
  }, 240_000);
});
