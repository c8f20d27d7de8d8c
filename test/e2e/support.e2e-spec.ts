import { sql } from 'kysely';
import { Database } from '../../src/database/database';
import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type AppWithStripe, eventually, startAppWithStripe } from '../support/stripe';
import { ADMIN_KEY, type Agency, type Subteam, type TestApp, bearer, createAgency, createSubteam, fund, startTestApp } from '../support/test-app';

/** Support answers "why did (or didn't) it reload?" from the service alone. */
describe('Support tooling', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;
  let supportKey: string;
  let supportId: string;
  let agency: Agency;
  let subteam: Subteam;

  const asSupport = () => bearer(supportKey);
  const timeline = async (query = '') =>
    (await t.http.get(`/v1/support/agencies/${agency.id}/timeline?limit=200${query}`).set(asSupport()).expect(200)).body;

  beforeAll(async () => {
    // Lenient attach: the history needs a saved card that declines with insufficient_funds (support
    // searches failures by that code), which Stripe would refuse to save.
    env = await startAppWithStripe({ AUTO_RELOAD_COOLDOWN_SECONDS: '0' }, { worker: true }, { lenientAttach: true });
    ({ stripe, t } = env);
    const support = await t.http
      .post('/v1/support-users')
      .set(bearer(ADMIN_KEY))
      .send({ email: `support-${Date.now()}@wallet.test` })
      .expect(201);
    supportKey = support.body.apiKey;
    supportId = support.body.id;

    // A history: a declined card that falls back to a good one, then a cap that refuses a reload.
    agency = await createAgency(t);
    subteam = await createSubteam(t, agency);
    for (const card of ['pm_card_visa_chargeDeclinedInsufficientFunds', 'pm_card_visa']) {
      await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: card }).expect(201);
    }
    await fund(t, agency, '20.00');
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '50.00', dailyCap: '60.00' })
      .expect(200);
    await spend('h-1', '15.00');
    await eventually(async () => expect((await wallet()).balance).toBe('55.00'));
    await spend('h-2', '50.00');
    await eventually(async () => {
      const skipped = await t.http.get(`/v1/agencies/${agency.id}/reload-attempts?status=skipped`).set(bearer(agency.ownerKey));
      expect(skipped.body.data).toHaveLength(1);
    });
  });
  afterAll(() => env.close());

  async function spend(callId: string, amount: string) {
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount }).expect(201);
    await t.http.post(`/v1/calls/${callId}/settle`).set(bearer(subteam.key)).send({ cost: amount }).expect(200);
  }
  const wallet = async () => (await t.http.get(`/v1/agencies/${agency.id}/wallet`).set(bearer(agency.ownerKey)).expect(200)).body;

  it('finds the failed payment by decline code, with the method and what happened next', async () => {
    const res = await t.http.get(`/v1/support/payment-failures?code=insufficient_funds&agencyId=${agency.id}`).set(asSupport()).expect(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      agency: { id: agency.id },
      amount: '50.00',
      paymentMethod: { type: 'card', brand: 'visa', last4: '9995' },
      declineCode: 'insufficient_funds',
      attemptNumber: 1,
      fallback: { status: 'succeeded' },
      whatHappenedNext: expect.stringContaining('fell back to the next payment method (succeeded)'),
      email: { template: 'payment-failed' },
    });
    const none = await t.http.get(`/v1/support/payment-failures?code=expired_card&agencyId=${agency.id}`).set(asSupport()).expect(200);
    expect(none.body.data).toHaveLength(0);
  });

  it('finds a payment that needed authentication (SCA) across agencies, by code and method type', async () => {
    const sca = await createAgency(t);
    const team = await createSubteam(t, sca);
    await t.http
      .post(`/v1/agencies/${sca.id}/payment-methods`)
      .set(bearer(sca.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_authenticationRequired' })
      .expect(201);
    await fund(t, sca, '20.00');
    await t.http
      .put(`/v1/agencies/${sca.id}/billing-settings/auto-reload`)
      .set(bearer(sca.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '30.00' })
      .expect(200);
    await t.http.post('/v1/usage').set(bearer(team.key)).send({ amount: '15.00', reference: 'sca-usage' }).expect(201);
    const found = await eventually(async () => {
      const res = await t.http.get('/v1/support/payment-failures?code=authentication_required&type=card').set(asSupport()).expect(200);
      const row = res.body.data.find((r: { agency: { id: string } }) => r.agency.id === sca.id);
      expect(row).toBeDefined();
      return row;
    });
    expect(found).toMatchObject({
      status: 'requires_action',
      declineCode: 'authentication_required',
      paymentMethod: { last4: '3184' },
      amount: '30.00',
    });
    const other = await t.http.get('/v1/support/payment-failures?code=authentication_required&type=us_bank_account').set(asSupport()).expect(200);
    expect(other.body.data.find((r: { agency: { id: string } }) => r.agency.id === sca.id)).toBeUndefined();
  });

  it('explains each decision in order on the timeline', async () => {
    const { data } = await timeline();
    const times = data.map((row: { at: string }) => Date.parse(row.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const summaries: string[] = data.map((row: { summary: string }) => row.summary).reverse();
    const position = (pattern: RegExp) => summaries.findIndex((summary) => pattern.test(summary));

    const started = position(/decision: reload because available 5\.00 < threshold 10\.00: reload 50\.00/);
    const declined = position(/Stripe answered declined.*insufficient_funds/);
    const fallback = position(/decision: fallback because insufficient_funds/);
    const credited = position(/wallet credited from charge response/);
    const capped = position(/decision: skipped because daily cap 60\.00 reached: 50\.00 reloaded in the last 24 h, next reload 50\.00/);
    expect([started, declined, fallback, credited, capped].every((index) => index >= 0)).toBe(true);
    expect(started).toBeLessThan(declined);
    expect(declined).toBeLessThan(fallback);
    expect(fallback).toBeLessThan(credited);
    expect(credited).toBeLessThan(capped);
    expect(summaries.some((summary) => /^email payment-failed to .*: (queued|sent|sending)/.test(summary))).toBe(true);
    expect(summaries.some((summary) => /^auto_reload\.updated by owner/.test(summary))).toBe(true);
    expect(summaries.some((summary) => /^hold of 15\.00 for call h-1/.test(summary))).toBe(true);
  });

  it('pages the timeline with a cursor and filters it by kind', async () => {
    const attemptsOnly = await timeline('&type=reload_attempt');
    expect(attemptsOnly.data.length).toBeGreaterThanOrEqual(3);
    expect(attemptsOnly.data.every((row: { kind: string }) => row.kind === 'reload_attempt')).toBe(true);
    // Kinds that no longer change once the setup is done, so the pages can be compared with the whole.
    const stable = 'type=ledger_entry,hold_opened,hold_closed';
    const page1 = (await t.http.get(`/v1/support/agencies/${agency.id}/timeline?limit=3&${stable}`).set(asSupport()).expect(200)).body;
    const page2 = (
      await t.http.get(`/v1/support/agencies/${agency.id}/timeline?limit=3&${stable}&cursor=${page1.nextCursor}`).set(asSupport()).expect(200)
    ).body;
    const all = (await timeline(`&${stable}`)).data.slice(0, 6);
    expect(page1.data).toHaveLength(3);
    expect([...page1.data, ...page2.data]).toEqual(all);
    await t.http.get(`/v1/support/agencies/${agency.id}/timeline?cursor=garbage`).set(asSupport()).expect(422);
  });

  it('shows a duplicate webhook as received once and applied once', async () => {
    const intent = stripe.paymentIntents().find((pi) => pi.metadata?.agencyId === agency.id && pi.status === 'succeeded')!;
    const event = stripe.events('payment_intent.succeeded').find((e) => (e.data.object as { id: string }).id === intent.id)!;
    await stripe.deliverEvent(event.id);
    await stripe.deliverEvent(event.id);
    const { data } = await timeline('&type=stripe_webhook');
    const row = data.find((r: { id: string }) => r.id === event.id);
    expect(row.summary).toMatch(/^webhook payment_intent\.succeeded: already_applied \(delivered [3-9] times, duplicates ignored\)$/);
    expect((await wallet()).balance).toBe('5.00');
  });

  it('retries a failed reload as a new linked attempt that charges once, within the caps', async () => {
    const failed = (await t.http.get(`/v1/agencies/${agency.id}/reload-attempts?status=failed`).set(bearer(agency.ownerKey))).body.data[0];
    const retryFailed = () =>
      t.http
        .post(`/v1/support/agencies/${agency.id}/reload-attempts/${failed.id}/retry`)
        .set(asSupport())
        .send({ reason: 'Owner says the card is fixed' })
        .expect(201);
    // The daily cap (60.00, 50.00 reloaded) still refuses it.
    expect((await retryFailed()).body).toMatchObject({ started: false, reason: 'daily_cap_reached', attempt: null });

    // The owner raises the cap (and the threshold drops below available, so nothing reloads by itself).
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '1.00', amount: '50.00', dailyCap: '500.00' })
      .expect(200);
    const ids = (await t.http.get(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey))).body.data.map(
      (m: { id: string }) => m.id,
    );
    await t.http
      .put(`/v1/agencies/${agency.id}/payment-methods/order`)
      .set(bearer(agency.ownerKey))
      .send({ ids: [...ids].reverse() })
      .expect(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id).length;

    const retry = await retryFailed();
    expect(retry.body).toMatchObject({
      started: true,
      attempt: { trigger: 'support_retry', retryOf: failed.id, status: 'succeeded', paymentMethod: { last4: '4242' } },
    });
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(before + 1);
    expect((await wallet()).balance).toBe('55.00');
    await t.http
      .post(`/v1/support/agencies/${agency.id}/reload-attempts/00000000-0000-4000-8000-000000000000/retry`)
      .set(asSupport())
      .send({ reason: 'Checking' })
      .expect(404);
    // A support user says why; without a reason nothing is retried.
    await t.http.post(`/v1/support/agencies/${agency.id}/reload-attempts/${failed.id}/retry`).set(asSupport()).expect(422);
  });

  it('finds the agency by PaymentIntent id, Stripe customer id and subteam id', async () => {
    const intent = stripe.paymentIntents().find((pi) => pi.metadata?.agencyId === agency.id)!;
    for (const query of [intent.id, intent.customer as string, subteam.id]) {
      const res = await t.http
        .get(`/v1/support/agencies?query=${encodeURIComponent(query)}`)
        .set(asSupport())
        .expect(200);
      expect(res.body.data.map((a: { id: string }) => a.id)).toContain(agency.id);
    }
  });

  it('records support reads and retries in the audit log, which refuses changes', async () => {
    const log = await t.http.get(`/v1/support/audit-log?agencyId=${agency.id}&actor=${supportId}&limit=200`).set(asSupport()).expect(200);
    const actions = log.body.data.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['support.timeline_viewed', 'support.payment_failures_searched', 'reload.retried']));
    const db = t.app.get(Database);
    // The application's role may not (the owner is stopped by the append-only trigger: database-role.e2e-spec.ts).
    await expect(db.rows(sql`update audit_log set reason = 'edited' where agency_id = ${agency.id}`)).rejects.toThrow(
      /permission denied for table audit_log/,
    );
    await expect(db.rows(sql`delete from audit_log where agency_id = ${agency.id}`)).rejects.toThrow(/permission denied for table audit_log/);
  });

  it('refuses owner and subteam keys on every support route', async () => {
    const routes = [
      ['get', `/v1/support/agencies?query=x`],
      ['get', `/v1/support/payment-failures`],
      ['get', `/v1/support/agencies/${agency.id}/timeline`],
      ['get', `/v1/support/audit-log`],
      ['post', `/v1/support/agencies/${agency.id}/reload-attempts/00000000-0000-4000-8000-000000000000/retry`],
      ['post', `/v1/support/agencies/${agency.id}/adjustments`],
    ] as const;
    for (const key of [agency.ownerKey, subteam.key]) {
      for (const [method, path] of routes) {
        const res = await t.http[method](path).set(bearer(key)).send({});
        expect([path, res.status, res.body.error?.code]).toEqual([path, 403, 'forbidden']);
      }
    }
  });
});

