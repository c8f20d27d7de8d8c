import type Stripe from 'stripe';
import { clearTimeout, setTimeout } from 'node:timers';
import { ApiError, docUrl, invalidRequest, noSuch, unexpectedState, type StripeErrorBody } from '../errors';
import type { Params } from '../form';
import { paginate, searchPage } from '../list';
import {
  allowOnly,
  applyMetadata,
  createdFilter,
  optBool,
  optEnum,
  optInt,
  optObject,
  optString,
  optStringArray,
  reqInt,
  reqString,
} from '../params';
import { NO_REQUEST, type RequestContext, type Router } from '../router';
import { compileSearch } from '../search';
import type { Services } from '../services';
import type { BankOutcome, Decline } from '../test-payment-methods';
import { clone, formatAmount, newId, nowSeconds, randomToken } from '../util';

const CREATE_PARAMS = [
  'allowed_payment_method_types',
  'amount',
  'amount_details',
  'application_fee_amount',
  'automatic_payment_methods',
  'capture_method',
  'confirm',
  'confirmation_method',
  'confirmation_token',
  'customer',
  'customer_account',
  'description',
  'error_on_requires_action',
  'excluded_payment_method_types',
  'expand',
  'hooks',
  'mandate',
  'mandate_data',
  'metadata',
  'off_session',
  'on_behalf_of',
  'payment_details',
  'payment_method',
  'payment_method_configuration',
  'payment_method_data',
  'payment_method_options',
  'payment_method_types',
  'radar_options',
  'receipt_email',
  'return_url',
  'setup_future_usage',
  'shipping',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'transfer_data',
  'transfer_group',
  'use_stripe_sdk',
  'currency',
];
const CONFIRM_PARAMS = [
  'allowed_payment_method_types',
  'amount_details',
  'capture_method',
  'error_on_requires_action',
  'expand',
  'mandate',
  'mandate_data',
  'off_session',
  'payment_details',
  'payment_method',
  'payment_method_options',
  'payment_method_types',
  'radar_options',
  'receipt_email',
  'return_url',
  'setup_future_usage',
  'shipping',
  'use_stripe_sdk',
];
const UPDATE_PARAMS = [
  'allowed_payment_method_types',
  'amount',
  'currency',
  'customer',
  'description',
  'expand',
  'metadata',
  'payment_method',
  'payment_method_options',
  'payment_method_types',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'transfer_group',
];
const LIST_PARAMS = ['created', 'customer', 'customer_account', 'ending_before', 'expand', 'limit', 'starting_after'];
const SEARCH_FIELDS = ['amount', 'created', 'currency', 'customer', 'metadata', 'status'];

