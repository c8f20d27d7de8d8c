import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type AppWithStripe, eventually, startAppWithStripe, stripeEnv } from '../support/stripe';
import {
  type Agency,
  type Subteam,
  type TestApp,
  bearer,
  createAgency,
  createSubteam,
  expectLedgerInvariant,
  fund,
  startTestApp,
  walletOf,
} from '../support/test-app';

/** Auto-reload end to end: the debit hook, the Bull worker, Stripe, the ledger. */
describe('Auto-reload', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;

  beforeAll(async () => {
    // Lenient attach: the fallback test saves a card that declines with insufficient_funds, which Stripe
    // would refuse to save; the decline code and the card it names are what that test checks.
    env = await startAppWithStripe({ AUTO_RELOAD_COOLDOWN_SECONDS: '0' }, { worker: true }, { lenientAttach: true });
    ({ stripe, t } = env);
  });
  afterAll(() => env.close());

  async function agencyWithCard(cards: string[], funds: string, policy: Record<string, unknown>) {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    for (const card of cards) {
      await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: card }).expect(201);
    }
    if (funds !== '0.00') await fund(t, agency, funds);
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, ...policy })
      .expect(200);
    return { agency, subteam };
  }

  async function spend(subteam: Subteam, callId: string, amount: string) {
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount }).expect(201);
    await t.http.post(`/v1/calls/${callId}/settle`).set(bearer(subteam.key)).send({ cost: amount }).expect(200);
  }

  async function attempts(agency: Agency, status?: string) {
    const res = await t.http
      .get(`/v1/agencies/${agency.id}/reload-attempts${status ? `?status=${status}` : ''}`)
      .set(bearer(agency.ownerKey))
      .expect(200);
    return res.body.data as {
      id: string;
      status: string;
      amount: string;
      declineCode: string | null;
      skipReason: string | null;
      paymentMethod: { last4: string } | null;
      fallbackOf: string | null;
    }[];
  }

  const intentsOf = (agency: Agency) => stripe.paymentIntents().filter((intent) => intent.metadata?.agencyId === agency.id);

  it('reloads $200 exactly once when available reaches $49.99 on a $50 threshold', async () => {
    const { agency, subteam } = await agencyWithCard(['pm_card_visa'], '60.00', { threshold: '50.00', amount: '200.00' });
    await spend(subteam, 'a-1', '10.00');
    expect((await walletOf(t, agency)).available).toBe('50.00');
    expect(intentsOf(agency)).toHaveLength(0);

    await spend(subteam, 'a-2', '0.01');
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('249.99'));
    const intents = intentsOf(agency);
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({ amount: 20000, currency: 'usd', status: 'succeeded' });
    const create = stripe.requests.find(
      (r) =>
        r.method === 'POST' &&
        r.path === '/v1/payment_intents' &&
        r.status === 200 &&
        (r.params as { metadata?: { agencyId?: string } }).metadata?.agencyId === agency.id,
    );
    expect(create?.params).toMatchObject({ off_session: 'true', confirm: 'true' });
    expect(create?.idempotencyKey).toMatch(/^reload-attempt:[0-9a-f-]{36}:[0-9a-f-]{36}$/);
    const [attempt] = await attempts(agency);
    expect(attempt).toMatchObject({ status: 'succeeded', amount: '200.00', paymentMethod: { last4: '4242' } });
    const entries = await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?type=reload`).set(bearer(agency.ownerKey)).expect(200);
    expect(entries.body.data).toEqual([expect.objectContaining({ amount: '200.00', reference: intents[0].id })]);
    await expectLedgerInvariant(t, agency);
  });

  it('makes exactly one PaymentIntent for 200 concurrent debits across the threshold', async () => {
    const { agency, subteam } = await agencyWithCard(['pm_card_visa'], '100.00', { threshold: '50.00', amount: '200.00' });
    const calls = Array.from({ length: 200 }, (_, i) =>
      t.http
        .post('/v1/calls/authorize')
        .set(bearer(subteam.key))
        .send({ callId: `c-${i}`, amount: '0.40' }),
    );
    await Promise.all(calls);
    await eventually(async () => expect(intentsOf(agency)).toHaveLength(1));
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('300.00'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(intentsOf(agency)).toHaveLength(1);
    await expectLedgerInvariant(t, agency);
  });

  it('records a decline with its code and falls back to the backup card', async () => {
    const { agency, subteam } = await agencyWithCard(['pm_card_visa_chargeDeclinedInsufficientFunds', 'pm_card_mastercard'], '20.00', {
      threshold: '10.00',
      amount: '50.00',
    });
    await spend(subteam, 'f-1', '15.00');
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('55.00'));
    const [succeeded, failed] = await attempts(agency);
    expect(failed).toMatchObject({ status: 'failed', declineCode: 'insufficient_funds', paymentMethod: { last4: '9995' } });
    expect(succeeded).toMatchObject({ status: 'succeeded', paymentMethod: { last4: '4444' }, fallbackOf: failed.id });
    await expectLedgerInvariant(t, agency);
  });

  it('refuses a reload past the daily cap and says why', async () => {
    const { agency, subteam } = await agencyWithCard(['pm_card_visa'], '20.00', { threshold: '10.00', amount: '200.00', dailyCap: '300.00' });
    await spend(subteam, 'cap-1', '15.00');
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('205.00'));
    await spend(subteam, 'cap-2', '200.00');
    const skipped = await eventually(async () => {
      const [latest] = await attempts(agency, 'skipped');
      expect(latest).toMatchObject({ status: 'skipped', skipReason: 'daily_cap_reached', amount: '200.00' });
      return latest;
    });
    expect(skipped).toBeDefined();
    expect(intentsOf(agency)).toHaveLength(1);
    const dry = await t.http.post(`/v1/agencies/${agency.id}/auto-reload/test`).set(bearer(agency.ownerKey)).expect(200);
    expect(dry.body).toMatchObject({ wouldReload: false, reason: 'daily_cap_reached', amount: '200.00', dailyCapRemaining: '100.00' });
  });

  it('suspends auto-reload after three failed attempts in a row until the owner acts', async () => {
    const { agency, subteam } = await agencyWithCard(['pm_card_chargeCustomerFail'], '10.50', {
      threshold: '10.00',
      amount: '50.00',
      fallbackToBackupMethods: false,
    });
    for (let i = 0; i < 3; i++) {
      await spend(subteam, `s-${i}`, '1.00');
      await eventually(async () => expect((await attempts(agency, 'failed')).length).toBe(i + 1));
    }
    const settings = await t.http.get(`/v1/agencies/${agency.id}/billing-settings`).set(bearer(agency.ownerKey)).expect(200);
    expect(settings.body.autoReload).toMatchObject({ suspended: true, consecutiveFailures: 3 });
    await spend(subteam, 's-after', '1.00');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await attempts(agency, 'failed')).toHaveLength(3);

    // Adding a working card lifts the suspension and the wallet reloads.
    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_visa' })
      .expect(201);
    await t.http
      .put(`/v1/agencies/${agency.id}/payment-methods/order`)
      .set(bearer(agency.ownerKey))
      .send({
        ids: (await t.http.get(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey))).body.data
          .map((m: { id: string }) => m.id)
          .reverse(),
      })
      .expect(200);
    await eventually(async () =>
      expect((await t.http.get(`/v1/agencies/${agency.id}/billing-settings`).set(bearer(agency.ownerKey))).body.autoReload.suspended).toBe(false),
    );
    // An evaluation queued before the reorder may still try the declining card (a reload in flight
    // makes the others skip); the next trigger charges the card now first in line.
    let retriggers = 0;
    await eventually(
      async () => {
        if (!(await attempts(agency, 'succeeded')).length) await spend(subteam, `retrigger-${retriggers++}`, '0.01');
        expect((await attempts(agency, 'succeeded')).length).toBe(1);
      },
      15_000,
      300,
    );
  });

  it('gives requires_action when the bank asks for authentication', async () => {
    const { agency, subteam } = await agencyWithCard(['pm_card_authenticationRequired'], '20.00', { threshold: '10.00', amount: '50.00' });
    await spend(subteam, 'sca-1', '15.00');
    const [attempt] = await eventually(async () => {
      const found = await attempts(agency, 'requires_action');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(attempt.declineCode).toBe('authentication_required');
    expect((await walletOf(t, agency)).balance).toBe('5.00');
  });

  it('answers the dry run with what a trigger would do, charging nothing', async () => {
    // An API process without a worker: the evaluation it queues is never run, so only the dry run speaks.
    const api = await startTestApp(stripeEnv(stripe));
    try {
      const agency = await createAgency(api);
      await api.http
        .post(`/v1/agencies/${agency.id}/payment-methods`)
        .set(bearer(agency.ownerKey))
        .send({ stripePaymentMethodId: 'pm_card_visa' })
        .expect(201);
      await fund(api, agency, '40.00');
      await api.http
        .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
        .set(bearer(agency.ownerKey))
        .send({ enabled: true, threshold: '50.00', mode: 'to_target', targetBalance: '120.005', dailyCap: '500.00' })
        .expect(200);
      const dry = await api.http.post(`/v1/agencies/${agency.id}/auto-reload/test`).set(bearer(agency.ownerKey)).expect(200);
      expect(dry.body).toMatchObject({
        wouldReload: true,
        reason: 'below_threshold',
        amount: '80.01',
        paymentMethod: { brand: 'visa', last4: '4242', isDefault: true },
        dailyCapRemaining: '500.00',
      });
      expect(intentsOf(agency)).toHaveLength(0);
      expect(await attempts(agency)).toHaveLength(0);
      expect((await walletOf(api, agency)).balance).toBe('40.00');
    } finally {
      await api.close();
    }
  });

  it('refuses bad settings with 422 and changes nothing', async () => {
    const agency = await createAgency(t);
    const put = (body: Record<string, unknown>) =>
      t.http.put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`).set(bearer(agency.ownerKey)).send(body);
    for (const body of [
      { enabled: true, threshold: '50.00' },
      { enabled: true, threshold: '50.00', amount: '0.50' },
      { enabled: true, threshold: '50.00', amount: '20000.00' },
      { enabled: true, threshold: '50.00', amount: '10.001' },
      { enabled: true, threshold: '50.00', mode: 'to_target', targetBalance: '40.00' },
      { enabled: true, threshold: 50, amount: '10.00' },
      { enabled: true, threshold: '50.00', amount: '10.00', extra: true },
    ]) {
      const res = await put(body);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('validation_error');
    }
    const settings = await t.http.get(`/v1/agencies/${agency.id}/billing-settings`).set(bearer(agency.ownerKey)).expect(200);
    expect(settings.body.autoReload).toMatchObject({ enabled: false, threshold: '0.00' });
  });
});

