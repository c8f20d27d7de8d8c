import type Stripe from 'stripe';
import { ApiError } from './errors';
import { parseForm } from './form';
import { NO_REQUEST } from './router';
import type { Services } from './services';
import { findTestPaymentMethod } from './test-payment-methods';

/** An answer from a hosted page: HTML, or a redirect of the browser. */
export interface PageReply {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** What the test Checkout page offers, by type: test ids with a line for the tester. */
const CHOICES: { type: string; id: string; label: string }[] = [
  { type: 'card', id: 'pm_card_visa', label: 'Visa 4242 — succeeds' },
  { type: 'card', id: 'pm_card_mastercard', label: 'Mastercard 4444 — succeeds' },
  { type: 'card', id: 'pm_card_chargeCustomerFail', label: 'Visa 0341 — saves, then every charge is declined' },
  { type: 'card', id: 'pm_card_authenticationRequired', label: 'Visa 3184 — saves; every charge needs 3D Secure' },
  { type: 'card', id: 'pm_card_chargeDeclined', label: 'Visa 0002 — declined (generic_decline)' },
  { type: 'card', id: 'pm_card_chargeDeclinedInsufficientFunds', label: 'Visa 9995 — declined (insufficient_funds)' },
  { type: 'us_bank_account', id: 'pm_usBankAccount_success', label: 'STRIPE TEST BANK 6789 — debits succeed' },
  { type: 'us_bank_account', id: 'pm_usBankAccount_insufficientFunds', label: 'STRIPE TEST BANK 2227 — debits fail (insufficient_funds)' },
];

/**
 * The pages a person's browser sees: Checkout's hosted page (`/c/pay/:session`) and the bank's 3D Secure
 * check (`/3d_secure_2/hosted/:intent`). Plain HTML forms, no script, no outside assets.
 */
export function handleHostedPage(services: Services, method: string, url: URL, rawBody: string, userAgent: string | null): PageReply | undefined {
  const checkout = /^\/c\/pay\/([^/]+)$/.exec(url.pathname);
  if (checkout) return method === 'POST' ? submitCheckout(services, checkout[1], rawBody, userAgent) : checkoutPage(services, checkout[1]);
  const secure = /^\/3d_secure_2\/hosted\/([^/]+)$/.exec(url.pathname);
  if (secure) return method === 'POST' ? submitAuthentication(services, secure[1], rawBody) : authenticationPage(services, secure[1]);
  return undefined;
}

function checkoutPage(services: Services, id: string, error?: string, status = 200): PageReply {
  const session = services.store.checkoutSessions.get(id);
  if (!session) return page(404, 'Not found', '<p>This Checkout Session does not exist.</p>');
  if (session.status !== 'open') {
    return page(410, 'Checkout', `<p>This Checkout Session is ${escape(session.status ?? '')}.</p>`);
  }
  const options = CHOICES.filter((choice) => session.payment_method_types.includes(choice.type))
    .map(
      (choice, index) =>
        `<li><label><input type="radio" name="payment_method" value="${choice.id}"${index === 0 ? ' checked' : ''}> ${escape(choice.label)}</label></li>`,
    )
    .join('\n');
  const bank = session.payment_method_types.includes('us_bank_account')
    ? `<p><label><input type="checkbox" name="mandate" value="accepted"> I authorize debits of the bank account I pick, now and later (the ACH mandate; required for a bank account).</label></p>`
    : '';
  const cancel = session.cancel_url ? `<p><a href="${escape(session.cancel_url)}">Cancel and go back</a></p>` : '';
  return page(
    status,
    'Save a payment method — Stripe test Checkout',
    `<h1>Save a payment method</h1>
<p>Stripe test Checkout (setup mode). Pick a test card or bank account; nothing real is charged.</p>
${error ? `<p role="alert" class="error">${escape(error)}</p>` : ''}
<form method="post" action="/c/pay/${escape(session.id)}">
<fieldset><legend>Payment method</legend><ul>
${options}
</ul></fieldset>
${bank}
<button type="submit">Save</button>
</form>
${cancel}`,
  );
}

function submitCheckout(services: Services, id: string, rawBody: string, userAgent: string | null): PageReply {
  const form = parseForm(rawBody);
  const chosen = typeof form.payment_method === 'string' ? form.payment_method : '';
  if (!findTestPaymentMethod(chosen)) return checkoutPage(services, id, 'Pick a payment method.', 400);
  try {
    const { redirectUrl } = services.checkoutSessions.complete(
      id,
      { testPaymentMethod: chosen, mandateAccepted: form.mandate === 'accepted', userAgent: userAgent ?? undefined },
      NO_REQUEST,
    );
    return { status: 303, body: '', headers: { Location: redirectUrl } };
  } catch (error) {
    if (error instanceof ApiError) return checkoutPage(services, id, error.body.message, error.status);
    throw error;
  }
}

function intentOf(services: Services, id: string): Stripe.PaymentIntent | Stripe.SetupIntent | undefined {
  return id.startsWith('seti_') ? services.store.setupIntents.get(id) : services.store.paymentIntents.get(id);
}

function authenticationPage(services: Services, id: string): PageReply {
  const intent = intentOf(services, id);
  if (!intent) return page(404, 'Not found', '<p>No such payment.</p>');
  if (intent.status !== 'requires_action') {
    return page(409, '3D Secure', `<p>There is nothing to authenticate: this payment is ${escape(intent.status)}.</p>`);
  }
  const what = 'amount' in intent ? `a payment of ${(intent.amount / 100).toFixed(2)} ${intent.currency.toUpperCase()}` : 'saving this card';
  return page(
    200,
    '3D Secure test page',
    `<h1>3D Secure</h1>
<p>Your bank asks you to confirm ${escape(what)}. This is Stripe's test authentication page.</p>
<form method="post" action="/3d_secure_2/hosted/${escape(id)}">
<button type="submit" name="outcome" value="succeeded">Complete authentication</button>
<button type="submit" name="outcome" value="failed">Fail authentication</button>
</form>`,
  );
}

function submitAuthentication(services: Services, id: string, rawBody: string): PageReply {
  const intent = intentOf(services, id);
  if (!intent) return page(404, 'Not found', '<p>No such payment.</p>');
  if (intent.status !== 'requires_action') return authenticationPage(services, id);
  const returnUrl = intent.next_action?.redirect_to_url?.return_url ?? null;
  const outcome = parseForm(rawBody).outcome === 'failed' ? 'failed' : 'succeeded';
  const done = id.startsWith('seti_') ? services.setupIntents.completeAction(id, outcome) : services.paymentIntents.completeAction(id, outcome);
  if (!returnUrl) return page(200, '3D Secure', `<p>Authentication ${outcome}. You may close this page.</p>`);
  // Stripe sends the customer back with the intent's id, client secret and how the redirect ended.
  const back = new URL(returnUrl);
  const kind = id.startsWith('seti_') ? 'setup_intent' : 'payment_intent';
  back.searchParams.set(kind, id);
  back.searchParams.set(`${kind}_client_secret`, done.client_secret ?? '');
  back.searchParams.set('redirect_status', done.status === 'requires_payment_method' ? 'failed' : done.status);
  return { status: 303, body: '', headers: { Location: back.toString() } };
}

function page(status: number, title: string, body: string): PageReply {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1f36}
ul{list-style:none;padding:0}li{margin:.4rem 0}button{font:inherit;padding:.5rem 1rem;margin-right:.5rem;background:#635bff;color:#fff;border:0;border-radius:4px}
.error{color:#b3093c;font-weight:600}fieldset{border:1px solid #e3e8ee;border-radius:6px}</style>
</head><body>${body}</body></html>`;
  return { status, body: html, headers: { 'Content-Type': 'text/html; charset=utf-8' } };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
