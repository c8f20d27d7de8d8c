import { defineEntity, p } from '@mikro-orm/core';

export const RELOAD_MODES = ['fixed', 'to_target'] as const;

/** An agency's auto-reload settings and state (failures in a row, suspension, the last skip mailed). */
export const AutoReloadPolicySchema = defineEntity({
  name: 'AutoReloadPolicy',
  tableName: 'auto_reload_policies',
  properties: {
    agencyId: p.uuid().primary(),
    enabled: p.boolean().default(false),
    thresholdMicros: p.bigint().default(0),
    mode: p.enum(RELOAD_MODES).default('fixed'),
    amountMicros: p.bigint().nullable(),
    targetBalanceMicros: p.bigint().nullable(),
    dailyCapMicros: p.bigint().nullable(),
    monthlyCapMicros: p.bigint().nullable(),
    fallbackToBackupMethods: p.boolean().default(true),
    consecutiveFailures: p.integer().default(0),
    suspendedAt: p.datetime().nullable(),
    suspendedReason: p.text().nullable(),
    /** The last skip recorded (reason and window), so a repeated skip is recorded and mailed once. */
    lastSkipKey: p.text().nullable(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export class AutoReloadPolicyEntity extends AutoReloadPolicySchema.class {}
AutoReloadPolicySchema.setClass(AutoReloadPolicyEntity);
