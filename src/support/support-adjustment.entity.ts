import { defineEntity, p } from '@mikro-orm/core';

export const SUPPORT_ADJUSTMENT_STATUSES = ['pending_approval', 'posted', 'rejected'] as const;
export type SupportAdjustmentStatus = (typeof SUPPORT_ADJUSTMENT_STATUSES)[number];

/**
 * A manual credit or debit requested by support: posted to the ledger at once, or held for a
 * second person's approval when it is large. `seq` orders the requests for paging.
 */
export const SupportAdjustmentSchema = defineEntity({
  name: 'SupportAdjustment',
  tableName: 'support_adjustments',
  properties: {
    id: p.uuid().primary(),
    seq: p.bigint().generated('identity').autoincrement(),
    agencyId: p.uuid(),
    walletId: p.uuid(),
    amountMicros: p.bigint(),
    reason: p.text(),
    idempotencyKey: p.text(),
    status: p.enum(SUPPORT_ADJUSTMENT_STATUSES).columnType('text'),
    requestedBy: p.text(),
    requestedByName: p.text().nullable(),
    decidedBy: p.text().nullable(),
    decidedByName: p.text().nullable(),
    decisionReason: p.text().nullable(),
    ledgerEntryId: p.bigint().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    decidedAt: p.datetime().nullable(),
  },
});
export class SupportAdjustment extends SupportAdjustmentSchema.class {}
SupportAdjustmentSchema.setClass(SupportAdjustment);
