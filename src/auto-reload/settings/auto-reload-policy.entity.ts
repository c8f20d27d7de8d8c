import { defineEntity, p } from '@mikro-orm/core';
import { AgencySchema } from '../../agencies/agency.entity';

export const RELOAD_MODES = ['fixed', 'to_target'] as const;

/** An agency's auto-reload settings and state (failures in a row, suspension, the last skip mailed). */
export const AutoReloadPolicySchema = defineEntity({
  name: 'AutoReloadPolicy',
  tableName: 'auto_reload_policies',
  checks: [
    { name: 'auto_reload_policies_threshold_micros_check', expression: 'threshold_micros >= 0' },
    { name: 'auto_reload_policies_amount_micros_check', expression: 'amount_micros > 0' },
    { name: 'auto_reload_policies_target_balance_micros_check', expression: 'target_balance_micros > 0' },
    { name: 'auto_reload_policies_daily_cap_micros_check', expression: 'daily_cap_micros > 0' },
    { name: 'auto_reload_policies_monthly_cap_micros_check', expression: 'monthly_cap_micros > 0' },
  ],
  properties: {
    agency: () =>
      p
        .manyToOne(AgencySchema)
        .primary()
        .mapToPk()
        .foreignKeyName('auto_reload_policies_agency_id_fkey')
        .updateRule('no action')
        .deleteRule('no action'),
    enabled: p.boolean().default(false),
    thresholdMicros: p.bigint().defaultRaw('0'),
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