const SUPPORTED_TYPES = ['card', 'us_bank_account'];
const CONFIRMABLE: Stripe.PaymentIntent.Status[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELABLE: Stripe.PaymentIntent.Status[] = [...CONFIRMABLE, 'requires_capture', 'processing'];
const MINIMUM_AMOUNTS: Record<string, number> = { usd: 50, eur: 50, cad: 50, aud: 50, gbp: 30 };
const MAXIMUM_AMOUNT = 99999999;
/** Counted in thousandths, but Stripe needs the last digit to be 0. */
const THREE_DECIMAL = ['bhd', 'jod', 'kwd', 'omr', 'tnd'];
/** Counted in hundredths, charged in whole units only. */
const WHOLE_UNITS_IN_HUNDREDTHS = ['isk'];

const AUTHENTICATION_REQUIRED: Decline = {
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};
const AUTHENTICATION_NOT_HANDLED: Decline = {
  code: 'authentication_required',
  declineCode: 'authentication_not_handled',
  message:
    "This payment required an authentication action to complete, but `error_on_requires_action` was set. When you're ready, you can upgrade your integration to handle actions at https://stripe.com/docs/payments/payment-intents/upgrade-to-handle-actions.",
};
const BANK_FAILURE_MESSAGES: Record<string, string> = {
  insufficient_funds: "The customer's account has insufficient funds to cover this payment.",
  account_closed: "The customer's bank account has been closed.",
  no_account: "The customer's bank account could not be located.",
  debit_not_authorized: 'The customer has notified their bank that this payment was unauthorized.',
};

/** How a confirmation was asked for; kept until the attempt ends (3D Secure finishes later). */
interface Confirmation {
  offSession: boolean;
  returnUrl?: string;
  errorOnRequiresAction: boolean;
}

export class PaymentIntents {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly s: Services) {}

  routes(router: Router): void {
    router.post('/v1/payment_intents', ({ params, ctx }) => this.create(params, ctx));
    router.get('/v1/payment_intents', ({ params }) => this.list(params));
    router.get('/v1/payment_intents/search', ({ params }) => this.search(params));
    router.get('/v1/payment_intents/:id', ({ pathParams, params }) => {
      allowOnly(params, ['client_secret', 'expand']);
      return clone(this.require(pathParams.id));
    });
    router.post('/v1/payment_intents/:id', ({ pathParams, params }) => this.update(pathParams.id, params));
    router.post('/v1/payment_intents/:id/confirm', ({ pathParams, params, ctx }) => this.confirm(pathParams.id, params, ctx));
    router.post('/v1/payment_intents/:id/cancel', ({ pathParams, params, ctx }) => this.cancel(pathParams.id, params, ctx));
  }

  require(id: string, param?: string): Stripe.PaymentIntent {
    const intent = this.s.store.paymentIntents.get(id);
    if (!intent) throw noSuch('payment_intent', id, param);
    return intent;
  }

  /** Stops pending automatic bank settlements. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  // ---- API ----

  private create(params: Params, ctx: RequestContext): Stripe.PaymentIntent {
    allowOnly(params, CREATE_PARAMS);
    const currency = parseCurrency(params);
    const amount = parseAmount(params, currency);
    const customerId = optString(params, 'customer');
    if (customerId) this.s.customers.require(customerId, 'customer');
    const confirm = optBool(params, 'confirm') ?? false;
    const confirmation = parseConfirmation(params);
    if (params.off_session !== undefined && !confirm) {
      throw invalidRequest('You can only pass `off_session` when `confirm` is `true`.', { param: 'off_session' });
    }
    const types = parsePaymentMethodTypes(params);
    const paymentMethodId = optString(params, 'payment_method');
    const paymentMethod = paymentMethodId ? this.s.paymentMethods.resolve(paymentMethodId, 'payment_method') : undefined;
    if (paymentMethod) this.checkPaymentMethod(paymentMethod, customerId ?? null, types.list);
    const setupFutureUsage = optEnum(params, 'setup_future_usage', ['off_session', 'on_session'] as const) ?? null;
    if (confirm) this.checkConfirmable(paymentMethod, types, confirmation, setupFutureUsage);
    if (confirm) this.checkMandate(paymentMethod!, params);
    const captureMethod = optEnum(params, 'capture_method', ['automatic', 'automatic_async', 'manual'] as const);
    if (captureMethod === 'manual') {
      throw invalidRequest('capture_method=manual is not supported by the Stripe test server.', { param: 'capture_method' });
    }

    const intent: Stripe.PaymentIntent = {
      id: newId('pi'),
      object: 'payment_intent',
      allowed_payment_method_types: types.automatic ? null : (types.list as Stripe.PaymentIntent.AllowedPaymentMethodType[]),
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: types.automatic ? { allow_redirects: types.allowRedirects, enabled: true } : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: captureMethod ?? 'automatic_async',
      client_secret: null,
      confirmation_method: optEnum(params, 'confirmation_method', ['automatic', 'manual'] as const) ?? 'automatic',
      created: nowSeconds(),
      currency,
      customer: customerId ?? null,
      customer_account: null,
      description: optString(params, 'description') || null,
      excluded_payment_method_types: null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      managed_payments: null,
      metadata: applyMetadata({}, params),
      next_action: null,
      on_behalf_of: null,
      payment_method: paymentMethod?.id ?? null,
      payment_method_configuration_details: types.automatic ? { id: newId('pmc'), parent: null } : null,
      payment_method_options: paymentMethodOptions(types.list),
      payment_method_types: types.list,
      payment_record: null,
      processing: null,
      receipt_email: optString(params, 'receipt_email') || null,
      review: null,
      setup_future_usage: setupFutureUsage,
      shipping: null,
      source: null,
      statement_descriptor: optString(params, 'statement_descriptor') || null,
      statement_descriptor_suffix: optString(params, 'statement_descriptor_suffix') || null,
      status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
      transfer_data: null,
      transfer_group: optString(params, 'transfer_group') || null,
    };
    intent.client_secret = `${intent.id}_secret_${randomToken(25)}`;
    this.s.store.paymentIntents.set(intent.id, intent);
    this.s.events.emit(ctx, 'payment_intent.created', intent);
    return confirm ? this.attempt(intent, paymentMethod!, confirmation, ctx) : clone(intent);
  }

  private confirm(id: string, params: Params, ctx: RequestContext): Stripe.PaymentIntent {
    allowOnly(params, CONFIRM_PARAMS);
    const intent = this.require(id);
    if (!CONFIRMABLE.includes(intent.status)) {
      throw unexpectedState(
        'payment_intent_unexpected_state',
        `You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(', ')}.`,
        { payment_intent: clone(intent) },
      );
    }
    const confirmation = parseConfirmation(params);
    const paymentMethodId = optString(params, 'payment_method') ?? (intent.payment_method as string | null);
    const paymentMethod = paymentMethodId ? this.s.paymentMethods.resolve(paymentMethodId, 'payment_method') : undefined;
    if (paymentMethod) this.checkPaymentMethod(paymentMethod, intent.customer as string | null, intent.payment_method_types);
    const types = {
      list: intent.payment_method_types,
      automatic: intent.automatic_payment_methods !== null,
      allowRedirects: intent.automatic_payment_methods?.allow_redirects === 'never' ? 'never' : 'always',
    } as const;
    // '' unsets it, as everywhere in the API.
    const setupFutureUsage =
      params.setup_future_usage === ''
        ? null
        : (optEnum(params, 'setup_future_usage', ['off_session', 'on_session'] as const) ?? intent.setup_future_usage);
    this.checkConfirmable(paymentMethod, types, confirmation, setupFutureUsage);
    this.checkMandate(paymentMethod!, params);
    intent.setup_future_usage = setupFutureUsage;
    const receiptEmail = optString(params, 'receipt_email');
    if (receiptEmail !== undefined) intent.receipt_email = receiptEmail || null;
    return this.attempt(intent, paymentMethod!, confirmation, ctx);
  }

  private update(id: string, params: Params): Stripe.PaymentIntent {
    allowOnly(params, UPDATE_PARAMS);
    const intent = this.require(id);
    const updated = clone(intent);
    updated.metadata = applyMetadata(intent.metadata, params);
    for (const field of ['description', 'receipt_email', 'statement_descriptor', 'statement_descriptor_suffix'] as const) {
      const value = optString(params, field);
      if (value !== undefined) updated[field] = value || null;
    }
    const amount = optInt(params, 'amount');
    if (amount !== undefined) {
      this.requireOpen(intent, 'amount');
      updated.amount = parseAmount(params, updated.currency);
    }
    const paymentMethodId = optString(params, 'payment_method');
    if (paymentMethodId !== undefined) {
      this.requireOpen(intent, 'payment_method');
      const paymentMethod = this.s.paymentMethods.resolve(paymentMethodId, 'payment_method');
      this.checkPaymentMethod(paymentMethod, updated.customer as string | null, updated.payment_method_types);
      updated.payment_method = paymentMethod.id;
      updated.status = 'requires_confirmation';
    }
    const customerId = optString(params, 'customer');
    if (customerId !== undefined) {
      this.requireOpen(intent, 'customer');
      updated.customer = this.s.customers.require(customerId, 'customer').id;
    }
    // PaymentIntents have no *.updated event type.
    Object.assign(intent, updated);
    return clone(intent);
  }

  private cancel(id: string, params: Params, ctx: RequestContext): Stripe.PaymentIntent {
    allowOnly(params, ['cancellation_reason', 'expand']);
    const intent = this.require(id);
    if (!CANCELABLE.includes(intent.status)) {
      throw unexpectedState(
        'payment_intent_unexpected_state',
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
        { payment_intent: clone(intent) },
      );
    }
    const reason = optEnum(params, 'cancellation_reason', ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const);
    const charge = intent.latest_charge ? this.s.store.charges.get(intent.latest_charge as string) : undefined;
    if (charge?.status === 'pending') charge.status = 'failed';
    Object.assign(intent, {
      status: 'canceled',
      canceled_at: nowSeconds(),
      cancellation_reason: reason ?? null,
      next_action: null,
    });
    this.s.events.emit(ctx, 'payment_intent.canceled', intent);
    return clone(intent);
  }

  private list(params: Params) {
    allowOnly(params, LIST_PARAMS);
    const customer = optString(params, 'customer');
    const created = createdFilter(params);
    const intents = [...this.s.store.paymentIntents.values()].filter(
      (intent) => (!customer || intent.customer === customer) && created(intent.created),
    );
    return paginate(intents, params, '/v1/payment_intents', 'payment_intent');
  }

  private search(params: Params) {
    allowOnly(params, ['expand', 'limit', 'page', 'query']);
    const matches = compileSearch(optString(params, 'query'), 'payment_intents', SEARCH_FIELDS);
    const found = [...this.s.store.paymentIntents.values()].filter((intent) =>
      matches((field, key) => {
        if (field === 'metadata') return key ? intent.metadata[key] : undefined;
        return intent[field as 'amount' | 'created' | 'currency' | 'customer' | 'status'] as string | number | null;
      }),
    );
    return searchPage(found, params, '/v1/payment_intents/search');
  }

  // ---- Test controls ----

  /** Ends a bank debit sitting in `processing`, by default the way its test account says. */
  settleBankDebit(id: string, outcome?: 'succeeded' | 'failed', failureCode?: string): Stripe.PaymentIntent {
    const intent = this.require(id);
    if (intent.status !== 'processing') throw new Error(`PaymentIntent ${id} is ${intent.status}, not processing`);
    const paymentMethod = this.s.paymentMethods.resolve(intent.payment_method as string);
    const behavior = this.s.paymentMethods.state(paymentMethod.id).behavior.charge;
    const result = bankOutcome(behavior.kind === 'bank_debit' ? behavior.settles : { status: 'succeeded' }, outcome, failureCode);
    const charge = this.s.charges.require(intent.latest_charge as string);
    if (result.status === 'succeeded') {
      this.s.charges.settle(charge, { status: 'succeeded' });
      this.succeed(intent, charge, NO_REQUEST);
      if (behavior.kind === 'bank_debit' && behavior.disputeAfter) this.s.disputes.open(charge, {});
    } else {
      this.s.charges.settle(charge, result);
      this.fail(intent, charge, NO_REQUEST, {
        type: 'invalid_request_error',
        code: 'payment_intent_payment_attempt_failed',
        doc_url: docUrl('payment_intent_payment_attempt_failed'),
        message: 'The payment failed.',
        payment_method: clone(paymentMethod),
      });
    }
    return clone(intent);
  }

  /** The customer finishing (or failing) 3D Secure for a PaymentIntent in `requires_action`. */
  completeAction(id: string, outcome: 'succeeded' | 'failed'): Stripe.PaymentIntent {
    const intent = this.require(id);
    if (intent.status !== 'requires_action') throw new Error(`PaymentIntent ${id} is ${intent.status}, not requires_action`);
    const paymentMethod = this.s.paymentMethods.resolve(intent.payment_method as string);
    intent.next_action = null;
    if (outcome === 'succeeded') {
      if (intent.setup_future_usage === 'off_session') this.s.paymentMethods.state(paymentMethod.id).setUpForOffSession = true;
      this.chargeCard(intent, paymentMethod, NO_REQUEST, false);
    } else {
      this.fail(intent, undefined, NO_REQUEST, {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        doc_url: docUrl('payment_intent_authentication_failure'),
        message:
          'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
        payment_method: clone(paymentMethod),
      });
    }
    return clone(intent);
  }

  // ---- Payment attempts ----

  /** One confirmation: the test PaymentMethod's behaviour decides the outcome. */
  private attempt(
    intent: Stripe.PaymentIntent,
    paymentMethod: Stripe.PaymentMethod,
    confirmation: Confirmation,
    ctx: RequestContext,
  ): Stripe.PaymentIntent {
    Object.assign(intent, { payment_method: paymentMethod.id, last_payment_error: null, next_action: null });
    const state = this.s.paymentMethods.state(paymentMethod.id);
    const behavior = state.behavior.charge;
    try {
      switch (behavior.kind) {
        case 'succeed':
          return this.chargeCard(intent, paymentMethod, ctx, behavior.disputeAfter ?? false);
        case 'decline':
          return this.decline(intent, paymentMethod, behavior.decline, ctx, true);
        case 'authenticate': {
          const passes =
            confirmation.offSession && (behavior.offSession === 'always' || (behavior.offSession === 'when_set_up' && state.setUpForOffSession));
          if (passes) return this.chargeCard(intent, paymentMethod, ctx, false);
          if (confirmation.offSession) return this.decline(intent, paymentMethod, AUTHENTICATION_REQUIRED, ctx, true);
          if (confirmation.errorOnRequiresAction) {
            return this.decline(intent, paymentMethod, AUTHENTICATION_NOT_HANDLED, ctx, false);
          }
          return this.requireAction(intent, confirmation, ctx);
        }
        case 'bank_debit':
          return this.startBankDebit(intent, paymentMethod, ctx);
      }
    } finally {
      this.s.paymentMethods.markUsed(paymentMethod);
    }
  }

  private chargeCard(
    intent: Stripe.PaymentIntent,
    paymentMethod: Stripe.PaymentMethod,
    ctx: RequestContext,
    disputeAfter: boolean,
  ): Stripe.PaymentIntent {
    const charge = this.s.charges.create(intent, paymentMethod, { status: 'succeeded' });
    this.saveForFuture(intent, paymentMethod, ctx);
    this.succeed(intent, charge, ctx);
    if (disputeAfter) this.s.disputes.open(charge, {});
    return clone(intent);
  }

  private succeed(intent: Stripe.PaymentIntent, charge: Stripe.Charge, ctx: RequestContext): void {
    Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, latest_charge: charge.id, next_action: null });
    this.s.events.emit(ctx, 'charge.succeeded', charge);
    this.s.events.emit(ctx, 'payment_intent.succeeded', intent);
  }

  /** A failed attempt: the PaymentIntent waits for a new payment method, with the error recorded. */
  private fail(intent: Stripe.PaymentIntent, charge: Stripe.Charge | undefined, ctx: RequestContext, error: StripeErrorBody): void {
    Object.assign(intent, {
      status: 'requires_payment_method',
      payment_method: null,
      next_action: null,
      last_payment_error: error as Stripe.PaymentIntent.LastPaymentError,
      ...(charge ? { latest_charge: charge.id } : {}),
    });
    if (charge) this.s.events.emit(ctx, 'charge.failed', charge);
    this.s.events.emit(ctx, 'payment_intent.payment_failed', intent);
  }

  /** A card decline answers 402 card_error, embedding the PaymentIntent as it now is. */
  private decline(
    intent: Stripe.PaymentIntent,
    paymentMethod: Stripe.PaymentMethod,
    decline: Decline,
    ctx: RequestContext,
    withCharge: boolean,
  ): never {
    const charge = withCharge ? this.s.charges.create(intent, paymentMethod, { status: 'failed', decline }) : undefined;
    const error: StripeErrorBody = {
      type: 'card_error',
      code: decline.code,
      decline_code: decline.declineCode,
      message: decline.message,
      doc_url: docUrl(decline.code),
      ...(decline.adviceCode ? { advice_code: decline.adviceCode } : {}),
      ...(decline.param ? { param: decline.param } : {}),
      ...(charge ? { charge: charge.id } : {}),
      payment_method: clone(paymentMethod),
    };
    this.fail(intent, charge, ctx, error);
    throw new ApiError(402, {
      ...error,
      payment_intent: clone(intent),
      ...(ctx.requestId ? { request_log_url: `https://dashboard.stripe.com/test/logs/${ctx.requestId}` } : {}),
    });
  }

  private requireAction(intent: Stripe.PaymentIntent, confirmation: Confirmation, ctx: RequestContext): Stripe.PaymentIntent {
    const url = `${this.s.settings.publicUrl()}/3d_secure_2/hosted/${intent.id}`;
    intent.status = 'requires_action';
    intent.next_action = confirmation.returnUrl
      ? { type: 'redirect_to_url', redirect_to_url: { return_url: confirmation.returnUrl, url } }
      : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: newId('src') } };
    this.s.events.emit(ctx, 'payment_intent.requires_action', intent);
    return clone(intent);
  }

  private startBankDebit(intent: Stripe.PaymentIntent, paymentMethod: Stripe.PaymentMethod, ctx: RequestContext) {
    const charge = this.s.charges.create(intent, paymentMethod, { status: 'pending' });
    Object.assign(intent, { status: 'processing', latest_charge: charge.id });
    this.saveForFuture(intent, paymentMethod, ctx);
    this.s.events.emit(ctx, 'charge.pending', charge);
    this.s.events.emit(ctx, 'payment_intent.processing', intent);
    this.scheduleSettlement(intent.id, paymentMethod.id);
    return clone(intent);
  }

  private scheduleSettlement(intentId: string, paymentMethodId: string): void {
    const delay = this.s.settings.bankDebitSettlementMs;
    const behavior = this.s.paymentMethods.state(paymentMethodId).behavior.charge;
    if (delay === undefined || (behavior.kind === 'bank_debit' && behavior.settles === 'never')) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.s.store.paymentIntents.get(intentId)?.status === 'processing') this.settleBankDebit(intentId);
    }, delay);
    this.timers.add(timer);
  }

  /** `setup_future_usage` with a customer attaches the PaymentMethod once the payment goes through. */
  private saveForFuture(intent: Stripe.PaymentIntent, paymentMethod: Stripe.PaymentMethod, ctx: RequestContext): void {
    if (!intent.setup_future_usage || !intent.customer || paymentMethod.customer) return;
    this.s.paymentMethods.attachTo(paymentMethod, intent.customer as string, ctx);
  }

  // ---- Validation ----

  private checkPaymentMethod(paymentMethod: Stripe.PaymentMethod, customerId: string | null, types: string[]): void {
    this.s.paymentMethods.checkUsable(paymentMethod, 'payment_method');
    if (paymentMethod.customer && !customerId) {
      throw invalidRequest(
        `The provided PaymentMethod ${paymentMethod.id} is attached to a Customer. Pass that Customer's ID in the \`customer\` parameter to use it.`,
        { param: 'payment_method' },
      );
    }
    if (paymentMethod.customer && paymentMethod.customer !== customerId) {
      throw invalidRequest(`The provided PaymentMethod ${paymentMethod.id} belongs to a different Customer.`, {
        param: 'payment_method',
      });
    }
    if (!types.includes(paymentMethod.type)) {
      throw invalidRequest(
        `The PaymentMethod provided (${paymentMethod.type}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${types.join(', ')}.`,
        { code: 'payment_intent_incompatible_payment_method', param: 'payment_method' },
      );
    }
  }

  private checkConfirmable(
    paymentMethod: Stripe.PaymentMethod | undefined,
    types: PaymentMethodTypes,
    confirmation: Confirmation,
    setupFutureUsage: string | null,
  ): void {
    if (confirmation.offSession && setupFutureUsage) {
      throw invalidRequest(
        'You cannot confirm with the `off_session` parameter when `setup_future_usage` is also set on the PaymentIntent because you cannot set up future usages when processing payments off-session.',
        { param: 'off_session' },
      );
    }
    if (!paymentMethod) {
      throw invalidRequest(
        "You cannot confirm this PaymentIntent because it's missing a payment method. Update the PaymentIntent with a payment method and then confirm it again.",
        { code: 'payment_intent_unexpected_state' },
      );
    }
    if (types.automatic && types.allowRedirects !== 'never' && !confirmation.returnUrl) {
      throw invalidRequest(
        'A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.',
      );
    }
  }

  /**
   * A bank debit needs the customer's mandate: one saved with the method by a SetupIntent or Checkout, one
   * named in `mandate`, or acceptance given now in `mandate_data`. Without it Stripe refuses the debit.
   */
  private checkMandate(paymentMethod: Stripe.PaymentMethod, params: Params): void {
    if (paymentMethod.type === 'us_bank_account') this.s.mandates.forBankDebit(paymentMethod, params);
  }

  private requireOpen(intent: Stripe.PaymentIntent, field: string): void {
    if (CONFIRMABLE.includes(intent.status)) return;
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `This PaymentIntent's ${field} could not be updated because it has a status of ${intent.status}. You may only update the ${field} of a PaymentIntent with one of the following statuses: ${CONFIRMABLE.join(', ')}.`,
      { param: field, payment_intent: clone(intent) },
    );
  }
}

