import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/stripe';
import { type TestApp, bearer, createAgency, startTestApp } from '../support/test-app';

/**
 * Without SMTP_URL outside production, every email the service sends can be read at /dev/mail:
 * listed newest first, each opened as HTML and as text. Production never serves the route.
 */
describe('The development mailbox', () => {
  let t: TestApp;
  let mailDir: string;
  beforeAll(async () => {
    mailDir = mkdtempSync(join(tmpdir(), 'aw-mail-'));
    t = await startTestApp({ MAIL_DIR: mailDir, SMTP_URL: '' }, { worker: true });
  });
  afterAll(async () => {
    await t.close();
    rmSync(mailDir, { recursive: true, force: true });
  });

  it('lists sent emails newest first and opens each as HTML and as text', async () => {
    const agency = await createAgency(t, { name: 'Mailbox <Test> & Co' });
    const settings = (threshold: string) =>
      t.http
        .put(`/v1/agencies/${agency.id}/billing-settings/low-balance-alert`)
        .set(bearer(agency.ownerKey))
        .send({ enabled: true, threshold })
        .expect(200);
    await settings('40.00');
    const first = await eventually(async () => {
      const page = await t.http.get('/dev/mail').expect(200);
      const links = [...page.text.matchAll(/href="(\/dev\/mail\/[^"]+\/html)"/g)].map((match) => match[1]);
      expect(links.length).toBeGreaterThanOrEqual(1);
      return links[0];
    });
    await settings('45.00');
    const page = await eventually(async () => {
      const res = await t.http.get('/dev/mail').expect(200);
      expect([...res.text.matchAll(/href="(\/dev\/mail\/[^"]+\/html)"/g)].length).toBeGreaterThanOrEqual(2);
      return res;
    });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Development mailbox');
    expect(page.text).toContain(agency.ownerEmail);
    // Escaped, never raw HTML from data.
    expect(page.text).not.toContain('Mailbox <Test>');
    const links = [...page.text.matchAll(/href="(\/dev\/mail\/[^"]+\/html)"/g)].map((match) => match[1]);
    expect(links[1]).toBe(first);

    const html = await t.http.get(links[0]).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toMatch(/<html/i);
    const text = await t.http.get(links[0].replace(/\/html$/, '/text')).expect(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text).toContain(`To: ${agency.ownerEmail}`);
    expect(text.text).toMatch(/^Subject: .+/m);

    await t.http.get('/dev/mail/no-such-email/html').expect(404);
    await t.http.get('/dev/mail/..%2F..%2Fetc%2Fpasswd/text').expect(404);
  });

  it('is never served in production', async () => {
    const production = await startTestApp({
      NODE_ENV: 'production',
      MAIL_DIR: mailDir,
      MAIL_DISABLED: 'true',
      ADMIN_API_KEY: 'f3b1c2d4e5a6978812ab34cd56ef7890aa',
      STRIPE_SECRET_KEY: 'sk_live_51Habcdefghijklmnopqrstuvwxyz',
      STRIPE_WEBHOOK_SECRET: 'whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
      API_KEY_PEPPER: '5c0e9a7b3d1f4e2a8c6b0d9e7f5a3c1b2d4e6f8a',
      DATABASE_MIGRATION_URL: '',
    });
    try {
      await production.http.get('/dev/mail').expect(404);
      await production.http.get('/dev/mail/anything/html').expect(404);
    } finally {
      await production.close();
    }
  });
});
