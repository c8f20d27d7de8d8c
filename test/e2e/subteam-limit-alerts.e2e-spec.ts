import { type TwilioTestServer, startTwilioServer } from '../../sandbox/twilio/twilio-server';
import { auditLogOf, expectError } from '../support/matrix';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';
import {
  type Agency,
  type Subteam,
  type TestApp,
  bearer,
  createAgency,
  createSubteam,
  fund,
  startTestApp,
  pointWebhooksAt,
} from '../support/test-app';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver';

const PUBLIC_BASE_URL = 'https://wallet.example.test';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A zone whose local date differs from UTC's right now: moving the agency there starts a new
 * local day, the next window of a daily limit, without waiting for midnight.
 */
const nextWindowZone = () => (new Date().getUTCHours() < 11 ? 'Pacific/Pago_Pago' : 'Pacific/Kiritimati');

/**
 * Subteam limit alerts: a warning at 80% of a daily limit and a notice at 100%, each once per
 * local day, to the owner (by email, and by text when the alert asks for it), to the subteam's own
 * contact, and to the agency's webhook; the next local day re-arms them.
 */
describe('Subteam limit alerts: warning and reached, once per window', () => {
  let smtp: SmtpCapture;
  let twilio: TwilioTestServer;
  let receiver: WebhookReceiver;
  let t: TestApp;
  let agency: Agency;
  let subteam: Subteam;
  let calls = 0;
  const ownerPhone = `+1312555${String(Date.now()).slice(-4)}`;
  let contactEmail: string;

  const spend = async (amount: string, key = subteam.key) => {
    const callId = `stl-call-${++calls}`;
    await t.http.post('/v1/calls/authorize').set(bearer(key)).send({ callId, amount }).expect(201);
    await t.http.post(`/v1/calls/${callId}/settle`).set(bearer(key)).send({ cost: amount }).expect(200);
  };
  const alertUrl = () => `/v1/agencies/${agency.id}/subteams/${subteam.id}/limit-alert`;
  const emails = (template: string) => smtp.received({ agencyId: agency.id, template });
  const settle = () => sleep(800);

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    twilio = await startTwilioServer();
    receiver = await startWebhookReceiver();
    t = await startTestApp(
      {
        SMTP_URL: smtp.url,
        PUBLIC_BASE_URL,
        NOTIFICATION_SWEEP_SECONDS: '1',
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE: twilio.url,
        AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
        AGENCY_WEBHOOK_SWEEP_SECONDS: '1',
      },
      { worker: true },
    );
    agency = await createAgency(t, { name: 'Northwind Dialers' });
    subteam = await createSubteam(t, agency, { name: 'East Coast Medicare', dailySpendLimit: '100.00' });
    contactEmail = `east-lead-${agency.id.slice(0, 8)}@northwind.test`;
    await fund(t, agency, '1000.00');
    await pointWebhooksAt(t, agency, receiver.url);

    // The owner's verified number, for the alert's texts.
    await t.http
      .put(`/v1/agencies/${agency.id}/notification-contacts/phone`)
      .set(bearer(agency.ownerKey))
      .send({ email: agency.ownerEmail, phone: ownerPhone })
      .expect(200);
    const [codeText] = await twilio.waitFor({ to: ownerPhone, body: /code: \d{6}/ });
    await t.http
      .post(`/v1/agencies/${agency.id}/notification-contacts/phone/verify`)
      .set(bearer(agency.ownerKey))
      .send({ email: agency.ownerEmail, code: /code: (\d{6})/.exec(codeText.body)![1] })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await twilio.close();
    await smtp.close();
  });

  it('is on at 80% by default; the owner adds texts and the subteam’s own contact, audited', async () => {
    expect((await t.http.get(alertUrl()).set(bearer(agency.ownerKey)).expect(200)).body).toEqual({
      enabled: true,
      percent: 80,
      sms: false,
      contactEmail: null,
    });
    const saved = await t.http.patch(alertUrl()).set(bearer(agency.ownerKey)).send({ sms: true, contactEmail }).expect(200);
    expect(saved.body).toEqual({ enabled: true, percent: 80, sms: true, contactEmail });
    expect((await auditLogOf(t, agency.id)).find((entry) => entry.action === 'subteam.limit_alert.updated')).toMatchObject({
      before: { sms: false, contactEmail: null },
      after: { sms: true, contactEmail },
    });
    expectError(await t.http.patch(alertUrl()).set(bearer(agency.ownerKey)).send({ percent: 0 }), 422, 'validation_error');
    expectError(await t.http.patch(alertUrl()).set(bearer(subteam.key)).send({ sms: false }), 403, 'forbidden');
  });

  it('sends nothing below 80% of the daily limit', async () => {
    await spend('79.00');
    await settle();
    expect(emails('subteam-limit-warning')).toHaveLength(0);
  });

  it('warns once at 80%: the owner by email and text, the subteam’s contact by email, the webhook', async () => {
    await spend('2.00'); // 81.00 of 100.00
    const warned = await smtp.waitFor({ agencyId: agency.id, template: 'subteam-limit-warning' }, { count: 2 });
    expect(warned.flatMap((email) => email.envelopeTo).sort()).toEqual([agency.ownerEmail, contactEmail].sort());
    expect(warned[0].subject).toBe('East Coast Medicare has used 81% of its daily limit at Northwind Dialers');
    expect(warned[0].text).toContain('has spent $81.00 of its daily limit of $100.00 (81%, your alert is at 80%)');

    const [text] = await twilio.waitFor({ to: ownerPhone, body: /used 81%/ });
    expect(text.body).toBe('Northwind Dialers: team East Coast Medicare used 81% of its daily limit ($81.00 of $100.00). Reply STOP to opt out');

    const [event] = await receiver.waitFor({ agencyId: agency.id, type: 'subteam.limit_warning' });
    expect(event.body.data).toMatchObject({ subteamId: subteam.id, window: 'daily', spent: '81.00', limit: '100.00', percentUsed: 81 });

    await spend('9.00'); // 90.00: same window, no second warning
    await settle();
    expect(emails('subteam-limit-warning')).toHaveLength(2);
    expect(receiver.received({ agencyId: agency.id, type: 'subteam.limit_warning' })).toHaveLength(1);
  });

  it('tells once when the limit is reached, and the subteam’s calls are refused', async () => {
    await spend('10.00'); // 100.00 of 100.00
    const reached = await smtp.waitFor({ agencyId: agency.id, template: 'subteam-limit-reached' }, { count: 2 });
    expect(reached.flatMap((email) => email.envelopeTo).sort()).toEqual([agency.ownerEmail, contactEmail].sort());
    expect(reached[0].subject).toBe('East Coast Medicare reached its daily limit at Northwind Dialers: its calls are refused');
    await twilio.waitFor({ to: ownerPhone, body: /reached its daily limit of \$100\.00/ });
    await receiver.waitFor({ agencyId: agency.id, type: 'subteam.limit_reached' });

    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'stl-refused', amount: '1.00' }).expect(402);
    await settle();
    expect(emails('subteam-limit-reached')).toHaveLength(2);
    expect(emails('subteam-limit-warning')).toHaveLength(2);
  });

  it('re-arms in the next local day: the warning and the notice go out again, once each', async () => {
    await t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).send({ timeZone: nextWindowZone() }).expect(200);
    await spend('85.00');
    await smtp.waitFor({ agencyId: agency.id, template: 'subteam-limit-warning' }, { count: 4 });
    await spend('20.00').catch(() => undefined); // over the limit: refused
    await spend('15.00');
    await smtp.waitFor({ agencyId: agency.id, template: 'subteam-limit-reached' }, { count: 4 });
    await settle();
    expect(emails('subteam-limit-warning')).toHaveLength(4);
    expect(emails('subteam-limit-reached')).toHaveLength(4);
    expect(receiver.received({ agencyId: agency.id, type: 'subteam.limit_reached' })).toHaveLength(2);
  });

  it('a jump from below the warning straight to the limit sends the notice only; texts only when asked for', async () => {
    const other = await createSubteam(t, agency, { name: 'West Overflow', dailySpendLimit: '50.00' });
    await spend('50.00', other.key);
    const reached = await smtp.waitFor({ agencyId: agency.id, template: 'subteam-limit-reached' }, { count: 5 });
    expect(reached.at(-1)!.subject).toContain('West Overflow');
    expect(reached.at(-1)!.envelopeTo).toEqual([agency.ownerEmail]);
    await settle();
    expect(emails('subteam-limit-warning')).toHaveLength(4);
    expect(twilio.received({ to: ownerPhone, body: /West Overflow/ })).toHaveLength(0);
  });
});
