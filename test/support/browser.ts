import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import type { StripeServerOptions, StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { freePort } from './free-port';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture';
import { deliverWebhooksTo, startStripe, stripeEnv } from './stripe';
import { type TestApp, startTestApp } from './test-app';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** One journey with a browser, the app and its worker may take this long on a loaded 2-core machine. */
export const JOURNEY_TIMEOUT_MS = 180_000;

/**
 * The README's screenshots (docs/screenshots) are refreshed only when asked (`UPDATE_SCREENSHOTS=1
 * npm test -- test/browser`); otherwise the journeys still take them, into a temporary folder, so a
 * test run leaves the checkout as it found it.
 */
export const SCREENSHOTS_DIR = process.env.UPDATE_SCREENSHOTS
  ? resolve(__dirname, '../../docs/screenshots')
  : join(tmpdir(), 'agency-wallet-screenshots');

/**
 * Starts Chromium. Never skips: without a browser the browser suite fails, naming what to install
 * (`.ci/run` installs it with apt when it is missing).
 */
export async function launchBrowser(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
  } catch (error) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM_PATH} (CHROMIUM_PATH to use another) and it did not start: ` +
        `install it with "apt-get install -y chromium". ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** The whole service as an owner's browser reaches it: HTTP + worker, SMTP capture, the Stripe test server. */
export interface ConsoleApp {
  t: TestApp;
  smtp: SmtpCapture;
  stripe: StripeTestServer;
  browser: Browser;
  /** `http://127.0.0.1:<port>`, which is also PUBLIC_BASE_URL: links in emails point here. */
  baseUrl: string;
  /** A fresh browser context (its own cookies) with one page, for one person. */
  newPage(options?: { timeZone?: string }): Promise<Page>;
  close(): Promise<void>;
}

export async function startConsoleApp(env: Record<string, string> = {}, stripeOptions: StripeServerOptions = {}): Promise<ConsoleApp> {
  const [smtp, stripe, port, browser] = await Promise.all([startSmtpCapture(), startStripe(stripeOptions), freePort(), launchBrowser()]);
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await startTestApp(
    { ...stripeEnv(stripe), SMTP_URL: smtp.url, PUBLIC_BASE_URL: baseUrl, NOTIFICATION_SWEEP_SECONDS: '1', ...env },
    { worker: true, port },
  );
  await deliverWebhooksTo(stripe, t);
  const contexts: BrowserContext[] = [];
  return {
    t,
    smtp,
    stripe,
    browser,
    baseUrl,
    async newPage(options = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        timezoneId: options.timeZone ?? 'America/New_York',
        viewport: { width: 1200, height: 900 },
      });
      contexts.push(context);
      const page = await context.newPage();
      // A step that cannot happen fails within this, naming the step, well before the journey's own timeout.
      page.setDefaultTimeout(20_000);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await t.close();
      await stripe.close();
      await smtp.close();
    },
  };
}

/** The first link in an email's text that starts with `prefix` (e.g. `${baseUrl}/sign-in/`). */
export function linkIn(text: string, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}[^\\s<>"]*`).exec(text);
  if (!match) throw new Error(`No link starting with ${prefix} in:\n${text}`);
  return match[0];
}

/**
 * Signs `email` in as a person would: the sign-in form, the email, the link in it. Ends on the
 * page the link leads to (`next`, or the person's landing page).
 */
export async function signInFromEmail(app: ConsoleApp, page: Page, email: string, next?: string): Promise<void> {
  const before = app.smtp.received({ template: 'sign-in', to: email }).length;
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  const emails = await app.smtp.waitFor({ template: 'sign-in', to: email }, { count: before + 1 });
  await page.goto(linkIn(emails[before].text, `${app.baseUrl}/sign-in/`));
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.1 A/AA and best practices) on the page; fails on any serious or critical violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const violations = (await page.evaluate(
    `${AXE_SOURCE};
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  )) as AxeViolation[];
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  if (serious.length) {
    const lines = serious.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    throw new Error(`axe found ${serious.length} serious or critical accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`);
  }
}

/** A full-page screenshot for the README, under docs/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * Every visible control on the page (links, buttons, fields) is reached by pressing Tab, in a
 * single pass from the top: nothing is mouse-only.
 */
export async function expectKeyboardReachable(page: Page): Promise<void> {
  const controls = await page.locator('a[href], button, input:not([type=hidden]), select, textarea').evaluateAll((elements) =>
    elements
      .filter(
        (element) =>
          (element as unknown as { offsetParent: unknown }).offsetParent !== null && !(element as unknown as { disabled?: boolean }).disabled,
      )
      .map((element, index) => {
        element.setAttribute('data-keyboard-check', String(index));
        return String(index);
      }),
  );
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  const reached = new Set<string>();
  // Radio buttons of one group take a single Tab stop (arrows move within it): count the group once.
  const groups = await page
    .locator('input[type=radio]')
    .evaluateAll((radios) => radios.map((radio) => [radio.getAttribute('data-keyboard-check'), radio.getAttribute('name')] as const));
  for (let i = 0; i < controls.length + 5; i++) {
    await page.keyboard.press('Tab');
    const id = (await page.evaluate("document.activeElement && document.activeElement.getAttribute('data-keyboard-check')")) as string | null;
    if (id === null) continue;
    reached.add(id);
    const group = groups.find(([radio]) => radio === id)?.[1];
    for (const [radio, name] of groups) if (group && name === group && radio) reached.add(radio);
  }
  const missed = controls.filter((id) => !reached.has(id));
  if (missed.length) {
    const names = await Promise.all(
      missed.map((id) => page.locator(`[data-keyboard-check="${id}"]`).evaluate((element) => element.outerHTML.slice(0, 120))),
    );
    throw new Error(`Not reachable with the keyboard on ${page.url()}:\n${names.join('\n')}`);
  }
}
