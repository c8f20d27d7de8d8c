import { MetricsServer } from '../../src/health/metrics.server';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { type AppWithStripe, eventually, startAppWithStripe } from '../support/stripe';
import { bearer, createAgency, pointWebhooksAt } from '../support/test-app';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver';

/**
 * What an operator's Prometheus sees of the background work: queue depth, job outcomes, Stripe
 * calls by outcome, and email and agency-webhook deliveries by outcome.
 */
describe('Operations metrics', () => {
  let env: AppWithStripe;
  let smtp: SmtpCapture;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    receiver = await startWebhookReceiver();
    env = await startAppWithStripe({ SMTP_URL: smtp.url, AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }, { worker: true });
  });
  afterAll(async () => {
    await env.close();
    await receiver.close();
    await smtp.close();
  });

  const scrape = async () => (await fetch(env.t.app.get(MetricsServer).url)).text();
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('counts Stripe calls, job outcomes, emails and webhook deliveries, and reports queue depth', async () => {
    const { t } = env;
    const agency = await createAgency(t);
    const owner = bearer(agency.ownerKey);
    await pointWebhooksAt(t, agency, receiver.url);
    await t.http.post(`/v1/agencies/${agency.id}/payment-methods`).set(owner).send({ stripePaymentMethodId: 'pm_card_visa' }).expect(201);
    await t.http
      .post(`/v1/agencies/${agency.id}/wallet/top-ups`)
      .set(owner)
      .set('Idempotency-Key', 'metrics-ok')
      .send({ amount: '20.00' })
      .expect(201);
    await t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(owner)
      .send({ stripePaymentMethodId: 'pm_card_chargeCustomerFail' })
      .expect(201);
    await smtp.waitFor({ agencyId: agency.id });
    await receiver.waitFor({ agencyId: agency.id });

    const text = await eventually(async () => {
      const scraped = await scrape();
      expect(value(scraped, 'email_deliveries_total{outcome="sent"}')).toBeGreaterThanOrEqual(1);
      expect(value(scraped, 'agency_webhook_deliveries_total{outcome="delivered"}')).toBeGreaterThanOrEqual(1);
      expect(value(scraped, 'queue_job_outcomes_total{queue="notifications",outcome="completed"}')).toBeGreaterThanOrEqual(1);
      return scraped;
    });
    expect(value(text, 'stripe_requests_total{operation="charge",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'stripe_requests_total{operation="attach_payment_method",outcome="ok"}')).toBeGreaterThanOrEqual(2);
    for (const queue of ['auto-reload', 'notifications', 'agency-webhooks']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed'])
        expect(value(text, `queue_jobs{queue="${queue}",state="${state}"}`)).toEqual(expect.any(Number));
    }

    env.stripe.setPaymentMethodBehavior(
      env.stripe.paymentMethods().find((pm) => pm.card?.last4 === '4242' && pm.customer)!.id,
      'pm_card_visa_chargeDeclined',
    );
    await t.http
      .post(`/v1/agencies/${agency.id}/wallet/top-ups`)
      .set(owner)
      .set('Idempotency-Key', 'metrics-declined')
      .send({ amount: '20.00' })
      .expect(402);
    expect(value(await scrape(), 'stripe_requests_total{operation="charge",outcome="declined"}')).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
