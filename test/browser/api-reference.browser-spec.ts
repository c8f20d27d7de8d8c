import { type ConsoleApp, screenshot, startConsoleApp } from '../support/browser';

describe('The API reference page at /docs', () => {
  let app: ConsoleApp;

  beforeAll(async () => {
    app = await startConsoleApp();
  });
  afterAll(() => app?.close());

  it('renders every operation and the webhooks from /openapi.json, loading nothing from another host', async () => {
    const page = await app.newPage();
    // Swagger UI is a 1.5 MB script: parsing it on a loaded machine takes a while. Waits, not assertions.
    page.setDefaultTimeout(200_000);
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(app.baseUrl) && !request.url().startsWith('data:')) elsewhere.push(request.url());
    });
    await page.goto('/docs', { waitUntil: 'commit' });
    await page.getByText('Agency Wallet API', { exact: false }).first().waitFor();
    await page.locator('.opblock-summary-path', { hasText: '/v1/calls/authorize' }).first().waitFor();
    await page.getByText('Authorize a call: hold funds before it connects').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(40);
    await page.getByText('reload.failed').first().waitFor();
    expect(elsewhere).toEqual([]);
    await screenshot(page, 'api-reference');
  }, 300_000);
});
