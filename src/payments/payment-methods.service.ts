import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { AgenciesService, type Actor } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import { CardDeclinedError, NotFoundError, ValidationError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database } from '../database/database';
import { explainDecline } from '../notifications/decline-codes';
import { type MethodRemovedEvent, PaymentEvents, type StripeEventReceived } from './payments.events';
import { PaymentMethodsRepository, type PaymentMethodRow } from './payment-methods.repository';
import { type PaymentMethodDetails, SaveDeclinedError, StripeGateway } from './stripe.gateway';
import { present } from '../common/present';

/** Who saves a method when Stripe's webhook completes a Checkout Session: no person's request is behind it. */
const CHECKOUT_WEBHOOK: Actor = { principal: { role: 'admin', id: 'admin', name: 'Stripe Checkout (webhook)' }, requestId: 'stripe-webhook' };

export function paymentMethodView(method: PaymentMethodRow, index: number) {
  return {
    id: method.id,
    type: method.type,
    brand: method.brand,
    last4: method.last4,
    expMonth: method.expMonth,
    expYear: method.expYear,
    bankName: method.bankName,
    priority: index + 1,
    isDefault: index === 0,
  };
}

/** Saved payment methods, in the order auto-reload tries them; the first is the default. */
@Injectable()
export class PaymentMethodsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly repository: PaymentMethodsRepository,
    private readonly stripe: StripeGateway,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  async customerFor(agencyId: string): Promise<string> {
    const existing = await this.repository.customerIdOf(agencyId);
    if (existing) return existing;
    const { agency } = await this.agencies.requireAgency(agencyId);
    const customerId = await this.stripe.createCustomer({ id: agency.id, name: agency.name, email: agency.ownerEmail });
    return this.repository.saveCustomerId(agencyId, customerId);
  }

  /**
   * Saves a card made by Stripe.js (a `pm_…` id). Bank accounts are refused here: Stripe debits one
   * only under the owner's mandate, which Checkout records (`startSetup`). A card its bank declines
   * when Stripe checks it is a 402 `card_declined` in words.
   */
  async add(actor: Actor, agencyId: string, stripePaymentMethodId: string) {
    const customerId = await this.customerFor(agencyId);
    const found = await this.stripe.retrievePaymentMethod(stripePaymentMethodId);
    if (found.type !== 'card') {
      throw new ValidationError(
        `A ${found.type === 'us_bank_account' ? 'bank account' : found.type} is saved through Stripe Checkout, which records the debit mandate Stripe requires: ` +
          `POST /v1/agencies/${agencyId}/payment-methods/setup-sessions and open its url (or "Add a payment method" on the billing page)`,
        { fields: [{ path: 'stripePaymentMethodId', message: 'only cards can be attached directly' }] },
      );
    }
    let details: PaymentMethodDetails;
    try {
      details = await this.stripe.attachPaymentMethod(customerId, stripePaymentMethodId);
    } catch (error) {
      if (!(error instanceof SaveDeclinedError)) throw error;
      const { reason, nextStep } = explainDecline(error.declineCode, error.stripeMessage);
      throw new CardDeclinedError(`The card was not saved: ${reason} ${nextStep}`, {
        declineCode: error.declineCode,
        declineReason: reason,
        declineNextStep: nextStep,
      });
    }
    return this.save(actor, agencyId, customerId, details, 'upsert');
  }

  /**
   * Starts Stripe Checkout in setup mode for the agency: the owner picks a card or a US bank account
   * on Stripe's page, and comes back to `successUrl` (the billing page by default).
   */
  async startSetup(actor: Actor, agencyId: string, urls: { successUrl?: string; cancelUrl?: string } = {}) {
    const { currency } = await this.agencies.requireAgency(agencyId);
    const customerId = await this.customerFor(agencyId);
    const page = `${this.config.publicBaseUrl}/billing/${agencyId}/payment-methods`;
    const success = urls.successUrl ?? `${page}/added`;
    const session = await this.stripe.createSetupSession({
      customerId,
      agencyId,
      currency,
      // Stripe puts the session's id where this placeholder is; the return names what to save.
      successUrl: success.includes('{CHECKOUT_SESSION_ID}')
        ? success
        : `${success}${success.includes('?') ? '&' : '?'}session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: urls.cancelUrl ?? page,
      idempotencyKey: `setup-session:${agencyId}:${actor.requestId}:${randomUUID()}`,
    });
    return { id: session.id, url: session.url, expiresAt: session.expiresAt.toISOString() };
  }

  /**
   * Saves the method a completed setup session collected, once, whichever comes first of the
   * owner's return from Checkout and Stripe's `checkout.session.completed` webhook.
   */
  async completeSetup(actor: Actor, agencyId: string, sessionId: string) {
    const session = await this.stripe.retrieveSetupSession(sessionId);
    const customerId = await this.repository.customerIdOf(agencyId);
    if (session.agencyId !== agencyId || !customerId || session.customerId !== customerId) throw new NotFoundError('Setup session');
    if (session.status !== 'complete' || !session.paymentMethod) {
      throw new ValidationError(
        session.status === 'expired'
          ? 'This setup session expired before a payment method was saved; start a new one'
          : "This setup session is not completed yet: finish it on Stripe's page first",
        { sessionStatus: session.status },
      );
    }
    return this.save(actor, agencyId, customerId, session.paymentMethod, 'once');
  }

  @OnEvent(PaymentEvents.StripeEvent, { promisify: true })
  async onStripeEvent({ event }: StripeEventReceived) {
    if (event.type !== 'checkout.session.completed') return { agencyId: null, outcome: 'ignored', detail: `${event.type} is not used here` };
    const session = event.data.object as Stripe.Checkout.Session;
    const agencyId = session.metadata?.agencyId;
    if (session.mode !== 'setup' || !agencyId) return { agencyId: null, outcome: 'ignored', detail: 'not a setup session of an agency' };
    const saved = await this.completeSetup(CHECKOUT_WEBHOOK, agencyId, session.id);
    return { agencyId, outcome: saved.created ? 'applied' : 'already_applied', detail: `payment method ${saved.method.id}` };
  }

  /**
   * Records a method attached at Stripe. `upsert` (the API's add) brings back a method removed
   * before; `once` (Checkout) inserts it only the first time, so two arrivals list it once.
   */
  private async save(actor: Actor, agencyId: string, customerId: string, details: PaymentMethodDetails, mode: 'upsert' | 'once') {
    const methods = await this.db.transaction(async (tx) => {
      const added = mode === 'upsert' ? await this.repository.insert(tx, agencyId, details) : await this.repository.insertOnce(tx, agencyId, details);
      if (!added) return undefined;
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'payment_method.added',
        targetType: 'payment_method',
        targetId: added.id,
        after: { type: added.type, brand: added.brand, last4: added.last4 },
        requestId: actor.requestId,
      });
      return { added, all: await this.repository.list(agencyId, tx) };
    });
    if (!methods) {
      const existing = present(await this.repository.findByStripeId(agencyId, details.stripeId), `payment method ${details.stripeId}, saved already`);
      const all = await this.repository.list(agencyId);
      return {
        created: false,
        method: paymentMethodView(
          existing,
          all.findIndex((method) => method.id === existing.id),
        ),
      };
    }
    if (methods.all[0].id === methods.added.id) await this.stripe.setDefaultPaymentMethod(customerId, methods.added.stripeId);
    this.events.emit(PaymentEvents.MethodsChanged, { agencyId });
    const index = methods.all.findIndex((method) => method.id === methods.added.id);
    return { created: true, method: paymentMethodView(methods.added, index) };
  }

  async list(agencyId: string) {
    await this.agencies.requireAgency(agencyId);
    return { data: (await this.repository.list(agencyId)).map(paymentMethodView) };
  }

  async reorder(actor: Actor, agencyId: string, ids: string[]) {
    const ordered = await this.db.transaction(async (tx) => {
      const current = await this.repository.list(agencyId, tx);
      const known = new Set(current.map((method) => method.id));
      if (ids.length !== known.size || new Set(ids).size !== ids.length || ids.some((id) => !known.has(id))) {
        throw new ValidationError('ids must list every saved payment method exactly once', {
          fields: [{ path: 'ids', message: `expected the ${known.size} saved payment method ids` }],
        });
      }
      await this.repository.reorder(tx, agencyId, ids);
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'payment_method.reordered',
        before: { ids: current.map((method) => method.id) },
        after: { ids },
        requestId: actor.requestId,
      });
      return this.repository.list(agencyId, tx);
    });
    const customerId = await this.repository.customerIdOf(agencyId);
    if (customerId && ordered.length) await this.stripe.setDefaultPaymentMethod(customerId, ordered[0].stripeId);
    this.events.emit(PaymentEvents.MethodsChanged, { agencyId });
    return { data: ordered.map(paymentMethodView) };
  }

  async remove(actor: Actor, agencyId: string, id: string) {
    const method = await this.repository.find(agencyId, id);
    if (!method) throw new NotFoundError('Payment method');
    await this.stripe.detachPaymentMethod(method.stripeId);
    const remaining = await this.db.transaction(async (tx) => {
      await this.repository.detach(tx, agencyId, id);
      const rest = await this.repository.list(agencyId, tx);
      await this.repository.reorder(
        tx,
        agencyId,
        rest.map((m) => m.id),
      );
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'payment_method.removed',
        targetType: 'payment_method',
        targetId: id,
        before: { type: method.type, brand: method.brand, last4: method.last4 },
        requestId: actor.requestId,
      });
      return rest;
    });
    this.events.emit(PaymentEvents.MethodRemoved, { agencyId, remaining: remaining.length } satisfies MethodRemovedEvent);
    const customerId = await this.repository.customerIdOf(agencyId);
    if (customerId) await this.stripe.setDefaultPaymentMethod(customerId, remaining[0]?.stripeId ?? null);
  }
}
