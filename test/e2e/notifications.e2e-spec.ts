import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TemplateData } from '../../src/notifications/notification-templates';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { expectError } from '../support/matrix';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';
import { ADMIN_KEY, type Agency, type TestApp, bearer, createAgency, createSubteam, startTestApp } from '../support/test-app';

const PUBLIC_BASE_URL = 'https://wallet.example.test';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface NotificationView {
  id: string;
  template: string;
  recipients: string[];
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  createdAt: string;
  sentAt: string | null;
}

async function notificationsOf(t: TestApp, agency: Agency, query = ''): Promise<NotificationView[]> {
  const res = await t.http.get(`/v1/agencies/${agency.id}/notifications${query}`).set(bearer(agency.ownerKey)).expect(200);
  return res.body.data;
}

/** Polls the owner's notification list until one matches, and returns it. */
async function waitForNotification(
  t: TestApp,
  agency: Agency,
  match: (n: NotificationView) => boolean,
  timeoutMs = 15_000,
): Promise<NotificationView> {
  const deadline = Date.now() + timeoutMs;
  let last: NotificationView[] = [];
  while (Date.now() < deadline) {
    last = await notificationsOf(t, agency);
    const found = last.find(match);
    if (found) return found;
    await sleep(50);
  }
  throw new Error(`No matching notification within ${timeoutMs} ms; have ${JSON.stringify(last, null, 2)}`);
}

const setAlert = (t: TestApp, agency: Agency, body: object) =>
  t.http.put(`/v1/agencies/${agency.id}/billing-settings/low-balance-alert`).set(bearer(agency.ownerKey)).send(body);

const paymentFailedData: TemplateData['payment-failed'] = {
  amount: '200.00',
  paymentMethod: { brand: 'visa', last4: '0341', type: 'card' },
  declineCode: 'expired_card',
  declineMessage: 'Your card has expired.',
  attemptId: 'attempt-e2e-1',
  nextStep: 'suspended',
  balance: '3.50',
  tried: [{ paymentMethod: { brand: 'visa', last4: '0341', type: 'card' }, declineCode: 'expired_card', declineMessage: 'Your card has expired.' }],
  chargedInstead: null,
  statementDescriptor: 'AGWALLET* CALL CREDITS',
};

