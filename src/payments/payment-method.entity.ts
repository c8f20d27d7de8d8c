import { defineEntity, p } from '@mikro-orm/core';

/** A card or bank account saved at Stripe for an agency; `priority` 1 is the default. Removing one detaches it. */
export const PaymentMethodSchema = defineEntity({
  name: 'PaymentMethod',
  tableName: 'payment_methods',
  properties: {
    id: p.uuid().primary(),
    agencyId: p.uuid(),
    stripePaymentMethodId: p.text().unique(),
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
