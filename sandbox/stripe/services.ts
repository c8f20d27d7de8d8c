import { Charges } from './resources/charges';
import { CheckoutSessions } from './resources/checkout-sessions';
import { Customers } from './resources/customers';
import { Disputes } from './resources/disputes';
import { Events } from './resources/events';
import { Mandates } from './resources/mandates';
import { PaymentIntents } from './resources/payment-intents';
import { PaymentMethods } from './resources/payment-methods';
import { Refunds } from './resources/refunds';
import { SetupIntents } from './resources/setup-intents';
import type { Router } from './router';
import { Store, type StripeEvent } from './store';
import type { Params } from './form';
import type { WebhookDispatcher } from './webhooks';

export interface ServerSettings {
  /**
   * Decline test cards attach and fail later, at charge time. Off by default: on Stripe (and here) they
   * fail when attached or set up; only tests that need a saved card with a given decline code turn it on.
   */
  lenientAttach: boolean;
  /** Settle bank debits on their own after this long; undefined leaves them to settleBankDebit(). */
  bankDebitSettlementMs?: number;
  /** Base URL of this server's API. */
  baseUrl(): string;
  /** Where a person's browser reaches this server: hosted Checkout and 3D Secure pages link there. */
  publicUrl(): string;
  /** Sees every API answer and every event (the contract test validates them against Stripe's description). */
  observer?: ServerObserver;
}

/** An API request as answered: what a contract check needs. */
export interface Exchange {
  method: string;
  path: string;
  params: Params;
  status: number;
  body: unknown;
}

export interface ServerObserver {
  response?(exchange: Exchange): void;
  event?(event: StripeEvent): void;
}

/** Every resource, wired together; resources call each other through this. */
export class Services {
  readonly store = new Store();
  readonly events: Events;
  readonly customers = new Customers(this);
  readonly paymentMethods = new PaymentMethods(this);
  readonly charges = new Charges(this);
  readonly paymentIntents = new PaymentIntents(this);
  readonly setupIntents = new SetupIntents(this);
  readonly refunds = new Refunds(this);
  readonly disputes = new Disputes(this);
  readonly mandates = new Mandates(this);
  readonly checkoutSessions = new CheckoutSessions(this);

  constructor(
    readonly settings: ServerSettings,
    webhooks: WebhookDispatcher,
  ) {
    this.events = new Events(this.store, webhooks, settings.observer);
  }

  routes(router: Router): void {
    this.customers.routes(router);
    this.paymentMethods.routes(router);
    this.paymentIntents.routes(router);
    this.setupIntents.routes(router);
    this.charges.routes(router);
    this.refunds.routes(router);
    this.disputes.routes(router);
    this.events.routes(router);
    this.mandates.routes(router);
    this.checkoutSessions.routes(router);
  }
}