describe('Owner emails over SMTP: outbox, status, retries', () => {
  let smtp: SmtpCapture;
  let t: TestApp;
  let agency: Agency;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startTestApp(
      {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Agency Wallet <billing@wallet.example.test>',
        PUBLIC_BASE_URL,
        MAIL_ATTEMPTS: '3',
        MAIL_RETRY_DELAY_SECONDS: '1',
        NOTIFICATION_SWEEP_SECONDS: '1',
      },
      { worker: true },
    );
    agency = await createAgency(t, { name: 'Northwind Dialers' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('confirms a settings change by email, listing each change before → after', async () => {
    await setAlert(t, agency, { enabled: true, threshold: '75.50' }).expect(200);
    const [email] = await smtp.waitFor({ agencyId: agency.id, template: 'settings-updated' });

    expect(email.envelopeTo).toEqual([agency.ownerEmail]);
    expect(email.parsed.from?.value).toEqual([{ name: 'Agency Wallet', address: 'billing@wallet.example.test' }]);
    expect(email.subject).toBe('Low-balance alert settings changed for Northwind Dialers');
    expect(email.parsed.headers.get('x-agency-wallet-template')).toBe('settings-updated');
    expect(email.text).toContain('- Enabled: off → on');
    expect(email.text).toContain('- Threshold: $0.00 → $75.50');
    expect(email.text).toContain(`Review billing settings: ${PUBLIC_BASE_URL}/billing/${agency.id}`);
    expect(email.html).toMatch(/<td[^>]*>Threshold<\/td><td[^>]*>\$0\.00<\/td><td[^>]*>\$75\.50<\/td>/);
    expect(email.html).toContain(`href="${PUBLIC_BASE_URL}/billing/${agency.id}"`);

    const [listed] = await notificationsOf(t, agency);
    expect(listed).toEqual({
      id: email.notificationId,
      template: 'settings-updated',
      channel: 'email',
      recipients: [agency.ownerEmail],
      subject: email.subject,
      status: 'sent',
      attempts: 1,
      lastError: null,
      messageId: `<${email.notificationId}@agency-wallet>`,
      resendOf: null,
      createdAt: expect.any(String),
      sentAt: expect.any(String),
    });
    expect(email.messageId).toBe(listed.messageId);
  });

  it('sends to the billing contacts once they are set, and only what changed', async () => {
    const billing = [`ap-${agency.id.slice(0, 8)}@northwind.test`];
    await t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).send({ billingEmails: billing }).expect(200);
    await setAlert(t, agency, { enabled: true, threshold: '80.00' }).expect(200);
    const emails = await smtp.waitFor({ agencyId: agency.id, template: 'settings-updated' }, { count: 2 });
    expect(emails[1].envelopeTo).toEqual(billing);
    expect(emails[1].text).toContain('- Threshold: $75.50 → $80.00');
    expect(emails[1].text).not.toContain('Enabled');

    // Saving the same settings again changes nothing and says nothing.
    await setAlert(t, agency, { enabled: true, threshold: '80.00' }).expect(200);
    await sleep(500);
    expect(smtp.received({ agencyId: agency.id, template: 'settings-updated' })).toHaveLength(2);
  });

  it('sends a notification once per dedupe key, with the data the payment code passes', async () => {
    const eur = await createAgency(t, { name: 'Rheinland Outreach', currency: 'EUR' });
    const notifications = t.app.get(NotificationsService);
    const input = { agencyId: eur.id, template: 'payment-failed' as const, data: paymentFailedData, dedupeKey: `pf-${eur.id}` };
    const first = await notifications.notify(null, input);
    const second = await notifications.notify(null, input);
    expect(first).toEqual({ ids: [expect.any(String)], template: 'payment-failed' });
    expect(second).toBeNull();

    const [email] = await smtp.waitFor({ agencyId: eur.id, template: 'payment-failed' });
    expect(email.subject).toBe('Payment of €200.00 failed for Rheinland Outreach');
    expect(email.text).toContain('Why: The card has expired.');
    expect(email.text).toContain('What to do: Update the card details or add another payment method on the billing page.');
    expect(email.text).toContain('Visa card ending in 0341');
    expect(email.text).toContain('Wallet balance: €3.50');
    expect(email.text).toContain('Auto-reload is now suspended');
    expect(email.text).toContain('Name on your statement: AGWALLET* CALL CREDITS.');
    expect(email.html).toContain('The card has expired.');
    await sleep(300);
    expect(smtp.received({ agencyId: eur.id })).toHaveLength(1);
  });

  it('records data that does not fit its template as failed, without failing the caller', async () => {
    const notifications = t.app.get(NotificationsService);
    const { attemptId: _attemptId, ...incomplete } = paymentFailedData;
    // The type refuses this at compile time; data read from elsewhere (a stored row) may still be short.
    const data = incomplete as TemplateData['payment-failed'];
    await expect(notifications.notify(null, { agencyId: agency.id, template: 'payment-failed', data })).resolves.toBeNull();
    const failed = await waitForNotification(t, agency, (n) => n.template === 'payment-failed');
    expect(failed).toMatchObject({ status: 'failed', attempts: 0, sentAt: null });
    expect(failed.lastError).toMatch(/"attemptId" not defined/);
  });

  it('records an SMTP failure, then sends on the retry', async () => {
    const notifications = t.app.get(NotificationsService);
    smtp.failNext(1, { code: 451, message: '4.3.0 Mail server temporarily unavailable' });
    const queued = await notifications.notify(null, { agencyId: agency.id, template: 'service-paused', data: { available: '0.00' } });

    const retrying = await waitForNotification(t, agency, (n) => n.id === queued!.ids[0] && n.attempts === 1 && n.lastError !== null);
    expect(retrying).toMatchObject({ status: 'queued', sentAt: null });
    expect(retrying.lastError).toContain('451 4.3.0 Mail server temporarily unavailable');

    const [email] = await smtp.waitFor({ notificationId: queued!.ids[0] });
    expect(email.template).toBe('service-paused');
    const sent = await waitForNotification(t, agency, (n) => n.id === queued!.ids[0] && n.status === 'sent');
    expect(sent).toMatchObject({ attempts: 2, messageId: `<${queued!.ids[0]}@agency-wallet>` });
  });

  it('gives up after the last attempt and records the SMTP error as failed', async () => {
    const notifications = t.app.get(NotificationsService);
    smtp.failNext(3, { code: 554, message: '5.7.1 Relay access denied' });
    const queued = await notifications.notify(null, { agencyId: agency.id, template: 'service-paused', data: { available: '-2.00' } });
    const failed = await waitForNotification(t, agency, (n) => n.id === queued!.ids[0] && n.status === 'failed', 20_000);
    expect(failed).toMatchObject({ attempts: 3, sentAt: null, messageId: null });
    expect(failed.lastError).toContain('554 5.7.1 Relay access denied');
    expect(smtp.received({ notificationId: queued!.ids[0] })).toHaveLength(0);
  });

  it('pages the list newest first; support reads it, subteams and other tenants do not', async () => {
    const all = await notificationsOf(t, agency);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const first = await t.http.get(`/v1/agencies/${agency.id}/notifications?limit=2`).set(bearer(agency.ownerKey)).expect(200);
    expect(first.body.data.map((n: NotificationView) => n.id)).toEqual(all.slice(0, 2).map((n) => n.id));
    const second = await t.http
      .get(`/v1/agencies/${agency.id}/notifications?limit=2&cursor=${first.body.nextCursor}`)
      .set(bearer(agency.ownerKey))
      .expect(200);
    expect(second.body.data.map((n: NotificationView) => n.id)).toEqual(all.slice(2, 4).map((n) => n.id));

    const support = await t.http
      .post('/v1/support-users')
      .set(bearer(ADMIN_KEY))
      .send({ email: `s-${Date.now()}@wallet.test` });
    await t.http.get(`/v1/agencies/${agency.id}/notifications`).set(bearer(support.body.apiKey)).expect(200);
    const subteam = await createSubteam(t, agency);
    expectError(await t.http.get(`/v1/agencies/${agency.id}/notifications`).set(bearer(subteam.key)), 403, 'forbidden');
    const stranger = await createAgency(t);
    expectError(await t.http.get(`/v1/agencies/${agency.id}/notifications`).set(bearer(stranger.ownerKey)), 404, 'not_found');
    expectError(await t.http.get(`/v1/agencies/${agency.id}/notifications?cursor=abc`).set(bearer(agency.ownerKey)), 422, 'validation_error');
  });
});

describe('Owner emails without SMTP', () => {
  it('writes .eml files under MAIL_DIR when SMTP_URL is not set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aw-mail-'));
    const t = await startTestApp({ MAIL_DIR: dir, NOTIFICATION_SWEEP_SECONDS: '3600' }, { worker: true });
    try {
      const agency = await createAgency(t, { name: 'Offline Agency' });
      await setAlert(t, agency, { enabled: true, threshold: '10.00' }).expect(200);
      const sent = await waitForNotification(t, agency, (n) => n.status === 'sent');
      const file = readdirSync(dir).find((name) => name.includes(sent.id));
      expect(file).toMatch(/settings-updated-.*\.eml$/);
      const eml = readFileSync(join(dir, file!), 'utf8');
      expect(eml).toContain('X-Agency-Wallet-Template: settings-updated');
      expect(eml).toContain(`X-Agency-Wallet-Notification: ${sent.id}`);
      expect(eml).toContain(`Message-ID: <${sent.id}@agency-wallet>`);
      expect(eml).toContain('Subject: Low-balance alert settings changed for Offline Agency');
      expect(eml).toMatch(/Content-Type: text\/plain/);
      expect(eml).toMatch(/Content-Type: text\/html/);
    } finally {
      await t.close();
    }
  });

  it('records notifications as skipped when email is disabled', async () => {
    const t = await startTestApp({ MAIL_DISABLED: 'true', NOTIFICATION_SWEEP_SECONDS: '3600' }, { worker: true });
    try {
      const agency = await createAgency(t);
      await setAlert(t, agency, { enabled: true, threshold: '10.00' }).expect(200);
      const skipped = await waitForNotification(t, agency, (n) => n.status === 'skipped');
      expect(skipped).toMatchObject({ template: 'settings-updated', sentAt: null, lastError: expect.stringContaining('MAIL_DISABLED') });
    } finally {
      await t.close();
    }
  });
});

