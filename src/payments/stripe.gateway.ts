import { Inject, Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { BadSignatureError, PaymentProviderUnavailableError, ValidationError } from '../common/errors';
import type { Micros } from '../database/money';
import { fromMinorUnits, toMinorUnits } from './currencies';
import { StripeSandbox } from './stripe-sandbox';
import { MetricsService } from '../health/metrics.service';
import { present } from '../common/present';

/** What the rest of the service knows of a payment method: never card numbers, only display data. */
export interface PaymentMethodDetails {
  stripeId: string;
  type: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  bankName: string | null;
}

export type ChargeOutcome =
  | { status: 'succeeded'; intentId: string; chargeId: string | null }
  | { status: 'processing'; intentId: string; chargeId: string | null }
  | { status: 'requires_action'; intentId: string | null; declineCode: string; message: string }
  | { status: 'declined'; intentId: string | null; declineCode: string; message: string };

export interface IntentSummary {
  id: string;
  status: string;
  amountMinor: number;
  /** The intent's amount in micro-units of its own currency. */
  amountMicros: Micros;
  currency: string;
  attemptId: string | null;
  chargeId: string | null;
  created: number;
  failureCode: string | null;
  failureMessage: string | null;
}

export interface ChargeRequest {
  customerId: string;
  paymentMethodStripeId: string;
  amountMicros: Micros;
  currency: string;
  idempotencyKey: string;
  description: string;
  metadata: Record<string, string>;
}

/** A charge as Stripe holds it now: what refunds and disputes are measured against. */
export interface ChargeSummary {
  id: string;
  status: string;
  amountMinor: number;
  amountRefundedMinor: number;
  currency: string;
  paymentIntentId: string | null;
}

export interface DisputeSummary {
  id: string;
  /** `warning_*` (an inquiry: no funds withdrawn), `needs_response`, `under_review`, `won`, `lost`, … */
  status: string;
  amountMinor: number;
  currency: string;
  chargeId: string;
  paymentIntentId: string | null;
  reason: string;
}

/**
 * Network trouble, Stripe 5xx, rate limits, lock timeouts: retry later under the same key. On a
 * request path it is answered 503 `payment_provider_unavailable` with a generic message; `detail`
 * keeps Stripe's own words for logs and the support timeline.
 */
export class TransientStripeError extends PaymentProviderUnavailableError {
  constructor(
    readonly detail: string,
    retryAfterSeconds = 5,
  ) {
    super(retryAfterSeconds);
  }

  /** Logs (`String(error)`) get Stripe's words; HTTP answers only the generic message. */
  override toString(): string {
    return `${this.name}: ${this.detail}`;
  }
}

/**
 * Stripe refuses our own credentials (a wrong, revoked or restricted key): an operator's problem,
 * logged for them, never shown to the caller. Retried like an outage, since fixing the key fixes it.
 */
export class StripeCredentialsError extends TransientStripeError {}

/** Stripe refused a request that was not a charge (e.g. an unknown payment method id). */
export class StripeRequestError extends ValidationError {}

/** The card's bank declined it while Stripe attached it: Stripe's decline code and words, for the service to explain. */
export class SaveDeclinedError extends Error {
  constructor(
    readonly declineCode: string,
    readonly stripeMessage: string,
  ) {
    super(`Stripe declined the card when saving it: ${declineCode}`);
  }
}

/** A Checkout Session in setup mode: where to send the person, and (once completed) what was saved. */
export interface SetupSession {
  id: string;
  url: string | null;
  status: 'open' | 'complete' | 'expired';
  customerId: string | null;
  agencyId: string | null;
  expiresAt: Date;
  /** The saved method, once the session completed and its SetupIntent succeeded. */
  paymentMethod: PaymentMethodDetails | null;
}

export interface SetupSessionRequest {
  customerId: string;
  agencyId: string;
  currency: string;
  successUrl: string;
  cancelUrl: string;
  idempotencyKey: string;
}

/** Where a PaymentIntent that needs the cardholder stands after we confirmed it on session. */
export type AuthenticationStart =
  { status: 'requires_action'; redirectUrl: string } | { status: 'succeeded' | 'processing' | 'failed'; redirectUrl: null; message: string | null };

export { fromMinorUnits, toMinorUnits } from './currencies';

/**
 * The only place that talks to Stripe. Every mutating call carries an idempotency key chosen by
 * the caller (never the SDK's random one), so a retry after a timeout replays instead of
 * charging twice. `STRIPE_API_BASE` points the official SDK at a Stripe-compatible server.
 */
@Injectable()
export class StripeGateway {
  private readonly logger = new Logger(StripeGateway.name);
  private readonly stripe: Stripe;
  private readonly webhookSecret: string;
  /** Set once a credentials refusal was logged; cleared by the next answer Stripe accepts. */
  private credentialsRefused = false;
  private readonly statementDescriptorSuffix: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    sandbox: StripeSandbox,
    private readonly metrics: MetricsService,
  ) {
    const apiBase = sandbox.apiUrl ?? config.stripe.apiBase;
    const base = apiBase ? new URL(apiBase) : null;
    this.stripe = new Stripe(config.stripe.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      ...(base
        ? {
            host: base.hostname,
            port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
            protocol: base.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
    this.webhookSecret = config.stripe.webhookSecret;
    this.statementDescriptorSuffix = config.stripe.statementDescriptorSuffix;
  }

  async createCustomer(agency: { id: string; name: string; email: string }): Promise<string> {
    const customer = await this.call('create_customer', () =>
      this.stripe.customers.create(
        { name: agency.name, email: agency.email, metadata: { agencyId: agency.id } },
        { idempotencyKey: `customer:${agency.id}` },
      ),
    );
    return customer.id;
  }

  async retrievePaymentMethod(paymentMethodId: string): Promise<PaymentMethodDetails> {
    return details(await this.call('retrieve_payment_method', () => this.stripe.paymentMethods.retrieve(paymentMethodId)));
  }

  /** Attaches a method to the customer; a card its bank declines (Stripe checks on attach) is a SaveDeclinedError. */
  async attachPaymentMethod(customerId: string, paymentMethodId: string): Promise<PaymentMethodDetails> {
    try {
      const attached = await this.stripe.paymentMethods.attach(
        paymentMethodId,
        { customer: customerId },
        { idempotencyKey: `attach:${customerId}:${paymentMethodId}` },
      );
      this.credentialsRefused = false;
      this.metrics.stripeRequests.inc({ operation: 'attach_payment_method', outcome: 'ok' });
      return details(attached);
    } catch (error) {
      if (isStripeError(error) && error.rawType === 'card_error') {
        this.metrics.stripeRequests.inc({ operation: 'attach_payment_method', outcome: 'declined' });
        throw new SaveDeclinedError(error.decline_code ?? error.code ?? 'card_declined', error.message);
      }
      const translated = this.translate(error);
      this.metrics.stripeRequests.inc({ operation: 'attach_payment_method', outcome: outcomeOfError(translated) });
      throw translated;
    }
  }

  /**
   * A Checkout Session in setup mode: Stripe's hosted page collects a card or a US bank account (with
   * the debit mandate) and saves it to the customer, so no card number reaches this service. Bank
   * accounts only for USD wallets (ACH debits are in dollars).
   */
  async createSetupSession(request: SetupSessionRequest): Promise<SetupSession> {
    const currency = request.currency.toLowerCase();
    const session = await this.call('create_setup_session', () =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'setup',
          currency,
          customer: request.customerId,
          allowed_payment_method_types: currency === 'usd' ? ['card', 'us_bank_account'] : ['card'],
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
          metadata: { agencyId: request.agencyId },
          setup_intent_data: { metadata: { agencyId: request.agencyId } },
        },
        { idempotencyKey: request.idempotencyKey },
      ),
    );
    return setupSession(session);
  }

  async retrieveSetupSession(sessionId: string): Promise<SetupSession> {
    const session = await this.call('retrieve_setup_session', () =>
      this.stripe.checkout.sessions.retrieve(sessionId, { expand: ['setup_intent', 'setup_intent.payment_method'] }),
    );
    return setupSession(session);
  }

  /**
   * Confirms, with the cardholder present, a payment whose bank asked for authentication: Stripe
   * answers with the bank's page to send them to, and sends them back to `returnUrl` afterwards.
   * A payment already waiting for the cardholder is not confirmed again: its page is returned.
   */
  async startAuthentication(intentId: string, paymentMethodId: string, returnUrl: string, idempotencyKey: string): Promise<AuthenticationStart> {
    let intent = await this.call('retrieve_payment_intent', () => this.stripe.paymentIntents.retrieve(intentId));
    if (!['requires_action', 'succeeded', 'processing'].includes(intent.status)) {
      try {
        intent = await this.stripe.paymentIntents.confirm(intentId, { payment_method: paymentMethodId, return_url: returnUrl }, { idempotencyKey });
        this.metrics.stripeRequests.inc({ operation: 'confirm_payment_intent', outcome: 'ok' });
      } catch (error) {
        // The bank refused the card outright (no check offered): the decline is the answer.
        if (isStripeError(error) && error.rawType === 'card_error') {
          this.metrics.stripeRequests.inc({ operation: 'confirm_payment_intent', outcome: 'declined' });
          return { status: 'failed', redirectUrl: null, message: error.message };
        }
        const translated = this.translate(error);
        this.metrics.stripeRequests.inc({ operation: 'confirm_payment_intent', outcome: outcomeOfError(translated) });
        throw translated;
      }
    }
    const redirect = intent.next_action?.redirect_to_url?.url;
    if (intent.status === 'requires_action' && redirect) return { status: 'requires_action', redirectUrl: redirect };
    if (intent.status === 'succeeded' || intent.status === 'processing')
      return { status: intent.status as 'succeeded' | 'processing', redirectUrl: null, message: null };
    return { status: 'failed', redirectUrl: null, message: intent.last_payment_error?.message ?? `The payment is ${intent.status}` };
  }

  async detachPaymentMethod(paymentMethodId: string): Promise<void> {
    await this.call('detach_payment_method', () =>
      this.stripe.paymentMethods.detach(paymentMethodId, {}, { idempotencyKey: `detach:${paymentMethodId}` }),
    );
  }

  async setDefaultPaymentMethod(customerId: string, paymentMethodId: string | null): Promise<void> {
    await this.call('set_default_payment_method', () =>
      this.stripe.customers.update(
        customerId,
        { invoice_settings: { default_payment_method: paymentMethodId ?? '' } },
        { idempotencyKey: `default:${customerId}:${paymentMethodId}:${Date.now()}` },
      ),
    );
  }

  /**
   * An off-session charge of a saved method; declines come back as outcomes, not errors. Every
   * charge carries the statement descriptor suffix, so the card statement names us the way our
   * emails tell owners to ask their bank to allow.
   */
  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    let amount: number;
    try {
      amount = toMinorUnits(request.amountMicros, request.currency);
    } catch (error) {
      // Validated before any attempt is recorded; never round a charge if one slips through.
      throw new StripeRequestError((error as Error).message, { stripeCode: 'amount_not_chargeable', param: 'amount' });
    }
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount,
          currency: request.currency.toLowerCase(),
          customer: request.customerId,
          payment_method: request.paymentMethodStripeId,
          confirm: true,
          off_session: true,
          allowed_payment_method_types: ['card', 'us_bank_account'],
          description: request.description,
          statement_descriptor_suffix: this.statementDescriptorSuffix,
          metadata: request.metadata,
        } as Stripe.PaymentIntentCreateParams,
        { idempotencyKey: request.idempotencyKey },
      );
      this.credentialsRefused = false;
      const outcome = outcomeOf(intent);
      this.metrics.stripeRequests.inc({
        operation: 'charge',
        outcome: outcome.status === 'succeeded' || outcome.status === 'processing' ? 'ok' : outcome.status,
      });
      return outcome;
    } catch (error) {
      if (isStripeError(error) && error.rawType === 'card_error') {
        const intent = (error.raw as { payment_intent?: Stripe.PaymentIntent }).payment_intent;
        const code = error.decline_code ?? error.code ?? 'card_declined';
        const status = error.code === 'authentication_required' ? 'requires_action' : 'declined';
        this.metrics.stripeRequests.inc({ operation: 'charge', outcome: status });
        return { status, intentId: intent?.id ?? null, declineCode: code, message: error.message };
      }
      const translated = this.translate(error);
      this.metrics.stripeRequests.inc({ operation: 'charge', outcome: outcomeOfError(translated) });
      throw translated;
    }
  }

  async retrieveIntent(intentId: string): Promise<IntentSummary> {
    const intent = await this.call('retrieve_payment_intent', () => this.stripe.paymentIntents.retrieve(intentId, { expand: ['latest_charge'] }));
    return summary(intent);
  }

  /** Recent intents of one customer, newest first, for reconciliation. */
  async listIntents(customerId: string, createdSince: Date): Promise<IntentSummary[]> {
    const params: Stripe.PaymentIntentListParams = {
      customer: customerId,
      created: { gte: Math.floor(createdSince.getTime() / 1000) },
      limit: 100,
      expand: ['data.latest_charge'],
    };
    return this.call('list_payment_intents', async () => {
      const found: IntentSummary[] = [];
      for await (const intent of this.stripe.paymentIntents.list(params)) {
        found.push(summary(intent));
        if (found.length >= 1000) break;
      }
      return found;
    });
  }

  async retrieveCharge(chargeId: string): Promise<ChargeSummary> {
    const charge = await this.call('retrieve_charge', () => this.stripe.charges.retrieve(chargeId));
    return {
      id: charge.id,
      status: charge.status,
      amountMinor: charge.amount,
      amountRefundedMinor: charge.amount_refunded,
      currency: charge.currency.toUpperCase(),
      paymentIntentId: idOf(charge.payment_intent),
    };
  }

  async retrieveDispute(disputeId: string): Promise<DisputeSummary> {
    const dispute = await this.call('retrieve_dispute', () => this.stripe.disputes.retrieve(disputeId));
    return {
      id: dispute.id,
      status: dispute.status,
      amountMinor: dispute.amount,
      currency: dispute.currency.toUpperCase(),
      chargeId: present(idOf(dispute.charge), `the charge of dispute ${dispute.id}`),
      paymentIntentId: idOf(dispute.payment_intent),
      reason: dispute.reason,
    };
  }

  /**
   * Events of these types created at or after `createdSince` (Unix seconds), oldest first: what
   * reconciliation replays when a webhook was lost. Stripe keeps events for 30 days.
   */
  async listEvents(types: string[], createdSince: number, max = 10_000): Promise<Stripe.Event[]> {
    return this.call('list_events', async () => {
      const found: Stripe.Event[] = [];
      for await (const event of this.stripe.events.list({ types, created: { gte: createdSince }, limit: 100 })) {
        found.push(event);
        if (found.length >= max) break;
      }
      return found.reverse();
    });
  }

  /** Verifies Stripe's signature over the raw body (and its age); throws BadSignatureError otherwise. */
  verifyWebhook(rawBody: Buffer | string, signature: string | undefined): Stripe.Event {
    if (!signature) throw new BadSignatureError('Missing Stripe-Signature header');
    try {
      return this.stripe.webhooks.constructEvent(rawBody, signature, this.webhookSecret);
    } catch (error) {
      throw new BadSignatureError(`Webhook signature check failed: ${(error as Error).message}`);
    }
  }

  private async call<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.credentialsRefused = false;
      this.metrics.stripeRequests.inc({ operation, outcome: 'ok' });
      return result;
    } catch (error) {
      const translated = this.translate(error);
      this.metrics.stripeRequests.inc({ operation, outcome: outcomeOfError(translated) });
      throw translated;
    }
  }

  private translate(error: unknown): Error {
    if (!isStripeError(error)) return error as Error;
    if (error.type === 'StripeAuthenticationError' || error.type === 'StripePermissionError') {
      // Once per outage and process: every request fails the same way until the key is fixed.
      if (!this.credentialsRefused) {
        this.credentialsRefused = true;
        this.logger.error(
          `Stripe refused this service's API key (${error.type}, HTTP ${error.statusCode ?? '?'}): ${error.message} ` +
            "— check STRIPE_SECRET_KEY and the key's permissions. Payments answer 503 until Stripe accepts the key.",
        );
      }
      return new StripeCredentialsError(`${error.type}: ${error.message}`, 60);
    }
    const transient =
      error.type === 'StripeConnectionError' ||
      error.type === 'StripeAPIError' ||
      error.type === 'StripeRateLimitError' ||
      error.code === 'lock_timeout' ||
      // A concurrent request with the same key is still running at Stripe: ask again later.
      error.code === 'idempotency_key_in_use' ||
      (error.statusCode ?? 0) >= 500;
    if (transient) return new TransientStripeError(`${error.type}: ${error.message}`);
    return new StripeRequestError(error.message, { stripeCode: error.code ?? null, param: error.param ?? null });
  }
}

