import { Database, sql } from '../../src/database/database';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';
import { ADMIN_KEY, type Agency, type TestApp, bearer, createAgency, startTestApp } from '../support/test-app';

/** The console's sign-in edges, over plain HTTP: limits, cookie flags, expiry. The journeys are in test/browser. */
describe('Console sign-in and sessions', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let agency: Agency;
  let address = 0;
  /** Each test asks from its own client address, through a trusted proxy. */
  const nextAddress = () => `203.0.113.${++address}`;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startTestApp(
      { SMTP_URL: smtp.url, TRUST_PROXY: 'true', PUBLIC_BASE_URL: 'https://wallet.example.com', NOTIFICATION_SWEEP_SECONDS: '1' },
      { worker: true },
    );
    agency = await createAgency(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** The sign-in form's CSRF cookie and token, as a browser would get them. */
  async function form(from: string) {
    const page = await t.http.get('/sign-in').set('X-Forwarded-For', from).expect(200);
    const cookie = [page.headers['set-cookie']]
      .flat()
      .find((value) => value?.startsWith('aw_csrf='))!
      .split(';')[0];
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    return { cookie, token };
  }

  async function ask(email: string, from: string) {
    const { cookie, token } = await form(from);
    return t.http.post('/sign-in').set('X-Forwarded-For', from).set('Cookie', cookie).type('form').send({ _csrf: token, email });
  }

  async function linkFor(email: string, count = 1): Promise<string> {
    const emails = await smtp.waitFor({ template: 'sign-in', to: email }, { count });
    return /https:\/\/wallet\.example\.com(\/sign-in\/[A-Za-z0-9_-]+)/.exec(emails[count - 1].text)![1];
  }

  it('answers the same page for any address, limits asking per address, and refuses a form without its token', async () => {
    const known = await ask(agency.ownerEmail, nextAddress());
    const unknown = await ask(`nobody-${Date.now()}@agency.test`, nextAddress());
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const body = (text: string) => text.replace(/owner[^<\s]*@agency\.test|nobody[^<\s]*@agency\.test/g, 'EMAIL').replace(/value="[^"]+"/g, '');
    expect(body(unknown.text)).toBe(body(known.text));

    const limited = `limited-${Date.now()}@agency.test`;
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await ask(limited, nextAddress())).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);

    const from = nextAddress();
    const { cookie } = await form(from);
    await t.http
      .post('/sign-in')
      .set('X-Forwarded-For', from)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: 'forged', email: agency.ownerEmail })
      .expect(403);
  });

  it('limits asking per client address, whatever the addresses asked for', async () => {
    const from = nextAddress();
    const statuses = [];
    for (let i = 0; i < 31; i++) statuses.push((await ask(`many-${i}-${Date.now()}@agency.test`, from)).status);
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('opens a Secure, HttpOnly, SameSite=Lax session from a link that works once, and ends it after 12 idle hours', async () => {
    const before = smtp.received({ template: 'sign-in', to: agency.ownerEmail }).length;
    await ask(agency.ownerEmail, nextAddress());
    const link = await linkFor(agency.ownerEmail, before + 1);
    const opened = await t.http.get(link).expect(303);
    expect(opened.headers.location).toBe(`/billing/${agency.id}`);
    const session = [opened.headers['set-cookie']].flat().find((value) => value?.startsWith('aw_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/Max-Age=604800/);
    const cookie = session.split(';')[0];
    await t.http.get(`/billing/${agency.id}`).set('Cookie', cookie).expect(200);
    await t.http.get(link).expect(400);

    const db = t.app.get(Database);
    await db.rows(sql`update web_sessions set last_seen_at = now() - interval '12 hours 1 minute' where email = ${agency.ownerEmail}`);
    const idle = await t.http.get(`/billing/${agency.id}`).set('Cookie', cookie).expect(303);
    expect(idle.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/billing/${agency.id}`)}`);
  });

  it('refuses a link after its 15 minutes', async () => {
    const before = smtp.received({ template: 'sign-in', to: agency.ownerEmail }).length;
    await ask(agency.ownerEmail, nextAddress());
    const link = await linkFor(agency.ownerEmail, before + 1);
    await t.app.get(Database).rows(sql`update sign_in_tokens set expires_at = now() - interval '1 second' where used_at is null`);
    await t.http.get(link).expect(400);
  });

  it('lands a support user on /support and someone with two agencies on the list of both', async () => {
    const supportEmail = `support-${Date.now()}@wallet.test`;
    await t.http.post('/v1/support-users').set(bearer(ADMIN_KEY)).send({ email: supportEmail }).expect(201);
    await ask(supportEmail, nextAddress());
    const support = await t.http.get(await linkFor(supportEmail)).expect(303);
    expect(support.headers.location).toBe('/support');

    const second = await createAgency(t, { ownerEmail: agency.ownerEmail, name: 'Second agency' });
    const before = smtp.received({ template: 'sign-in', to: agency.ownerEmail }).length;
    await ask(agency.ownerEmail, nextAddress());
    const opened = await t.http.get(await linkFor(agency.ownerEmail, before + 1)).expect(303);
    expect(opened.headers.location).toBe('/billing');
    const cookie = [opened.headers['set-cookie']]
      .flat()
      .find((value) => value?.startsWith('aw_session='))!
      .split(';')[0];
    const list = await t.http.get('/billing').set('Cookie', cookie).expect(200);
    expect(list.text).toContain(`href="/billing/${agency.id}"`);
    expect(list.text).toContain(`href="/billing/${second.id}"`);
  });

  it('keeps the API under /v1 and its errors in JSON', async () => {
    const res = await t.http.get('/v1/billing').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