interface PaymentMethodTypes {
  list: string[];
  automatic: boolean;
  allowRedirects: 'always' | 'never';
}

/**
 * `allowed_payment_method_types` (this API version's name) or the older `payment_method_types`; without
 * either, Stripe uses the Dashboard's payment methods (automatic_payment_methods), here card and bank debit.
 */
function parsePaymentMethodTypes(params: Params): PaymentMethodTypes {
  const explicit = optStringArray(params, 'allowed_payment_method_types') ?? optStringArray(params, 'payment_method_types');
  const automatic = optObject(params, 'automatic_payment_methods');
  const automaticEnabled = automatic ? optBool(automatic, 'enabled') : undefined;
  if (explicit && automaticEnabled) {
    throw invalidRequest('You may only specify one of these parameters: automatic_payment_methods, allowed_payment_method_types.', {
      code: 'parameters_exclusive',
      param: 'automatic_payment_methods',
    });
  }
  if (explicit) {
    const unsupported = explicit.find((type) => !SUPPORTED_TYPES.includes(type));
    if (unsupported) {
      throw invalidRequest(`The Stripe test server does not support the payment method type "${unsupported}".`, {
        param: 'allowed_payment_method_types',
      });
    }
    return { list: explicit, automatic: false, allowRedirects: 'always' };
  }
  const allowRedirects = automatic ? optEnum(automatic, 'allow_redirects', ['always', 'never'] as const) : undefined;
  return { list: [...SUPPORTED_TYPES], automatic: true, allowRedirects: allowRedirects ?? 'always' };
}

