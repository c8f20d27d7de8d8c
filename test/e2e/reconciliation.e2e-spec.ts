import { sql } from 'kysely';
import { ReconciliationService } from '../../src/auto-reload/reconciliation/reconciliation.service';
import { Database } from '../../src/database/database';
import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type AppWithStripe, deliverWebhooksTo, eventually, saveThroughCheckout, startAppWithStripe } from '../support/stripe';
import {
  ADMIN_KEY,
  type Agency,
  type TestApp,
  bearer,
  createAgency,
  createSubteam,
  expectLedgerInvariant,
  fund,
  walletOf,
} from '../support/test-app';

/**
 * Reconciliation repairs what lost webhooks leave behind: it follows every unfinished reload at
 * Stripe until it resolves (a bank debit for as long as it takes), credits nothing Stripe did not
 * charge in exactly that amount and currency, and replays refunds and disputes from Stripe's event
 * list. Each finding shows on support's timeline.
 */
describe('Reconciliation', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;
  let reconcile: () => ReturnType<ReconciliationService['run']>;
  let db: Database;

  beforeAll(async () => {
    env = await startAppWithStripe({ AUTO_RELOAD_COOLDOWN_SECONDS: '0' }, { worker: true });
    ({ stripe, t } = env);
    reconcile = () => t.app.get(ReconciliationService).run();
    db = t.app.get(Database);
  });
  afterAll(() => env.close());
  afterEach(async () => {
    stripe.resumeWebhooks();
    await deliverWebhooksTo(stripe, t);
  });

  async function reloadingAgency(method: string) {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    if (method.startsWith('pm_usBankAccount')) await saveThroughCheckout(t, stripe, agency, method);
    else
      await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: method }).expect(201);
    await fund(t, agency, '20.00');
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '100.00' })
      .expect(200);
    await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '15.00', reference: 'spend-1' }).expect(201);
    const intent = await eventually(async () => {
      const found = stripe.paymentIntents().find((pi) => pi.metadata?.agencyId === agency.id);
      expect(found).toBeDefined();
      return found!;
    });
    return { agency, subteam, intent };
  }

  const attemptsOf = async (agency: Agency) =>
    (await t.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200)).body.data;
  const timeline = async (agency: Agency) =>
    (await t.http.get(`/v1/support/agencies/${agency.id}/timeline?limit=200`).set(bearer(ADMIN_KEY)).expect(200)).body.data.map(
      (row: { summary: string }) => row.summary,
    ) as string[];
  const age = (agency: Agency, days: number) =>
    db.rows(sql`update reload_attempts set created_at = created_at - make_interval(days => ${days}),
      updated_at = updated_at - make_interval(days => ${days}) where agency_id = ${agency.id}`);

  it('credits a bank debit that cleared days later though its webhook never came, so auto-reload goes on', async () => {
    const { agency, subteam, intent } = await reloadingAgency('pm_usBankAccount_processing');
    await eventually(async () => expect(await walletOf(t, agency)).toMatchObject({ balance: '5.00', pending: '100.00' }));
    await age(agency, 5);
    // A delivery still under way (the sandbox retries) would read the intent as Stripe has it by
    // then, settled, and credit it as a webhook: let every one finish before the webhooks are lost.
    await stripe.flushWebhooks();
    stripe.setWebhookUrl(null);
    await stripe.settleBankDebit(intent.id, 'succeeded');

    await reconcile();
    expect(await walletOf(t, agency)).toMatchObject({ balance: '105.00', pending: '0.00' });
    expect((await attemptsOf(agency))[0].status).toBe('succeeded');
    expect(await timeline(agency)).toContain('reconciliation found succeeded_at_stripe_but_pending_clearance: credited');

    // Nothing is in flight any more: the next drop below the threshold reloads again.
    await deliverWebhooksTo(stripe, t);
    await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '100.00', reference: 'spend-2' }).expect(201);
    await eventually(async () => expect((await attemptsOf(agency)).length).toBe(2));
    await reconcile();
    expect((await walletOf(t, agency)).balance).toBe('5.00');
    await expectLedgerInvariant(t, agency);
  });

  it('marks a bank debit failed days later though its webhook never came', async () => {
    const { agency, intent } = await reloadingAgency('pm_usBankAccount_processing');
    await eventually(async () => expect((await walletOf(t, agency)).pending).toBe('100.00'));
    await age(agency, 13);
    await stripe.flushWebhooks();
    stripe.setWebhookUrl(null);
    await stripe.settleBankDebit(intent.id, 'failed', 'account_closed');
    await reconcile();
    expect((await attemptsOf(agency))[0]).toMatchObject({ status: 'failed', declineCode: 'account_closed' });
    expect(await walletOf(t, agency)).toMatchObject({ balance: '5.00', pending: '0.00' });
  });

  it('credits nothing when Stripe charged another amount or currency than the attempt, and says so', async () => {
    const { agency, intent } = await reloadingAgency('pm_usBankAccount_processing');
    await eventually(async () => expect((await walletOf(t, agency)).pending).toBe('100.00'));
    // Our record and Stripe's disagree (a bug, or an intent changed at Stripe): 90.00 here, 100.00 there.
    await db.rows(sql`update reload_attempts set amount_micros = 90000000 where agency_id = ${agency.id}`);
    stripe.pauseWebhooks();
    await stripe.settleBankDebit(intent.id, 'succeeded');

    await reconcile();
    expect((await walletOf(t, agency)).balance).toBe('5.00');
    expect((await attemptsOf(agency))[0].status).toBe('pending_clearance');
    expect(
      (await timeline(agency)).some((summary) =>
        /^reconciliation found amount_mismatch: not credited \(Stripe charged 100\.00 USD, the attempt is for 90\.00\)/.test(summary),
      ),
    ).toBe(true);

    // The webhook says the same: no credit either.
    const succeeded = stripe.heldWebhookEvents().find((event) => event.type === 'payment_intent.succeeded')!;
    await stripe.deliverEvent(succeeded.id);
    expect((await walletOf(t, agency)).balance).toBe('5.00');

    await db.rows(sql`update reload_attempts set amount_micros = 100000000, currency = 'EUR' where agency_id = ${agency.id}`);
    await reconcile();
    expect((await walletOf(t, agency)).balance).toBe('5.00');
    expect((await timeline(agency)).some((summary) => summary.startsWith('reconciliation found currency_mismatch'))).toBe(true);
  });

  it('replays a refund and a dispute whose webhooks were lost from Stripe’s event list, once', async () => {
    const { agency, intent } = await reloadingAgency('pm_card_visa');
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('105.00'));
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: false, threshold: '10.00', amount: '100.00' })
      .expect(200);
    stripe.setWebhookUrl(null);
    await stripe.refund(intent.id, 2500);
    await stripe.createDispute(intent.id, { amount: 1000 });

    await reconcile();
    expect((await walletOf(t, agency)).balance).toBe('70.00');
    await reconcile();
    expect((await walletOf(t, agency)).balance).toBe('70.00');
    const summaries = await timeline(agency);
    expect(summaries.filter((summary) => summary.startsWith('reconciliation found missed_webhook: charge.refunded'))).toHaveLength(1);
    expect(summaries.filter((summary) => summary.startsWith('reconciliation found missed_webhook: charge.dispute.created'))).toHaveLength(1);
    expect(summaries).toContain('Stripe event charge.refunded read by reconciliation (its webhook had not arrived): applied');

    // The webhook arriving late changes nothing.
    await deliverWebhooksTo(stripe, t);
    const refunded = stripe
      .events('charge.refunded')
      .find((event) => (event.data.object as { payment_intent: string }).payment_intent === intent.id)!;
    await stripe.deliverEvent(refunded.id);
    expect((await walletOf(t, agency)).balance).toBe('70.00');
    await expectLedgerInvariant(t, agency);
  });
});
