import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { expectError } from '../support/matrix';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';
import { type AppWithStripe, eventually, startAppWithStripe } from '../support/stripe';
import { ADMIN_KEY, type Agency, type TestApp, bearer, createAgency, createSubteam, fund, walletOf } from '../support/test-app';

const NAME = 'NWDIALERS* CALL FUNDS';
const GENERIC_DECLINE = 'The card issuer declined the payment without giving a reason.';

/**
 * "Your bank blocked the charge: tell them to allow our name." Every charge carries the statement
 * descriptor suffix, and every decline (email, attempt views, support timeline) names the whole
 * descriptor next to the decline in words.
 */
describe('The name on the bank statement', () => {
  let env: AppWithStripe;
  let stripe: StripeTestServer;
  let smtp: SmtpCapture;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    env = await startAppWithStripe(
      {
        SMTP_URL: smtp.url,
        STRIPE_STATEMENT_DESCRIPTOR_PREFIX: 'NWDialers',
        STRIPE_STATEMENT_DESCRIPTOR_SUFFIX: 'Call funds',
        AUTO_RELOAD_COOLDOWN_SECONDS: '0',
        NOTIFICATION_SWEEP_SECONDS: '1',
      },
      { worker: true },
      // Lenient attach: the top-up test saves a card that declines with insufficient_funds (its words are
      // checked in the answer and the email), which Stripe would refuse to save.
      { lenientAttach: true },
    );
    ({ stripe, t } = env);
  });
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  const addCard = (agency: Agency, card: string) =>
    t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: card }).expect(201);
  const intentsOf = (agency: Agency) => stripe.paymentIntents().filter((intent) => intent.metadata?.agencyId === agency.id);

  it('sends the suffix with every auto-reload charge, and names the statement beside the decline in the email, the attempts and the timeline', async () => {
    const agency = await createAgency(t, { name: 'Northwind Dialers' });
    const subteam = await createSubteam(t, agency);
    await addCard(agency, 'pm_card_visa_chargeDeclined');
    await addCard(agency, 'pm_card_visa');
    await fund(t, agency, '20.00');
    await t.http
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '50.00' })
      .expect(200);
    await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '15.00', reference: 'sd-1' }).expect(201);
    await eventually(async () => expect((await walletOf(t, agency)).balance).toBe('55.00'));

    // Both charges, the declined one and its fallback, carried the suffix.
    const intents = intentsOf(agency);
    expect(intents).toHaveLength(2);
    for (const intent of intents) expect(intent.statement_descriptor_suffix).toBe('Call funds');

    const [email] = await smtp.waitFor({ template: 'payment-failed', to: agency.ownerEmail });
    expect(email.text).toContain(`Why: ${GENERIC_DECLINE}`);
    expect(email.text).toContain(
      `Name on your statement: ${NAME}. If your bank or card issuer blocked the charge, ask it to allow payments to this name.`,
    );
    expect(email.html).toContain(`<strong>Name on your statement:</strong> ${NAME}.`);

    const listed = await t.http.get(`/v1/agencies/${agency.id}/reload-attempts`).set(bearer(agency.ownerKey)).expect(200);
    const [succeeded, failed] = listed.body.data;
    expect(failed).toMatchObject({
      status: 'failed',
      declineCode: 'generic_decline',
      declineReason: GENERIC_DECLINE,
      declineNextStep: expect.stringContaining('Contact your bank or card issuer'),
      statementDescriptor: NAME,
    });
    expect(succeeded).toMatchObject({ status: 'succeeded', declineReason: null, declineNextStep: null, statementDescriptor: null });

    const timeline = await t.http.get(`/v1/support/agencies/${agency.id}/timeline?type=reload_attempt`).set(bearer(ADMIN_KEY)).expect(200);
    const declined = timeline.body.data.find((row: { data: { status: string } }) => row.data.status === 'failed');
    expect(declined.summary).toContain(GENERIC_DECLINE);
    expect(declined.summary).toContain(`Name on the statement, for the bank to allow: ${NAME}.`);
    expect(declined.data).toMatchObject({ declineCode: 'generic_decline', declineReason: GENERIC_DECLINE, statementDescriptor: NAME });

    const failures = await t.http.get(`/v1/support/payment-failures?agencyId=${agency.id}`).set(bearer(ADMIN_KEY)).expect(200);
    expect(failures.body.data).toEqual([
      expect.objectContaining({ declineCode: 'generic_decline', declineReason: GENERIC_DECLINE, statementDescriptor: NAME }),
    ]);
  });

  it('sends the suffix with a top-up, and names the statement in the declined answer and its email', async () => {
    const agency = await createAgency(t, { name: 'Southwind Dialers' });
    await addCard(agency, 'pm_card_visa_chargeDeclinedInsufficientFunds');
    const res = await t.http
      .post(`/v1/agencies/${agency.id}/wallet/top-ups`)
      .set(bearer(agency.ownerKey))
      .set('Idempotency-Key', `sd-top-up-${agency.id}`)
      .send({ amount: '25.00' });
    expectError(res, 402, 'payment_failed');
    expect(res.body.error.details.attempt).toMatchObject({
      declineCode: 'insufficient_funds',
      declineReason: 'The card has insufficient funds.',
      statementDescriptor: NAME,
    });
    expect(intentsOf(agency).map((intent) => intent.statement_descriptor_suffix)).toEqual(['Call funds']);
    const [email] = await smtp.waitFor({ template: 'payment-failed', to: agency.ownerEmail });
    expect(email.text).toContain(`Name on your statement: ${NAME}.`);
  });
});