/** The metrics' word for a failed call: Stripe away or failing, our key refused, or the request refused. */
function outcomeOfError(error: Error): string {
  if (error instanceof StripeCredentialsError) return 'credentials';
  if (error instanceof TransientStripeError) return 'transient';
  return 'refused';
}

interface StripeLikeError {
  type: string;
  rawType?: string;
  code?: string;
  decline_code?: string;
  statusCode?: number;
  param?: string;
  message: string;
  raw: unknown;
}

function isStripeError(error: unknown): error is StripeLikeError {
  return typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string' && 'raw' in error;
}

function details(method: Stripe.PaymentMethod): PaymentMethodDetails {
  return {
    stripeId: method.id,
    type: method.type,
    brand: method.card?.brand ?? null,
    last4: method.card?.last4 ?? method.us_bank_account?.last4 ?? null,
    expMonth: method.card?.exp_month ?? null,
    expYear: method.card?.exp_year ?? null,
    bankName: method.us_bank_account?.bank_name ?? null,
  };
}

function setupSession(session: Stripe.Checkout.Session): SetupSession {
  const intent = typeof session.setup_intent === 'object' ? session.setup_intent : null;
  const method = intent && typeof intent.payment_method === 'object' ? intent.payment_method : null;
  return {
    id: session.id,
    url: session.url,
    status: (session.status ?? 'open') as SetupSession['status'],
    customerId: idOf(session.customer),
    agencyId: session.metadata?.agencyId ?? null,
    expiresAt: new Date(session.expires_at * 1000),
    paymentMethod: method && intent?.status === 'succeeded' ? details(method) : null,
  };
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

function chargeIdOf(intent: Stripe.PaymentIntent): string | null {
  return idOf(intent.latest_charge);
}

function outcomeOf(intent: Stripe.PaymentIntent): ChargeOutcome {
  switch (intent.status) {
    case 'succeeded':
      return { status: 'succeeded', intentId: intent.id, chargeId: chargeIdOf(intent) };
    case 'processing':
      return { status: 'processing', intentId: intent.id, chargeId: chargeIdOf(intent) };
    case 'requires_action':
      return {
        status: 'requires_action',
        intentId: intent.id,
        declineCode: 'authentication_required',
        message: 'The bank asks the cardholder to authenticate this payment',
      };
    default:
      return {
        status: 'declined',
        intentId: intent.id,
        declineCode: intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? intent.status,
        message: intent.last_payment_error?.message ?? `Payment ended in status ${intent.status}`,
      };
  }
}

function summary(intent: Stripe.PaymentIntent): IntentSummary {
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  return {
    id: intent.id,
    status: intent.status,
    amountMinor: intent.amount,
    amountMicros: fromMinorUnits(intent.amount, intent.currency),
    currency: intent.currency.toUpperCase(),
    attemptId: intent.metadata?.attemptId ?? null,
    chargeId: chargeIdOf(intent),
    created: intent.created,
    failureCode: charge?.failure_code ?? intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? null,
    failureMessage: charge?.failure_message ?? intent.last_payment_error?.message ?? null,
  };
}
