import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import type { AgencySchema, SubteamSchema } from '../agencies/agency.entity';
import { Database, type Tx, sql } from '../database/database';
import type { Micros } from '../database/money';
import type { Tables } from '../database/tables';
import type { SubteamLimitAlertSchema } from './subteam-limit-alert.entity';
import type { SubteamDailySpendSchema } from '../wallet/wallet.entity';

type LimitAlertTables = Tables<typeof SubteamLimitAlertSchema | typeof SubteamDailySpendSchema | typeof SubteamSchema | typeof AgencySchema>;

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

/** A subteam's alert settings as read beside its subteam: left-joined, so null where it has no row (the defaults). */
type SettingsRow = { [K in 'enabled' | 'warn_percent' | 'sms' | 'contact_email']: Selectable<LimitAlertTables['subteam_limit_alerts']>[K] | null };

const settingsOf = (row: SettingsRow): SubteamLimitAlertSettings =>
  row.enabled === null || row.warn_percent === null || row.sms === null
    ? DEFAULT_SUBTEAM_ALERT
    : { enabled: row.enabled, percent: row.warn_percent, sms: row.sms, contactEmail: row.contact_email };

/**
 * Subteam limit alerts: their settings (a subteam without a row has the default, on at 80%) and
 * the local window each alert last fired in. Firing is one conditional upsert per alert and
 * window, so two processes reacting to the same spend cannot both send it.
 */
@Injectable()
export class SubteamLimitAlertRepository {
  constructor(private readonly db: Database) {}

  async timeZoneOf(agencyId: string): Promise<string | undefined> {
    const row = await this.db.kysely<LimitAlertTables>().selectFrom('agencies').select('time_zone').where('id', '=', agencyId).executeTakeFirst();
    return row?.time_zone;
  }

  /** Settled spend of the agency's subteams that have a limit, in the given local day and month. */
  async findSpend(agencyId: string, today: string, monthStart: string): Promise<SubteamSpend[]> {
    const rows = await this.db
      .kysely<LimitAlertTables>()
      .selectFrom('subteams as s')
      .leftJoin('subteam_limit_alerts as l', 'l.subteam_id', 's.id')
      .select((eb) => [
        's.id',
        's.name',
        's.daily_spend_limit_micros',
        's.monthly_spend_limit_micros',
        eb
          .selectFrom('subteam_daily_spend as d')
          .select(sql<Micros>`coalesce(sum(d.spent_micros), 0)::bigint`.as('spent'))
          .whereRef('d.subteam_id', '=', 's.id')
          .where('d.day', '=', today)
          .as('spent_today'),
        eb
          .selectFrom('subteam_daily_spend as d')
          .select(sql<Micros>`coalesce(sum(d.spent_micros), 0)::bigint`.as('spent'))
          .whereRef('d.subteam_id', '=', 's.id')
          .where('d.day', '>=', monthStart)
          .as('spent_month'),
        'l.enabled',
        'l.warn_percent',
        'l.sms',
        'l.contact_email',
      ])
      .where('s.agency_id', '=', agencyId)
      .where((eb) => eb.or([eb('s.daily_spend_limit_micros', 'is not', null), eb('s.monthly_spend_limit_micros', 'is not', null)]))
      .execute();
    return rows.map((row) => ({
      subteamId: row.id,
      name: row.name,
      dailyLimitMicros: row.daily_spend_limit_micros,
      monthlyLimitMicros: row.monthly_spend_limit_micros,
      // An aggregate without a group always returns its one row.
      spentTodayMicros: row.spent_today ?? 0n,
      spentMonthMicros: row.spent_month ?? 0n,
      settings: settingsOf(row),
    }));
  }

  /** Of these agencies, those with a subteam that has a spend limit (one read for all). */
  async withLimits(agencyIds: string[]): Promise<Set<string>> {
    if (agencyIds.length === 0) return new Set();
    const rows = await this.db
      .kysely<LimitAlertTables>()
      .selectFrom('subteams')
      .select('agency_id')
      .distinct()
      .where('agency_id', '=', (eb) => eb.fn.any(eb.val(agencyIds)))
      .where((eb) => eb.or([eb('daily_spend_limit_micros', 'is not', null), eb('monthly_spend_limit_micros', 'is not', null)]))
      .execute();
    return new Set(rows.map((row) => row.agency_id));
  }

  /**
   * Agencies whose limited subteams spent since yesterday (UTC, which covers every zone's today):
   * the sweep re-checks them in case a process stopped between a commit and its check.
   */
  async findRecentlySpending(limit: number): Promise<string[]> {
    const rows = await this.db
      .kysely<LimitAlertTables>()
      .selectFrom('subteams as s')
      .innerJoin('subteam_daily_spend as d', 'd.subteam_id', 's.id')
      .select('s.agency_id')
      .distinct()
      .where((eb) => eb.or([eb('s.daily_spend_limit_micros', 'is not', null), eb('s.monthly_spend_limit_micros', 'is not', null)]))
      .where('d.day', '>=', sql<string>`current_date - 1`)
      .where('d.spent_micros', '>', 0n)
      .limit(limit)
      .execute();
    return rows.map((row) => row.agency_id);
  }

  /** Marks the alert fired for `window`; false when it already fired in that window. */
  async fire(tx: Tx, agencyId: string, subteamId: string, column: AlertColumn, window: string): Promise<boolean> {
    const rows = await this.db
      .kysely<LimitAlertTables>(tx)
      .insertInto('subteam_limit_alerts')
      .values({ subteam_id: subteamId, agency_id: agencyId, [column]: window })
      .onConflict((conflict) =>
        conflict
          .column('subteam_id')
          .doUpdateSet((eb) => ({ [column]: eb.ref(`excluded.${column}`), updated_at: sql<Date>`now()` }))
          .where(`subteam_limit_alerts.${column}`, 'is distinct from', (eb) => eb.ref(`excluded.${column}`)),
      )
      .returning('subteam_id')
      .execute();
    return rows.length > 0;
  }

  async findSettings(agencyId: string, subteamId: string): Promise<SubteamLimitAlertSettings | undefined> {
    const row = await this.db
      .kysely<LimitAlertTables>()
      .selectFrom('subteams as s')
      .leftJoin('subteam_limit_alerts as l', 'l.subteam_id', 's.id')
      .select(['s.id', 'l.enabled', 'l.warn_percent', 'l.sms', 'l.contact_email'])
      .where('s.id', '=', subteamId)
      .where('s.agency_id', '=', agencyId)
      .executeTakeFirst();
    return row && settingsOf(row);
  }

  async saveSettings(tx: Tx, agencyId: string, subteamId: string, settings: SubteamLimitAlertSettings): Promise<void> {
    await this.db
      .kysely<LimitAlertTables>(tx)
      .insertInto('subteam_limit_alerts')
      .values({
        subteam_id: subteamId,
        agency_id: agencyId,
        enabled: settings.enabled,
        warn_percent: settings.percent,
        sms: settings.sms,
        contact_email: settings.contactEmail,
      })
      .onConflict((conflict) =>
        conflict.column('subteam_id').doUpdateSet((eb) => ({
          enabled: eb.ref('excluded.enabled'),
          warn_percent: eb.ref('excluded.warn_percent'),
          sms: eb.ref('excluded.sms'),
          contact_email: eb.ref('excluded.contact_email'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}
