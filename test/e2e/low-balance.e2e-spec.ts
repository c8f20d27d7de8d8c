import { LowBalanceAlertService } from '../../src/alerts/low-balance-alert.service';
import { auditLogOf, expectError } from '../support/matrix';
import { type CapturedEmail, type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';
import {
  ADMIN_KEY,
  type Agency,
  type Subteam,
  type TestApp,
  bearer,
  createAgency,
  createSubteam,
  fund,
  startTestApp,
  walletOf,
} from '../support/test-app';

const PUBLIC_BASE_URL = 'https://wallet.example.test';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Low-balance alert and running out: one email per crossing, per depletion', () => {
  let smtp: SmtpCapture;
  let t: TestApp;
  let agency: Agency;
  let subteam: Subteam;
  let billingEmails: string[];
  let calls = 0;

  const setAlert = (body: unknown, key = agency.ownerKey, agencyId = agency.id) =>
    t.http
      .put(`/v1/agencies/${agencyId}/billing-settings/low-balance-alert`)
      .set(bearer(key))
      .send(body as object);

  /** One call that costs exactly what it held, through the public call path. */
  const spend = async (amount: string) => {
    const callId = `lb-call-${++calls}`;
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount }).expect(201);
    await t.http.post(`/v1/calls/${callId}/settle`).set(bearer(subteam.key)).send({ cost: amount }).expect(200);
  };

  const emailsOf = (template: string) => smtp.received({ agencyId: agency.id, template });

  /** Lets the listener and the worker finish whatever a change set off, so "no email" means none. */
  const settle = () => sleep(700);

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_BASE_URL, NOTIFICATION_SWEEP_SECONDS: '1' }, { worker: true });
    agency = await createAgency(t, { name: 'Bright Calls & Co' });
    subteam = await createSubteam(t, agency);
    billingEmails = [`billing-${agency.id.slice(0, 8)}@bright.test`, `finance-${agency.id.slice(0, 8)}@bright.test`];
    await t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).send({ billingEmails }).expect(200);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('saves the alert: 200 {enabled, threshold}, audited with before and after', async () => {
    const res = await setAlert({ enabled: true, threshold: '50' }).expect(200);
    expect(res.body).toEqual({ enabled: true, threshold: '50.00' });
    await expect(t.app.get(LowBalanceAlertService).getSettings(agency.id)).resolves.toEqual({ enabled: true, threshold: '50.00' });

    const audit = (await auditLogOf(t, agency.id)).find((entry) => entry.action === 'billing_settings.low_balance_alert.updated');
    expect(audit).toMatchObject({
      actorRole: 'owner',
      before: { enabled: false, threshold: '0.00' },
      after: { enabled: true, threshold: '50.00' },
    });
    await smtp.waitFor({ agencyId: agency.id, template: 'settings-updated' });
  });

  it('sends nothing for a wallet that was already below the threshold when the alert was saved', async () => {
    await fund(t, agency, '100.00');
    await settle();
    expect(emailsOf('low-balance')).toHaveLength(0);
    expect(await walletOf(t, agency)).toMatchObject({ available: '100.00', status: 'active' });
  });

  it('emails the billing contacts exactly once when available falls below the threshold', async () => {
    await spend('30.00');
    await settle();
    expect(emailsOf('low-balance')).toHaveLength(0);

    await spend('25.00'); // available 45.00 < 50.00
    // One email to each billing contact, each with its own preferences link.
    expectLowBalanceEmails(await smtp.waitFor({ agencyId: agency.id, template: 'low-balance' }, { count: 2 }), '$45.00');

    await spend('5.00'); // still below: no second email for the same crossing
    await settle();
    expect(emailsOf('low-balance')).toHaveLength(2);
    expect(await walletOf(t, agency)).toMatchObject({ available: '40.00', status: 'low' });
  });

  it('re-arms when available is back at or above the threshold, and a second crossing emails again', async () => {
    await fund(t, agency, '10.00'); // 50.00: at the threshold counts as back above
    await settle();
    expect(await walletOf(t, agency)).toMatchObject({ available: '50.00', status: 'active' });

    await spend('8.00'); // 42.00
    const emails = await smtp.waitFor({ agencyId: agency.id, template: 'low-balance' }, { count: 4 });
    expectLowBalanceEmails(emails.slice(2), '$42.00');
    await settle();
    expect(emailsOf('low-balance')).toHaveLength(4);
  });

  it('sends one service-paused email when available reaches zero, and authorize answers 402', async () => {
    await spend('42.00');
    const paused = await smtp.waitFor({ agencyId: agency.id, template: 'service-paused' }, { count: 2 });
    const [email] = paused;
    expect(email.subject).toBe('Calls paused: the Bright Calls & Co wallet is empty');
    expect(paused.flatMap((each) => each.envelopeTo).sort()).toEqual([...billingEmails].sort());
    expect(email.text).toContain('The available balance of the Bright Calls & Co wallet is $0.00');
    expect(email.text).toContain('Calls resume by themselves as soon as funds arrive');
    expect(email.text).toContain(`${PUBLIC_BASE_URL}/billing/${agency.id}`);
    expect(email.html).toContain(`href="${PUBLIC_BASE_URL}/billing/${agency.id}"`);
    expect(await walletOf(t, agency)).toMatchObject({ available: '0.00', status: 'depleted' });
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'lb-refused', amount: '0.01' }).expect(402);

    // Going further below zero is the same depletion.
    await t.http
      .post(`/v1/support/agencies/${agency.id}/adjustments`)
      .set(bearer(ADMIN_KEY))
      .set('Idempotency-Key', `lb-debit-${agency.id}`)
      .send({ amount: '-1.00', reason: 'Correction' })
      .expect(201);
    await settle();
    expect(emailsOf('service-paused')).toHaveLength(2);
    // Falling to zero from below the threshold sends no extra low-balance email.
    expect(emailsOf('low-balance')).toHaveLength(4);
  });

  it('tells the next depletion too, once funds have arrived in between', async () => {
    await fund(t, agency, '11.00'); // 10.00 available: calls resume
    await settle();
    expect(await walletOf(t, agency)).toMatchObject({ available: '10.00', status: 'low' });
    await spend('10.00');
    await smtp.waitFor({ agencyId: agency.id, template: 'service-paused' }, { count: 4 });
  });

  it('lists what was sent, for the owner', async () => {
    await settle();
    const res = await t.http.get(`/v1/agencies/${agency.id}/notifications`).set(bearer(agency.ownerKey)).expect(200);
    const templates = res.body.data.map((n: { template: string }) => n.template);
    // One email per billing contact for each event.
    expect(templates).toEqual([...Array(4).fill('service-paused'), ...Array(4).fill('low-balance'), 'settings-updated', 'settings-updated']);
    expect(res.body.data.every((n: { status: string }) => n.status === 'sent')).toBe(true);
  });

  it('drops the `low` status when the alert is turned off', async () => {
    await fund(t, agency, '20.00');
    expect(await walletOf(t, agency)).toMatchObject({ available: '20.00', status: 'low' });
    await setAlert({ enabled: false, threshold: '50.00' }).expect(200);
    expect(await walletOf(t, agency)).toMatchObject({ available: '20.00', status: 'active' });
  });

  it('sends once however many processes react to the same crossing at once', async () => {
    const other = await createAgency(t);
    await setAlert({ enabled: true, threshold: '25.00' }, other.ownerKey, other.id).expect(200);
    await fund(t, other, '30.00');
    await settle();
    await t.http
      .post(`/v1/support/agencies/${other.id}/adjustments`)
      .set(bearer(ADMIN_KEY))
      .set('Idempotency-Key', `lb-race-${other.id}`)
      .send({ amount: '-10.00', reason: 'Race' })
      .expect(201);
    const alerts = t.app.get(LowBalanceAlertService);
    await Promise.all(Array.from({ length: 8 }, () => alerts.check(other.id)));
    const [email] = await smtp.waitFor({ agencyId: other.id, template: 'low-balance' });
    expect(email.envelopeTo).toEqual([other.ownerEmail]);
    await settle();
    expect(smtp.received({ agencyId: other.id, template: 'low-balance' })).toHaveLength(1);
  });

  it('refuses bad settings with 422, other roles with 403, other tenants with 404', async () => {
    for (const body of [
      { enabled: true, threshold: '-1.00' },
      { enabled: true, threshold: 50 },
      { enabled: true, threshold: 'fifty' },
      { enabled: true, threshold: '1.0000001' },
      { enabled: 'yes', threshold: '50.00' },
      { threshold: '50.00' },
      { enabled: true },
      { enabled: true, threshold: '50.00', extra: 1 },
    ]) {
      expectError(await setAlert(body), 422, 'validation_error');
    }
    expectError(await setAlert({ enabled: true, threshold: '5.00' }, subteam.key), 403, 'forbidden');
    const stranger = await createAgency(t);
    expectError(await setAlert({ enabled: true, threshold: '5.00' }, stranger.ownerKey), 404, 'not_found');
    expectError(await setAlert({ enabled: true, threshold: '5.00' }, ADMIN_KEY, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });

  function expectLowBalanceEmails(emails: CapturedEmail[], available: string) {
    expect(emails.flatMap((email) => email.envelopeTo).sort()).toEqual([...billingEmails].sort());
    for (const email of emails) expectLowBalanceEmail(email, available);
  }

  function expectLowBalanceEmail(email: CapturedEmail, available: string) {
    expect(email.subject).toBe(`Low balance: Bright Calls & Co has ${available} left`);
    expect(email.to).toEqual(email.envelopeTo);
    expect(email.text).toContain(`The available balance of the Bright Calls & Co wallet is ${available}, below your alert threshold of $50.00.`);
    expect(email.text).toContain(`${PUBLIC_BASE_URL}/billing/${agency.id}`);
    expect(email.html).toContain(`${available}`);
    expect(email.html).toContain('Bright Calls &amp; Co');
    expect(email.html).toContain(`href="${PUBLIC_BASE_URL}/billing/${agency.id}"`);
    expect(email.messageId).toBe(`<${email.notificationId}@agency-wallet>`);
  }
});
