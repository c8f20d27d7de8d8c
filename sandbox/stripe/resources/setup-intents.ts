import type Stripe from 'stripe';
import { ApiError, docUrl, invalidRequest, noSuch, unexpectedState } from '../errors';
import type { Params } from '../form';
import { paginate } from '../list';
import { allowOnly, applyMetadata, createdFilter, optBool, optEnum, optString, optStringArray } from '../params';
import { NO_REQUEST, type RequestContext, type Router } from '../router';
import type { Services } from '../services';
import { clone, newId, nowSeconds, randomToken } from '../util';

const CREATE_PARAMS = [
  'allowed_payment_method_types',
  'attach_to_self',
  'automatic_payment_methods',
  'confirm',
  'confirmation_token',
  'customer',
  'customer_account',
  'description',
  'excluded_payment_method_types',
  'expand',
  'flow_directions',
  'mandate_data',
  'metadata',
  'on_behalf_of',
  'payment_method',
  'payment_method_configuration',
  'payment_method_data',
  'payment_method_options',
  'payment_method_types',
  'return_url',
  'single_use',
  'usage',
  'use_stripe_sdk',
];
const CONFIRM_PARAMS = [
  'allowed_payment_method_types',
  'confirmation_token',
  'expand',
  'mandate_data',
  'payment_method',
  'payment_method_data',
  'payment_method_options',
  'return_url',
  'use_stripe_sdk',
];
const UPDATE_PARAMS = ['customer', 'description', 'expand', 'metadata', 'payment_method'];
const LIST_PARAMS = [
  'attach_to_self',
  'created',
  'customer',
  'customer_account',
  'ending_before',
  'expand',
  'limit',
  'payment_method',
  'starting_after',
];
const OPEN: Stripe.SetupIntent.Status[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

/** SetupIntents save a PaymentMethod for later; success attaches it to the customer. */
export class SetupIntents {
  private readonly returnUrls = new Map<string, string>();

  constructor(private readonly s: Services) {}

  routes(router: Router): void {
    router.post('/v1/setup_intents', ({ params, ctx }) => this.create(params, ctx));
    router.get('/v1/setup_intents', ({ params }) => this.list(params));
    router.get('/v1/setup_intents/:id', ({ pathParams, params }) => {
      allowOnly(params, ['client_secret', 'expand']);
      return clone(this.require(pathParams.id));
    });
    router.post('/v1/setup_intents/:id', ({ pathParams, params }) => this.update(pathParams.id, params));
    router.post('/v1/setup_intents/:id/confirm', ({ pathParams, params, ctx }) => this.confirm(pathParams.id, params, ctx));
    router.post('/v1/setup_intents/:id/cancel', ({ pathParams, params, ctx }) => this.cancel(pathParams.id, params, ctx));
  }

  require(id: string): Stripe.SetupIntent {
    const intent = this.s.store.setupIntents.get(id);
    if (!intent) throw noSuch('setupintent', id);
    return intent;
  }

  private create(params: Params, ctx: RequestContext): Stripe.SetupIntent {
    allowOnly(params, CREATE_PARAMS);
    const acceptance = this.s.mandates.acceptanceFrom(params);
    const customerId = optString(params, 'customer');
    if (customerId) this.s.customers.require(customerId, 'customer');
    const paymentMethodId = optString(params, 'payment_method');
    const paymentMethod = paymentMethodId ? this.s.paymentMethods.resolve(paymentMethodId, 'payment_method') : undefined;
    const confirm = optBool(params, 'confirm') ?? false;
    if (confirm && !paymentMethod) throw missingPaymentMethod();
    const types = optStringArray(params, 'allowed_payment_method_types') ?? optStringArray(params, 'payment_method_types');
    const intent: Stripe.SetupIntent = {
      id: newId('seti'),
      object: 'setup_intent',
      allowed_payment_method_types: (types ?? null) as Stripe.SetupIntent.AllowedPaymentMethodType[] | null,
      application: null,
      automatic_payment_methods: types ? null : { allow_redirects: 'always', enabled: true },
      cancellation_reason: null,
      client_secret: null,
      created: nowSeconds(),
      customer: customerId ?? null,
      customer_account: null,
      description: optString(params, 'description') || null,
      excluded_payment_method_types: null,
      flow_directions: null,
      last_setup_error: null,
      latest_attempt: null,
      livemode: false,
      managed_payments: null,
      mandate: null,
      metadata: applyMetadata({}, params),
      next_action: null,
      on_behalf_of: null,
      payment_method: paymentMethod?.id ?? null,
      payment_method_configuration_details: null,
      payment_method_options: null,
      payment_method_types: types ?? ['card', 'us_bank_account'],
      single_use_mandate: null,
      status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
      usage: optEnum(params, 'usage', ['off_session', 'on_session'] as const) ?? 'off_session',
    };
    intent.client_secret = `${intent.id}_secret_${randomToken(25)}`;
    const returnUrl = optString(params, 'return_url');
    if (returnUrl) this.returnUrls.set(intent.id, returnUrl);
    this.s.store.setupIntents.set(intent.id, intent);
    this.s.events.emit(ctx, 'setup_intent.created', intent);
    return confirm ? this.attempt(intent, paymentMethod!, ctx, acceptance) : clone(intent);
  }

  /** Checkout's hosted page confirms the session's SetupIntent with what the customer picked and accepted. */
  confirmFromHostedPage(
    intent: Stripe.SetupIntent,
    paymentMethod: Stripe.PaymentMethod,
    acceptance: Stripe.Mandate.CustomerAcceptance,
    ctx: RequestContext,
  ): Stripe.SetupIntent {
    this.requireOpen(intent, 'confirm');
    return this.attempt(intent, paymentMethod, ctx, acceptance);
  }

  /** Creates a SetupIntent for Checkout (no request of its own, as on Stripe: it shows up as created by Checkout). */
  createForCheckout(customerId: string | null, types: string[], metadata: Stripe.Metadata, ctx: RequestContext): Stripe.SetupIntent {
    const params: Params = { usage: 'off_session', payment_method_types: types, metadata };
    if (customerId) params.customer = customerId;
    return this.s.store.setupIntents.get(this.create(params, ctx).id)!;
  }

  private confirm(id: string, params: Params, ctx: RequestContext): Stripe.SetupIntent {
    allowOnly(params, CONFIRM_PARAMS);
    const intent = this.require(id);
    this.requireOpen(intent, 'confirm');
    const paymentMethodId = optString(params, 'payment_method') ?? (intent.payment_method as string | null);
    if (!paymentMethodId) throw missingPaymentMethod();
    const returnUrl = optString(params, 'return_url');
    if (returnUrl) this.returnUrls.set(intent.id, returnUrl);
    return this.attempt(intent, this.s.paymentMethods.resolve(paymentMethodId, 'payment_method'), ctx, this.s.mandates.acceptanceFrom(params));
  }

  private update(id: string, params: Params): Stripe.SetupIntent {
    allowOnly(params, UPDATE_PARAMS);
    const intent = this.require(id);
    intent.metadata = applyMetadata(intent.metadata, params);
    const description = optString(params, 'description');
    if (description !== undefined) intent.description = description || null;
    const paymentMethodId = optString(params, 'payment_method');
    if (paymentMethodId) {
      this.requireOpen(intent, 'update');
      intent.payment_method = this.s.paymentMethods.resolve(paymentMethodId, 'payment_method').id;
      intent.status = 'requires_confirmation';
    }
    return clone(intent);
  }

  private cancel(id: string, params: Params, ctx: RequestContext): Stripe.SetupIntent {
    allowOnly(params, ['cancellation_reason', 'expand']);
    const intent = this.require(id);
    this.requireOpen(intent, 'cancel');
    const reason = optEnum(params, 'cancellation_reason', ['abandoned', 'duplicate', 'requested_by_customer'] as const);
    Object.assign(intent, { status: 'canceled', cancellation_reason: reason ?? null, next_action: null });
    this.s.events.emit(ctx, 'setup_intent.canceled', intent);
    return clone(intent);
  }

  private list(params: Params) {
    allowOnly(params, LIST_PARAMS);
    const customer = optString(params, 'customer');
    const paymentMethod = optString(params, 'payment_method');
    const created = createdFilter(params);
    const intents = [...this.s.store.setupIntents.values()].filter(
      (intent) =>
        (!customer || intent.customer === customer) && (!paymentMethod || intent.payment_method === paymentMethod) && created(intent.created),
    );
    return paginate(intents, params, '/v1/setup_intents', 'setupintent');
  }

  /** The customer finishing (or failing) 3D Secure for a SetupIntent in `requires_action`. */
  completeAction(id: string, outcome: 'succeeded' | 'failed'): Stripe.SetupIntent {
    const intent = this.require(id);
    if (intent.status !== 'requires_action') throw new Error(`SetupIntent ${id} is ${intent.status}, not requires_action`);
    const paymentMethod = this.s.paymentMethods.resolve(intent.payment_method as string);
    intent.next_action = null;
    if (outcome === 'succeeded') return this.succeed(intent, paymentMethod, NO_REQUEST);
    Object.assign(intent, {
      status: 'requires_payment_method',
      payment_method: null,
      last_setup_error: {
        type: 'invalid_request_error',
        code: 'setup_intent_authentication_failure',
        doc_url: docUrl('setup_intent_authentication_failure'),
        message:
          'The latest attempt to set up the payment method has failed because authentication failed. Provide a new payment method to attempt to fulfill this SetupIntent again.',
        payment_method: clone(paymentMethod),
      },
    });
    this.s.events.emit(NO_REQUEST, 'setup_intent.setup_failed', intent);
    return clone(intent);
  }

  private attempt(
    intent: Stripe.SetupIntent,
    paymentMethod: Stripe.PaymentMethod,
    ctx: RequestContext,
    acceptance: Stripe.Mandate.CustomerAcceptance | undefined,
  ) {
    // A bank account is saved for later debits only with the customer's mandate, as on Stripe.
    if (paymentMethod.type === 'us_bank_account' && !acceptance) {
      throw invalidRequest(
        'A mandate is required to set up a us_bank_account PaymentMethod: provide mandate_data[customer_acceptance], or collect it with Checkout in setup mode.',
        { code: 'parameter_missing', param: 'mandate_data' },
      );
    }
    Object.assign(intent, { payment_method: paymentMethod.id, last_setup_error: null });
    const behavior = this.s.paymentMethods.state(paymentMethod.id).behavior;
    const charge = behavior.charge;
    // Setting up a card is a validation: decline cards fail here whatever the attach mode.
    if (charge.kind === 'decline' && behavior.declinesOnAttach) {
      const { decline } = charge;
      const error = {
        type: 'card_error' as const,
        code: decline.code,
        decline_code: decline.declineCode,
        message: decline.message,
        doc_url: docUrl(decline.code),
        payment_method: clone(paymentMethod),
      };
      Object.assign(intent, { status: 'requires_payment_method', payment_method: null, last_setup_error: error });
      this.s.events.emit(ctx, 'setup_intent.setup_failed', intent);
      throw new ApiError(402, { ...error, setup_intent: clone(intent) });
    }
    if (intent.customer) this.s.paymentMethods.checkAttachable(paymentMethod, intent.customer as string);
    if (charge.kind === 'authenticate' && charge.offSession !== 'always') {
      const url = `${this.s.settings.publicUrl()}/3d_secure_2/hosted/${intent.id}`;
      const returnUrl = this.returnUrls.get(intent.id);
      intent.status = 'requires_action';
      intent.next_action = returnUrl
        ? { type: 'redirect_to_url', redirect_to_url: { return_url: returnUrl, url } }
        : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url } };
      this.s.events.emit(ctx, 'setup_intent.requires_action', intent);
      return clone(intent);
    }
    if (acceptance && paymentMethod.type === 'us_bank_account') intent.mandate = this.s.mandates.record(paymentMethod, acceptance).id;
    return this.succeed(intent, paymentMethod, ctx);
  }

  private succeed(intent: Stripe.SetupIntent, paymentMethod: Stripe.PaymentMethod, ctx: RequestContext) {
    if (intent.usage === 'off_session') this.s.paymentMethods.state(paymentMethod.id).setUpForOffSession = true;
    if (intent.customer) this.s.paymentMethods.attachTo(paymentMethod, intent.customer as string, ctx);
    intent.status = 'succeeded';
    this.s.events.emit(ctx, 'setup_intent.succeeded', intent);
    return clone(intent);
  }

  private requireOpen(intent: Stripe.SetupIntent, action: string): void {
    if (OPEN.includes(intent.status)) return;
    throw unexpectedState('setup_intent_unexpected_state', `You cannot ${action} this SetupIntent because it has a status of ${intent.status}.`, {
      setup_intent: clone(intent),
    });
  }
}

function missingPaymentMethod(): ApiError {
  return invalidRequest(
    "You cannot confirm this SetupIntent because it's missing a payment method. Update the SetupIntent with a payment method and then confirm it again.",
    { code: 'setup_intent_unexpected_state' },
  );
}
