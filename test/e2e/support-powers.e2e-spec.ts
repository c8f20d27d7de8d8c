import { auditLogOf, expectError } from '../support/matrix';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';
import { type AppWithStripe, eventually, startAppWithStripe } from '../support/stripe';
import {
  ADMIN_KEY,
  type Agency,
  type Subteam,
  type TestApp,
  bearer,
  createAgency,
  createSubteam,
  expectLedgerInvariant,
  fund,
  walletOf,
} from '../support/test-app';

/** What support can fix alone, through `/v1/support/…`: every action says why, is audited, and a double submit does it once. */
describe('Support powers', () => {
  let env: AppWithStripe;
  let t: TestApp;
  let smtp: SmtpCapture;
  let users = 0;

  const supportUser = async () => {
    const res = await t.http
      .post('/v1/support-users')
      .set(bearer(ADMIN_KEY))
      .send({ email: `powers-${Date.now()}-${++users}@wallet.test` })
      .expect(201);
    return res.body as { id: string; email: string; apiKey: string };
  };
  const post = (path: string, key: string, body: object = {}, idempotencyKey?: string) => {
    const req = t.http.post(path).set(bearer(key));
    if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
    return req.send(body);
  };

  /** An agency whose only card declines: three failed reloads in a row suspend auto-reload. */
  async function suspendedAgency(): Promise<{ agency: Agency; subteam: Subteam }> {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    for (const card of ['pm_card_visa_chargeDeclinedInsufficientFunds', 'pm_card_chargeDeclinedExpiredCard', 'pm_card_visa_chargeDeclinedLostCard']) {
      await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: card }).expect(201);
    }
    await fund(t, agency, '20.00');
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '50.00' })
      .expect(200);
    await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '15.00', reference: 'spend' }).expect(201);
    await eventually(async () => expect((await settings(agency)).autoReload.suspended).toBe(true));
    return { agency, subteam };
  }
  const settings = async (agency: Agency) =>
    (await t.http.get(`/v1/agencies/${agency.id}/billing-settings`).set(bearer(agency.ownerKey)).expect(200)).body;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    // Cards that decline when charged are saved first, as an owner's card that later fails would be.
    env = await startAppWithStripe(
      { AUTO_RELOAD_COOLDOWN_SECONDS: '0', SMTP_URL: smtp.url, NOTIFICATION_SWEEP_SECONDS: '1' },
      { worker: true },
      { lenientAttach: true },
    );
    ({ t } = env);
  });
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  it('answers "why not?" in a sentence, and audits the look', async () => {
    const { agency } = await suspendedAgency();
    const support = await supportUser();
    const res = await post(`/v1/support/agencies/${agency.id}/auto-reload/test`, support.apiKey).expect(200);
    expect(res.body).toMatchObject({ wouldReload: false, reason: 'suspended' });
    expect(res.body.answer).toMatch(/^It would not reload now: .*suspended/i);
    // The same rule as the owner's dry run: one answer.
    const owners = await t.http.post(`/v1/agencies/${agency.id}/auto-reload/test`).set(bearer(agency.ownerKey)).expect(200);
    expect(res.body).toMatchObject(owners.body);
    const log = await auditLogOf(t, agency.id);
    expect(log).toContainEqual(expect.objectContaining({ action: 'support.dry_run', actorId: support.id, actorName: support.email }));
  });

  it('lifts an auto-reload suspension once, with a reason, audited before → after', async () => {
    const { agency } = await suspendedAgency();
    const support = await supportUser();
    const path = `/v1/support/agencies/${agency.id}/auto-reload/lift-suspension`;
    expectError(await post(path, support.apiKey, {}), 422, 'validation_error');
    expectError(await post(path, support.apiKey, { reason: ' ' }), 422, 'validation_error');
    expect((await settings(agency)).autoReload.suspended).toBe(true);

    const reason = 'Owner confirmed a new card with the bank';
    const [first, second] = await Promise.all([post(path, support.apiKey, { reason }), post(path, support.apiKey, { reason })]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body.changed, second.body.changed].sort()).toEqual([false, true]);
    expect(first.body).toMatchObject({ suspended: false, consecutiveFailures: 0, enabled: true });
    const lifts = (await auditLogOf(t, agency.id)).filter((entry) => entry.action === 'auto_reload.suspension_lifted');
    expect(lifts).toHaveLength(1);
    expect(lifts[0]).toMatchObject({
      actorRole: 'support',
      actorName: support.email,
      reason,
      before: { suspended: true, consecutiveFailures: 3 },
      after: { suspended: false, consecutiveFailures: 0 },
    });
    // Lifted, the engine tries again at once (the cards still decline, so it suspends again in time).
    await eventually(async () => {
      const failed = (await t.http.get(`/v1/agencies/${agency.id}/reload-attempts?status=failed`).set(bearer(agency.ownerKey))).body.data;
      expect(failed.length).toBeGreaterThan(3);
    });
  });

  it('pauses and resumes an agency and a subteam, each change audited once with its reason', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '50.00');
    const support = await supportUser();
    const authorize = (callId: string) => t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount: '1.00' });

    const pause = () => post(`/v1/support/agencies/${agency.id}/pause`, support.apiKey, { reason: 'Owner reported a compromised dialer' });
    expect((await pause().expect(200)).body).toMatchObject({ id: agency.id, paused: true });
    await pause().expect(200);
    expectError(await authorize('paused-1'), 409, 'paused');
    await post(`/v1/support/agencies/${agency.id}/resume`, support.apiKey, { reason: 'Dialer keys rotated' }).expect(200);
    await authorize('resumed-1').expect(201);

    const subteamPath = `/v1/support/agencies/${agency.id}/subteams/${subteam.id}`;
    expect((await post(`${subteamPath}/pause`, support.apiKey, { reason: 'Runaway campaign' }).expect(200)).body).toMatchObject({
      id: subteam.id,
      paused: true,
    });
    expectError(await authorize('paused-2'), 409, 'paused');
    await post(`${subteamPath}/resume`, support.apiKey, { reason: 'Campaign fixed' }).expect(200);
    await authorize('resumed-2').expect(201);
    expectError(await post(`${subteamPath}/pause`, support.apiKey, {}), 422, 'validation_error');
    const other = await createAgency(t);
    await post(`/v1/support/agencies/${other.id}/subteams/${subteam.id}/pause`, support.apiKey, { reason: 'Wrong agency' }).expect(404);

    const log = await auditLogOf(t, agency.id);
    const changes = log
      .filter((entry) => entry.action === 'agency.updated' || entry.action === 'subteam.updated')
      .map((entry) => [entry.action, entry.after, entry.reason])
      .reverse();
    expect(changes).toEqual([
      ['agency.updated', { paused: true }, 'Owner reported a compromised dialer'],
      ['agency.updated', { paused: false }, 'Dialer keys rotated'],
      ['subteam.updated', { paused: true }, 'Runaway campaign'],
      ['subteam.updated', { paused: false }, 'Campaign fixed'],
    ]);
  });

  it('resends an email as a new send of the same message, once per Idempotency-Key, recorded as a resend', async () => {
    const { agency } = await suspendedAgency();
    const support = await supportUser();
    const [original] = await smtp.waitFor({ agencyId: agency.id, template: 'payment-failed' });
    const path = `/v1/support/agencies/${agency.id}/notifications/${original.notificationId}/resend`;
    const reason = 'Owner cannot find the email';
    expectError(await post(path, support.apiKey, { reason }), 422, 'validation_error');
    expectError(await post(path, support.apiKey, {}, 'resend-no-reason'), 422, 'validation_error');

    const key = `resend-${Date.now()}`;
    const [a, b] = await Promise.all([post(path, support.apiKey, { reason }, key), post(path, support.apiKey, { reason }, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
    expect(a.body).toMatchObject({ template: 'payment-failed', resendOf: original.notificationId, subject: original.subject });

    const [resent] = await smtp.waitFor({ notificationId: a.body.id });
    expect(resent.subject).toBe(original.subject);
    expect(resent.text).toBe(original.text);
    expect(resent.to).toEqual(original.to);
    expect(resent.messageId).not.toBe(original.messageId);
    expect(smtp.received({ agencyId: agency.id, template: 'payment-failed' })).toHaveLength(2);

    const log = await auditLogOf(t, agency.id);
    expect(log.filter((entry) => entry.action === 'notification.resent')).toEqual([
      expect.objectContaining({
        actorName: support.email,
        reason,
        targetId: a.body.id,
        after: expect.objectContaining({ resendOf: original.notificationId }),
      }),
    ]);
    const timeline = (
      await t.http.get(`/v1/support/agencies/${agency.id}/timeline?type=notification&limit=200`).set(bearer(support.apiKey)).expect(200)
    ).body;
    expect(timeline.data.find((row: { id: string }) => row.id === a.body.id).summary).toMatch(
      new RegExp(`^resend of email ${original.notificationId}: email payment-failed to `),
    );
    await post(
      `/v1/support/agencies/${agency.id}/notifications/00000000-0000-4000-8000-000000000000/resend`,
      support.apiKey,
      { reason },
      `${key}-x`,
    ).expect(404);
  });

  describe('adjustments', () => {
    let agency: Agency;
    beforeAll(async () => {
      agency = await createAgency(t);
    });
    afterEach(() => expectLedgerInvariant(t, agency));
    const adjust = (key: string, amount: string, idempotencyKey: string, reason = `Credit ${amount}`) =>
      post(`/v1/support/agencies/${agency.id}/adjustments`, key, { amount, reason }, idempotencyKey);
    const pending = async (key: string) =>
      (await t.http.get('/v1/support/adjustments?status=pending_approval&limit=200').set(bearer(key)).expect(200)).body.data;

    it('posts a small one at once; a large one waits for another support user, who posts it once; its author never can', async () => {
      const author = await supportUser();
      const approver = await supportUser();
      await adjust(author.apiKey, '100.00', `small-${Date.now()}`).expect(201);
      expect((await walletOf(t, agency)).balance).toBe('100.00');

      const key = `large-${Date.now()}`;
      const [asked, again] = await Promise.all([adjust(author.apiKey, '600.00', key), adjust(author.apiKey, '600.00', key)]);
      expect([asked.status, again.status]).toEqual([202, 202]);
      expect(again.body.id).toBe(asked.body.id);
      expect(asked.body).toMatchObject({
        status: 'pending_approval',
        amount: '600.00',
        requestedBy: { id: author.id, email: author.email },
        mayApprove: false,
      });
      expect((await walletOf(t, agency)).balance).toBe('100.00');

      // Listed for the other support users, not approvable by its author.
      expect((await pending(approver.apiKey)).find((row: { id: string }) => row.id === asked.body.id)).toMatchObject({
        mayApprove: true,
        agency: { id: agency.id },
      });
      expect((await pending(author.apiKey)).find((row: { id: string }) => row.id === asked.body.id)).toMatchObject({ mayApprove: false });
      const approvePath = `/v1/support/adjustments/${asked.body.id}/approve`;
      expectError(await post(approvePath, author.apiKey, { reason: 'Approving my own' }), 403, 'forbidden');
      expectError(await post(approvePath, approver.apiKey, {}), 422, 'validation_error');
      expect((await walletOf(t, agency)).balance).toBe('100.00');

      const reason = 'Checked the outage credit with finance';
      const [one, two] = await Promise.all([post(approvePath, approver.apiKey, { reason }), post(approvePath, approver.apiKey, { reason })]);
      expect([one.status, two.status]).toEqual([200, 200]);
      expect([one.headers['idempotent-replayed'], two.headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
      expect(one.body).toMatchObject({ status: 'posted', decidedBy: { id: approver.id }, decisionReason: reason, ledgerEntryId: expect.any(String) });
      expect((await walletOf(t, agency)).balance).toBe('700.00');
      expect((await pending(approver.apiKey)).find((row: { id: string }) => row.id === asked.body.id)).toBeUndefined();
      // The original request sent again replays its answer and posts nothing.
      expect((await adjust(author.apiKey, '600.00', key)).status).toBe(202);
      expect((await walletOf(t, agency)).balance).toBe('700.00');

      const log = await auditLogOf(t, agency.id);
      expect(log).toContainEqual(expect.objectContaining({ action: 'wallet.adjustment_requested', actorId: author.id, reason: 'Credit 600.00' }));
      expect(log.filter((entry) => entry.action === 'wallet.adjustment_approved')).toEqual([
        expect.objectContaining({
          actorId: approver.id,
          reason,
          before: expect.objectContaining({ status: 'pending_approval', balance: '100.00' }),
          after: expect.objectContaining({ status: 'posted', balance: '700.00', requestedBy: author.email }),
        }),
      ]);
    });

    it("holds a support user to a daily total, pending ones included; the admin isn't", async () => {
      const support = await supportUser();
      await adjust(support.apiKey, '-400.00', `d1-${Date.now()}`, 'Reverse a double credit').expect(201);
      await adjust(support.apiKey, '550.00', `d2-${Date.now()}`).expect(202);
      const over = await adjust(support.apiKey, '60.00', `d3-${Date.now()}`);
      expectError(over, 422, 'adjustment_limit_exceeded');
      expect(over.body.error.details).toEqual({ limit: '1000.00', used: '950.00', remaining: '50.00' });
      await adjust(support.apiKey, '50.00', `d4-${Date.now()}`).expect(201);
      await adjust(ADMIN_KEY, '2000.00', `admin-${Date.now()}`).expect(201);
    });

    it('lets a waiting adjustment be rejected; then it never posts', async () => {
      const author = await supportUser();
      const other = await supportUser();
      const before = (await walletOf(t, agency)).balance;
      const asked = await adjust(author.apiKey, '-501.00', `reject-${Date.now()}`, 'Claw back a mistaken top-up').expect(202);
      await post(`/v1/support/adjustments/${asked.body.id}/reject`, other.apiKey, { reason: 'Top-up was genuine' }).expect(200);
      expect(
        (await post(`/v1/support/adjustments/${asked.body.id}/reject`, other.apiKey, { reason: 'Top-up was genuine' })).headers[
          'idempotent-replayed'
        ],
      ).toBe('true');
      expectError(
        await post(`/v1/support/adjustments/${asked.body.id}/approve`, other.apiKey, { reason: 'Changed my mind' }),
        409,
        'adjustment_decided',
      );
      expect((await walletOf(t, agency)).balance).toBe(before);
      const listed = (await t.http.get(`/v1/support/adjustments?status=rejected&agencyId=${agency.id}`).set(bearer(author.apiKey)).expect(200)).body
        .data;
      expect(listed[0]).toMatchObject({ id: asked.body.id, status: 'rejected', decidedBy: { id: other.id }, decisionReason: 'Top-up was genuine' });
    });
  });

  it('audits support reads of the audit log and the dead letters', async () => {
    const agency = await createAgency(t);
    const support = await supportUser();
    await t.http.get(`/v1/support/audit-log?agencyId=${agency.id}`).set(bearer(support.apiKey)).expect(200);
    await t.http.get('/v1/support/dead-letters').set(bearer(support.apiKey)).expect(200);
    const mine = (
      await t.http
        .get(`/v1/support/audit-log?actor=${encodeURIComponent(support.email)}`)
        .set(bearer(ADMIN_KEY))
        .expect(200)
    ).body.data;
    expect(mine.map((entry: { action: string }) => entry.action).sort()).toEqual(['support.audit_log_viewed', 'support.dead_letters_viewed']);
    expect(mine.find((entry: { action: string }) => entry.action === 'support.audit_log_viewed').agencyId).toBe(agency.id);
  });

  it('describes each payment failure in a sentence', async () => {
    const { agency } = await suspendedAgency();
    const support = await supportUser();
    const res = await t.http.get(`/v1/support/payment-failures?agencyId=${agency.id}&code=expired_card`).set(bearer(support.apiKey)).expect(200);
    expect(res.body.data[0].summary).toMatch(
      /^Automatic reload of 50\.00 USD on visa ending 0069 failed \(expired_card\), attempt 2: .+ Then: fell back to the next payment method \(failed\)/,
    );
  });

  it('refuses owner and subteam keys on every support power', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    const none = '00000000-0000-4000-8000-000000000000';
    const routes = [
      ['post', `/v1/support/agencies/${agency.id}/auto-reload/test`],
      ['post', `/v1/support/agencies/${agency.id}/auto-reload/lift-suspension`],
      ['post', `/v1/support/agencies/${agency.id}/pause`],
      ['post', `/v1/support/agencies/${agency.id}/resume`],
      ['post', `/v1/support/agencies/${agency.id}/subteams/${subteam.id}/pause`],
      ['post', `/v1/support/agencies/${agency.id}/subteams/${subteam.id}/resume`],
      ['post', `/v1/support/agencies/${agency.id}/notifications/${none}/resend`],
      ['post', `/v1/support/agencies/${agency.id}/adjustments`],
      ['get', '/v1/support/adjustments'],
      ['post', `/v1/support/adjustments/${none}/approve`],
      ['post', `/v1/support/adjustments/${none}/reject`],
      ['get', '/v1/support/payment-failures'],
      ['get', '/v1/support/agencies?query=x'],
      ['get', '/v1/support/audit-log'],
      ['get', '/v1/support/dead-letters'],
      ['get', `/v1/support/agencies/${agency.id}/timeline`],
    ] as const;
    for (const key of [agency.ownerKey, subteam.key]) {
      for (const [method, path] of routes) {
        const res = await t.http[method](path).set(bearer(key)).set('Idempotency-Key', 'k-1').send({ reason: 'Trying my luck' });
        expect([path, res.status, res.body.error?.code]).toEqual([path, 403, 'forbidden']);
      }
    }
    expect((await settings(agency)).autoReload.suspended).toBe(false);
  });
});
