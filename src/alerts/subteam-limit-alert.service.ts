import { Injectable } from '@nestjs/common';
import type { Actor } from '../agencies/agencies.service';
import { AgencyWebhooksService } from '../agency-webhooks/agency-webhooks.service';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/errors';
import { DEFAULT_TIME_ZONE, localDate, monthStart } from '../common/time-zones';
import { Database } from '../database/database';
import { formatMoney, type Micros } from '../database/money';
import type { SubteamLimitData } from '../notifications/notification-templates';
import { NotificationsService } from '../notifications/notifications.service';
import {
  type AlertColumn,
  type LimitWindow,
  type SubteamLimitAlertSettings,
  type SubteamSpend,
  SubteamLimitAlertRepository,
} from './subteam-limit-alert.repository';

const SWEEP_BATCH = 500;

export interface DueAlert {
  window: LimitWindow;
  /** The local day (YYYY-MM-DD) or month (YYYY-MM). */
  windowLabel: string;
  kind: 'warning' | 'reached';
  spentMicros: Micros;
  limitMicros: Micros;
}

/**
 * Which alerts a subteam's spend calls for in its current windows. Reaching the limit is the
 * alert that matters: a jump from below the warning straight to the limit sends that one only
 * (the warning is marked as spent for the window, so it does not follow).
 */
export function dueAlerts(spend: SubteamSpend, today: string): DueAlert[] {
  if (!spend.settings.enabled) return [];
  const windows: [LimitWindow, string, Micros | null, Micros][] = [
    ['daily', today, spend.dailyLimitMicros, spend.spentTodayMicros],
    ['monthly', today.slice(0, 7), spend.monthlyLimitMicros, spend.spentMonthMicros],
  ];
  const due: DueAlert[] = [];
  for (const [window, windowLabel, limitMicros, spentMicros] of windows) {
    if (limitMicros === null || limitMicros <= 0n) continue;
    const base = { window, windowLabel, spentMicros, limitMicros };
    if (spentMicros >= limitMicros) due.push({ ...base, kind: 'reached' });
    else if (spentMicros * 100n >= limitMicros * BigInt(spend.settings.percent)) due.push({ ...base, kind: 'warning' });
  }
  return due;
}

const column = (window: LimitWindow, kind: 'warning' | 'reached'): AlertColumn => `${window}_${kind === 'warning' ? 'warned' : 'reached'}_window`;

/**
 * Subteam limit alerts (issue 17): a warning at a share of a subteam's daily or monthly limit and
 * a notice when it reaches it, each once per local window of the agency, to the people whose
 * preferences take them (texts only when the alert asks for them) and to the subteam's own contact.
 */
@Injectable()
export class SubteamLimitAlertService {
  constructor(
    private readonly db: Database,
    private readonly repository: SubteamLimitAlertRepository,
    private readonly notifications: NotificationsService,
    private readonly webhooks: AgencyWebhooksService,
    private readonly audit: AuditService,
  ) {}

  /** Of these agencies, those with a limited subteam (one read for all). */
  withLimits(agencyIds: string[]): Promise<Set<string>> {
    return this.repository.withLimits(agencyIds);
  }

  async getSettings(agencyId: string, subteamId: string): Promise<SubteamLimitAlertSettings> {
    const settings = await this.repository.findSettings(agencyId, subteamId);
    if (!settings) throw new NotFoundError('Subteam');
    return settings;
  }

  /** Only the fields sent change. */
  async updateSettings(actor: Actor, agencyId: string, subteamId: string, patch: Partial<SubteamLimitAlertSettings>) {
    const before = await this.getSettings(agencyId, subteamId);
    const after: SubteamLimitAlertSettings = {
      ...before,
      ...patch,
      contactEmail: patch.contactEmail === undefined ? before.contactEmail : (patch.contactEmail?.toLowerCase() ?? null),
    };
    await this.db.transaction(async (tx) => {
      await this.repository.saveSettings(tx, agencyId, subteamId, after);
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'subteam.limit_alert.updated',
        targetType: 'subteam',
        targetId: subteamId,
        before: { ...before },
        after: { ...after },
        requestId: actor.requestId,
      });
    });
    return after;
  }

  /** The worker's backstop for checks a stopped process never ran; returns the agencies checked. */
  async sweep(): Promise<number> {
    const agencies = await this.repository.findRecentlySpending(SWEEP_BATCH);
    for (const agencyId of agencies) await this.check(agencyId);
    return agencies.length;
  }

  /** Sends what the agency's subteams' committed spend calls for, each alert once per window. */
  async check(agencyId: string, now = new Date()): Promise<void> {
    const timeZone = (await this.repository.timeZoneOf(agencyId)) ?? DEFAULT_TIME_ZONE;
    const today = localDate(now, timeZone);
    const spends = await this.repository.findSpend(agencyId, today, monthStart(today));
    const due = spends.flatMap((spend) => dueAlerts(spend, today).map((alert) => ({ spend, alert })));
    if (!due.length) return;

    await this.db.transaction(async (tx) => {
      for (const { spend, alert } of due) {
        if (alert.kind === 'reached') await this.repository.fire(tx, agencyId, spend.subteamId, column(alert.window, 'warning'), alert.windowLabel);
        if (!(await this.repository.fire(tx, agencyId, spend.subteamId, column(alert.window, alert.kind), alert.windowLabel))) continue;

        const data: SubteamLimitData & { percent?: number } = {
          subteamId: spend.subteamId,
          subteamName: spend.name,
          window: alert.window,
          windowLabel: alert.windowLabel,
          spent: formatMoney(alert.spentMicros),
          limit: formatMoney(alert.limitMicros),
          percentUsed: Number((alert.spentMicros * 100n) / alert.limitMicros),
        };
        if (alert.kind === 'warning') data.percent = spend.settings.percent;
        const key = `${alert.window}:${alert.windowLabel}`;
        const email =
          alert.kind === 'warning'
            ? { template: 'subteam-limit-warning' as const, data: { ...data, percent: spend.settings.percent } }
            : { template: 'subteam-limit-reached' as const, data: { ...data } };
        await this.notifications.notify(tx, {
          agencyId,
          ...email,
          dedupeKey: `subteam-limit-${alert.kind}:${spend.subteamId}:${key}`,
          sms: spend.settings.sms,
          extraEmails: spend.settings.contactEmail ? [spend.settings.contactEmail] : [],
        });
        await this.webhooks.publish(
          tx,
          agencyId,
          alert.kind === 'warning' ? 'subteam.limit_warning' : 'subteam.limit_reached',
          { ...data },
          `subteam.limit_${alert.kind}:${spend.subteamId}:${key}`,
        );
      }
    });
  }
}
