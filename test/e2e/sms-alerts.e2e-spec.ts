import { NotificationsService } from '../../src/notifications/notifications.service';
import { type TwilioTestServer, startTwilioServer, twilioSignature } from '../../sandbox/twilio/twilio-server';
import { expectError } from '../support/matrix';
import { type CapturedEmail, type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';
import { eventually } from '../support/stripe';
import { type Agency, type Subteam, type TestApp, bearer, createAgency, createSubteam, fund, startTestApp, walletOf } from '../support/test-app';

const PUBLIC_BASE_URL = 'https://wallet.example.test';
/** A header as sent (mailparser turns List-* headers into objects). */
const headerOf = (email: CapturedEmail, name: string) =>
  email.parsed.headerLines
    .find((line) => line.key === name)
    ?.line.replace(/^[^:]+:\s*/, '')
    .replace(/\r?\n\s+/g, '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface NotificationView {
  id: string;
  template: string;
  channel: 'email' | 'sms';
  recipients: string[];
  status: string;
  lastError: string | null;
  messageId: string | null;
  delivery?: { status: string | null; errorCode: string | null };
}

/**
 * Texts through Twilio (its test server here) beside the emails: a number is verified by a code
 * before it receives anything, a low-balance crossing texts it once, STOP and Twilio's 21610 opt
 * it out, START back in, delivery reports reach the record, and each person's choices are kept.
 */
describe('SMS alerts: verified numbers, one text per crossing, STOP and START, preferences', () => {
  let smtp: SmtpCapture;
  let twilio: TwilioTestServer;
  let t: TestApp;
  let agency: Agency;
  let subteam: Subteam;
  let calls = 0;
  const ownerPhone = `+1415555${String(Date.now()).slice(-4)}`;
  const billingPhone = `+4479460${String(Date.now()).slice(-5)}`;
  let billingEmail: string;

  const spend = async (amount: string) => {
    const callId = `sms-call-${++calls}`;
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount }).expect(201);
    await t.http.post(`/v1/calls/${callId}/settle`).set(bearer(subteam.key)).send({ cost: amount }).expect(200);
  };
  const contacts = () => t.http.get(`/v1/agencies/${agency.id}/notification-contacts`).set(bearer(agency.ownerKey)).expect(200);
  const personOf = async (email: string) =>
    ((await contacts()).body.data as { email: string; phoneVerified: boolean; smsOptedOut: boolean; preferences: Record<string, string[]> }[]).find(
      (p) => p.email === email,
    )!;
  const notifications = async (): Promise<NotificationView[]> =>
    (await t.http.get(`/v1/agencies/${agency.id}/notifications?limit=200`).set(bearer(agency.ownerKey)).expect(200)).body.data;
  const textsTo = (phone: string, template: RegExp) => twilio.received({ to: phone, body: template });
  const codeSentTo = async (phone: string, count = 1) => {
    const [message] = (await twilio.waitFor({ to: phone, body: /code: \d{6}/ }, { count })).slice(-1);
    return /code: (\d{6})/.exec(message.body)![1];
  };
  /** Lets the listener and the worker finish whatever a change set off, so "no text" means none. */
  const settle = () => sleep(800);
  /** Every notification written so far has been sent, failed or skipped, and each sent email has arrived. */
  const delivered = () =>
    eventually(async () => {
      const rows = await notifications();
      expect(rows.filter((n) => n.status === 'queued' || n.status === 'sending')).toEqual([]);
      const sentEmails = rows.filter((n) => n.channel === 'email' && n.status === 'sent').length;
      expect(smtp.received({ agencyId: agency.id }).length).toBeGreaterThanOrEqual(sentEmails);
    });

  /** Back to $100, above the $50 threshold, then $80 spent: one crossing below it, to $20. */
  const crossBelowThreshold = async () => {
    const { available } = await walletOf(t, agency);
    await fund(t, agency, (100 - Number(available)).toFixed(2));
    await settle();
    await spend('80.00');
  };

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    twilio = await startTwilioServer();
    t = await startTestApp(
      {
        SMTP_URL: smtp.url,
        PUBLIC_BASE_URL,
        NOTIFICATION_SWEEP_SECONDS: '1',
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE: twilio.url,
      },
      { worker: true },
    );
    // Twilio calls the public address; here that is the test app, as behind a load balancer.
    const appUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    twilio.setRoute((url) => url.replace(PUBLIC_BASE_URL, appUrl));
    twilio.setInboundUrl(`${PUBLIC_BASE_URL}/v1/webhooks/twilio/inbound`);

    agency = await createAgency(t, { name: 'Bright Calls & Co' });
    subteam = await createSubteam(t, agency);
    billingEmail = `billing-${agency.id.slice(0, 8)}@bright.test`;
    await t.http
      .patch(`/v1/agencies/${agency.id}`)
      .set(bearer(agency.ownerKey))
      .send({ billingEmails: [billingEmail] })
      .expect(200);
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/low-balance-alert`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '50.00' })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
    await twilio.close();
    await smtp.close();
  });

  it('verifies the owner’s number with a six-digit code by SMS: a wrong code counts, the right one verifies', async () => {
    const added = await t.http
      .put(`/v1/agencies/${agency.id}/notification-contacts/phone`)
      .set(bearer(agency.ownerKey))
      .send({ email: agency.ownerEmail, phone: ownerPhone })
      .expect(200);
    expect(added.body).toMatchObject({ email: agency.ownerEmail, phone: ownerPhone, phoneVerified: false, roles: ['owner'] });
    const code = await codeSentTo(ownerPhone);
    expect(twilio.received({ to: ownerPhone })[0].body).toMatch(/^Agency Wallet code: \d{6}\. It verifies this number for Bright Calls & Co alerts/);

    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await t.http
      .post(`/v1/agencies/${agency.id}/notification-contacts/phone/verify`)
      .set(bearer(agency.ownerKey))
      .send({ email: agency.ownerEmail, code: wrong });
    expectError(refused, 422, 'invalid_code');
    expect(refused.body.error.details).toMatchObject({ attemptsLeft: 4 });

    const verified = await t.http
      .post(`/v1/agencies/${agency.id}/notification-contacts/phone/verify`)
      .set(bearer(agency.ownerKey))
      .send({ email: agency.ownerEmail, code })
      .expect(200);
    expect(verified.body).toMatchObject({ phone: ownerPhone, phoneVerified: true });
    expect(verified.body.preferences['low-balance']).toEqual(['sms']);
    expect(verified.body.preferences['payment-failed']).toEqual(['email', 'sms']);

    // The code is spent once used.
    expectError(
      await t.http
        .post(`/v1/agencies/${agency.id}/notification-contacts/phone/verify`)
        .set(bearer(agency.ownerKey))
        .send({ email: agency.ownerEmail, code }),
      409,
      'verification_not_pending',
    );
  });

  it('locks a code after five wrong tries; the billing contact’s number stays unverified', async () => {
    await t.http
      .put(`/v1/agencies/${agency.id}/notification-contacts/phone`)
      .set(bearer(agency.ownerKey))
      .send({ email: billingEmail, phone: billingPhone })
      .expect(200);
    const code = await codeSentTo(billingPhone);
    const wrong = code === '000000' ? '111111' : '000000';
    const verify = (value: string) =>
      t.http
        .post(`/v1/agencies/${agency.id}/notification-contacts/phone/verify`)
        .set(bearer(agency.ownerKey))
        .send({ email: billingEmail, code: value });
    for (let i = 0; i < 5; i++) expectError(await verify(wrong), 422, 'invalid_code');
    expectError(await verify(code), 429, 'verification_locked');
    expect(await personOf(billingEmail)).toMatchObject({ phoneVerified: false });
  });

  it('texts the verified number once when the balance crosses below the threshold; the unverified one gets nothing', async () => {
    await crossBelowThreshold(); // $20 left
    const [text] = await twilio.waitFor({ to: ownerPhone, body: /wallet low/ });
    expect(text.body).toBe('Bright Calls & Co: wallet low, $20.00 left (alert below $50.00). Top up or turn on auto-reload. Reply STOP to opt out');
    expect(text.from).toBe('+15005550006');
    expect(text.statusCallback).toBe(`${PUBLIC_BASE_URL}/v1/webhooks/twilio/status`);

    // Still below: the same crossing, no second text.
    await spend('5.00');
    await settle();
    expect(textsTo(ownerPhone, /wallet low/)).toHaveLength(1);
    expect(twilio.received({ to: billingPhone }).filter((m) => !/code:/.test(m.body))).toHaveLength(0);

    // The billing contact is emailed; the owner, who has billing contacts, is texted only.
    const [email] = await smtp.waitFor({ agencyId: agency.id, template: 'low-balance' });
    expect(email.envelopeTo).toEqual([billingEmail]);
    expect(smtp.received({ agencyId: agency.id, template: 'low-balance' })).toHaveLength(1);
  });

  it('records the delivery Twilio reports through the signed status callback', async () => {
    const [text] = textsTo(ownerPhone, /wallet low/);
    await twilio.report(text.sid);
    expect(twilio.callbacks.filter((c) => c.params.MessageSid === text.sid).map((c) => c.status)).toEqual([204, 204]);
    const row = (await notifications()).find((n) => n.channel === 'sms' && n.messageId === text.sid)!;
    expect(row).toMatchObject({
      template: 'low-balance',
      recipients: [ownerPhone],
      status: 'sent',
      delivery: { status: 'delivered', errorCode: null },
    });

    // A callback without Twilio's signature changes nothing.
    const params = { MessageSid: text.sid, MessageStatus: 'undelivered', ErrorCode: '30003' };
    const forged = await t.http
      .post('/v1/webhooks/twilio/status')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-Twilio-Signature', twilioSignature('not-the-token', `${PUBLIC_BASE_URL}/v1/webhooks/twilio/status`, params))
      .send(new URLSearchParams(params).toString());
    expectError(forged, 400, 'validation_error');
    expect((await notifications()).find((n) => n.messageId === text.sid)!.delivery).toEqual({ status: 'delivered', errorCode: null });
  });

  it('STOP opts the number out: the next crossing sends no text; START opts it back in', async () => {
    const stop = await twilio.reply(ownerPhone, 'STOP');
    expect(stop?.status).toBe(200);
    expect(await personOf(agency.ownerEmail)).toMatchObject({ smsOptedOut: true, phoneVerified: true });

    await crossBelowThreshold();
    await smtp.waitFor({ agencyId: agency.id, template: 'low-balance' }, { count: 2 });
    await settle();
    expect(textsTo(ownerPhone, /wallet low/)).toHaveLength(1);
    // Nothing is even written for an opted-out number: only the first crossing's text exists.
    expect((await notifications()).filter((n) => n.channel === 'sms' && n.template === 'low-balance')).toHaveLength(1);

    expect((await twilio.reply(ownerPhone, 'START'))?.status).toBe(200);
    expect(await personOf(agency.ownerEmail)).toMatchObject({ smsOptedOut: false });
    await crossBelowThreshold();
    await twilio.waitFor({ to: ownerPhone, body: /wallet low/ }, { count: 2 });
  });

  it('a number Twilio reports as unsubscribed (21610) is opted out too', async () => {
    twilio.blocked.add(ownerPhone); // STOP reached Twilio but not us
    await crossBelowThreshold();
    const failed = await eventually(async () => {
      const row = (await notifications()).find((n) => n.channel === 'sms' && n.status === 'failed');
      expect(row).toBeDefined();
      return row!;
    });
    expect(failed.lastError).toMatch(/21610/);
    expect(await personOf(agency.ownerEmail)).toMatchObject({ smsOptedOut: true });
    twilio.blocked.delete(ownerPhone);
    await twilio.reply(ownerPhone, 'START');
  });

  it('honours each person’s preferences; the owner cannot turn payment failures off', async () => {
    const setPreference = (email: string, kind: string, channels: string[]) =>
      t.http.put(`/v1/agencies/${agency.id}/notification-preferences`).set(bearer(agency.ownerKey)).send({ email, kind, channels });

    expect((await setPreference(billingEmail, 'low-balance', [])).status).toBe(200);
    expect((await setPreference(agency.ownerEmail, 'low-balance', ['email'])).body.preferences['low-balance']).toEqual(['email']);
    expectError(await setPreference(agency.ownerEmail, 'payment-failed', []), 409, 'notification_required');
    expectError(await setPreference(agency.ownerEmail, 'settings-updated', ['sms']), 422, 'validation_error');
    expect((await setPreference(agency.ownerEmail, 'payment-failed', ['sms'])).status).toBe(200);

    // The earlier crossings' emails are all in before counting (the last test waited for its text only).
    await delivered();
    const emailsBefore = smtp.received({ agencyId: agency.id, template: 'low-balance' }).length;
    const textsBefore = textsTo(ownerPhone, /wallet low/).length;
    await crossBelowThreshold();
    const emails = await smtp.waitFor({ agencyId: agency.id, template: 'low-balance' }, { count: emailsBefore + 1 });
    expect(emails.at(-1)!.envelopeTo).toEqual([agency.ownerEmail]);
    await settle();
    expect(smtp.received({ agencyId: agency.id, template: 'low-balance' })).toHaveLength(emailsBefore + 1);
    expect(textsTo(ownerPhone, /wallet low/)).toHaveLength(textsBefore);
  });

  it('every email links to its person’s preferences, and List-Unsubscribe turns that kind off in one click', async () => {
    const email = smtp.received({ agencyId: agency.id, template: 'low-balance' }).at(-1)!;
    const link = /Your notification preferences: (\S+)/.exec(email.text)![1];
    expect(link.startsWith(`${PUBLIC_BASE_URL}/v1/notification-preferences/`)).toBe(true);
    const header = headerOf(email, 'list-unsubscribe')!;
    expect(header).toBe(`<${link}/unsubscribe?kind=low-balance>`);
    expect(headerOf(email, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    const path = (url: string) => url.slice(PUBLIC_BASE_URL.length);
    const shown = await t.http.get(path(link)).expect(200);
    expect(shown.body).toMatchObject({ email: agency.ownerEmail, preferences: { 'low-balance': ['email'] } });

    const clicked = await t.http
      .post(path(header.slice(1, -1)))
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(clicked.body).toEqual({ email: agency.ownerEmail, kind: 'low-balance', channels: [] });
    await t.http.get(`${path(link)}x`).expect(404);

    // The owner's payment-failure emails carry no unsubscribe header: they cannot be turned off.
    const failed = await t.app.get(NotificationsService).notify(null, {
      agencyId: agency.id,
      template: 'payment-failed',
      data: {
        amount: '50.00',
        paymentMethod: { brand: 'visa', last4: '4242', type: 'card' },
        declineCode: 'expired_card',
        declineMessage: null,
        attemptId: 'ra_test',
        nextStep: 'none',
        balance: '0.00',
        tried: [],
        chargedInstead: null,
        statementDescriptor: 'AGWALLET* CALL CREDITS',
      },
    });
    expect(failed!.ids).toHaveLength(2); // the billing contact's email and the owner's text
    const [billingCopy] = await smtp.waitFor({ agencyId: agency.id, template: 'payment-failed' });
    expect(billingCopy.envelopeTo).toEqual([billingEmail]);
    expect(headerOf(billingCopy, 'list-unsubscribe')).toMatch(/unsubscribe\?kind=payment-failed>$/);
    await twilio.waitFor({ to: ownerPhone, body: /payment of \$50\.00 failed \(expired_card\)/ });
  });
});
