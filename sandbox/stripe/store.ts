import type Stripe from 'stripe';
import type { TestPaymentMethod } from './test-payment-methods';

/** A v1 event as Stripe renders it. Kept loosely typed: `data.object` is a snapshot of any resource. */
export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: object; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** What the server knows about a PaymentMethod beyond its public shape. */
export interface PaymentMethodState {
  behavior: TestPaymentMethod;
  /** Detached, or used once without a customer: Stripe refuses to use it again. */
  spent: boolean;
  /** Saved for off-session use through a SetupIntent (matters for pm_card_authenticationRequiredOnSetup). */
  setUpForOffSession: boolean;
  /** The mandate a SetupIntent (or `mandate_data`) recorded: what lets a bank account be debited off-session. */
  mandate: string | null;
}

export class Store {
  readonly customers = new Map<string, Stripe.Customer>();
  readonly deletedCustomers = new Set<string>();
  readonly paymentMethods = new Map<string, Stripe.PaymentMethod>();
  readonly paymentMethodState = new Map<string, PaymentMethodState>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly setupIntents = new Map<string, Stripe.SetupIntent>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly disputes = new Map<string, Stripe.Dispute>();
  readonly events = new Map<string, StripeEvent>();
  readonly mandates = new Map<string, Stripe.Mandate>();
  readonly checkoutSessions = new Map<string, Stripe.Checkout.Session>();

  /** Finds any object by id, for `expand[]`. */
  lookup(id: string): object | undefined {
    const collections: Map<string, object>[] = [
      this.customers,
      this.paymentMethods,
      this.paymentIntents,
      this.setupIntents,
      this.charges,
      this.refunds,
      this.disputes,
      this.events,
      this.mandates,
      this.checkoutSessions,
    ];
    for (const collection of collections) {
      const found = collection.get(id);
      if (found) return found;
    }
    return undefined;
  }

  clear(): void {
    for (const value of Object.values(this)) {
      if (value instanceof Map || value instanceof Set) value.clear();
    }
  }
}