describe('Auto-reload edge cases', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;
  beforeAll(async () => {
    env = await startAppWithStripe({ AUTO_RELOAD_COOLDOWN_SECONDS: '0' }, { worker: true });
    ({ stripe, t } = env);
  });
  afterAll(() => env.close());
  afterEach(() => {
    stripe.clearFaults();
    stripe.resumeWebhooks();
  });

  async function setUp(cards: string[], policy: Record<string, unknown> = {}) {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    for (const card of cards) {
      await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: card }).expect(201);
    }
    await fund(t, agency, '20.00');
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '50.00', ...policy })
      .expect(200);
    return { agency, subteam };
  }
  const debit = (subteam: Subteam, reference: string, amount: string) =>
    t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount, reference }).expect(201);
  const attemptsOf = async (agency: Agency) =>
    (await t.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200)).body.data;

  it('does not fall back to another card when the bank asks for authentication (no double funding)', async () => {
    const { agency, subteam } = await setUp(['pm_card_authenticationRequired', 'pm_card_visa']);
    await debit(subteam, 'sca', '15.00');
    await eventually(async () => expect((await attemptsOf(agency))[0]?.status).toBe('requires_action'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await attemptsOf(agency)).toHaveLength(1);
    expect(stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(1);
    expect((await walletOf(t, agency)).balance).toBe('5.00');
  });

  it('fails an attempt Stripe refuses outright instead of leaving it in flight, so later reloads still run', async () => {
    const { agency, subteam } = await setUp(['pm_card_visa'], { enabled: false });
    // The card is detached at Stripe behind the service's back: the charge request itself is invalid.
    const attachedHere = stripe
      .paymentMethods()
      .filter((pm) => pm.customer && stripe.customers().find((c) => c.id === pm.customer)?.metadata?.agencyId === agency.id);
    expect(attachedHere).toHaveLength(1);
    await fetch(`${stripe.url}/v1/payment_methods/${attachedHere[0].id}/detach`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_agency_wallet_e2e' },
    });
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '50.00' })
      .expect(200);
    await debit(subteam, 'gone', '15.00');
    const [failed] = await eventually(async () => {
      const found = await attemptsOf(agency);
      expect(found[0]?.status).toBe('failed');
      return found;
    });
    expect(failed.declineCode).not.toBeNull();

    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_mastercard' })
      .expect(201);
    const ids = (await t.http.get(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey))).body.data.map(
      (m: { id: string }) => m.id,
    );
    await t.http
      .put(`/v1/agencies/${agency.id}/payment-methods/order`)
      .set(bearer(agency.ownerKey))
      .send({ ids: [...ids].reverse() })
      .expect(200);
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('55.00'));
  });

  it('credits a reload before debiting a refund that arrives first', async () => {
    const { agency, subteam } = await setUp(['pm_card_visa']);
    stripe.pauseWebhooks();
    // Stripe takes the charge, but its answer to the worker is late.
    stripe.injectFaults({ kind: 'delay', method: 'POST', path: '/v1/payment_intents', delayMs: 3000, afterProcessing: true, times: 1 });
    await debit(subteam, 'early', '15.00');
    const intent = await eventually(async () => {
      const found = stripe.paymentIntents().find((pi) => pi.metadata?.agencyId === agency.id);
      expect(found?.status).toBe('succeeded');
      return found!;
    });
    await stripe.refund(intent.id, 1000);
    const refunded = stripe.heldWebhookEvents().find((event) => event.type === 'charge.refunded')!;
    await stripe.deliverEvent(refunded.id);
    expect((await walletOf(t, agency)).balance).toBe('45.00');
    // The late answer and the held success webhook change nothing more.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    stripe.resumeWebhooks();
    await stripe.flushWebhooks();
    expect((await walletOf(t, agency)).balance).toBe('45.00');
    await expectLedgerInvariant(t, agency);
  });
});
