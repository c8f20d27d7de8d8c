import { Injectable } from '@nestjs/common';
import { Database, type SqlTx, type Tx, sql } from '../database/database';
import type { Micros } from '../database/money';
import type { Tables } from '../database/tables';
import { toDate } from '../database/values';
import {
  type EntrySource,
  type HoldSchema,
  type LedgerEntrySchema,
  type LedgerEntryType,
  type SubteamDailySpendSchema,
  type WalletSchema,
} from './wallet.entity';

/** The tables wallet/ owns and alone writes. */
type WalletTables = Tables<typeof WalletSchema | typeof LedgerEntrySchema | typeof HoldSchema | typeof SubteamDailySpendSchema>;

/** A history of settled calls to write as the ledger writer would have (`importHistory`). */
export interface ImportedHistory {
  opening: { amountMicros: Micros; reference: string; description: string; at: Date };
  /** In the order they happened; `day` is the agency's local day their spend counts on. */
  calls: { subteamId: string; callId: string; heldMicros: Micros; costMicros: Micros; day: string; at: Date; closedAt: Date }[];
}

/** Rows per insert statement, well under PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 1000;

export interface WalletRow {
  id: string;
  agencyId: string;
  currency: string;
  balanceMicros: Micros;
  heldMicros: Micros;
  pendingMicros: Micros;
  agencyPaused: boolean;
  /** The agency's IANA time zone: its days and months count there. */
  timeZone: string;
}

export interface EntryRow {
  id: string;
  walletId: string;
  subteamId: string | null;
  type: LedgerEntryType;
  /** For call-path entries: a settled call or direct usage; null for every other type. */
  source: EntrySource | null;
  amountMicros: Micros;
  balanceAfterMicros: Micros;
  reference: string;
  description: string | null;
  overrunMicros: Micros | null;
  createdAt: Date;
}

export interface EntryFilter {
  walletId: string;
  limit: number;
  cursor?: bigint;
  subteamId?: string;
  type?: LedgerEntryType;
  /** Posted at or after this instant. */
  from?: Date;
  /** Posted before this instant. */
  to?: Date;
}

export interface PostedEntry {
  entry: EntryRow;
  replayed: boolean;
  wallet: { balanceMicros: Micros; heldMicros: Micros };
}

type RawEntry = {
  id: string;
  wallet_id: string;
  subteam_id: string | null;
  type: LedgerEntryType;
  source: EntrySource | null;
  amount_micros: string;
  balance_after_micros: string;
  reference: string;
  description: string | null;
  overrun_micros: string | null;
  created_at: Date;
};

const ENTRY_COLUMNS = sql.raw(
  'id, wallet_id, subteam_id, type, source, amount_micros, balance_after_micros, reference, description, overrun_micros, created_at',
);

const toEntry = (row: RawEntry): EntryRow => ({
  id: String(row.id),
  walletId: row.wallet_id,
  subteamId: row.subteam_id,
  type: row.type,
  source: row.source,
  amountMicros: BigInt(row.amount_micros),
  balanceAfterMicros: BigInt(row.balance_after_micros),
  reference: row.reference,
  description: row.description,
  overrunMicros: row.overrun_micros === null ? null : BigInt(row.overrun_micros),
  createdAt: toDate(row.created_at),
});

/**
 * Every write to a wallet takes the wallet row's lock first (SELECT … FOR UPDATE), so batches
 * from any number of processes and single postings (adjustments, reloads) serialize per wallet
 * and each sees the balance the previous one committed.
 */
@Injectable()
export class WalletRepository {
  constructor(private readonly db: Database) {}

  async findWallet(walletId: string, tx?: Tx): Promise<WalletRow | undefined> {
    const row = await this.db.one(
      sql<Record<string, string & boolean>>`
        select w.id, w.agency_id, w.currency, w.balance_micros, w.held_micros, w.pending_micros, a.paused, a.time_zone
        from wallets w join agencies a on a.id = w.agency_id where w.id = ${walletId}`,
      tx,
    );
    return row && toWallet(row);
  }

  /** The wallet of a new agency, empty, inside the agency's transaction. */
  async insertWallet(tx: Tx, wallet: { id: string; agencyId: string; currency: string }): Promise<void> {
    await this.db
      .kysely<WalletTables>(tx)
      .insertInto('wallets')
      .values({ id: wallet.id, agency_id: wallet.agencyId, currency: wallet.currency })
      .execute();
  }

  async findWalletOfAgency(agencyId: string, tx?: Tx): Promise<{ id: string; currency: string } | undefined> {
    return this.db.kysely<WalletTables>(tx).selectFrom('wallets').select(['id', 'currency']).where('agency_id', '=', agencyId).executeTakeFirst();
  }

