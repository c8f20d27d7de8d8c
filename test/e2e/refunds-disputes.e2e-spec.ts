import Stripe from 'stripe';
import type { StripeEvent, StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { type AppWithStripe, eventually, startAppWithStripe } from '../support/stripe';
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
 * Refunds and disputes of a reload charge take money back from the wallet: by Stripe's own figures
 * (not the event's), only for the charge that paid that reload, never more than it charged, and a
 * dispute won gives back what it took, once.
 */
describe('Refunds and disputes of reload charges', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let t: TestApp;

  beforeAll(async () => {
    env = await startAppWithStripe({ AUTO_RELOAD_COOLDOWN_SECONDS: '0' }, { worker: true });
    ({ stripe, t } = env);
  });
  afterAll(() => env.close());
  afterEach(() => stripe.resumeWebhooks());

  /** A $100.00 card reload credited to a wallet left at $5.00: balance $105.00. */
  async function reloadedAgency() {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_visa' })
      .expect(201);
    await fund(t, agency, '20.00');
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '100.00' })
      .expect(200);
    await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '15.00', reference: 'spend-1' }).expect(201);
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('105.00'));
    const intent = stripe.paymentIntents().find((pi) => pi.metadata?.agencyId === agency.id)!;
    // Nothing more reloads by itself in these scenarios.
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: false, threshold: '10.00', amount: '100.00' })
      .expect(200);
    return { agency, intent };
  }

  const heldEvent = (type: string) => stripe.heldWebhookEvents().find((event) => event.type === type)!;
  const takenBack = async (agency: Agency) =>
    (await t.http.get(`/v1/agencies/${agency.id}/wallet/entries`).set(bearer(agency.ownerKey)).expect(200)).body.data
      .filter((entry: { type: string }) => entry.type === 'refund' || entry.type === 'dispute')
      .map((entry: { amount: string }) => entry.amount)
      .reverse();
  const timeline = async (agency: Agency) =>
    (await t.http.get(`/v1/support/agencies/${agency.id}/timeline?limit=200`).set(bearer(ADMIN_KEY)).expect(200)).body.data.map(
      (row: { summary: string }) => row.summary,
    ) as string[];

  /** Stripe's signature on a payload of our own making: what a replayed or altered event looks like. */
  async function deliverSigned(event: StripeEvent) {
    const payload = JSON.stringify(event);
    return t.http
      .post('/v1/webhooks/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', stripe.signWebhookPayload(payload))
      .send(payload)
      .expect(200);
  }

  it('debits what Stripe says was refunded, not what the event carries', async () => {
    const { agency, intent } = await reloadedAgency();
    stripe.pauseWebhooks();
    await stripe.refund(intent.id, 3000);
    const refunded = heldEvent('charge.refunded');
    const altered = structuredClone(refunded);
    altered.id = `evt_altered_${Date.now()}`;
    (altered.data.object as { amount_refunded: number }).amount_refunded = 10000;

    await deliverSigned(altered);
    expect((await walletOf(t, agency)).balance).toBe('75.00');
    await stripe.deliverEvent(refunded.id);
    expect((await walletOf(t, agency)).balance).toBe('75.00');
    expect(await takenBack(agency)).toEqual(['-30.00']);
    await expectLedgerInvariant(t, agency);
  });

  it('never takes back more than the charge: a dispute after a partial refund is capped, and the finding shows', async () => {
    const { agency, intent } = await reloadedAgency();
    stripe.pauseWebhooks();
    await stripe.refund(intent.id, 3000);
    await stripe.deliverEvent(heldEvent('charge.refunded').id);
    expect((await walletOf(t, agency)).balance).toBe('75.00');

    // The bank disputes the whole $100.00, though $30.00 was already refunded.
    await stripe.createDispute(intent.id, { amount: 10000 });
    const disputed = heldEvent('charge.dispute.created');
    await stripe.deliverEvent(disputed.id);
    await stripe.deliverEvent(heldEvent('charge.dispute.funds_withdrawn').id);
    await stripe.deliverEvent(disputed.id);
    expect((await walletOf(t, agency)).balance).toBe('5.00');
    expect(await takenBack(agency)).toEqual(['-30.00', '-70.00']);
    expect(await timeline(agency)).toContain(
      'reconciliation found dispute_exceeds_charge: debited 70.00 of 100.00: refunds and disputes never take more than the 100.00 charged',
    );
    await expectLedgerInvariant(t, agency);
  });

  it('gives back a dispute the agency won, once, whatever order the events come in', async () => {
    const { agency, intent } = await reloadedAgency();
    stripe.pauseWebhooks();
    const dispute = await stripe.createDispute(intent.id, { amount: 2000 });
    await stripe.closeDispute(dispute.id, 'won');
    const events = ['charge.dispute.funds_reinstated', 'charge.dispute.closed', 'charge.dispute.funds_withdrawn', 'charge.dispute.created'].map(
      heldEvent,
    );
    for (const event of [...events, ...events]) await stripe.deliverEvent(event.id);
    expect((await walletOf(t, agency)).balance).toBe('105.00');
    expect(await takenBack(agency)).toEqual(['-20.00', '20.00']);
    await expectLedgerInvariant(t, agency);
  });

  it('debits a dispute when it opens and credits it back when it is won, in order', async () => {
    const { agency, intent } = await reloadedAgency();
    const dispute = await stripe.createDispute(intent.id, { amount: 2000 });
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('85.00'));
    stripe.closeDispute(dispute.id, 'won');
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('105.00'));
    await stripe.flushWebhooks();
    expect(await takenBack(agency)).toEqual(['-20.00', '20.00']);
  });

  it('keeps a lost dispute debited', async () => {
    const { agency, intent } = await reloadedAgency();
    const dispute = await stripe.createDispute(intent.id, { amount: 2000 });
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('85.00'));
    stripe.closeDispute(dispute.id, 'lost');
    await stripe.flushWebhooks();
    expect((await walletOf(t, agency)).balance).toBe('85.00');
    expect(await takenBack(agency)).toEqual(['-20.00']);
  });

  it('takes nothing for a refund of another charge whose metadata names the reload', async () => {
    const { agency, intent } = await reloadedAgency();
    const [attempt] = (await t.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200)).body.data;
    // Another payment on the same customer, whose metadata copies the reload's.
    const client = new Stripe('sk_test_agency_wallet_e2e', { host: '127.0.0.1', port: stripe.port, protocol: 'http' });
    const other = await client.paymentIntents.create({
      amount: 10000,
      currency: 'usd',
      customer: intent.customer as string,
      payment_method: 'pm_card_visa',
      confirm: true,
      allowed_payment_method_types: ['card'],
      metadata: { agencyId: agency.id, attemptId: attempt.id },
    } as Stripe.PaymentIntentCreateParams);
    expect(other.status).toBe('succeeded');
    await stripe.refund(other.id);
    await stripe.flushWebhooks();
    const refundEvent = stripe
      .events('charge.refunded')
      .find((event) => (event.data.object as { payment_intent: string }).payment_intent === other.id)!;
    expect(
      stripe
        .webhookAttempts()
        .filter((a) => a.eventId === refundEvent.id)
        .map((a) => a.status),
    ).toContain(200);
    expect((await walletOf(t, agency)).balance).toBe('105.00');
    expect(await takenBack(agency)).toEqual([]);
  });
});
