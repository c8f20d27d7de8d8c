import type Stripe from 'stripe';
import { ApiError, invalidRequest, noSuch } from '../errors';
import type { Params } from '../form';
import { paginate } from '../list';
import { allowOnly, applyMetadata, optEnum, optInt, optObject, optString, optStringArray, reqString } from '../params';
import type { RequestContext, Router } from '../router';
import type { Services } from '../services';
import { clone, newId, nowSeconds, randomToken } from '../util';

const CREATE_PARAMS = [
  'cancel_url',
  'client_reference_id',
  'currency',
  'customer',
  'customer_email',
  'expand',
  'expires_at',
  'locale',
  'metadata',
  'mode',
  'payment_method_configuration',
  'payment_method_options',
  'setup_intent_data',
  'success_url',
  'ui_mode',
  'allowed_payment_method_types',
  'excluded_payment_method_types',
];
const LIST_PARAMS = ['created', 'customer', 'ending_before', 'expand', 'limit', 'payment_intent', 'setup_intent', 'starting_after', 'status'];
const SUPPORTED_TYPES = ['card', 'us_bank_account'];
const DAY = 24 * 60 * 60;

/** What the customer did on the hosted page. */
export interface CheckoutChoice {
  /** A test PaymentMethod id (`pm_card_visa`, `pm_usBankAccount_success`, …). */
  testPaymentMethod: string;
  /** For a bank account: the customer ticked the mandate box (Stripe's hosted page requires it). */
  mandateAccepted: boolean;
  ipAddress?: string;
  userAgent?: string;
}

/**
 * Checkout Sessions in `setup` mode: Stripe's hosted page collects a card or bank account and saves it to the
 * customer through a SetupIntent created when the customer submits (as since API version 2022-08-01). Only
 * `mode=setup` and `ui_mode=hosted` are simulated.
 */
export class CheckoutSessions {
  private readonly setupIntentData = new Map<string, { metadata: Stripe.Metadata }>();

  constructor(private readonly s: Services) {}

  routes(router: Router): void {
    router.post('/v1/checkout/sessions', ({ params }) => this.create(params));
    router.get('/v1/checkout/sessions', ({ params }) => this.list(params));
    router.get('/v1/checkout/sessions/:id', ({ pathParams, params }) => {
      allowOnly(params, ['expand']);
      return clone(this.require(pathParams.id));
    });
    router.post('/v1/checkout/sessions/:id/expire', ({ pathParams, params, ctx }) => this.expire(pathParams.id, params, ctx));
  }

  require(id: string): Stripe.Checkout.Session {
    const session = this.s.store.checkoutSessions.get(id);
    if (!session) throw noSuch('checkout.session', id);
    return session;
  }

  /** The hosted page's submit: sets up the chosen method, completes the session, returns where to send the browser. */
  complete(id: string, choice: CheckoutChoice, ctx: RequestContext): { session: Stripe.Checkout.Session; redirectUrl: string } {
    const session = this.require(id);
    if (session.status !== 'open') throw invalidRequest(`This Checkout Session is ${session.status}.`, { code: 'checkout_session_not_open' });
    if (session.expires_at <= nowSeconds()) {
      this.expireNow(session, ctx);
      throw invalidRequest('This Checkout Session has expired.', { code: 'checkout_session_expired' });
    }
    const paymentMethod = this.s.paymentMethods.resolve(choice.testPaymentMethod, 'payment_method');
    if (!session.payment_method_types.includes(paymentMethod.type)) {
      throw invalidRequest(`This Checkout Session does not accept ${paymentMethod.type}.`, { param: 'payment_method' });
    }
    if (paymentMethod.type === 'us_bank_account' && !choice.mandateAccepted) {
      throw invalidRequest('Accept the mandate to save a bank account.', { code: 'parameter_missing', param: 'mandate_data' });
    }
    // A server restarted from its state file has the session but not what it was told for its SetupIntent.
    const data = this.setupIntentData.get(session.id) ?? { metadata: session.metadata ?? {} };
    const intent =
      session.setup_intent !== null
        ? this.s.setupIntents.require(session.setup_intent as string)
        : this.s.setupIntents.createForCheckout(session.customer as string | null, session.payment_method_types, data.metadata, ctx);
    session.setup_intent = intent.id;
    const acceptance: Stripe.Mandate.CustomerAcceptance = {
      accepted_at: nowSeconds(),
      online: { ip_address: choice.ipAddress ?? '127.0.0.1', user_agent: choice.userAgent ?? 'Stripe test server' },
      type: 'online',
    } as Stripe.Mandate.CustomerAcceptance;
    // A decline leaves the session open, as on Stripe's page: the customer may pick another method.
    const setUp = this.s.setupIntents.confirmFromHostedPage(intent, paymentMethod, acceptance, ctx);
    if (setUp.status !== 'succeeded') {
      throw new ApiError(402, {
        type: 'card_error',
        code: 'setup_intent_authentication_failure',
        message: 'This card needs 3D Secure; the test Checkout page does not simulate it. Pick another card.',
      });
    }
    Object.assign(session, {
      status: 'complete',
      customer_details: { address: null, email: null, name: null, phone: null, tax_exempt: 'none', tax_ids: null },
    });
    this.s.events.emit(ctx, 'checkout.session.completed', session);
    return { session: clone(session), redirectUrl: session.success_url!.replace('{CHECKOUT_SESSION_ID}', session.id) };
  }