  /** Moves the amount of reloads charged but not yet cleared (`pending`), inside the caller's transaction. */
  async adjustPending(tx: Tx, walletId: string, deltaMicros: Micros): Promise<void> {
    await this.db
      .kysely<WalletTables>(tx)
      .updateTable('wallets')
      .set((eb) => ({ pending_micros: eb('pending_micros', '+', deltaMicros), updated_at: sql<Date>`now()` }))
      .where('id', '=', walletId)
      .execute();
  }

  /**
   * Writes a history of settled calls as the ledger writer would have written them: an opening
   * adjustment, then per call a settled hold and its usage entry with the running balance, each
   * subteam's spend per day, and the wallet's balance moved by the same total, so the ledger's
   * invariant (balance = Σ entries, held = Σ open holds) holds. For the demo seed.
   */
  async importHistory(tx: Tx | SqlTx, walletId: string, history: ImportedHistory, newId: () => string): Promise<void> {
    const db = this.db.kysely<WalletTables>(tx);
    const wallet = await db.selectFrom('wallets').select('balance_micros').where('id', '=', walletId).forUpdate().executeTakeFirstOrThrow();
    const { opening } = history;
    let balance = wallet.balance_micros + opening.amountMicros;
    await db
      .insertInto('ledger_entries')
      .values({
        wallet_id: walletId,
        type: 'adjustment',
        amount_micros: opening.amountMicros,
        balance_after_micros: balance,
        reference: opening.reference,
        description: opening.description,
        created_at: opening.at,
      })
      .execute();

    const holds = [];
    const entries = [];
    const spend = new Map<string, { subteam_id: string; day: string; spent_micros: Micros }>();
    for (const call of history.calls) {
      balance -= call.costMicros;
      holds.push({
        id: newId(),
        wallet_id: walletId,
        subteam_id: call.subteamId,
        call_id: call.callId,
        amount_micros: call.heldMicros,
        initial_amount_micros: call.heldMicros,
        status: 'settled' as const,
        expires_at: new Date(call.at.getTime() + 7_200_000),
        charged_micros: call.costMicros,
        released_micros: call.heldMicros - call.costMicros,
        balance_after_micros: balance,
        closed_at: call.closedAt,
        created_at: call.at,
      });
      entries.push({
        wallet_id: walletId,
        subteam_id: call.subteamId,
        type: 'usage' as const,
        source: 'call' as const,
        amount_micros: -call.costMicros,
        balance_after_micros: balance,
        reference: call.callId,
        created_at: call.closedAt,
      });
      const key = `${call.subteamId} ${call.day}`;
      const day = spend.get(key) ?? { subteam_id: call.subteamId, day: call.day, spent_micros: 0n };
      day.spent_micros += call.costMicros;
      spend.set(key, day);
    }
    for (let i = 0; i < holds.length; i += INSERT_CHUNK) {
      await db.insertInto('holds').values(holds.slice(i, i + INSERT_CHUNK)).execute();
      await db.insertInto('ledger_entries').values(entries.slice(i, i + INSERT_CHUNK)).execute();
    }
    if (spend.size) {
      await db
        .insertInto('subteam_daily_spend')
        .values([...spend.values()])
        .onConflict((conflict) =>
          conflict.columns(['subteam_id', 'day']).doUpdateSet((eb) => ({ spent_micros: eb('subteam_daily_spend.spent_micros', '+', eb.ref('excluded.spent_micros')) })),
        )
        .execute();
    }
    await db.updateTable('wallets').set({ balance_micros: balance, updated_at: sql<Date>`now()` }).where('id', '=', walletId).execute();
  }

  async findWalletIdByAgency(agencyId: string, tx?: Tx): Promise<string | undefined> {
    const row = await this.db.one(sql<{ id: string }>`select id from wallets where agency_id = ${agencyId}`, tx);
    return row?.id;
  }

  async lockWallet(tx: Tx, walletId: string): Promise<WalletRow | undefined> {
    const row = await this.db.one(
      sql<Record<string, string & boolean>>`
        select w.id, w.agency_id, w.currency, w.balance_micros, w.held_micros, w.pending_micros, a.paused, a.time_zone
        from wallets w join agencies a on a.id = w.agency_id where w.id = ${walletId} for update of w`,
      tx,
    );
    return row && toWallet(row);
  }

  private async insertEntries(
    tx: Tx,
    walletId: string,
    entries: Pick<EntryRow, 'subteamId' | 'type' | 'amountMicros' | 'balanceAfterMicros' | 'reference' | 'description'>[],
  ): Promise<EntryRow[]> {
    const rows = await this.db.rows(
      sql<RawEntry>`
        insert into ledger_entries (wallet_id, subteam_id, type, amount_micros, balance_after_micros, reference, description)
        values ${sql.join(
          entries.map(
            (e) => sql`(${walletId}::uuid, ${e.subteamId}::uuid, ${e.type}, ${e.amountMicros}::bigint,
              ${e.balanceAfterMicros}::bigint, ${e.reference}, ${e.description})`,
          ),
        )}
        returning ${ENTRY_COLUMNS}`,
      tx,
    );
    return rows.map(toEntry);
  }

