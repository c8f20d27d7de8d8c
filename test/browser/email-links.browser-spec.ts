import { EmailTemplates } from '../../src/notifications/email-templates';
import { emailSamples } from '../../src/notifications/email-samples';
import { TEMPLATE_NAMES } from '../../src/notifications/notification-templates';
import { JOURNEY_TIMEOUT_MS, type ConsoleApp, expectAccessible, signInFromEmail, startConsoleApp } from '../support/browser';
import { type Agency, bearer, createAgency } from '../support/test-app';

describe('Every link in every email opens a page for the signed-in owner', () => {
  let app: ConsoleApp;
  let agency: Agency;
  let attemptId: string;

  beforeAll(async () => {
    app = await startConsoleApp();
    agency = await createAgency(app.t);
    // A reload the bank wants confirmed: the requires-action email links to its authentication page.
    await app.t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_authenticationRequired' })
      .expect(201);
    const topUp = await app.t.http
      .post(`/v1/agencies/${agency.id}/wallet/top-ups`)
      .set(bearer(agency.ownerKey))
      .set('Idempotency-Key', 'email-links')
      .send({ amount: '30.00' });
    attemptId = topUp.body.error.details.attempt.id;
    expect(topUp.body.error.details.attempt.status).toBe('requires_action');
  }, JOURNEY_TIMEOUT_MS);
  afterAll(() => app?.close(), JOURNEY_TIMEOUT_MS);

  it(
    'renders each email for this agency and opens each of its links',
    async () => {
      const billingUrl = `${app.baseUrl}/billing/${agency.id}`;
      const common = { agencyName: 'Links & Co', agencyId: agency.id, currency: 'USD', billingUrl };
      const samples = emailSamples(billingUrl);
      const templates = app.t.app.get(EmailTemplates);
      const links = new Map<string, string[]>();
      for (const name of TEMPLATE_NAMES) {
        const data = {
          ...common,
          ...samples[name],
          ...(name === 'requires-action' ? { authenticationUrl: `${billingUrl}/reload-attempts/${attemptId}/authenticate` } : {}),
        };
        const email = templates.render(name, data);
        const found = [
          ...[...email.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1].replace(/&amp;/g, '&')),
          ...[...email.text.matchAll(/https?:\/\/[^\s)>"]+/g)].map((match) => match[0]),
        ];
        expect(found.length).toBeGreaterThan(0);
        for (const link of found) links.set(link, [...(links.get(link) ?? []), name]);
      }

      const page = await app.newPage();
      await signInFromEmail(app, page, agency.ownerEmail);
      for (const [link, from] of links) {
        expect({ link, from, ours: link.startsWith(`${app.baseUrl}/`) }).toMatchObject({ ours: true });
        const status = (await page.goto(link))?.status();
        expect({ link, from, status }).toMatchObject({ status: 200 });
        await expectAccessible(page);
      }
    },
    JOURNEY_TIMEOUT_MS,
  );
});
