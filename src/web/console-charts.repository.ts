import { Injectable } from '@nestjs/common';
import { Database, sql } from '../database/database';

/** The figures behind the overview's 30-day chart. */
@Injectable()
export class ConsoleChartsRepository {
  constructor(private readonly db: Database) {}

  /** Spend per local day and subteam, from the subteams' daily counters (days as YYYY-MM-DD). */
  async dailySpend(agencyId: string, from: string, to: string): Promise<{ day: string; subteamId: string; subteamName: string; spentMicros: bigint }[]> {
    const rows = await this.db.rows(
      sql<{ day: string; subteam_id: string; name: string; spent: string }>`
        select to_char(d.day, 'YYYY-MM-DD') as day, s.id as subteam_id, s.name, d.spent_micros::text as spent
        from subteam_daily_spend d join subteams s on s.id = d.subteam_id
        where s.agency_id = ${agencyId} and d.day between ${from}::date and ${to}::date and d.spent_micros <> 0
        order by d.day, lower(s.name), s.id`,
    );
    return rows.map((row) => ({ day: row.day, subteamId: row.subteam_id, subteamName: row.name, spentMicros: BigInt(row.spent) }));
  }

  /**
   * The balance at the end of each local day (`timeZone`) since `since` that had entries, and the
   * balance just before `since` (null when the wallet had no entry yet).
   */
  async closingBalances(walletId: string, since: Date, timeZone: string): Promise<{ opening: bigint | null; days: Map<string, bigint> }> {
    const rows = await this.db.rows(
      sql<{ day: string; balance: string }>`
        select distinct on (day) to_char(created_at at time zone ${timeZone}, 'YYYY-MM-DD') as day, balance_after_micros::text as balance
        from ledger_entries where wallet_id = ${walletId} and created_at >= ${since}
        order by day, id desc`,
    );
    const before = await this.db.one(
      sql<{ balance: string }>`
        select balance_after_micros::text as balance from ledger_entries
        where wallet_id = ${walletId} and created_at < ${since} order by id desc limit 1`,
    );
    return { opening: before ? BigInt(before.balance) : null, days: new Map(rows.map((row) => [row.day, BigInt(row.balance)])) };
  }
}
