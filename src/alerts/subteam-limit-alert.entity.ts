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
