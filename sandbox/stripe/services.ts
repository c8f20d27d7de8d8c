import { Charges } from './resources/charges';
import { Customers } from './resources/customers';
import { Disputes } from './resources/disputes';
import { Events } from './resources/events';
import { PaymentIntents } from './resources/payment-intents';
import { PaymentMethods } from './resources/payment-methods';
import { Refunds } from './resources/refunds';
import { SetupIntents } from './resources/setup-intents';
import type { Router } from './router';
import { Store } from './store';
import type { WebhookDispatcher } from './webhooks';

export interface ServerSettings {
  /** Decline test cards fail when attached or set up, as on Stripe. Off by default (see README). */
  strictAttach: boolean;
  /** Settle bank debits on their own after this long; undefined leaves them to settleBankDebit(). */
  bankDebitSettlementMs?: number;
  /** Base URL of this server, for `next_action` links. */
  baseUrl(): string;
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

  constructor(
    readonly settings: ServerSettings,
    webhooks: WebhookDispatcher,
  ) {
    this.events = new Events(this.store, webhooks);
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
  }
}
