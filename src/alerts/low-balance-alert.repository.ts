import { Injectable } from '@nestjs/common';
import { Database, type Tx, sql } from '../database/database';
import { DEFAULT_TIME_ZONE, addDays, localDate, startOfLocalDay } from '../common/time-zones';
import type { Micros } from '../database/money';

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

type RawState = {
  available_micros: string;
  enabled: boolean | null;
  threshold_micros: string | null;
  armed: boolean | null;
  depleted_notified: boolean | null;
};

const AVAILABLE = sql`(w.balance_micros - w.held_micros)`;

/**
 * Low-balance alert settings and their once-per-crossing state. Each transition is one conditional
 * statement that reads the wallet's committed balance, so two processes reacting to the same
 * crossing cannot both fire it.
 */
@Injectable()
export class LowBalanceAlertRepository {
  constructor(private readonly db: Database) {}

  async findState(agencyId: string, tx?: Tx): Promise<WalletAlertState | undefined> {
    const row = await this.db.one(
      sql<RawState>`
        select ${AVAILABLE}::text as available_micros, a.enabled, a.threshold_micros::text, a.armed, a.depleted_notified
        from wallets w left join low_balance_alerts a on a.agency_id = w.agency_id
        where w.agency_id = ${agencyId}`,
      tx,
    );
    if (!row) return undefined;
    return {
      availableMicros: BigInt(row.available_micros),
      alert:
        row.enabled === null
          ? null
          : {
              enabled: row.enabled,
              thresholdMicros: BigInt(row.threshold_micros!),
              armed: row.armed!,
              depletedNotified: row.depleted_notified!,
            },
    };
  }

  /** The low-balance alerts of several agencies in one read (null: the agency has none set). */
  async findAlerts(agencyIds: string[]): Promise<Map<string, WalletAlertState['alert']>> {
    const rows = await this.db.rows(sql<{ agency_id: string; enabled: boolean; threshold_micros: string; armed: boolean; depleted_notified: boolean }>`
      select agency_id, enabled, threshold_micros::text, armed, depleted_notified from low_balance_alerts where agency_id = any(${agencyIds}::uuid[])`);
    const found = new Map(rows.map((row) => [row.agency_id, row]));
    return new Map(
      agencyIds.map((agencyId) => {
        const row = found.get(agencyId);
        return [agencyId, row ? { enabled: row.enabled, thresholdMicros: BigInt(row.threshold_micros), armed: row.armed, depletedNotified: row.depleted_notified } : null];
      }),
    );
  }

  async findSettings(agencyId: string): Promise<AlertSettings | undefined> {
    const row = await this.db.one(sql<{ enabled: boolean; threshold_micros: string }>`
      select enabled, threshold_micros::text from low_balance_alerts where agency_id = ${agencyId}`);
    return row && { enabled: row.enabled, thresholdMicros: BigInt(row.threshold_micros) };
  }

  /** Locks the settings row (creating it with the defaults first) for a read-modify-write. */
  async lockSettings(tx: Tx, agencyId: string): Promise<AlertSettings> {
    await this.db.rows(
      sql`insert into low_balance_alerts (agency_id) values (${agencyId}) on conflict (agency_id) do nothing`,
      tx,
    );
    const row = await this.db.one(
      sql<{ enabled: boolean; threshold_micros: string }>`
        select enabled, threshold_micros::text from low_balance_alerts where agency_id = ${agencyId} for update`,
      tx,
    );
    return { enabled: row!.enabled, thresholdMicros: BigInt(row!.threshold_micros) };
  }

  /**
   * Saves new settings. The alert is armed only if available is at or above the new threshold: a
   * wallet already below it counts as crossed, so saving never sends an alert by itself.
   */
  async saveSettings(tx: Tx, agencyId: string, settings: AlertSettings): Promise<void> {
    await this.db.rows(
      sql`
        update low_balance_alerts a set enabled = ${settings.enabled}, threshold_micros = ${settings.thresholdMicros}::bigint,
          armed = ${AVAILABLE} >= ${settings.thresholdMicros}::bigint, updated_at = now()
        from wallets w where a.agency_id = ${agencyId} and w.agency_id = a.agency_id`,
      tx,
    );
  }