function parseConfirmation(params: Params): Confirmation {
  // off_session also takes 'one_off' and 'recurring', both meaning true.
  const offSession = optString(params, 'off_session');
  if (offSession !== undefined && !['true', 'false', 'one_off', 'recurring'].includes(offSession)) {
    throw invalidRequest(`Invalid off_session: ${offSession}`, { param: 'off_session' });
  }
  return {
    offSession: offSession !== undefined && offSession !== 'false',
    returnUrl: optString(params, 'return_url') || undefined,
    errorOnRequiresAction: optBool(params, 'error_on_requires_action') ?? false,
  };
}

function parseCurrency(params: Params): string {
  const currency = reqString(params, 'currency').toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${currency}.`, { param: 'currency' });
  return currency;
}

function parseAmount(params: Params, currency: string): number {
  const amount = reqInt(params, 'amount');
  const minimum = MINIMUM_AMOUNTS[currency] ?? 1;
  if (amount < minimum) {
    throw invalidRequest(`Amount must be at least ${formatAmount(minimum, currency)} ${currency}`, {
      code: 'amount_too_small',
      param: 'amount',
    });
  }
  if (amount > MAXIMUM_AMOUNT) {
    throw invalidRequest(`Amount must be no more than ${formatAmount(MAXIMUM_AMOUNT, currency)}`, {
      code: 'amount_too_large',
      param: 'amount',
    });
  }
  // https://docs.stripe.com/currencies#three-decimal and #special-cases.
  if (THREE_DECIMAL.includes(currency) && amount % 10 !== 0) {
    throw invalidRequest(`Invalid amount. Amounts in ${currency} must be rounded to the nearest ten: the last digit must be 0.`, {
      code: 'invalid_amount',
      param: 'amount',
    });
  }
  if (WHOLE_UNITS_IN_HUNDREDTHS.includes(currency) && amount % 100 !== 0) {
    throw invalidRequest(
      `Invalid amount. Currency ${currency.toUpperCase()} has become effectively zero-decimal and charged amounts must be evenly divisible by 100. See https://stripe.com/docs/currencies#special-cases for more information.`,
      { code: 'invalid_charge_amount_no_decimal_compatible', param: 'amount' },
    );
  }
  return amount;
}

function bankOutcome(natural: BankOutcome | 'never', outcome?: 'succeeded' | 'failed', failureCode?: string): BankOutcome {
  if (outcome === 'succeeded') return { status: 'succeeded' };
  if (outcome === 'failed' || failureCode) {
    const code = failureCode ?? (natural !== 'never' && natural.status === 'failed' ? natural.failureCode : 'insufficient_funds');
    return { status: 'failed', failureCode: code, failureMessage: BANK_FAILURE_MESSAGES[code] ?? 'The payment failed.' };
  }
  if (natural === 'never') throw new Error('pm_usBankAccount_processing never settles on its own: pass an outcome');
  return natural;
}

function paymentMethodOptions(types: string[]): Stripe.PaymentIntent.PaymentMethodOptions {
  const options: Record<string, unknown> = {};
  if (types.includes('card')) {
    options.card = { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' };
  }
  if (types.includes('us_bank_account')) {
    options.us_bank_account = { verification_method: 'automatic' };
  }
  return options as Stripe.PaymentIntent.PaymentMethodOptions;
}