  /**
   * Posts one entry outside the call path (adjustments, reloads, refunds) inside the caller's
   * transaction. A reference already posted for this wallet and type is a replay: it changes
   * nothing and returns the first entry.
   */
  async postEntry(
    tx: Tx,
    walletId: string,
    entry: { type: LedgerEntryType; amountMicros: Micros; reference: string; description: string | null; subteamId?: string | null },
  ): Promise<PostedEntry | null> {
    const wallet = await this.lockWallet(tx, walletId);
    if (!wallet) return null;
    const existing = await this.findEntry(walletId, entry.type, entry.reference, tx);
    if (existing) {
      return { entry: existing, replayed: true, wallet };
    }
    const balanceMicros = wallet.balanceMicros + entry.amountMicros;
    const [posted] = await this.insertEntries(tx, walletId, [
      {
        subteamId: entry.subteamId ?? null,
        type: entry.type,
        amountMicros: entry.amountMicros,
        balanceAfterMicros: balanceMicros,
        reference: entry.reference,
        description: entry.description,
      },
    ]);
    await sql`update wallets set balance_micros = ${balanceMicros}, updated_at = now() where id = ${walletId}`.execute(
      tx.getKysely(),
    );
    return { entry: posted, replayed: false, wallet: { balanceMicros, heldMicros: wallet.heldMicros } };
  }

  /** The entry a reference names (unique per wallet and type), if it was posted. */
  async findEntry(walletId: string, type: LedgerEntryType, reference: string, tx?: Tx): Promise<EntryRow | undefined> {
    const row = await this.db.one(
      sql<RawEntry>`select ${ENTRY_COLUMNS}
        from ledger_entries where wallet_id = ${walletId} and type = ${type} and reference = ${reference}`,
      tx,
    );
    return row && toEntry(row);
  }

  async listEntries(filter: EntryFilter): Promise<EntryRow[]> {
    const rows = await this.db.rows(sql<RawEntry>`
      select ${ENTRY_COLUMNS}
      from ledger_entries
      where wallet_id = ${filter.walletId}
        ${filter.cursor !== undefined ? sql`and id < ${filter.cursor}` : sql``}
        ${filter.subteamId ? sql`and subteam_id = ${filter.subteamId}` : sql``}
        ${filter.type ? sql`and type = ${filter.type}` : sql``}
        ${filter.from ? sql`and created_at >= ${filter.from}` : sql``}
        ${filter.to ? sql`and created_at < ${filter.to}` : sql``}
      order by id desc limit ${filter.limit}`);
    return rows.map(toEntry);
  }

  async subteamUsage(subteamId: string, from: string, to: string): Promise<{ day: string; spentMicros: Micros }[]> {
    const rows = await this.db.rows(sql<{ day: string; spent_micros: string }>`
      select to_char(day, 'YYYY-MM-DD') as day, spent_micros from subteam_daily_spend
      where subteam_id = ${subteamId} and day between ${from}::date and ${to}::date order by day`);
    return rows.map((row) => ({ day: row.day, spentMicros: BigInt(row.spent_micros) }));
  }

  /** Open holds past their expiry, oldest first, for the expiry sweep. */
  async findExpiredHolds(limit: number): Promise<{ walletId: string; callId: string }[]> {
    const rows = await this.db.rows(sql<{ wallet_id: string; call_id: string }>`
      select wallet_id, call_id from holds where status = 'open' and expires_at <= now()
      order by expires_at limit ${limit}`);
    return rows.map((row) => ({ walletId: row.wallet_id, callId: row.call_id }));
  }

  /** The invariant, checked by tests and the benchmark: balance = Σ entries, held = Σ open holds. */
  async checkInvariant(walletId: string): Promise<{ balanceMicros: Micros; entriesSumMicros: Micros; heldMicros: Micros; openHoldsMicros: Micros }> {
    const row = await this.db.one(sql<Record<string, string>>`
      select w.balance_micros, w.held_micros,
        (select coalesce(sum(amount_micros), 0) from ledger_entries where wallet_id = w.id)::text as entries_sum,
        (select coalesce(sum(amount_micros), 0) from holds where wallet_id = w.id and status = 'open')::text as open_holds
      from wallets w where w.id = ${walletId}`);
    return {
      balanceMicros: BigInt(row!.balance_micros),
      entriesSumMicros: BigInt(row!.entries_sum),
      heldMicros: BigInt(row!.held_micros),
      openHoldsMicros: BigInt(row!.open_holds),
    };
  }
}

function toWallet(row: Record<string, string & boolean>): WalletRow {
  return {
    id: row.id,
    agencyId: row.agency_id,
    currency: row.currency,
    balanceMicros: BigInt(row.balance_micros),
    heldMicros: BigInt(row.held_micros),
    pendingMicros: BigInt(row.pending_micros),
    agencyPaused: row.paused,
    timeZone: row.time_zone,
  };
}