describe('Support: audited reads and dead letters', () => {
  let t: TestApp;
  let supportKey: string;
  beforeAll(async () => {
    // Mail to a closed port with a single attempt: the email job fails for good.
    t = await startTestApp({ SMTP_URL: 'smtp://127.0.0.1:1', MAIL_ATTEMPTS: '1', MAIL_RETRY_DELAY_SECONDS: '0.1' }, { worker: true });
    supportKey = (
      await t.http
        .post('/v1/support-users')
        .set(bearer(ADMIN_KEY))
        .send({ email: `reader-${Date.now()}@wallet.test` })
        .expect(201)
    ).body.apiKey;
  });
  afterAll(() => t.close());

  it('audits a support read of an agency-scoped route', async () => {
    const agency = await createAgency(t);
    await t.http.get(`/v1/agencies/${agency.id}/wallet`).set(bearer(supportKey)).expect(200);
    await t.http.get(`/v1/agencies/${agency.id}/wallet/entries`).set(bearer(supportKey)).expect(200);
    await t.http.get(`/v1/agencies/${agency.id}/wallet`).set(bearer(agency.ownerKey)).expect(200);
    const log = await t.http.get(`/v1/support/audit-log?agencyId=${agency.id}`).set(bearer(ADMIN_KEY)).expect(200);
    const reads = log.body.data.filter((entry: { action: string }) => entry.action === 'support.agency_read');
    expect(reads.map((entry: { after: { route: string }; actorRole: string }) => [entry.actorRole, entry.after.route]).sort()).toEqual([
      ['support', '/v1/agencies/:agencyId/wallet'],
      ['support', '/v1/agencies/:agencyId/wallet/entries'],
    ]);
  });

  it('lists background jobs that used up their retries', async () => {
    const agency = await createAgency(t);
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/low-balance-alert`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '25.00' })
      .expect(200);
    const dead = await eventually(async () => {
      const res = await t.http.get('/v1/support/dead-letters?queue=notifications').set(bearer(supportKey)).expect(200);
      expect(res.body.data[0].failed).toBeGreaterThanOrEqual(1);
      return res.body.data[0];
    });
    // More than one email may have failed by now (the alert's own checks may send one too).
    expect(dead).toMatchObject({
      queue: 'notifications',
      jobs: expect.arrayContaining([expect.objectContaining({ attemptsMade: 1, failedReason: expect.any(String) })]),
    });
    await t.http.get('/v1/support/dead-letters').set(bearer(agency.ownerKey)).expect(403);
  });
});
