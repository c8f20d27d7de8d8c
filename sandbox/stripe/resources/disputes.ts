import type Stripe from 'stripe';
import { invalidRequest, noSuch } from '../errors';
import type { Params } from '../form';
import { paginate } from '../list';
import { allowOnly, applyMetadata, createdFilter, optString } from '../params';
import { NO_REQUEST, type RequestContext, type Router } from '../router';
import type { Services } from '../services';
import { clone, newId, nowSeconds, previousAttributes } from '../util';

const LIST_PARAMS = ['charge', 'created', 'ending_before', 'expand', 'limit', 'payment_intent', 'starting_after'];
const SEVEN_DAYS = 7 * 24 * 60 * 60;

export interface DisputeOptions {
  amount?: number;
  reason?: string;
}

/** Disputes come from the cardholder's bank, so only test controls open them; the API reads and closes them. */
export class Disputes {
  constructor(private readonly s: Services) {}

  routes(router: Router): void {
    router.get('/v1/disputes', ({ params }) => this.list(params));
    router.get('/v1/disputes/:id', ({ pathParams, params }) => {
      allowOnly(params, ['expand']);
      return clone(this.require(pathParams.id));
    });
    router.post('/v1/disputes/:id', ({ pathParams, params, ctx }) => this.update(pathParams.id, params, ctx));
    router.post('/v1/disputes/:id/close', ({ pathParams, ctx }) => this.close(pathParams.id, 'lost', ctx));
  }

  require(id: string): Stripe.Dispute {
    const dispute = this.s.store.disputes.get(id);
    if (!dispute) throw noSuch('dispute', id);
    return dispute;
  }

  /** Opens a dispute on a successful charge: charge.dispute.created, then charge.dispute.funds_withdrawn. */
  open(charge: Stripe.Charge, options: DisputeOptions): Stripe.Dispute {
    if (charge.status !== 'succeeded') throw new Error(`Charge ${charge.id} is ${charge.status}; only successful charges can be disputed`);
    if (charge.disputed) throw new Error(`Charge ${charge.id} is already disputed`);
    const dispute: Stripe.Dispute = {
      id: newId('dp'),
      object: 'dispute',
      amount: options.amount ?? charge.amount,
      balance_transactions: [],
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      enhanced_eligibility_types: [],
      evidence: {} as Stripe.Dispute.Evidence,
      evidence_details: {
        due_by: nowSeconds() + SEVEN_DAYS,
        enhanced_eligibility: {},
        has_evidence: false,
        past_due: false,
        submission_count: 0,
      } as unknown as Stripe.Dispute.EvidenceDetails,
      intended_submission_method: null,
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: charge.payment_intent as string | null,
      reason: options.reason ?? 'fraudulent',
      status: 'needs_response',
    };
    this.s.store.disputes.set(dispute.id, dispute);
    charge.disputed = true;
    this.s.events.emit(NO_REQUEST, 'charge.dispute.created', dispute);
    this.s.events.emit(NO_REQUEST, 'charge.dispute.funds_withdrawn', dispute);
    return clone(dispute);
  }

  /** Ends a dispute: charge.dispute.closed, plus charge.dispute.funds_reinstated when the merchant won. */
  close(id: string, outcome: 'won' | 'lost', ctx: RequestContext = NO_REQUEST): Stripe.Dispute {
    const dispute = this.require(id);
    if (dispute.status === 'won' || dispute.status === 'lost') {
      throw invalidRequest(`This dispute is already closed (${dispute.status}).`);
    }
    const before = clone(dispute);
    dispute.status = outcome;
    this.s.events.emit(ctx, 'charge.dispute.closed', dispute, previousAttributes(before, dispute));
    if (outcome === 'won') this.s.events.emit(ctx, 'charge.dispute.funds_reinstated', dispute);
    return clone(dispute);
  }

  private update(id: string, params: Params, ctx: RequestContext): Stripe.Dispute {
    allowOnly(params, ['evidence', 'expand', 'metadata', 'submit']);
    const dispute = this.require(id);
    const before = clone(dispute);
    dispute.metadata = applyMetadata(dispute.metadata, params);
    const previous = previousAttributes(before, dispute);
    if (previous) this.s.events.emit(ctx, 'charge.dispute.updated', dispute, previous);
    return clone(dispute);
  }

  private list(params: Params) {
    allowOnly(params, LIST_PARAMS);
    const charge = optString(params, 'charge');
    const paymentIntent = optString(params, 'payment_intent');
    const created = createdFilter(params);
    const disputes = [...this.s.store.disputes.values()].filter(
      (dispute) => (!charge || dispute.charge === charge) && (!paymentIntent || dispute.payment_intent === paymentIntent) && created(dispute.created),
    );
    return paginate(disputes, params, '/v1/disputes', 'dispute');
  }
}
