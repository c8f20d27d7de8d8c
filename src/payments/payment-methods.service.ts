import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AgenciesService, type Actor } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import { NotFoundError, ValidationError } from '../common/errors';
import { Database } from '../database/database';
import { type MethodRemovedEvent, PaymentEvents } from './payments.events';
import { PaymentMethodsRepository, type PaymentMethodRow } from './payment-methods.repository';
import { StripeGateway } from './stripe.gateway';

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
    await this.repository.saveCustomerId(agencyId, customerId);
    return (await this.repository.customerIdOf(agencyId))!;
  }

  async add(actor: Actor, agencyId: string, stripePaymentMethodId: string) {
    const customerId = await this.customerFor(agencyId);
    const details = await this.stripe.attachPaymentMethod(customerId, stripePaymentMethodId);
    const methods = await this.db.transaction(async (tx) => {
      const added = await this.repository.insert(tx, agencyId, details);
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
    if (methods.all[0].id === methods.added.id) await this.stripe.setDefaultPaymentMethod(customerId, methods.added.stripeId);
    this.events.emit(PaymentEvents.MethodsChanged, { agencyId });
    const index = methods.all.findIndex((method) => method.id === methods.added.id);
    return paymentMethodView(methods.added, index);
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
      await this.repository.reorder(tx, agencyId, rest.map((m) => m.id));
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
