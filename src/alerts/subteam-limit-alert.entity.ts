import { defineEntity, p } from '@mikro-orm/core';

/**
 * A subteam's spend-limit alerts. Each `*_window` column holds the day or month (in the agency's
 * zone) for which that warning was last sent, so a window is warned about at most once.
 */
export const SubteamLimitAlertSchema = defineEntity({
  name: 'SubteamLimitAlert',
  tableName: 'subteam_limit_alerts',
  properties: {
    subteamId: p.uuid().primary(),
    agencyId: p.uuid(),
    enabled: p.boolean().default(true),
    warnPercent: p.integer().default(80),
    sms: p.boolean().default(false),
    contactEmail: p.text().nullable(),
    dailyWarnedWindow: p.text().nullable(),
    dailyReachedWindow: p.text().nullable(),
    monthlyWarnedWindow: p.text().nullable(),
    monthlyReachedWindow: p.text().nullable(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export class SubteamLimitAlert extends SubteamLimitAlertSchema.class {}
SubteamLimitAlertSchema.setClass(SubteamLimitAlert);

/**
 * What a subteam spent on each day of its agency's calendar. The ledger writer (`wallet/`) adds to
 * it with every usage entry; the limit alerts and spend figures read it. Defined here until the
 * wallet module, its only writer, takes it over.
 */
export const SubteamDailySpendSchema = defineEntity({
  name: 'SubteamDailySpend',
  tableName: 'subteam_daily_spend',
  properties: {
    subteamId: p.uuid().primary(),
    /** 'YYYY-MM-DD' in the agency's zone. */
    day: p.date().primary(),
    spentMicros: p.bigint().defaultRaw('0'),
  },
});
export class SubteamDailySpend extends SubteamDailySpendSchema.class {}
SubteamDailySpendSchema.setClass(SubteamDailySpend);
