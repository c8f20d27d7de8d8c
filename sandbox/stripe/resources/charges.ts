import type Stripe from 'stripe';
import { noSuch } from '../errors';
import type { Params } from '../form';
import { paginate } from '../list';
import { allowOnly, applyMetadata, createdFilter, optString } from '../params';
import type { RequestContext, Router } from '../router';
import type { Services } from '../services';
import type { Decline } from '../test-payment-methods';
import { clone, newId, nowSeconds, previousAttributes, randomToken } from '../util';

const LIST_PARAMS = ['created', 'customer', 'ending_before', 'expand', 'limit', 'payment_intent', 'starting_after', 'transfer_group'];

export type ChargeResult =
  | { status: 'succeeded' }
  | { status: 'pending' }
  | { status: 'failed'; decline: Decline }
  | { status: 'failed'; failureCode: string; failureMessage: string };

export class Charges {
  constructor(private readonly s: Services) {}

  routes(router: Router): void {
    router.get('/v1/charges', ({ params }) => this.list(params));
    router.get('/v1/charges/:id', ({ pathParams, params }) => {
      allowOnly(params, ['expand']);
      return clone(this.require(pathParams.id));
    });
    router.post('/v1/charges/:id', ({ pathParams, params, ctx }) => this.update(pathParams.id, params, ctx));
  }

  require(id: string, param?: string): Stripe.Charge {
    const charge = this.s.store.charges.get(id);
    if (!charge) throw noSuch('charge', id, param);
    return charge;
  }

  /** Records the charge a payment attempt makes. Events are the caller's business. */
  create(intent: Stripe.PaymentIntent, paymentMethod: Stripe.PaymentMethod, result: ChargeResult): Stripe.Charge {
    const charge: Stripe.Charge = {
      id: newId('ch'),
      object: 'charge',
      amount: intent.amount,
      amount_captured: 0,
      amount_refunded: 0,
      application: null,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: null,
      billing_details: clone(paymentMethod.billing_details) as Stripe.Charge.BillingDetails,
      calculated_statement_descriptor: 'AGENCY WALLET',
      captured: false,
      created: nowSeconds(),
      currency: intent.currency,
      customer: intent.customer as string | null,
      description: intent.description,
      disputed: false,
      failure_balance_transaction: null,
      failure_code: null,
      failure_message: null,
      fraud_details: {},
      livemode: false,
      metadata: clone(intent.metadata),
      on_behalf_of: null,
      outcome: null,
      paid: false,
      payment_intent: intent.id,
      payment_method: paymentMethod.id,
      payment_method_details: methodDetails(paymentMethod, intent.amount),
      receipt_email: intent.receipt_email,
      receipt_number: null,
      receipt_url: `https://pay.stripe.com/receipts/payment/${randomToken(40)}`,
      refunded: false,
      review: null,
      shipping: null,
      source: null,
      source_transfer: null,
      statement_descriptor: intent.statement_descriptor,
      statement_descriptor_suffix: intent.statement_descriptor_suffix,
      status: 'pending',
      transfer_data: null,
      transfer_group: null,
    };
    this.settle(charge, result);
    this.s.store.charges.set(charge.id, charge);
    return charge;
  }

  /** Moves a charge to its final (or pending) state. */
  settle(charge: Stripe.Charge, result: ChargeResult): void {
    charge.status = result.status;
    if (result.status === 'succeeded') {
      Object.assign(charge, { paid: true, captured: true, amount_captured: charge.amount });
      charge.balance_transaction = newId('txn');
      charge.outcome = outcome('approved_by_network', 'authorized', 'Payment complete.');
    } else if (result.status === 'pending') {
      charge.outcome = outcome('approved_by_network', 'authorized', 'Payment complete.');
    } else if ('decline' in result) {
      charge.failure_code = result.decline.code;
      charge.failure_message = result.decline.message;
      charge.outcome = {
        ...outcome('declined_by_network', 'issuer_declined', 'The bank did not return any further details with this decline.'),
        reason: result.decline.declineCode,
        advice_code: (result.decline.adviceCode ?? null) as Stripe.Charge.Outcome.AdviceCode | null,
      };
    } else {
      charge.failure_code = result.failureCode;
      charge.failure_message = result.failureMessage;
      charge.outcome = { ...outcome('declined_by_network', 'issuer_declined', result.failureMessage), reason: result.failureCode };
    }
  }

  private update(id: string, params: Params, ctx: RequestContext): Stripe.Charge {
    allowOnly(params, ['description', 'expand', 'metadata', 'receipt_email']);
    const charge = this.require(id);
    const before = clone(charge);
    charge.metadata = applyMetadata(charge.metadata, params);
    const description = optString(params, 'description');
    if (description !== undefined) charge.description = description || null;
    const previous = previousAttributes(before, charge);
    if (previous) this.s.events.emit(ctx, 'charge.updated', charge, previous);
    return clone(charge);
  }

  private list(params: Params) {
    allowOnly(params, LIST_PARAMS);
    const customer = optString(params, 'customer');
    const paymentIntent = optString(params, 'payment_intent');
    const created = createdFilter(params);
    const charges = [...this.s.store.charges.values()].filter(
      (charge) =>
        (!customer || charge.customer === customer) && (!paymentIntent || charge.payment_intent === paymentIntent) && created(charge.created),
    );
    return paginate(charges, params, '/v1/charges', 'charge');
  }
}

function outcome(networkStatus: string, type: string, sellerMessage: string): Stripe.Charge.Outcome {
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: networkStatus,
    reason: null,
    risk_level: 'normal',
    risk_score: 20,
    seller_message: sellerMessage,
    type,
  };
}

function methodDetails(paymentMethod: Stripe.PaymentMethod, amount: number): Stripe.Charge.PaymentMethodDetails {
  const card = paymentMethod.card;
  if (card) {
    return {
      type: 'card',
      card: {
        amount_authorized: amount,
        authorization_code: null,
        brand: card.brand,
        checks: card.checks,
        country: card.country,
        electronic_commerce_indicator: null,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        fingerprint: card.fingerprint,
        funding: card.funding,
        installments: null,
        last4: card.last4,
        mandate: null,
        network: card.brand,
        network_transaction_id: randomToken(15),
        regulated_status: card.regulated_status,
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
    } as Stripe.Charge.PaymentMethodDetails;
  }
  const bank = paymentMethod.us_bank_account!;
  return {
    type: 'us_bank_account',
    us_bank_account: {
      account_holder_type: bank.account_holder_type,
      account_type: bank.account_type,
      bank_name: bank.bank_name,
      fingerprint: bank.fingerprint,
      last4: bank.last4,
      payment_reference: null,
      routing_number: bank.routing_number,
    },
  } as Stripe.Charge.PaymentMethodDetails;
}