describe('A worker killed mid-send', () => {
  let hung: SmtpCapture;
  let working: SmtpCapture;
  let api: TestApp;
  let rescuer: TestApp | undefined;
  let worker: ChildProcess | undefined;
  const queuePrefix = `aw-test-crash-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    hung = await startSmtpCapture();
    hung.hang(true);
    working = await startSmtpCapture();
    // The API and both workers share one queue, as separate processes in production do.
    api = await startTestApp({ QUEUE_PREFIX: queuePrefix, PUBLIC_BASE_URL });
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await rescuer?.close();
    await api.close();
    await hung.close();
    await working.close();
  });

  it('still delivers the email exactly once, with the same Message-ID, after another worker takes over', async () => {
    worker = fork(resolve(__dirname, '../support/worker-process.js'), [], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        ADMIN_API_KEY: api.config.adminApiKeys.join(','),
        DATABASE_URL: api.config.database.url,
        DATABASE_POOL_SIZE: '4',
        QUEUE_PREFIX: queuePrefix,
        SMTP_URL: hung.url,
        LOG_LEVEL: 'error',
        // This worker only takes what the API enqueues; it must not wander into other suites' rows.
        NOTIFICATION_SWEEP_SECONDS: '3600',
        SWEEP_INTERVAL_SECONDS: '3600',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolveReady, reject) => {
      worker!.once('message', (message) => (message === 'ready' ? resolveReady() : reject(new Error(String(message)))));
      worker!.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    });

    const agency = await createAgency(api, { name: 'Crashproof Calls' });
    await setAlert(api, agency, { enabled: true, threshold: '20.00' }).expect(200);

    // Claimed, and the whole message handed to the SMTP server, which never acknowledges it.
    const claimed = await waitForNotification(api, agency, (n) => n.status === 'sending', 30_000);
    const deadline = Date.now() + 10_000;
    while (hung.attempts < 1 && Date.now() < deadline) await sleep(25);
    expect(hung.attempts).toBe(1);
    expect(claimed.attempts).toBe(1);

    worker.kill('SIGKILL');
    await new Promise((resolveExit) => worker!.once('exit', resolveExit));

    // Default settings: the dead worker's claim runs out unrenewed within seconds, and the new
    // worker takes the send over at boot or at its next takeover tick.
    rescuer = await startTestApp({ QUEUE_PREFIX: queuePrefix, SMTP_URL: working.url, PUBLIC_BASE_URL }, { worker: true });
    const [email] = await working.waitFor({ notificationId: claimed.id }, { timeoutMs: 15_000 });
    expect(email.messageId).toBe(`<${claimed.id}@agency-wallet>`);
    expect(email.subject).toBe('Low-balance alert settings changed for Crashproof Calls');
    expect(email.text).toContain('- Threshold: $0.00 → $20.00');

    const sent = await waitForNotification(api, agency, (n) => n.id === claimed.id && n.status === 'sent');
    expect(sent).toMatchObject({ attempts: 2, messageId: `<${claimed.id}@agency-wallet>` });
    expect(sent.lastError).toMatch(/interrupted mid-send/);

    // Several more sweeps later, nothing has been sent again.
    await sleep(3_000);
    expect(working.received({ notificationId: claimed.id })).toHaveLength(1);
    expect(hung.received({ notificationId: claimed.id })).toHaveLength(0);
  });
});
