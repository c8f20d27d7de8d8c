import { Injectable } from '@nestjs/common';
import { Database, type Tx, sql } from '../database/database';
import type { Micros } from '../database/money';

export interface SubteamLimitAlertSettings {
  enabled: boolean;
  /** Whole percent of the limit at which the warning goes out. */
  percent: number;
  sms: boolean;
  contactEmail: string | null;
}

export const DEFAULT_SUBTEAM_ALERT: SubteamLimitAlertSettings = { enabled: true, percent: 80, sms: false, contactEmail: null };

export type LimitWindow = 'daily' | 'monthly';
export type AlertColumn = 'daily_warned_window' | 'daily_reached_window' | 'monthly_warned_window' | 'monthly_reached_window';

export interface SubteamSpend {
  subteamId: string;
  name: string;
  dailyLimitMicros: Micros | null;
  monthlyLimitMicros: Micros | null;
  spentTodayMicros: Micros;
  spentMonthMicros: Micros;
  settings: SubteamLimitAlertSettings;
}

type RawSettings = { enabled: boolean | null; warn_percent: number | null; sms: boolean | null; contact_email: string | null };

const settingsOf = (row: RawSettings): SubteamLimitAlertSettings =>
  row.enabled === null
    ? DEFAULT_SUBTEAM_ALERT
    : { enabled: row.enabled, percent: row.warn_percent!, sms: row.sms!, contactEmail: row.contact_email };

/**
 * Subteam limit alerts: their settings (a subteam without a row has the default, on at 80%) and
 * the local window each alert last fired in. Firing is one conditional upsert per alert and
 * window, so two processes reacting to the same spend cannot both send it.
 */
@Injectable()
export class SubteamLimitAlertRepository {
  constructor(private readonly db: Database) {}

  async timeZoneOf(agencyId: string): Promise<string | undefined> {
    const row = await this.db.one(sql<{ time_zone: string }>`select time_zone from agencies where id = ${agencyId}`);
    return row?.time_zone;
  }

  /** Settled spend of the agency's subteams that have a limit, in the given local day and month. */
  async findSpend(agencyId: string, today: string, monthStart: string): Promise<SubteamSpend[]> {
    const rows = await this.db.rows(sql<
      RawSettings & { id: string; name: string; daily_limit: string | null; monthly_limit: string | null; spent_today: string; spent_month: string }
    >`
      select s.id, s.name, s.daily_spend_limit_micros::text as daily_limit, s.monthly_spend_limit_micros::text as monthly_limit,
        coalesce((select sum(d.spent_micros) from subteam_daily_spend d where d.subteam_id = s.id and d.day = ${today}::date), 0)::text as spent_today,
        coalesce((select sum(d.spent_micros) from subteam_daily_spend d where d.subteam_id = s.id and d.day >= ${monthStart}::date), 0)::text as spent_month,
        l.enabled, l.warn_percent, l.sms, l.contact_email
      from subteams s left join subteam_limit_alerts l on l.subteam_id = s.id
      where s.agency_id = ${agencyId} and (s.daily_spend_limit_micros is not null or s.monthly_spend_limit_micros is not null)`);
    return rows.map((row) => ({
      subteamId: row.id,
      name: row.name,
      dailyLimitMicros: row.daily_limit === null ? null : BigInt(row.daily_limit),
      monthlyLimitMicros: row.monthly_limit === null ? null : BigInt(row.monthly_limit),
      spentTodayMicros: BigInt(row.spent_today),
      spentMonthMicros: BigInt(row.spent_month),
      settings: settingsOf(row),
    }));
  }

  /** Whether the agency has any subteam with a limit: the listener's cheap first question. */
  /** Of these agencies, those with a subteam that has a spend limit (one read for all). */
  async withLimits(agencyIds: string[]): Promise<Set<string>> {
    const rows = await this.db.rows(sql<{ agency_id: string }>`
      select distinct agency_id from subteams where agency_id = any(${agencyIds}::uuid[])
        and (daily_spend_limit_micros is not null or monthly_spend_limit_micros is not null)`);
    return new Set(rows.map((row) => row.agency_id));
  }

  /**
   * Agencies whose limited subteams spent since yesterday (UTC, which covers every zone's today):
   * the sweep re-checks them in case a process stopped between a commit and its check.
   */
  async findRecentlySpending(limit: number): Promise<string[]> {
    const rows = await this.db.rows(sql<{ agency_id: string }>`
      select distinct s.agency_id from subteams s join subteam_daily_spend d on d.subteam_id = s.id
      where (s.daily_spend_limit_micros is not null or s.monthly_spend_limit_micros is not null)
        and d.day >= current_date - 1 and d.spent_micros > 0
      limit ${limit}`);
    return rows.map((row) => row.agency_id);
  }

  /** Marks the alert fired for `window`; false when it already fired in that window. */
  async fire(tx: Tx, agencyId: string, subteamId: string, column: AlertColumn, window: string): Promise<boolean> {
    const target = sql.ref(column);
    const rows = await this.db.rows(
      sql`
        insert into subteam_limit_alerts as l (subteam_id, agency_id, ${target}) values (${subteamId}, ${agencyId}, ${window})
        on conflict (subteam_id) do update set ${target} = excluded.${target}, updated_at = now()
          where l.${target} is distinct from excluded.${target}
        returning 1`,
      tx,
    );
    return rows.length > 0;
  }

  async findSettings(agencyId: string, subteamId: string): Promise<SubteamLimitAlertSettings | undefined> {
    const row = await this.db.one(sql<RawSettings & { id: string }>`
      select s.id, l.enabled, l.warn_percent, l.sms, l.contact_email
      from subteams s left join subteam_limit_alerts l on l.subteam_id = s.id
      where s.id = ${subteamId} and s.agency_id = ${agencyId}`);
    return row && settingsOf(row);
  }

  async saveSettings(tx: Tx, agencyId: string, subteamId: string, settings: SubteamLimitAlertSettings): Promise<void> {
    await this.db.rows(
      sql`
        insert into subteam_limit_alerts (subteam_id, agency_id, enabled, warn_percent, sms, contact_email)
        values (${subteamId}, ${agencyId}, ${settings.enabled}, ${settings.percent}, ${settings.sms}, ${settings.contactEmail})
        on conflict (subteam_id) do update set enabled = excluded.enabled, warn_percent = excluded.warn_percent,
          sms = excluded.sms, contact_email = excluded.contact_email, updated_at = now()`,
      tx,
    );
  }
}
