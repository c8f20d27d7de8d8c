import { defineEntity, p } from '@mikro-orm/core';
import { AgencySchema } from '../agencies/agency.entity';

/** A card or bank account saved at Stripe for an agency; `priority` 1 is the default. Removing one detaches it. */
export const PaymentMethodSchema = defineEntity({
  name: 'PaymentMethod',
  tableName: 'payment_methods',
  indexes: [
    {
      name: 'payment_methods_agency_idx',
      expression: 'create index payment_methods_agency_idx on payment_methods (agency_id, priority) where detached_at is null',
    },
  ],
  properties: {
    id: p.uuid().primary(),
    agency: () =>
      p.manyToOne(AgencySchema).mapToPk().foreignKeyName('payment_methods_agency_id_fkey').updateRule('no action').deleteRule('no action'),
    stripePaymentMethodId: p.text().unique('payment_methods_stripe_payment_method_id_key'),
    type: p.text(),
    brand: p.text().nullable(),
    last4: p.text().nullable(),
    expMonth: p.integer().nullable(),
    expYear: p.integer().nullable(),
    bankName: p.text().nullable(),
    priority: p.integer(),
    createdAt: p.datetime().defaultRaw('now()'),
    detachedAt: p.datetime().nullable(),
  },
});
export class PaymentMethod extends PaymentMethodSchema.class {}
PaymentMethodSchema.setClass(PaymentMethod);
