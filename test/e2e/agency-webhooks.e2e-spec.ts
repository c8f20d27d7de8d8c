import { verifyAgencyWebhookSignature } from '../../src/agency-webhooks/agency-webhook-signature';
import { AgencyWebhooksService } from '../../src/agency-webhooks/agency-webhooks.service';
import { Database } from '../../src/database/database';
import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { auditLogOf, expectError } from '../support/matrix';
import { deliverWebhooksTo, eventually, startStripe, stripeEnv } from '../support/stripe';
import { ADMIN_KEY, type Agency, type Subteam, type TestApp, bearer, createAgency, createSubteam, fund, startTestApp } from '../support/test-app';
import { deliveryWithoutJob } from '../support/outbox';
import { type ReceivedWebhook, type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface DeliveryView {
  id: string;
  type: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  deliveredAt: string | null;
}

/** The agency's own systems receiving signed events: endpoint settings, delivery, retries, reloads. */
describe('Webhooks to the agency’s own systems', () => {
  let stripe: StripeTestServer;
  let receiver: WebhookReceiver;
  let t: TestApp;
  let calls = 0;

  beforeAll(async () => {
    stripe = await startStripe();
    receiver = await startWebhookReceiver();
    t = await startTestApp(
      {
        ...stripeEnv(stripe),
        AUTO_RELOAD_COOLDOWN_SECONDS: '0',
        MAIL_DISABLED: 'true',
        AGENCY_WEBHOOK_ATTEMPTS: '3',
        AGENCY_WEBHOOK_RETRY_DELAY_SECONDS: '0.2',
        AGENCY_WEBHOOK_SWEEP_SECONDS: '1',
        AGENCY_WEBHOOK_TIMEOUT_SECONDS: '2',
        // The receiver listens on 127.0.0.1, which the address rules refuse (webhook-targets.e2e-spec).
        AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      },
      { worker: true },
    );
    await deliverWebhooksTo(stripe, t);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await stripe.close();
  });

  const putEndpoint = (agency: Agency, body: object, key = agency.ownerKey) =>
    t.http.put(`/v1/agencies/${agency.id}/webhook-endpoint`).set(bearer(key)).send(body);

  const deliveriesOf = async (agency: Agency, query = ''): Promise<DeliveryView[]> =>
    (await t.http.get(`/v1/agencies/${agency.id}/webhook-deliveries${query}`).set(bearer(agency.ownerKey)).expect(200)).body.data;

  /** One call that costs exactly what it held, through the public call path. */
  const spend = async (subteam: Subteam, amount: string) => {
    const callId = `wh-call-${++calls}`;
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount }).expect(201);
    await t.http.post(`/v1/calls/${callId}/settle`).set(bearer(subteam.key)).send({ cost: amount }).expect(200);
  };

  async function agencyWithEndpoint(enabled = true) {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    const res = await putEndpoint(agency, { url: receiver.url, enabled }).expect(200);
    return { agency, subteam, secret: res.body.secret as string };
  }

  /** $100 in, a $50 alert armed while above it, then $60 spent: available crosses below to $40. */
  async function crossLowBalance(agency: Agency, subteam: Subteam) {
    await fund(t, agency, '100.00');
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/low-balance-alert`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '50.00' })
      .expect(200);
    await spend(subteam, '60.00');
  }

  function expectSigned(hook: ReceivedWebhook, secret: string) {
    expect(hook.headers['content-type']).toBe('application/json');
    expect(hook.headers['agency-wallet-event-id']).toBe(hook.body.id);
    expect(hook.headers['agency-wallet-event-type']).toBe(hook.body.type);
    const signature = hook.headers['agency-wallet-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyAgencyWebhookSignature(hook.raw, signature, secret, 300)).toBe(true);
  }

  describe('the endpoint', () => {
    it('shows the signing secret once, on creation, and again only when rotated; audits without it', async () => {
      const agency = await createAgency(t);
      const created = await putEndpoint(agency, { url: receiver.url, enabled: true }).expect(200);
      expect(created.body).toEqual({ url: receiver.url, enabled: true, secret: expect.stringMatching(/^whsec_[\w-]{40,}$/) });

      const read = await t.http.get(`/v1/agencies/${agency.id}/webhook-endpoint`).set(bearer(agency.ownerKey)).expect(200);
      expect(read.body).toEqual({ url: receiver.url, enabled: true });

      const moved = `${receiver.url}?moved=1`;
      const updated = await putEndpoint(agency, { url: moved, enabled: true }).expect(200);
      expect(updated.body).toEqual({ url: moved, enabled: true, secret: null });
      await putEndpoint(agency, { url: moved, enabled: true }).expect(200);

      const rotated = await putEndpoint(agency, { url: receiver.url, enabled: true, rotateSecret: true }).expect(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(created.body.secret);

      const audit = (await auditLogOf(t, agency.id)).filter((entry) => entry.action.startsWith('webhook_endpoint.'));
      expect(audit.map((entry) => entry.action).sort()).toEqual(['webhook_endpoint.created', 'webhook_endpoint.updated', 'webhook_endpoint.updated']);
      expect(audit).toContainEqual(
        expect.objectContaining({
          action: 'webhook_endpoint.updated',
          actorRole: 'owner',
          before: { url: moved, enabled: true },
          after: { url: receiver.url, enabled: true, secretRotated: true },
        }),
      );
      const logged = JSON.stringify(audit);
      expect(logged).not.toContain(created.body.secret);
      expect(logged).not.toContain(rotated.body.secret);

      // Events are signed with the current secret only.
      const subteam = await createSubteam(t, agency);
      await fund(t, agency, '5.00');
      await spend(subteam, '5.00');
      const [depleted] = await receiver.waitFor({ agencyId: agency.id, type: 'wallet.depleted' });
      expectSigned(depleted, rotated.body.secret);
      expect(verifyAgencyWebhookSignature(depleted.raw, depleted.headers['agency-wallet-signature'] as string, created.body.secret)).toBe(false);
    });

    it('reads as not set before the first PUT', async () => {
      const agency = await createAgency(t);
      const read = await t.http.get(`/v1/agencies/${agency.id}/webhook-endpoint`).set(bearer(agency.ownerKey)).expect(200);
      expect(read.body).toEqual({ url: null, enabled: false });
    });

    it('refuses bad URLs and bodies with 422, changing nothing', async () => {
      const { agency } = await agencyWithEndpoint();
      for (const body of [
        { url: 'ftp://files.agency.test/hook', enabled: true },
        { url: 'not a url', enabled: true },
        { url: 'javascript:alert(1)', enabled: true },
        { url: `https://hooks.agency.test/${'a'.repeat(2000)}`, enabled: true },
        { url: 'https://user:password@hooks.agency.test/', enabled: true },
        { url: 'https://hooks.agency.test/' },
        { url: 'https://hooks.agency.test/', enabled: 'yes' },
        { url: 'https://hooks.agency.test/', enabled: true, secret: 'whsec_mine' },
        { url: 'https://hooks.agency.test/', enabled: true, rotateSecret: 'please' },
      ]) {
        expectError(await putEndpoint(agency, body), 422, 'validation_error');
      }
      const read = await t.http.get(`/v1/agencies/${agency.id}/webhook-endpoint`).set(bearer(agency.ownerKey)).expect(200);
      expect(read.body).toEqual({ url: receiver.url, enabled: true });
      expectError(await t.http.get(`/v1/agencies/${agency.id}/webhook-deliveries?cursor=abc`).set(bearer(agency.ownerKey)), 422, 'validation_error');
    });

    it('keeps tenants apart: another agency gets 404, subteams 403, support reads but does not write', async () => {
      const { agency, subteam } = await agencyWithEndpoint();
      const stranger = await createAgency(t);
      expectError(await t.http.get(`/v1/agencies/${agency.id}/webhook-endpoint`).set(bearer(stranger.ownerKey)), 404, 'not_found');
      expectError(await putEndpoint(agency, { url: 'https://evil.test/', enabled: true }, stranger.ownerKey), 404, 'not_found');
      expectError(await t.http.get(`/v1/agencies/${agency.id}/webhook-deliveries`).set(bearer(stranger.ownerKey)), 404, 'not_found');

      expectError(await putEndpoint(agency, { url: 'https://evil.test/', enabled: true }, subteam.key), 403, 'forbidden');
      expectError(await t.http.get(`/v1/agencies/${agency.id}/webhook-endpoint`).set(bearer(subteam.key)), 403, 'forbidden');
      expectError(await t.http.get(`/v1/agencies/${agency.id}/webhook-endpoint`), 401, 'unauthorized');

      const support = await t.http
        .post('/v1/support-users')
        .set(bearer(ADMIN_KEY))
        .send({ email: `s-${Date.now()}@wallet.test` })
        .expect(201);
      await t.http.get(`/v1/agencies/${agency.id}/webhook-endpoint`).set(bearer(support.body.apiKey)).expect(200);
      await t.http.get(`/v1/agencies/${agency.id}/webhook-deliveries`).set(bearer(support.body.apiKey)).expect(200);
      expectError(await putEndpoint(agency, { url: 'https://evil.test/', enabled: true }, support.body.apiKey), 403, 'forbidden');

      const missing = '00000000-0000-4000-8000-000000000000';
      expectError(
        await t.http.put(`/v1/agencies/${missing}/webhook-endpoint`).set(bearer(ADMIN_KEY)).send({ url: receiver.url, enabled: true }),
        404,
        'not_found',
      );

      const read = await t.http.get(`/v1/agencies/${agency.id}/webhook-endpoint`).set(bearer(agency.ownerKey)).expect(200);
      expect(read.body.url).toBe(receiver.url);
    });
  });

  describe('wallet events', () => {
    it('delivers one signed wallet.low_balance per crossing', async () => {
      const { agency, subteam, secret } = await agencyWithEndpoint();
      await crossLowBalance(agency, subteam);

      const [hook] = await receiver.waitFor({ agencyId: agency.id });
      expectSigned(hook, secret);
      expect(hook.body).toEqual({
        id: expect.any(String),
        type: 'wallet.low_balance',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        agencyId: agency.id,
        data: { currency: 'USD', available: '40.00', threshold: '50.00', runwayHours: expect.any(Number) },
      });

      // Further spending below the threshold is the same crossing: nothing more is sent.
      await spend(subteam, '5.00');
      await sleep(700);
      expect(receiver.received({ agencyId: agency.id })).toHaveLength(1);

      const deliveries = await deliveriesOf(agency);
      expect(deliveries).toEqual([
        {
          id: hook.body.id,
          type: 'wallet.low_balance',
          status: 'delivered',
          attempts: 1,
          lastStatusCode: 200,
          lastError: null,
          data: hook.body.data,
          createdAt: hook.body.createdAt,
          deliveredAt: expect.any(String),
        },
      ]);
    });

    it('retries after a 500 and delivers exactly once, with the same event id and body', async () => {
      const { agency, subteam, secret } = await agencyWithEndpoint();
      receiver.failNext(1, { status: 500, agencyId: agency.id });
      await crossLowBalance(agency, subteam);

      const [first, second] = await receiver.waitFor({ agencyId: agency.id }, { count: 2 });
      expect(first.answered).toBe(500);
      expect(second.answered).toBe(200);
      expect(second.body.id).toBe(first.body.id);
      expect(second.raw).toBe(first.raw);
      expectSigned(first, secret);
      expectSigned(second, secret);

      await sleep(1500);
      expect(receiver.received({ agencyId: agency.id })).toHaveLength(2);
      expect(receiver.received({ agencyId: agency.id, answered: 200 })).toHaveLength(1);
      const [delivery] = await eventually(async () => {
        const list = await deliveriesOf(agency);
        expect(list[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null });
        return list;
      });
      expect(delivery.id).toBe(first.body.id);
    });

    it('gives up after the last attempt and records what the endpoint answered', async () => {
      const { agency, subteam } = await agencyWithEndpoint();
      receiver.failNext(3, { status: 503, agencyId: agency.id });
      await crossLowBalance(agency, subteam);

      await receiver.waitFor({ agencyId: agency.id }, { count: 3 });
      const [delivery] = await eventually(async () => {
        const list = await deliveriesOf(agency);
        expect(list[0]?.status).toBe('failed');
        return list;
      });
      expect(delivery).toMatchObject({ type: 'wallet.low_balance', attempts: 3, lastStatusCode: 503, deliveredAt: null });
      expect(delivery.lastError).toBe('The endpoint answered HTTP 503');
      await sleep(700);
      expect(receiver.received({ agencyId: agency.id })).toHaveLength(3);

      // Like a failed email, it is one of support's dead letters, with its delivery and reason.
      const dead = await eventually(async () => {
        const res = await t.http.get('/v1/support/dead-letters?queue=agency-webhooks&limit=100').set(bearer(ADMIN_KEY)).expect(200);
        const job = res.body.data[0].jobs.find((candidate: { data: { deliveryId: string } }) => candidate.data.deliveryId === delivery.id);
        expect(job).toBeDefined();
        return job;
      });
      expect(dead).toMatchObject({ attemptsMade: expect.any(Number), failedReason: 'The endpoint answered HTTP 503' });
    });

    it('records a connection error when nothing listens at the endpoint', async () => {
      const gone = await startWebhookReceiver();
      await gone.close();
      const { agency, subteam } = await agencyWithEndpoint();
      await putEndpoint(agency, { url: gone.url, enabled: true }).expect(200);
      await fund(t, agency, '3.00');
      await spend(subteam, '3.00');
      const [delivery] = await eventually(async () => {
        const list = await deliveriesOf(agency);
        expect(list[0]?.status).toBe('failed');
        return list;
      });
      expect(delivery).toMatchObject({ type: 'wallet.depleted', attempts: 3, lastStatusCode: null, lastError: 'Could not connect: ECONNREFUSED' });
    });

    it('sends wallet.depleted when available reaches zero', async () => {
      const { agency, subteam, secret } = await agencyWithEndpoint();
      await fund(t, agency, '10.00');
      await spend(subteam, '10.00');
      const [hook] = await receiver.waitFor({ agencyId: agency.id, type: 'wallet.depleted' });
      expectSigned(hook, secret);
      expect(hook.body.data).toEqual({ currency: 'USD', available: '0.00' });
    });

    it('sends nothing to a disabled endpoint, and resumes with the same secret once enabled', async () => {
      const { agency, subteam, secret } = await agencyWithEndpoint(false);
      expect(secret).toMatch(/^whsec_/);
      await crossLowBalance(agency, subteam);
      // The owner's email is the proof that the crossing was seen.
      await eventually(async () => {
        const res = await t.http.get(`/v1/agencies/${agency.id}/notifications`).set(bearer(agency.ownerKey)).expect(200);
        expect(res.body.data.map((n: { template: string }) => n.template)).toContain('low-balance');
      });
      await sleep(500);
      expect(receiver.received({ agencyId: agency.id })).toHaveLength(0);
      expect(await deliveriesOf(agency)).toEqual([]);

      const enabled = await putEndpoint(agency, { url: receiver.url, enabled: true }).expect(200);
      expect(enabled.body.secret).toBeNull();
      await spend(subteam, '40.00');
      const [hook] = await receiver.waitFor({ agencyId: agency.id, type: 'wallet.depleted' });
      expectSigned(hook, secret);
    });

    it('delivers an event whose enqueue was lost, through the worker sweep', async () => {
      const { agency, secret } = await agencyWithEndpoint();
      const webhooks = t.app.get(AgencyWebhooksService);
      const id = await deliveryWithoutJob(t, agency.id, `lost-${agency.id}`);
      expect(id).toEqual(expect.any(String));
      // Same dedupe key, nothing new.
      await expect(
        t.app.get(Database).transaction((tx) => webhooks.publish(tx, agency.id, 'wallet.low_balance', {}, `lost-${agency.id}`)),
      ).resolves.toBeNull();

      const [hook] = await receiver.waitFor({ agencyId: agency.id }, { timeoutMs: 10_000 });
      expect(hook.body).toMatchObject({ id, type: 'wallet.low_balance', data: { currency: 'USD', available: '1.00' } });
      expectSigned(hook, secret);
    });
  });

  describe('reload events', () => {
    async function agencyWithCard(card: string, funds: string, policy: Record<string, unknown>) {
      const { agency, subteam, secret } = await agencyWithEndpoint();
      await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: card }).expect(201);
      await fund(t, agency, funds);
      await t.http
        .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
        .set(bearer(agency.ownerKey))
        .send({ enabled: true, ...policy })
        .expect(200);
      return { agency, subteam, secret };
    }

    async function attemptsOf(agency: Agency, status: string) {
      const res = await t.http.get(`/v1/agencies/${agency.id}/reload-attempts?status=${status}`).set(bearer(agency.ownerKey)).expect(200);
      return res.body.data as { id: string }[];
    }

    it('sends reload.succeeded with the amount, the card and the new balance', async () => {
      const { agency, subteam, secret } = await agencyWithCard('pm_card_visa', '60.00', { threshold: '50.00', amount: '200.00' });
      await spend(subteam, '10.01');
      const [hook] = await receiver.waitFor({ agencyId: agency.id, type: 'reload.succeeded' });
      expectSigned(hook, secret);
      const [attempt] = await attemptsOf(agency, 'succeeded');
      expect(hook.body.data).toEqual({
        attemptId: attempt.id,
        trigger: 'threshold',
        amount: '200.00',
        currency: 'USD',
        paymentMethod: { brand: 'visa', last4: '4242', type: 'card' },
        balance: '249.99',
      });
    });

    it('sends reload.failed for each decline, then auto_reload.suspended after the third', async () => {
      const { agency, subteam, secret } = await agencyWithCard('pm_card_chargeCustomerFail', '10.50', {
        threshold: '10.00',
        amount: '50.00',
        fallbackToBackupMethods: false,
      });
      for (let i = 0; i < 3; i++) {
        await spend(subteam, '1.00');
        await receiver.waitFor({ agencyId: agency.id, type: 'reload.failed' }, { count: i + 1 });
      }
      const failed = receiver.received({ agencyId: agency.id, type: 'reload.failed' });
      for (const hook of failed) expectSigned(hook, secret);
      expect(failed[0].body.data).toEqual({
        attemptId: expect.any(String),
        trigger: 'threshold',
        amount: '50.00',
        currency: 'USD',
        paymentMethod: { brand: 'visa', last4: '0341', type: 'card' },
        declineCode: 'generic_decline',
        declineMessage: expect.any(String),
        nextStep: 'none',
        balance: '9.50',
      });
      expect(failed.map((hook) => hook.body.data.nextStep)).toEqual(['none', 'none', 'suspended']);
      expect(new Set(failed.map((hook) => hook.body.data.attemptId)).size).toBe(3);

      const [suspended] = await receiver.waitFor({ agencyId: agency.id, type: 'auto_reload.suspended' });
      expectSigned(suspended, secret);
      expect(suspended.body.data).toEqual({
        currency: 'USD',
        attemptId: failed[2].body.data.attemptId,
        consecutiveFailures: 3,
        lastDeclineCode: 'generic_decline',
        lastDeclineMessage: expect.any(String),
      });

      // Four deliveries, newest first, two to a page.
      const first = await t.http.get(`/v1/agencies/${agency.id}/webhook-deliveries?limit=2`).set(bearer(agency.ownerKey)).expect(200);
      expect(first.body.data).toHaveLength(2);
      const rest = await t.http
        .get(`/v1/agencies/${agency.id}/webhook-deliveries?limit=2&cursor=${first.body.nextCursor}`)
        .set(bearer(agency.ownerKey))
        .expect(200);
      expect(rest.body.data).toHaveLength(2);
      expect(rest.body.nextCursor).toBeNull();
      const all = [...first.body.data, ...rest.body.data] as DeliveryView[];
      expect(all.map((d) => d.type).sort()).toEqual(['auto_reload.suspended', 'reload.failed', 'reload.failed', 'reload.failed']);
      expect(all.every((d) => d.status === 'delivered')).toBe(true);
    });

    it('sends reload.requires_action with the link to complete it', async () => {
      const { agency, subteam, secret } = await agencyWithCard('pm_card_authenticationRequired', '20.00', { threshold: '10.00', amount: '50.00' });
      await spend(subteam, '15.00');
      const [hook] = await receiver.waitFor({ agencyId: agency.id, type: 'reload.requires_action' });
      expectSigned(hook, secret);
      const [attempt] = await attemptsOf(agency, 'requires_action');
      expect(hook.body.data).toMatchObject({
        attemptId: attempt.id,
        amount: '50.00',
        declineCode: 'authentication_required',
        authenticationUrl: expect.stringContaining(`/billing/${agency.id}/reload-attempts/${attempt.id}/authenticate`),
      });
    });
  });
});
