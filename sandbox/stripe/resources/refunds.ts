import type Stripe from 'stripe';
import { invalidRequest, noSuch } from '../errors';
import type { Params } from '../form';
import { paginate } from '../list';
import { allowOnly, applyMetadata, createdFilter, optEnum, optInt, optString } from '../params';
import type { RequestContext, Router } from '../router';
import type { Services } from '../services';
import { clone, formatAmount, newId, nowSeconds, previousAttributes } from '../util';

const CREATE_PARAMS = [
  'amount',
  'charge',
  'currency',
  'customer',
  'expand',
  'instructions_email',
  'metadata',
  'origin',
  'payment_intent',
  'reason',
  'refund_application_fee',
  'reverse_transfer',
];
const LIST_PARAMS = ['charge', 'created', 'ending_before', 'expand', 'limit', 'payment_intent', 'starting_after'];

export interface RefundRequest {
  paymentIntent?: string;
  charge?: string;
  amount?: number;
  reason?: Stripe.Refund.Reason;
  metadata?: Stripe.Metadata;
}

export class Refunds {
  constructor(private readonly s: Services) {}

  routes(router: Router): void {
    router.post('/v1/refunds', ({ params, ctx }) => this.createFromParams(params, ctx));
    router.get('/v1/refunds', ({ params }) => this.list(params));
    router.get('/v1/refunds/:id', ({ pathParams, params }) => {
      allowOnly(params, ['expand']);
      return clone(this.require(pathParams.id));
    });
    router.post('/v1/refunds/:id', ({ pathParams, params, ctx }) => this.update(pathParams.id, params, ctx));
  }

  require(id: string): Stripe.Refund {
    const refund = this.s.store.refunds.get(id);
    if (!refund) throw noSuch('refund', id);
    return refund;
  }

  /** Refunds (part of) a successful charge: emits refund.created and charge.refunded. */
  create(request: RefundRequest, ctx: RequestContext): Stripe.Refund {
    const charge = this.chargeToRefund(request);
    const remaining = charge.amount - charge.amount_refunded;
    if (charge.refunded || remaining === 0) {
      throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
    }
    if (charge.disputed) {
      throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, { code: 'charge_disputed' });
    }
    const amount = request.amount ?? remaining;
    if (amount < 1) throw invalidRequest('Refund amount must be a positive integer.', { param: 'amount' });
    if (amount > remaining) {
      throw invalidRequest(
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
        { param: 'amount' },
      );
    }
    const refund: Stripe.Refund = {
      id: newId('re'),
      object: 'refund',
      amount,
      balance_transaction: newId('txn'),
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      customer: charge.customer as string | null,
      customer_account: null,
      destination_details: {
        type: 'card',
        card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      } as Stripe.Refund.DestinationDetails,
      metadata: request.metadata ?? {},
      payment_intent: charge.payment_intent as string | null,
      payment_method: charge.payment_method,
      reason: request.reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    };
    this.s.store.refunds.set(refund.id, refund);
    const before = clone(charge);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    this.s.events.emit(ctx, 'refund.created', refund);
    this.s.events.emit(ctx, 'charge.refunded', charge, previousAttributes(before, charge));
    return clone(refund);
  }

  private chargeToRefund(request: RefundRequest): Stripe.Charge {
    if (request.charge && request.paymentIntent) {
      throw invalidRequest('You may only specify one of these parameters: charge, payment_intent.', {
        code: 'parameters_exclusive',
      });
    }
    if (request.charge) return this.refundable(this.s.charges.require(request.charge, 'charge'));
    if (!request.paymentIntent) throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.');
    const intent = this.s.paymentIntents.require(request.paymentIntent, 'payment_intent');
    const charge = intent.latest_charge ? this.s.store.charges.get(intent.latest_charge as string) : undefined;
    if (!charge || charge.status !== 'succeeded') {
      throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, {
        param: 'payment_intent',
      });
    }
    return charge;
  }

  private refundable(charge: Stripe.Charge): Stripe.Charge {
    if (charge.status !== 'succeeded') {
      throw invalidRequest(`Charge ${charge.id} has a status of ${charge.status} and cannot be refunded.`, { param: 'charge' });
    }
    return charge;
  }

  private createFromParams(params: Params, ctx: RequestContext): Stripe.Refund {
    allowOnly(params, CREATE_PARAMS);
    return this.create(
      {
        paymentIntent: optString(params, 'payment_intent'),
        charge: optString(params, 'charge'),
        amount: optInt(params, 'amount'),
        reason: optEnum(params, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const),
        metadata: applyMetadata({}, params),
      },
      ctx,
    );
  }

  private update(id: string, params: Params, ctx: RequestContext): Stripe.Refund {
    allowOnly(params, ['expand', 'metadata']);
    const refund = this.require(id);
    const before = clone(refund);
    refund.metadata = applyMetadata(refund.metadata, params);
    const previous = previousAttributes(before, refund);
    if (previous) this.s.events.emit(ctx, 'refund.updated', refund, previous);
    return clone(refund);
  }

  private list(params: Params) {
    allowOnly(params, LIST_PARAMS);
    const charge = optString(params, 'charge');
    const paymentIntent = optString(params, 'payment_intent');
    const created = createdFilter(params);
    const refunds = [...this.s.store.refunds.values()].filter(
      (refund) => (!charge || refund.charge === charge) && (!paymentIntent || refund.payment_intent === paymentIntent) && created(refund.created),
    );
    return paginate(refunds, params, '/v1/refunds', 'refund');
  }
}
