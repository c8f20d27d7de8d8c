import { defineEntity, p } from '@mikro-orm/core';

/** What reconciliation (or a webhook) found that differs from our records, and what was done. */
export const ReconciliationFindingSchema = defineEntity({
  name: 'ReconciliationFinding',
  tableName: 'reconciliation_findings',
  properties: {
    id: p.bigint().primary().autoincrement(),
    agencyId: p.uuid().nullable(),
    attemptId: p.uuid().nullable(),
    stripePaymentIntentId: p.text().nullable(),
    finding: p.text(),
    action: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
    /** The Stripe object or event it concerns, when an intent can have several (refunds, events). */
    reference: p.text().nullable(),
  },
});
export class ReconciliationFinding extends ReconciliationFindingSchema.class {}
ReconciliationFindingSchema.setClass(ReconciliationFinding);