  /** Disarms an armed alert whose wallet is below its threshold; returns the crossing it fired for. */
  async fireLowBalance(
    tx: Tx,
    agencyId: string,
  ): Promise<{ crossing: number; thresholdMicros: Micros; availableMicros: Micros } | undefined> {
    const row = await this.db.one(
      sql<{ crossings: number; threshold_micros: string; available_micros: string }>`
        update low_balance_alerts a set armed = false, crossings = a.crossings + 1, updated_at = now()
        from wallets w
        where a.agency_id = ${agencyId} and w.agency_id = a.agency_id
          and a.enabled and a.armed and ${AVAILABLE} < a.threshold_micros
        returning a.crossings, a.threshold_micros::text, ${AVAILABLE}::text as available_micros`,
      tx,
    );
    return (
      row && {
        crossing: row.crossings,
        thresholdMicros: BigInt(row.threshold_micros),
        availableMicros: BigInt(row.available_micros),
      }
    );
  }

  /** Re-arms a disarmed alert once available is back at or above the threshold. */
  async rearmLowBalance(tx: Tx, agencyId: string): Promise<boolean> {
    const rows = await this.db.rows(
      sql`
        update low_balance_alerts a set armed = true, updated_at = now()
        from wallets w
        where a.agency_id = ${agencyId} and w.agency_id = a.agency_id
          and not a.armed and ${AVAILABLE} >= a.threshold_micros
        returning 1`,
      tx,
    );
    return rows.length > 0;
  }

  /** Marks the wallet depleted once per depletion, whether or not the alert is enabled. */
  async fireDepleted(tx: Tx, agencyId: string): Promise<{ depletion: number; availableMicros: Micros } | undefined> {
    const row = await this.db.one(
      sql<{ depletions: number; available_micros: string }>`
        with wallet as (
          select w.agency_id, ${AVAILABLE} as available from wallets w where w.agency_id = ${agencyId}
        )
        insert into low_balance_alerts as a (agency_id, depleted_notified, depletions)
        select agency_id, true, 1 from wallet where available <= 0
        on conflict (agency_id) do update set depleted_notified = true, depletions = a.depletions + 1, updated_at = now()
          where not a.depleted_notified
        returning a.depletions, (select available from wallet)::text as available_micros`,
      tx,
    );
    return row && { depletion: row.depletions, availableMicros: BigInt(row.available_micros) };
  }

  /** Clears the depletion once funds are available again, so the next depletion is told too. */
  async resetDepleted(tx: Tx, agencyId: string): Promise<boolean> {
    const rows = await this.db.rows(
      sql`
        update low_balance_alerts a set depleted_notified = false, updated_at = now()
        from wallets w
        where a.agency_id = ${agencyId} and w.agency_id = a.agency_id and a.depleted_notified and ${AVAILABLE} > 0
        returning 1`,
      tx,
    );
    return rows.length > 0;
  }

  /**
   * Settled spend over the agency's last 7 local days and the seconds that window covers (from the
   * start of its first day with spend), from the per-subteam daily counters: a handful of rows, not the ledger.
   */
  async recentSpend(agencyId: string, tx?: Tx, now = new Date()): Promise<{ spentMicros: Micros; seconds: number }> {
    const agency = await this.db.one(sql<{ time_zone: string }>`select time_zone from agencies where id = ${agencyId}`, tx);
    const timeZone = agency?.time_zone ?? DEFAULT_TIME_ZONE;
    const row = await this.db.one(
      sql<{ spent: string; first_day: string | null }>`
        select coalesce(sum(d.spent_micros), 0)::text as spent, to_char(min(d.day), 'YYYY-MM-DD') as first_day
        from subteam_daily_spend d join subteams s on s.id = d.subteam_id
        where s.agency_id = ${agencyId} and d.day > ${addDays(localDate(now, timeZone), -7)}::date and d.spent_micros > 0`,
      tx,
    );
    const since = row?.first_day ? startOfLocalDay(row.first_day, timeZone).getTime() : now.getTime();
    return { spentMicros: BigInt(row?.spent ?? '0'), seconds: Math.max(0, Math.round((now.getTime() - since) / 1000)) };
  }

  /** Agencies whose alert state disagrees with their balance: what an event may have missed. */
  async findAgenciesToCheck(limit: number): Promise<string[]> {
    const rows = await this.db.rows(sql<{ agency_id: string }>`
      select w.agency_id from wallets w left join low_balance_alerts a on a.agency_id = w.agency_id
      where (a.enabled and a.armed and ${AVAILABLE} < a.threshold_micros)
         or (a.enabled and not a.armed and ${AVAILABLE} >= a.threshold_micros)
         or (a.depleted_notified and ${AVAILABLE} > 0)
         or (${AVAILABLE} <= 0 and a.depleted_notified is not true
             and exists (select 1 from ledger_entries e where e.wallet_id = w.id))
      limit ${limit}`);
    return rows.map((row) => row.agency_id);
  }
}
