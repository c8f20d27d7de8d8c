import { defineEntity, p } from '@mikro-orm/core';

/**
 * An agency's low-balance alert: its threshold, and where the balance stands against it (armed
 * until a crossing is notified, re-armed once the balance climbs back; depleted notified once).
 */
export const LowBalanceAlertSchema = defineEntity({
  name: 'LowBalanceAlert',
  tableName: 'low_balance_alerts',
  properties: {
    agencyId: p.uuid().primary(),
    enabled: p.boolean().default(false),
    thresholdMicros: p.bigint().defaultRaw('0'),
    armed: p.boolean().default(true),
    depletedNotified: p.boolean().default(false),
    crossings: p.integer().default(0),
    depletions: p.integer().default(0),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export class LowBalanceAlert extends LowBalanceAlertSchema.class {}
LowBalanceAlertSchema.setClass(LowBalanceAlert);
