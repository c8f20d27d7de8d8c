import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wireSandboxWebhooks } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/config';
import { StripeSandbox } from '../../src/payments/stripe-sandbox';
import { freePort } from '../support/free-port';
import { eventually } from '../support/stripe';
import { type Agency, type TestApp, bearer, createAgency, createSubteam, expectLedgerInvariant, startTestApp, walletOf } from '../support/test-app';

/**
 * The README's first session with no Stripe account: the service runs the Stripe sandbox itself,
 * its webhooks come back signed to the service, and cards, declines, reloads, top-ups, bank
 * debits and refunds all work offline. Then the sandbox's objects outlive a restart.
 */
describe('The built-in Stripe sandbox', () => {
  let t: TestApp;
  let sandboxUrl: string;
  let stateDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'aw-sandbox-'));
    const port = await freePort();
    sandboxUrl = `http://127.0.0.1:${port}`;
    env = {
      STRIPE_SANDBOX: 'true',
      STRIPE_SANDBOX_PORT: String(port),
      STRIPE_SANDBOX_STATE_FILE: join(stateDir, 'stripe.json'),
      STRIPE_SANDBOX_BANK_SETTLEMENT_SECONDS: '0.2',
    };
    t = await startTestApp(env, { worker: true });
    wireSandboxWebhooks(t.app, t.config);
  });
  afterAll(async () => {
    await t.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const addMethod = (agency: Agency, id: string) =>
    t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: id });
  const topUp = (agency: Agency, amount: string, key: string) =>
    t.http.post(`/v1/agencies/${agency.id}/wallet/top-ups`).set(bearer(agency.ownerKey)).set('Idempotency-Key', key).send({ amount });
  const putFirst = async (agency: Agency, methodId: string) => {
    const list = await t.http.get(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).expect(200);
    const ids: string[] = list.body.data.map((method: { id: string }) => method.id);
    await t.http
      .put(`/v1/agencies/${agency.id}/payment-methods/order`)
      .set(bearer(agency.ownerKey))
      .send({ ids: [methodId, ...ids.filter((id) => id !== methodId)] })
      .expect(200);
  };

  it('says it is the sandbox, and where a browser opens its pages', () => {
    const sandbox = t.app.get(StripeSandbox);
    expect(sandbox.embedded).toBe(true);
    expect(sandbox.publicUrl).toBe(sandboxUrl);
    expect(t.config.stripeSandbox).toBe(true);
  });

  it('saves pm_card_visa, tops up, declines a declining card, reloads by itself, settles a bank debit later and applies a refund', async () => {
    const agency = await createAgency(t);
    const card = await addMethod(agency, 'pm_card_visa').expect(201);
    expect(card.body).toMatchObject({ brand: 'visa', last4: '4242', isDefault: true });

    const paid = await topUp(agency, '100.00', 'first-top-up').expect(201);
    expect(paid.body).toMatchObject({ status: 'succeeded', amount: '100.00' });
    expect((await walletOf(t, agency)).balance).toBe('100.00');

    // Stripe refuses to save a card that always declines; this one saves, then declines every charge.
    await addMethod(agency, 'pm_card_visa_chargeDeclined').expect(402);
    const declining = await addMethod(agency, 'pm_card_chargeCustomerFail').expect(201);
    await putFirst(agency, declining.body.id);
    const declined = await topUp(agency, '20.00', 'declined-top-up').expect(402);
    expect(declined.body.error).toMatchObject({ code: 'payment_failed', details: { declineCode: 'generic_decline' } });
    await putFirst(agency, card.body.id);

    // Auto-reload: below $50 available, $200 from the card.
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '50.00', amount: '200.00' })
      .expect(200);
    const subteam = await createSubteam(t, agency);
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'sandbox-call-1', amount: '60.00' }).expect(201);
    await t.http.post('/v1/calls/sandbox-call-1/settle').set(bearer(subteam.key)).send({ cost: '60.00' }).expect(200);
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('240.00'), 30_000);

    // A bank debit is pending first, then settles by itself and reaches the wallet by webhook.
    // A bank account is saved through Checkout (the sandbox's hosted page records the mandate).
    const session = await t.http.post(`/v1/agencies/${agency.id}/payment-methods/setup-sessions`).set(bearer(agency.ownerKey)).send({}).expect(201);
    expect(session.body.url).toBe(`${sandboxUrl}/c/pay/${session.body.id}`);
    const picked = await fetch(session.body.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payment_method=pm_usBankAccount_success&mandate=accepted',
      redirect: 'manual',
    });
    expect(picked.status).toBe(303);
    const bank = await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods/setup-sessions/${session.body.id}/complete`)
      .set(bearer(agency.ownerKey))
      .expect(200);
    await putFirst(agency, bank.body.id);
    const debit = await topUp(agency, '30.00', 'bank-top-up');
    expect([201, 202]).toContain(debit.status);
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('270.00'), 30_000);

    // A refund made in the sandbox (as in Stripe's dashboard) comes back as charge.refunded.
    const refunded = await fetch(`${sandboxUrl}/_test/payment_intents/${paid.body.stripePaymentIntentId}/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'amount=2500',
    });
    expect(refunded.status).toBe(200);
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('245.00'), 30_000);
    await expectLedgerInvariant(t, agency);
  }, 120_000);

  it('keeps its customers and cards across a restart, so the agencies the database knows still work', async () => {
    const agency = await createAgency(t);
    await addMethod(agency, 'pm_card_visa').expect(201);
    await t.close();
    t = await startTestApp(env, { worker: true });
    wireSandboxWebhooks(t.app, t.config);
    await addMethod(agency, 'pm_card_mastercard').expect(201);
    expect((await topUp(agency, '10.00', 'after-restart').expect(201)).body.status).toBe('succeeded');
  }, 120_000);

  it('runs in one process only: a worker process uses the one the API process runs', async () => {
    const config = loadConfig({ NODE_ENV: 'development', ROLE: 'worker', STRIPE_SANDBOX_PORT: '12999' });
    const worker = await StripeSandbox.start({ ...config, role: 'worker' });
    expect(worker.embedded).toBe(false);
    expect(worker.apiUrl).toBe('http://127.0.0.1:12999');
  });
});
