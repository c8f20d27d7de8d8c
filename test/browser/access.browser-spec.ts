import type { Page } from 'playwright-core';
import {
  JOURNEY_TIMEOUT_MS,
  type ConsoleApp,
  expectAccessible,
  expectKeyboardReachable,
  linkIn,
  screenshot,
  signInFromEmail,
  startConsoleApp,
} from '../support/browser';
import { type Agency, bearer, createAgency, fund } from '../support/test-app';

/** The forms on a page other than signing out (the dry run is no change, so viewers may ask for it). */
const changingForms = (page: Page) =>
  page
    .locator('main form')
    .evaluateAll((forms) => forms.map((form) => form.getAttribute('action')).filter((action) => !action?.endsWith('/auto-reload/test')));

const AGENCY_PAGES = ['', '/auto-reload', '/alerts', '/top-up', '/reload-attempts', '/members'];

describe('Who may see and change what in the console', () => {
  let app: ConsoleApp;
  let agency: Agency;
  let other: Agency;

  beforeAll(async () => {
    app = await startConsoleApp();
    [agency, other] = [await createAgency(app.t), await createAgency(app.t)];
    await fund(app.t, agency, '75.00');
    await app.t.http
      .post(`/v1/agencies/${agency.id}/payment-methods`)
      .set(bearer(agency.ownerKey))
      .send({ stripePaymentMethodId: 'pm_card_visa' })
      .expect(201);
  }, JOURNEY_TIMEOUT_MS);
  afterAll(() => app?.close(), JOURNEY_TIMEOUT_MS);

  it(
    'an invited viewer signs in from the invitation and can change nothing',
    async () => {
      const owner = await app.newPage();
      await signInFromEmail(app, owner, agency.ownerEmail);
      await owner.getByRole('link', { name: 'Members' }).click();
      const viewerEmail = `viewer-${Date.now()}@agency.test`;
      await owner.getByLabel('Email address').fill(viewerEmail);
      await owner.getByLabel('Viewer: sees balances').check();
      await owner.getByRole('button', { name: 'Send invitation' }).click();
      await owner.getByText(`Invited ${viewerEmail} as a viewer`).waitFor();
      await expectAccessible(owner);
      await expectKeyboardReachable(owner);
      await screenshot(owner, 'members');

      const [invitation] = await app.smtp.waitFor({ template: 'sign-in', to: viewerEmail });
      expect(invitation.subject).toContain('invited you');
      const viewer = await app.newPage();
      await viewer.goto(linkIn(invitation.text, `${app.baseUrl}/sign-in/`));
      expect(new URL(viewer.url()).pathname).toBe(`/billing/${agency.id}`);
      await viewer.getByText('viewer', { exact: true }).waitFor();

      for (const path of AGENCY_PAGES) {
        const response = await viewer.goto(`/billing/${agency.id}${path}`);
        expect(response?.status()).toBe(200);
        await expect(changingForms(viewer)).resolves.toEqual([]);
        await expectAccessible(viewer);
      }

      // A change posted anyway (with the viewer's own CSRF token) is refused and changes nothing.
      await viewer.goto(`/billing/${agency.id}/auto-reload`);
      const csrf = await viewer.locator('input[name=_csrf]').first().inputValue();
      for (const [path, form] of [
        ['/auto-reload', { enabled: 'on', threshold: '10.00', mode: 'fixed', amount: '50.00' }],
        ['/top-up', { amount: '20.00' }],
        ['/members', { email: 'friend@agency.test', role: 'owner' }],
      ] as const) {
        const response = await viewer.request.post(`/billing/${agency.id}${path}`, { form: { _csrf: csrf, ...form } });
        expect(response.status()).toBe(403);
      }
      const settings = await app.t.http.get(`/v1/agencies/${agency.id}/billing-settings`).set(bearer(agency.ownerKey)).expect(200);
      expect(settings.body.autoReload.enabled).toBe(false);

      // Removed by the owner, the viewer loses the agency at once.
      await owner.goto(`/billing/${agency.id}/members`);
      owner.once('dialog', (dialog) => void dialog.accept());
      await owner.getByRole('button', { name: `Remove ${viewerEmail}` }).click();
      await owner.getByText(`${viewerEmail} was removed`).waitFor();
      expect((await viewer.goto(`/billing/${agency.id}`))?.status()).toBe(404);
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "another agency's pages are 404 for a signed-in owner, and forms without the session's token are refused",
    async () => {
      const page = await app.newPage();
      await signInFromEmail(app, page, agency.ownerEmail);
      for (const path of AGENCY_PAGES) {
        const response = await page.goto(`/billing/${other.id}${path}`);
        expect(response?.status()).toBe(404);
        await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      }
      await expectAccessible(page);
      const forged = await page.request.post(`/billing/${agency.id}/auto-reload`, { form: { enabled: 'on', threshold: '10.00' } });
      expect(forged.status()).toBe(403);
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'a page asks for sign-in and returns to it; a link works once; signing out ends the session',
    async () => {
      const page = await app.newPage();
      await page.goto(`/billing/${agency.id}/reload-attempts`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');

      // An address that may not sign in gets the very same answer, and no email.
      const stranger = `nobody-${Date.now()}@agency.test`;
      await page.getByLabel('Email address').fill(stranger);
      await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();

      await signInFromEmail(app, page, agency.ownerEmail, `/billing/${agency.id}/reload-attempts`);
      expect(new URL(page.url()).pathname).toBe(`/billing/${agency.id}/reload-attempts`);
      const cookies = await page.context().cookies();
      expect(cookies.find((cookie) => cookie.name === 'aw_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      const [link] = app.smtp.received({ template: 'sign-in', to: agency.ownerEmail }).slice(-1);
      const again = await app.newPage();
      const reused = await again.goto(linkIn(link.text, `${app.baseUrl}/sign-in/`));
      expect(reused?.status()).toBe(400);
      await again.getByRole('heading', { name: 'This link does not work' }).waitFor();
      await expectAccessible(again);
      expect(app.smtp.received({ to: stranger })).toEqual([]);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('You are signed out.').waitFor();
      await page.goto(`/billing/${agency.id}`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
    },
    JOURNEY_TIMEOUT_MS,
  );
});
