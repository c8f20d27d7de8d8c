import type { Page } from 'playwright-core';
import { type ConsoleApp, expectAccessible, screenshot, signInFromEmail, startConsoleApp } from '../support/browser';
import { eventually } from '../support/stripe';
import { ADMIN_KEY, type Agency, type Subteam, bearer, createAgency, createSubteam, fund } from '../support/test-app';

const ADMIN_EMAIL = `support-admin-${Date.now()}@wallet.test`;

/** A support engineer fixes the common cases from the console alone, in a real browser. */
describe('Support console', () => {
  let app: ConsoleApp;
  let support: { id: string; email: string };
  let colleagueEmail: string;

  const api = () => app.t.http;
  const attemptsOf = async (agency: Agency) =>
    (await api().get(`/v1/agencies/${agency.id}/reload-attempts?limit=200`).set(bearer(agency.ownerKey)).expect(200)).body.data as {
      id: string;
      trigger: string;
      status: string;
    }[];
  const balanceOf = async (agency: Agency) =>
    (await api().get(`/v1/agencies/${agency.id}/wallet`).set(bearer(agency.ownerKey)).expect(200)).body.balance;

  /** An agency whose auto-reload tried the given cards (in order) and failed on each. */
  async function failingAgency(cards: string[]): Promise<{ agency: Agency; subteam: Subteam }> {
    const agency = await createAgency(app.t);
    const subteam = await createSubteam(app.t, agency);
    for (const card of cards) {
      await api().post(`/v1/agencies/${agency.id}/payment-methods`).set(bearer(agency.ownerKey)).send({ stripePaymentMethodId: card }).expect(201);
    }
    await fund(app.t, agency, '20.00');
    await api()
      .put(`/v1/agencies/${agency.id}/billing-settings/auto-reload`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '10.00', amount: '50.00' })
      .expect(200);
    await api().post('/v1/usage').set(bearer(subteam.key)).send({ amount: '15.00', reference: 'spend' }).expect(201);
    await eventually(async () => expect((await attemptsOf(agency)).filter((a) => a.status === 'failed')).toHaveLength(cards.length));
    return { agency, subteam };
  }

  /** A person's own browser, confirming every "Are you sure?" as they would. */
  async function personPage(): Promise<Page> {
    const page = await app.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    return page;
  }

  beforeAll(async () => {
    // Cards that decline when charged are saved first, as an owner's card that later fails would be.
    app = await startConsoleApp({ ADMIN_EMAILS: ADMIN_EMAIL }, { lenientAttach: true });
    const res = await api()
      .post('/v1/support-users')
      .set(bearer(ADMIN_KEY))
      .send({ email: `support-${Date.now()}@wallet.test` })
      .expect(201);
    support = res.body;
  });
  afterAll(() => app?.close());

  it('an admin signs in by link and adds a support user on the admin page', async () => {
    const page = await personPage();
    await signInFromEmail(app, page, ADMIN_EMAIL);
    expect(new URL(page.url()).pathname).toBe('/support');
    await page.getByRole('link', { name: 'Support users' }).click();
    colleagueEmail = `colleague-${Date.now()}@wallet.test`;
    await page.getByLabel('Email address').fill(colleagueEmail);
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByText('Support user created').waitFor();
    await expect(page.getByRole('cell', { name: colleagueEmail })).toBeTruthy();
    await expectAccessible(page);
    await screenshot(page, 'support-admin');
    const users = (await api().get('/v1/support-users').set(bearer(ADMIN_KEY)).expect(200)).body.data as { email: string }[];
    expect(users.map((user) => user.email)).toContain(colleagueEmail);

    // The same address again: refused beside the field, the address kept, the list still shown.
    await page.getByLabel('Email address').fill(colleagueEmail);
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByText('A support user with this email already exists.').waitFor();
    expect(await page.getByLabel('Email address').inputValue()).toBe(colleagueEmail);
    await screenshot(page, 'support-admin-duplicate');
    const after = (await api().get('/v1/support-users').set(bearer(ADMIN_KEY)).expect(200)).body.data as { email: string }[];
    expect(after.filter((user) => user.email === colleagueEmail)).toHaveLength(1);
  });

  it('finds an agency by PaymentIntent id, reads why its reload failed, and retries it once on a double click', async () => {
    const { agency } = await failingAgency(['pm_card_visa_chargeDeclinedInsufficientFunds']);
    const intent = app.stripe.paymentIntents().find((pi) => pi.metadata?.agencyId === agency.id)!;
    const page = await personPage();
    await signInFromEmail(app, page, support.email);
    expect(new URL(page.url()).pathname).toBe('/support');
    await expectAccessible(page);
    await screenshot(page, 'support-home');

    await page.getByLabel('Find an agency').fill(intent.id);
    await page.getByRole('button', { name: 'Search' }).click();
    await page
      .getByRole('main')
      .getByRole('link', { name: /^Agency / })
      .click();
    expect(new URL(page.url()).pathname).toBe(`/support/agency/${agency.id}`);
    await expect(page.locator('.answer').textContent()).resolves.toMatch(/^It would not reload now: /);
    const failure = page.locator('table.timeline tr', { hasText: 'reload attempt (threshold) of 50.00: failed (insufficient_funds' });
    await expect(failure.textContent()).resolves.toMatch(/insufficient funds/i);
    await failure.getByText('Details').first().click();
    await expect(failure.locator('pre').first().textContent()).resolves.toContain(intent.id);
    await expectAccessible(page);
    await screenshot(page, 'support-agency');

    const before = app.stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id).length;
    await failure.getByText('Retry this reload').click();
    await failure.getByLabel('Reason').fill('Owner says the bank now allows it');
    await failure.getByRole('button', { name: 'Retry reload' }).dblclick();
    await page.getByText(/^Retry (started|not started)/).waitFor();
    const retries = (await attemptsOf(agency)).filter((attempt) => attempt.trigger === 'support_retry');
    expect(retries).toHaveLength(1);
    expect(app.stripe.paymentIntents().filter((pi) => pi.metadata?.agencyId === agency.id)).toHaveLength(before + 1);
    const log = (await api().get(`/v1/support/audit-log?agencyId=${agency.id}`).set(bearer(ADMIN_KEY)).expect(200)).body.data;
    expect(log.filter((entry: { action: string }) => entry.action === 'reload.retried')).toEqual([
      expect.objectContaining({ actorName: support.email, reason: 'Owner says the bank now allows it' }),
    ]);
  });

  it('posts an adjustment; a large one waits for a second support user, who approves it and it posts once', async () => {
    const agency = await createAgency(app.t);
    const page = await personPage();
    await signInFromEmail(app, page, support.email, `/support/agency/${agency.id}`);
    const adjust = async (amount: string, reason: string) => {
      await page.getByLabel(/^Amount/).fill(amount);
      await page.locator('#adjust-reason').fill(reason);
      await page.getByRole('button', { name: 'Post adjustment' }).click();
    };
    await adjust('25.00', 'Goodwill credit for a dropped call');
    await page.getByText('Adjustment posted.').waitFor();
    expect(await balanceOf(agency)).toBe('25.00');

    await adjust('600.00', 'Outage credit, ticket 4411');
    await page.getByText('The adjustment is above the approval size').waitFor();
    expect(await balanceOf(agency)).toBe('25.00');
    await page.getByRole('link', { name: 'Approvals' }).click();
    await page.getByText('You asked for this one').first().waitFor();

    const colleague = await personPage();
    await signInFromEmail(app, colleague, colleagueEmail, '/support/approvals');
    const card = colleague.locator('.cards li', { hasText: 'Outage credit, ticket 4411' });
    await card.getByLabel('Why approve').fill('Checked against the incident');
    await expectAccessible(colleague);
    await screenshot(colleague, 'support-approvals');
    await card.getByRole('button', { name: 'Approve and post' }).dblclick();
    await colleague.getByText('Adjustment approved and posted.').waitFor();
    expect(await balanceOf(agency)).toBe('625.00');
    const entries = (await api().get(`/v1/agencies/${agency.id}/wallet/entries?type=adjustment`).set(bearer(agency.ownerKey)).expect(200)).body.data;
    expect(entries.map((entry: { amount: string }) => entry.amount).sort()).toEqual(['25.00', '600.00']);
  });

  it('lifts a suspension and resends an email the SMTP capture receives', async () => {
    const { agency } = await failingAgency([
      'pm_card_visa_chargeDeclinedInsufficientFunds',
      'pm_card_chargeDeclinedExpiredCard',
      'pm_card_visa_chargeDeclinedLostCard',
    ]);
    const [original] = await app.smtp.waitFor({ agencyId: agency.id, template: 'payment-failed' });
    const page = await personPage();
    await signInFromEmail(app, page, support.email, `/support/agency/${agency.id}`);
    await expect(page.locator('.answer').textContent()).resolves.toMatch(/suspended/);

    await page.locator('#lift-reason').fill('Owner replaced the cards');
    await page.getByRole('button', { name: 'Lift suspension' }).click();
    await page.getByText('Auto-reload suspension lifted.').waitFor();
    const lifts = (await api().get(`/v1/support/audit-log?agencyId=${agency.id}`).set(bearer(ADMIN_KEY)).expect(200)).body.data.filter(
      (entry: { action: string }) => entry.action === 'auto_reload.suspension_lifted',
    );
    expect(lifts).toEqual([expect.objectContaining({ reason: 'Owner replaced the cards', actorName: support.email })]);

    await page.goto(`/support/agency/${agency.id}?kinds=notification`);
    const row = page
      .locator('table.timeline tr', { hasText: /^.*email payment-failed to /s })
      .filter({ hasNotText: 'resend of' })
      .first();
    await row.getByText('Resend this email').click();
    await row.getByLabel('Reason').fill('Owner cannot find it');
    await row.getByRole('button', { name: 'Resend email' }).dblclick();
    await page.getByText('Email queued to be sent again.').waitFor();
    const copies = await app.smtp.waitFor({ agencyId: agency.id, template: 'payment-failed' }, { count: 2 });
    expect(copies[1].subject).toBe(original.subject);
    expect(copies[1].text).toBe(original.text);
    expect(app.smtp.received({ agencyId: agency.id, template: 'payment-failed' })).toHaveLength(2);
    await page.getByRole('link', { name: 'Audit log of this agency' }).click();
    await page.getByRole('cell', { name: /notification\.resent/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'support-audit-log');
  });

  it('lists payment failures in words, dead letters, and the queue dashboard behind the sign-in', async () => {
    const page = await personPage();
    await signInFromEmail(app, page, support.email, '/support/failures?code=insufficient_funds');
    await page.locator('table tbody tr').first().waitFor();
    await expect(page.locator('table tbody tr').first().textContent()).resolves.toMatch(
      /reload of 50\.00 USD on visa ending 9995 failed \(insufficient_funds\), attempt 1/,
    );
    await expectAccessible(page);
    await screenshot(page, 'support-payment-failures');
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await page.getByRole('heading', { name: 'Dead letters' }).waitFor();
    await expectAccessible(page);

    const dashboard = await page.goto('/support/queues');
    expect(dashboard?.status()).toBe(200);
    await page.getByText('notifications').first().waitFor();
    await screenshot(page, 'support-queues');

    const stranger = await personPage();
    await stranger.goto('/support/queues');
    expect(new URL(stranger.url()).pathname).toBe('/sign-in');
  });

  it("answers 404 to an owner's session on /support and the queue dashboard", async () => {
    const agency = await createAgency(app.t);
    const page = await personPage();
    await signInFromEmail(app, page, agency.ownerEmail);
    for (const path of ['/support', `/support/agency/${agency.id}`, '/support/queues', '/support/admin']) {
      const res = await page.goto(path);
      expect([path, res?.status()]).toEqual([path, 404]);
    }
  });
});