  private create(params: Params): Stripe.Checkout.Session {
    allowOnly(params, CREATE_PARAMS);
    const mode = reqString(params, 'mode');
    if (!['payment', 'setup', 'subscription'].includes(mode)) {
      throw invalidRequest(`Invalid mode: must be one of payment, setup, or subscription`, { param: 'mode' });
    }
    if (mode !== 'setup') throw invalidRequest(`The Stripe test server supports Checkout in setup mode only, not ${mode}.`, { param: 'mode' });
    const uiMode = optEnum(params, 'ui_mode', ['custom', 'embedded', 'hosted'] as const) ?? 'hosted';
    if (uiMode !== 'hosted') throw invalidRequest('The Stripe test server supports ui_mode=hosted only.', { param: 'ui_mode' });
    const successUrl = reqString(params, 'success_url');
    const cancelUrl = optString(params, 'cancel_url');
    for (const [param, url] of [
      ['success_url', successUrl],
      ['cancel_url', cancelUrl],
    ] as const) {
      if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) throw invalidRequest('Not a valid URL', { param, code: 'url_invalid' });
    }
    // This API version filters the dynamic payment methods with allowed_payment_method_types (payment_method_types
    // is gone from Checkout's parameters), and needs a currency to compute them when no filter is given.
    const types = optStringArray(params, 'allowed_payment_method_types');
    const unsupported = types?.find((type) => !SUPPORTED_TYPES.includes(type));
    if (unsupported) {
      throw invalidRequest(`The Stripe test server does not support the payment method type "${unsupported}".`, {
        param: 'allowed_payment_method_types',
      });
    }
    const excluded = optStringArray(params, 'excluded_payment_method_types') ?? [];
    const rawCurrency = optString(params, 'currency');
    if (!types && !rawCurrency) {
      throw invalidRequest('Missing required param: currency. It is required in setup mode when allowed_payment_method_types is not set.', {
        code: 'parameter_missing',
        param: 'currency',
      });
    }
    const currency = rawCurrency?.toLowerCase() ?? null;
    if (currency !== null && !/^[a-z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${currency}.`, { param: 'currency' });
    const customerId = optString(params, 'customer');
    if (customerId) this.s.customers.require(customerId, 'customer');
    const setupData = optObject(params, 'setup_intent_data') ?? {};
    allowOnly(setupData, ['description', 'metadata', 'on_behalf_of']);
    const created = nowSeconds();
    const expiresAt = optInt(params, 'expires_at') ?? created + DAY;
    if (expiresAt < created + 30 * 60 || expiresAt > created + DAY) {
      throw invalidRequest('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', {
        param: 'expires_at',
      });
    }
    const id = `cs_test_${randomToken(58)}`;
    const session = {
      id,
      object: 'checkout.session',
      adaptive_pricing: null,
      after_expiration: null,
      allow_promotion_codes: null,
      allowed_payment_method_types: types ?? null,
      amount_subtotal: null,
      amount_total: null,
      automatic_tax: { enabled: false, liability: null, provider: null, status: null },
      billing_address_collection: null,
      branding_settings: null,
      cancel_url: cancelUrl ?? null,
      client_reference_id: optString(params, 'client_reference_id') || null,
      client_secret: null,
      collected_information: null,
      consent: null,
      consent_collection: null,
      created,
      currency,
      currency_conversion: null,
      custom_fields: [],
      custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
      customer: customerId ?? null,
      customer_account: null,
      customer_creation: null,
      customer_details: null,
      customer_email: optString(params, 'customer_email') || null,
      discounts: null,
      expires_at: expiresAt,
      invoice: null,
      invoice_creation: null,
      livemode: false,
      locale: optString(params, 'locale') ?? null,
      metadata: applyMetadata({}, params),
      mode: 'setup',
      name_collection: null,
      optional_items: null,
      origin_context: null,
      payment_intent: null,
      payment_link: null,
      payment_method_collection: 'always',
      payment_method_configuration_details: types ? null : { id: newId('pmc'), parent: null },
      payment_method_options: {},
      payment_method_types: (types ?? SUPPORTED_TYPES).filter((type) => !excluded.includes(type)),
      payment_status: 'no_payment_required',
      permissions: null,
      phone_number_collection: { enabled: false },
      presentment_details: null,
      recovered_from: null,
      saved_payment_method_options: null,
      setup_intent: null,
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_options: [],
      status: 'open',
      submit_type: null,
      subscription: null,
      success_url: successUrl,
      total_details: null,
      ui_mode: 'hosted',
      url: `${this.s.settings.publicUrl()}/c/pay/${id}`,
      wallet_options: null,
    } as unknown as Stripe.Checkout.Session;
    this.setupIntentData.set(id, { metadata: applyMetadata({}, setupData) });
    this.s.store.checkoutSessions.set(id, session);
    return clone(session);
  }

  private expire(id: string, params: Params, ctx: RequestContext): Stripe.Checkout.Session {
    allowOnly(params, ['expand']);
    const session = this.require(id);
    if (session.status !== 'open') {
      throw invalidRequest(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      );
    }
    this.expireNow(session, ctx);
    return clone(session);
  }

  private expireNow(session: Stripe.Checkout.Session, ctx: RequestContext): void {
    Object.assign(session, { status: 'expired', url: null });
    this.s.events.emit(ctx, 'checkout.session.expired', session);
  }

  private list(params: Params) {
    allowOnly(params, LIST_PARAMS);
    const customer = optString(params, 'customer');
    const setupIntent = optString(params, 'setup_intent');
    const status = optString(params, 'status');
    const sessions = [...this.s.store.checkoutSessions.values()].filter(
      (session) =>
        (!customer || session.customer === customer) &&
        (!setupIntent || session.setup_intent === setupIntent) &&
        (!status || session.status === status),
    );
    return paginate(sessions, params, '/v1/checkout/sessions', 'checkout.session');
  }
}
