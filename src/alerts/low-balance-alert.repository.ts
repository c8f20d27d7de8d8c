import { Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import type { AgencySchema, SubteamSchema } from '../agencies/agency.entity';
import { Database, type Tx, sql } from '../database/database';
import { DEFAULT_TIME_ZONE, addDays, localDate, startOfLocalDay } from '../common/time-zones';
import type { Micros } from '../database/money';
import type { Tables } from '../database/tables';
import type { LedgerEntrySchema, SubteamDailySpendSchema, WalletSchema } from '../wallet/wallet.entity';
import type { LowBalanceAlertSchema } from './low-balance-alert.entity';

export interface AlertSettings {
  enabled: boolean;
  thresholdMicros: Micros;
}

export interface AlertState extends AlertSettings {
  armed: boolean;
  depletedNotified: boolean;
}

/** The wallet's available balance beside the alert row (absent until the alert is first saved or fires). */
export interface WalletAlertState {
  availableMicros: Micros;
  alert: AlertState | null;
}

type LowBalanceTables = Tables<
  | typeof LowBalanceAlertSchema
  | typeof WalletSchema
  | typeof LedgerEntrySchema
  | typeof AgencySchema
  | typeof SubteamSchema
  | typeof SubteamDailySpendSchema
>;

/** What the wallet can spend: its balance less what open holds keep aside. */
const available = (wallet: string) => sql<Micros>`(${sql.ref(`${wallet}.balance_micros`)} - ${sql.ref(`${wallet}.held_micros`)})`;

const alertOf = (
  row: Pick<Selectable<LowBalanceTables['low_balance_alerts']>, 'enabled' | 'threshold_micros' | 'armed' | 'depleted_notified'>,
): AlertState => ({
  enabled: row.enabled,
  thresholdMicros: row.threshold_micros,
  armed: row.armed,
  depletedNotified: row.depleted_notified,
});

/**
 * Low-balance alert settings and their once-per-crossing state. Each transition is one conditional
 * statement that reads the wallet's committed balance, so two processes reacting to the same
 * crossing cannot both fire it.
 */
@Injectable()
export class LowBalanceAlertRepository {
  constructor(private readonly db: Database) {}

  async findState(agencyId: string, tx?: Tx): Promise<WalletAlertState | undefined> {
    const row = await this.db
      .kysely<LowBalanceTables>(tx)
      .selectFrom('wallets as w')
      .leftJoin('low_balance_alerts as a', 'a.agency_id', 'w.agency_id')
      .select([available('w').as('available_micros'), 'a.enabled', 'a.threshold_micros', 'a.armed', 'a.depleted_notified'])
      .where('w.agency_id', '=', agencyId)
      .executeTakeFirst();
    if (!row) return undefined;
    const { enabled, threshold_micros, armed, depleted_notified } = row;
    return {
      availableMicros: row.available_micros,
      alert:
        enabled === null || threshold_micros === null || armed === null || depleted_notified === null
          ? null
          : alertOf({ enabled, threshold_micros, armed, depleted_notified }),
    };
  }

  /** The low-balance alerts of several agencies in one read (null: the agency has none set). */
  async findAlerts(agencyIds: string[]): Promise<Map<string, WalletAlertState['alert']>> {
    const rows =
      agencyIds.length === 0
        ? []
        : await this.db
            .kysely<LowBalanceTables>()
            .selectFrom('low_balance_alerts')
            .select(['agency_id', 'enabled', 'threshold_micros', 'armed', 'depleted_notified'])
            .where('agency_id', '=', (eb) => eb.fn.any(eb.val(agencyIds)))
            .execute();
    const found = new Map(rows.map((row) => [row.agency_id, row]));
    return new Map(
      agencyIds.map((agencyId) => {
        const row = found.get(agencyId);
        return [agencyId, row ? alertOf(row) : null];
      }),
    );
  }

  async findSettings(agencyId: string): Promise<AlertSettings | undefined> {
    const row = await this.settings(this.db.kysely<LowBalanceTables>(), agencyId).executeTakeFirst();
    return row && { enabled: row.enabled, thresholdMicros: row.threshold_micros };
  }

  /** Locks the settings row (creating it with the defaults first) for a read-modify-write. */
  async lockSettings(tx: Tx, agencyId: string): Promise<AlertSettings> {
    const db = this.db.kysely<LowBalanceTables>(tx);
    await db
      .insertInto('low_balance_alerts')
      .values({ agency_id: agencyId })
      .onConflict((conflict) => conflict.column('agency_id').doNothing())
      .execute();
    const row = await this.settings(db, agencyId).forUpdate().executeTakeFirstOrThrow();
    return { enabled: row.enabled, thresholdMicros: row.threshold_micros };
  }

  /**
   * Saves new settings. The alert is armed only if available is at or above the new threshold: a
   * wallet already below it counts as crossed, so saving never sends an alert by itself.
   */
  async saveSettings(tx: Tx, agencyId: string, settings: AlertSettings): Promise<void> {
    await this.db
      .kysely<LowBalanceTables>(tx)
      .updateTable('low_balance_alerts as a')
      .from('wallets as w')
      .set({
        enabled: settings.enabled,
        threshold_micros: settings.thresholdMicros,
        armed: sql<boolean>`${available('w')} >= ${settings.thresholdMicros}::bigint`,
        updated_at: sql<Date>`now()`,
      })
      .where('a.agency_id', '=', agencyId)
      .whereRef('w.agency_id', '=', 'a.agency_id')
      .execute();
  }

  /** Disarms an armed alert whose wallet is below its threshold; returns the crossing it fired for. */
  async fireLowBalance(tx: Tx, agencyId: string): Promise<{ crossing: number; thresholdMicros: Micros; availableMicros: Micros } | undefined> {
    const row = await this.db
      .kysely<LowBalanceTables>(tx)
      .updateTable('low_balance_alerts as a')
      .from('wallets as w')
      .set((eb) => ({ armed: false, crossings: eb('a.crossings', '+', 1), updated_at: sql<Date>`now()` }))
      .where('a.agency_id', '=', agencyId)
      .whereRef('w.agency_id', '=', 'a.agency_id')
      .where('a.enabled', '=', true)
      .where('a.armed', '=', true)
      .where(available('w'), '<', (eb) => eb.ref('a.threshold_micros'))
      .returning(['a.crossings', 'a.threshold_micros', available('w').as('available_micros')])
      .executeTakeFirst();
    return row && { crossing: row.crossings, thresholdMicros: row.threshold_micros, availableMicros: row.available_micros };
  }

  /** Re-arms a disarmed alert once available is back at or above the threshold. */
  async rearmLowBalance(tx: Tx, agencyId: string): Promise<boolean> {
    const rows = await this.db
      .kysely<LowBalanceTables>(tx)
      .updateTable('low_balance_alerts as a')
      .from('wallets as w')
      .set({ armed: true, updated_at: sql<Date>`now()` })
      .where('a.agency_id', '=', agencyId)
      .whereRef('w.agency_id', '=', 'a.agency_id')
      .where('a.armed', '=', false)
      .where(available('w'), '>=', (eb) => eb.ref('a.threshold_micros'))
      .returning('a.agency_id')
      .execute();
    return rows.length > 0;
  }

  /** Marks the wallet depleted once per depletion, whether or not the alert is enabled. */
  async fireDepleted(tx: Tx, agencyId: string): Promise<{ depletion: number; availableMicros: Micros } | undefined> {
    const row = await this.db
      .kysely<LowBalanceTables>(tx)
      .insertInto('low_balance_alerts')
      .columns(['agency_id', 'depleted_notified', 'depletions'])
      .expression((db) =>
        db
          .selectFrom('wallets as w')
          .select((eb) => ['w.agency_id', eb.lit(true).as('depleted_notified'), eb.lit(1).as('depletions')])
          .where('w.agency_id', '=', agencyId)
          .where(available('w'), '<=', 0n),
      )
      .onConflict((conflict) =>
        conflict
          .column('agency_id')
          .doUpdateSet((eb) => ({ depleted_notified: true, depletions: eb('low_balance_alerts.depletions', '+', 1), updated_at: sql<Date>`now()` }))
          .where('low_balance_alerts.depleted_notified', '=', false),
      )
      .returning((eb) => [
        'depletions',
        eb
          .selectFrom('wallets as w')
          .select(available('w').as('available'))
          .whereRef('w.agency_id', '=', 'low_balance_alerts.agency_id')
          .as('available_micros'),
      ])
      .executeTakeFirst();
    // A row comes back only for a wallet that exists, so its available amount is there.
    return row?.available_micros == null ? undefined : { depletion: row.depletions, availableMicros: row.available_micros };
  }

  /** Clears the depletion once funds are available again, so the next depletion is told too. */
  async resetDepleted(tx: Tx, agencyId: string): Promise<boolean> {
    const rows = await this.db
      .kysely<LowBalanceTables>(tx)
      .updateTable('low_balance_alerts as a')
      .from('wallets as w')
      .set({ depleted_notified: false, updated_at: sql<Date>`now()` })
      .where('a.agency_id', '=', agencyId)
      .whereRef('w.agency_id', '=', 'a.agency_id')
      .where('a.depleted_notified', '=', true)
      .where(available('w'), '>', 0n)
      .returning('a.agency_id')
      .execute();
    return rows.length > 0;
  }

  /**
   * Settled spend over the agency's last 7 local days and the seconds that window covers (from the
   * start of its first day with spend), from the per-subteam daily counters: a handful of rows, not the ledger.
   */
  async recentSpend(agencyId: string, tx?: Tx, now = new Date()): Promise<{ spentMicros: Micros; seconds: number }> {
    const db = this.db.kysely<LowBalanceTables>(tx);
    const agency = await db.selectFrom('agencies').select('time_zone').where('id', '=', agencyId).executeTakeFirst();
    const timeZone = agency?.time_zone ?? DEFAULT_TIME_ZONE;
    const row = await db
      .selectFrom('subteam_daily_spend as d')
      .innerJoin('subteams as s', 's.id', 'd.subteam_id')
      .select((eb) => [sql<Micros>`coalesce(sum(d.spent_micros), 0)::bigint`.as('spent'), eb.fn.min('d.day').as('first_day')])
      .where('s.agency_id', '=', agencyId)
      .where('d.day', '>', addDays(localDate(now, timeZone), -7))
      .where('d.spent_micros', '>', 0n)
      .executeTakeFirst();
    const since = row?.first_day ? startOfLocalDay(row.first_day, timeZone).getTime() : now.getTime();
    return { spentMicros: row?.spent ?? 0n, seconds: Math.max(0, Math.round((now.getTime() - since) / 1000)) };
  }

  /** Agencies whose alert state disagrees with their balance: what an event may have missed. */
  async findAgenciesToCheck(limit: number): Promise<string[]> {
    const rows = await this.db
      .kysely<LowBalanceTables>()
      .selectFrom('wallets as w')
      .leftJoin('low_balance_alerts as a', 'a.agency_id', 'w.agency_id')
      .select('w.agency_id')
      .where((eb) =>
        eb.or([
          eb.and([eb('a.enabled', '=', true), eb('a.armed', '=', true), eb(available('w'), '<', eb.ref('a.threshold_micros'))]),
          eb.and([eb('a.enabled', '=', true), eb('a.armed', '=', false), eb(available('w'), '>=', eb.ref('a.threshold_micros'))]),
          eb.and([eb('a.depleted_notified', '=', true), eb(available('w'), '>', 0n)]),
          eb.and([
            eb(available('w'), '<=', 0n),
            eb('a.depleted_notified', 'is not', true),
            eb.exists(eb.selectFrom('ledger_entries as e').select('e.id').whereRef('e.wallet_id', '=', 'w.id')),
          ]),
        ]),
      )
      .limit(limit)
      .execute();
    return rows.map((row) => row.agency_id);
  }

  private settings(db: Kysely<LowBalanceTables>, agencyId: string) {
    return db.selectFrom('low_balance_alerts').select(['enabled', 'threshold_micros']).where('agency_id', '=', agencyId);
  }
}
