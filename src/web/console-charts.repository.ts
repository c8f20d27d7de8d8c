import { Injectable } from '@nestjs/common';
import type { SubteamSchema } from '../agencies/agency.entity';
import { Database, sql } from '../database/database';
import type { Tables } from '../database/tables';
import type { LedgerEntrySchema, SubteamDailySpendSchema } from '../wallet/wallet.entity';

type ChartTables = Tables<typeof SubteamDailySpendSchema | typeof SubteamSchema | typeof LedgerEntrySchema>;

/** The figures behind the overview's 30-day chart. */
@Injectable()
export class ConsoleChartsRepository {
  constructor(private readonly db: Database) {}

  /** Spend per local day and subteam, from the subteams' daily counters (days as YYYY-MM-DD). */
  async dailySpend(
    agencyId: string,
    from: string,
    to: string,
  ): Promise<{ day: string; subteamId: string; subteamName: string; spentMicros: bigint }[]> {
    return this.db
      .kysely<ChartTables>()
      .selectFrom('subteam_daily_spend as d')
      .innerJoin('subteams as s', 's.id', 'd.subteam_id')
      .select(['d.day', 's.id as subteamId', 's.name as subteamName', 'd.spent_micros as spentMicros'])
      .where('s.agency_id', '=', agencyId)
      .where('d.day', '>=', from)
      .where('d.day', '<=', to)
      .where('d.spent_micros', '<>', 0n)
      .orderBy('d.day')
      .orderBy(sql`lower(s.name)`)
      .orderBy('s.id')
      .execute();
  }

  /**
   * The balance at the end of each local day (`timeZone`) since `since` that had entries, and the
   * balance just before `since` (null when the wallet had no entry yet).
   */
  async closingBalances(walletId: string, since: Date, timeZone: string): Promise<{ opening: bigint | null; days: Map<string, bigint> }> {
    // The day is the entry's local day in the agency's zone, which a query builder does not say more plainly.
    const rows = await this.db.rows(
      sql<{ day: string; balance: string }>`
        select distinct on (day) to_char(created_at at time zone ${timeZone}, 'YYYY-MM-DD') as day, balance_after_micros::text as balance
        from ledger_entries where wallet_id = ${walletId} and created_at >= ${since}
        order by day, id desc`,
    );
    const before = await this.db
      .kysely<ChartTables>()
      .selectFrom('ledger_entries')
      .select('balance_after_micros as balance')
      .where('wallet_id', '=', walletId)
      .where('created_at', '<', since)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return { opening: before?.balance ?? null, days: new Map(rows.map((row) => [row.day, BigInt(row.balance)])) };
  }
}
