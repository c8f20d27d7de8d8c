import { defineEntity, p } from '@mikro-orm/core';
import { AgencySchema } from '../../agencies/agency.entity';
import { ReloadAttemptSchema } from '../attempts/reload-attempt.entity';

/** What reconciliation (or a webhook) found that differs from our records, and what was done. */
export const ReconciliationFindingSchema = defineEntity({
  name: 'ReconciliationFinding',
  tableName: 'reconciliation_findings',
  indexes: [{ name: 'reconciliation_findings_agency_idx', properties: ['agency', 'id'] }],
  uniques: [
    {
      name: 'reconciliation_findings_once',
      expression: `create unique index reconciliation_findings_once on reconciliation_findings (stripe_payment_intent_id, finding, coalesce(reference, ''))`,
    },
  ],
  properties: {
    id: p.bigint().primary().autoincrement().generated('identity'),
    agency: () =>
      p
        .manyToOne(AgencySchema)
        .nullable()
        .mapToPk()
        .foreignKeyName('reconciliation_findings_agency_id_fkey')
        .updateRule('no action')
        .deleteRule('no action'),
    attempt: () =>
      p
        .manyToOne(ReloadAttemptSchema)
        .nullable()
        .mapToPk()
        .foreignKeyName('reconciliation_findings_attempt_id_fkey')
        .updateRule('no action')
        .deleteRule('no action'),
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
