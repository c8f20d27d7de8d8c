import { readFile } from 'node:fs/promises';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { type ConsoleApp, expectAccessible, screenshot, signInFromEmail, startConsoleApp } from '../support/browser';
import { bearer, createAgency, createSubteam, fund } from '../support/test-app';
import { parseCsv } from '../support/csv';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver';

/**
 * The owner's history, subteams and notifications pages in a real browser: each journey on a
 * fresh agency, through the same API a call flow uses for the money.
 */
describe('History, subteams and notifications in the console', () => {
  let app: ConsoleApp;
  let receiver: WebhookReceiver;
  let owner: Client;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    // The agency's "own systems" listen on this machine.
    app = await startConsoleApp({ AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' });
    owner = new Client({ connectionString: process.env.AW_TEST_DATABASE });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
    await app?.close();
    await receiver?.close();
  });

  const api = () => app.t.http;
  const mainForms = (page: Page) => page.locator('main form[method="post"]');

  it('shows call-path debits in the history, filters them, and exports the same filter as a CSV that matches the ledger', async () => {
    const agency = await createAgency(app.t, { timeZone: 'America/New_York' });
    await fund(app.t, agency, '100.00');
    const east = await createSubteam(app.t, agency, { name: 'East team' });
    const west = await createSubteam(app.t, agency, { name: 'West team' });
    await api().post('/v1/calls/authorize').set(bearer(east.key)).send({ callId: 'call-0001', amount: '5.00' }).expect(201);
    await api().post('/v1/calls/call-0001/settle').set(bearer(east.key)).send({ cost: '1.234' }).expect(200);
    await api().post('/v1/usage').set(bearer(west.key)).send({ amount: '0.50', reference: 'sms-77', description: 'Lead, "hot"' }).expect(201);
    await api().post('/v1/usage').set(bearer(east.key)).send({ amount: '2.00', reference: 'sms-78' }).expect(201);

    const page = await app.newPage();
    await signInFromEmail(app, page, agency.ownerEmail);
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    const rows = page.locator('table.entries tbody tr');
    await expect(rows.count()).resolves.toBe(4);
    await expect(rows.nth(0).textContent()).resolves.toContain('sms-78');
    await expect(rows.nth(0).textContent()).resolves.toContain('-$2.00');
    await expect(rows.nth(2).textContent()).resolves.toContain('-$1.234');
    await expect(rows.nth(3).textContent()).resolves.toContain('$100.00');
    // Times in the viewer's zone, UTC on hover.
    await expect(rows.nth(0).locator('time').getAttribute('title')).resolves.toMatch(/UTC$/);
    await expectAccessible(page);
    await screenshot(page, 'history');

    // A range the wrong way round: the error next to the field, and what was typed kept.
    await page.getByLabel('From', { exact: true }).fill('2030-01-05');
    await page.getByLabel('To', { exact: true }).fill('2030-01-01');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page.locator('#error-from').waitFor();
    await expect(page.getByLabel('From', { exact: true }).inputValue()).resolves.toBe('2030-01-05');
    await expect(page.getByLabel('From', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page);

    // East team's usage only, from the keyboard.
    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill('');
    await page.getByLabel('Subteam').selectOption({ label: 'East team' });
    await page.getByLabel('Type').selectOption({ label: 'Usage' });
    await page.getByRole('button', { name: 'Show entries' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`subteamId=${east.id}`));
    await expect(rows.count()).resolves.toBe(2);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = parseCsv(await readFile((await download.path())!, 'utf8'));
    const ledger = await api()
      .get(`/v1/agencies/${agency.id}/wallet/entries?subteamId=${east.id}&type=usage`)
      .set(bearer(agency.ownerKey))
      .expect(200);
    expect(csv[0]).toEqual([
      'id',
      'createdAt',
      'type',
      'source',
      'subteamId',
      'amount',
      'currency',
      'balanceAfter',
      'overrun',
      'reference',
      'description',
    ]);
    expect(csv.slice(1).map((row) => [row[0], row[1], row[2], row[3], row[4], row[5], row[7], row[9]])).toEqual(
      ledger.body.data.map((e: Record<string, string>) => [e.id, e.createdAt, e.type, e.source, e.subteamId, e.amount, e.balanceAfter, e.reference]),
    );
    expect(csv.slice(1).map((row) => row[5])).toEqual(['-2.00', '-1.234']);

    // The whole ledger, from the unfiltered page.
    await page.getByRole('link', { name: 'Clear filter' }).click();
    const [all] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const everything = parseCsv(await readFile((await all.path())!, 'utf8'));
    expect(everything.slice(1).map((row) => [row[9], row[10], row[5]])).toEqual([
      ['sms-78', '', '-2.00'],
      ['sms-77', 'Lead, "hot"', '-0.50'],
      ['call-0001', expect.any(String), '-1.234'],
      [expect.any(String), expect.any(String), '100.00'],
    ]);
  });

  it('creates a subteam with its key shown once, edits its limit, pauses and resumes it, and issues a new key', async () => {
    const agency = await createAgency(app.t);
    await fund(app.t, agency, '50.00');
    const page = await app.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signInFromEmail(app, page, agency.ownerEmail, `/billing/${agency.id}/subteams`);
    await page.getByRole('heading', { name: 'Subteams' }).waitFor();

    await page.getByLabel('Name').fill('East team');
    await page.getByLabel('Daily spend limit').fill('ten dollars');
    await page.getByRole('button', { name: 'Add subteam' }).click();
    await page.locator('#error-dailySpendLimit').waitFor();
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe('East team');
    await expect(page.getByLabel('Daily spend limit').inputValue()).resolves.toBe('ten dollars');
    await expectAccessible(page);

    await page.getByLabel('Daily spend limit').fill('10.00');
    await page.getByRole('button', { name: 'Add subteam' }).click();
    const key = (await page.locator('#new-api-key').textContent())!.trim();
    expect(key).toMatch(/^aw_subteam_/);
    await page.getByRole('button', { name: 'Copy key' }).waitFor();
    const me = await api().get('/v1/me').set(bearer(key)).expect(200);
    expect(me.body.role).toBe('subteam');
    await expectAccessible(page);

    // Shown once: the list itself never shows it again.
    await page.goto(`/billing/${agency.id}/subteams`);
    await expect(page.locator('#new-api-key').count()).resolves.toBe(0);
    await expect(page.content()).resolves.not.toContain(key);

    await api().post('/v1/usage').set(bearer(key)).send({ amount: '3.00', reference: 'u-1' }).expect(201);
    await page.reload();
    const row = page.getByRole('row', { name: /East team/ });
    await expect(row.textContent()).resolves.toMatch(/\$3\.00 spent\s*of \$10\.00 · \$7\.00 left/);
    await screenshot(page, 'subteams');

    // Edit the daily limit, from the keyboard.
    await page.getByRole('link', { name: 'Edit East team' }).click();
    await page.getByLabel('Daily spend limit').fill('-5');
    await page.getByLabel('Daily spend limit').press('Enter');
    await page.locator('#error-dailySpendLimit').waitFor();
    await expect(page.getByLabel('Daily spend limit').inputValue()).resolves.toBe('-5');
    await expectAccessible(page);
    await page.getByLabel('Daily spend limit').fill('5.00');
    await page.getByLabel('Daily spend limit').press('Enter');
    await page.getByText('The subteam was saved.').waitFor();
    await expect(row.textContent()).resolves.toMatch(/of \$5\.00 · \$2\.00 left/);
    await api().post('/v1/calls/authorize').set(bearer(key)).send({ callId: 'too-much', amount: '2.01' }).expect(402);

    await page.getByRole('button', { name: 'Pause East team' }).click();
    await page.getByText('The subteam is paused').waitFor();
    await expect(row.locator('.badge').textContent()).resolves.toBe('Paused');
    await api().post('/v1/calls/authorize').set(bearer(key)).send({ callId: 'paused', amount: '1.00' }).expect(409);
    await page.getByRole('button', { name: 'Resume East team' }).click();
    await page.getByText('The subteam is running again.').waitFor();
    await api().post('/v1/calls/authorize').set(bearer(key)).send({ callId: 'resumed', amount: '1.00' }).expect(201);

    await page.getByRole('button', { name: 'New key for East team' }).click();
    const second = (await page.locator('#new-api-key').textContent())!.trim();
    expect(second).toMatch(/^aw_subteam_/);
    expect(second).not.toBe(key);
    await api().get('/v1/me').set(bearer(second)).expect(200);
    await expectAccessible(page);
  });

  it('lists the emails sent and the webhook deliveries, and saves the endpoint with its secret shown once', async () => {
    const agency = await createAgency(app.t);
    await fund(app.t, agency, '20.00');
    const subteam = await createSubteam(app.t, agency);
    const page = await app.newPage();
    await signInFromEmail(app, page, agency.ownerEmail, `/billing/${agency.id}/notifications`);
    await page.getByRole('heading', { name: 'Notifications', exact: true }).waitFor();

    await page.getByLabel('Endpoint URL').fill('not a url');
    await page.getByLabel('Send events to this endpoint').check();
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await page.locator('#error-url').waitFor();
    await expect(page.getByLabel('Endpoint URL').inputValue()).resolves.toBe('not a url');
    await expect(page.getByLabel('Send events to this endpoint').isChecked()).resolves.toBe(true);
    await expectAccessible(page);

    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    const secret = (await page.locator('#webhook-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);

    // A low-balance alert: a settings email now, then an email and a webhook when the balance crosses it.
    await api()
      .put(`/v1/agencies/${agency.id}/billing-settings/low-balance-alert`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '15.00' })
      .expect(200);
    await api().post('/v1/usage').set(bearer(subteam.key)).send({ amount: '10.00', reference: 'big-one' }).expect(201);
    await receiver.waitFor({ agencyId: agency.id, type: 'wallet.low_balance' });
    await app.smtp.waitFor({ template: 'low-balance', to: agency.ownerEmail });

    // The delivery is recorded once the worker has sent it: look again until it shows.
    let deliveries = '';
    for (let tries = 0; tries < 30 && !/wallet\.low_balance\s*Delivered/.test(deliveries); tries++) {
      await page.goto(`/billing/${agency.id}/notifications`);
      deliveries = (await page.locator('table').nth(1).textContent()) ?? '';
      if (!/Delivered/.test(deliveries)) await page.waitForTimeout(500);
    }
    expect(deliveries).toMatch(/wallet\.low_balance\s*Delivered/);
    await expect(page.content()).resolves.not.toContain(secret);
    const emails = await page.locator('table').nth(0).textContent();
    expect(emails).toMatch(/Low balance/);
    expect(emails).toMatch(/Settings updated/);
    await expect(page.getByLabel('Endpoint URL').inputValue()).resolves.toBe(receiver.url);
    await expectAccessible(page);
    await screenshot(page, 'notifications');
  });

  it('shows a viewer the figures but no form that changes anything', async () => {
    const agency = await createAgency(app.t);
    await fund(app.t, agency, '10.00');
    await createSubteam(app.t, agency, { name: 'North', dailySpendLimit: '4.00' });
    const viewer = `viewer-${agency.id.slice(0, 8)}@agency.test`;
    await owner.query(`insert into console_members (id, agency_id, email, role, invited_by) values (gen_random_uuid(), $1, $2, 'viewer', $3)`, [
      agency.id,
      viewer,
      agency.ownerEmail,
    ]);
    const page = await app.newPage();
    await signInFromEmail(app, page, viewer, `/billing/${agency.id}/subteams`);
    await page.getByRole('row', { name: /North/ }).waitFor();
    await expect(page.getByRole('row', { name: /North/ }).textContent()).resolves.toMatch(/of \$4\.00 · \$4\.00 left/);
    for (const path of ['subteams', 'notifications', 'history']) {
      await page.goto(`/billing/${agency.id}/${path}`);
      await expect(mainForms(page).count()).resolves.toBe(0);
      await expectAccessible(page);
    }
    await expect(page.getByRole('link', { name: 'Export CSV' }).count()).resolves.toBe(1);
    // A form posted anyway (here without even a token) is refused.
    const posted = await page.request.post(`/billing/${agency.id}/subteams`, { form: { name: 'Sneaky' } });
    expect(posted.status()).toBe(403);
    expect((await api().get(`/v1/agencies/${agency.id}/subteams`).set(bearer(agency.ownerKey)).expect(200)).body.data).toHaveLength(1);
  });
});
