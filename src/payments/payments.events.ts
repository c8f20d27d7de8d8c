import type Stripe from 'stripe';

export const PaymentEvents = {
  /** A payment method was added, removed or reordered: a suspended auto-reload may resume. */
  MethodsChanged: 'payments.methods_changed',
  /** A payment method was removed: with none left, auto-reload has nothing to charge. */
  MethodRemoved: 'payments.method_removed',
  /** A verified, first-seen Stripe webhook event, to be applied before Stripe gets its 200. */
  StripeEvent: 'payments.stripe_event',
} as const;

export interface MethodsChangedEvent {
  agencyId: string;
}

export interface MethodRemovedEvent {
  agencyId: string;
  /** Active methods left after the removal. */
  remaining: number;
}

export interface StripeEventReceived {
  event: Stripe.Event;
}
