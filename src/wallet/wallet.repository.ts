import { Injectable } from '@nestjs/common';
import type { Insertable, Selectable } from 'kysely';
import type { AgencySchema } from '../agencies/agency.entity';
import { Database, type SqlTx, type Tx, sql } from '../database/database';
import type { Micros } from '../database/money';
import type { Tables } from '../database/tables';
import { type HoldSchema, type LedgerEntrySchema, type LedgerEntryType, type SubteamDailySpendSchema, type WalletSchema } from './wallet.entity';

/** A history of settled calls to write as the ledger writer would have (`importHistory`). */
export interface ImportedHistory {
  opening: { amountMicros: Micros; reference: string; description: string; at: Date };
  /** In the order they happened; `day` is the agency's local day their spend counts on. */
  calls: { subteamId: string; callId: string; heldMicros: Micros; costMicros: Micros; day: string; at: Date; closedAt: Date }[];
}

/** Rows per insert statement, well under PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 1000;

/** The tables wallet/ owns and alone writes. */
type WalletTables = Tables<typeof WalletSchema | typeof LedgerEntrySchema | typeof HoldSchema | typeof SubteamDailySpendSchema>;
/** What wallet/ reads beside its own tables: the agency's pause and time zone, which its rules use. */
type WalletReadTables = WalletTables & Pick<Tables<typeof AgencySchema>, 'agencies'>;

/** The wallet with what its owner's agency says of it: paused, and the time zone its days count in. */
export type WalletRow = ReturnType<typeof toWallet>;
function toWallet(
  row: Pick<Selectable<WalletTables['wallets']>, 'id' | 'agency_id' | 'currency' | 'balance_micros' | 'held_micros' | 'pending_micros'> & {
    paused: boolean;
    time_zone: string;
  },
) {
  return {
    id: row.id,
    agencyId: row.agency_id,
    currency: row.currency,
    balanceMicros: row.balance_micros,
    heldMicros: row.held_micros,
    pendingMicros: row.pending_micros,
    agencyPaused: row.paused,
    /** The agency's IANA time zone: its days and months count there. */
    timeZone: row.time_zone,
  };
}

/** A ledger entry as the rest of the app sees it: camelCase, its id as a decimal string (a cursor). */
export type EntryRow = ReturnType<typeof toEntry>;
function toEntry(row: Selectable<WalletTables['ledger_entries']>) {
  return {
    id: String(row.id),
    walletId: row.wallet_id,
    subteamId: row.subteam_id,
    type: row.type,
    /** For call-path entries: a settled call or direct usage; null for every other type. */
    source: row.source,
    amountMicros: row.amount_micros,
    balanceAfterMicros: row.balance_after_micros,
    reference: row.reference,
    description: row.description,
    overrunMicros: row.overrun_micros,
    createdAt: row.created_at,
  };
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

/**
 * Every write to a wallet takes the wallet row's lock first (SELECT … FOR UPDATE), so batches
 * from any number of processes and single postings (adjustments, reloads) serialize per wallet
 * and each sees the balance the previous one committed.
 */
@Injectable()
export class WalletRepository {
  constructor(private readonly db: Database) {}

  async findWallet(walletId: string, tx?: Tx): Promise<WalletRow | undefined> {
    const row = await this.walletQuery(tx).where('w.id', '=', walletId).executeTakeFirst();
    return row && toWallet(row);
  }

  async lockWallet(tx: Tx, walletId: string): Promise<WalletRow | undefined> {
    const row = await this.walletQuery(tx).where('w.id', '=', walletId).forUpdate('w').executeTakeFirst();
    return row && toWallet(row);
  }

  private walletQuery(tx?: Tx) {
    return this.db
      .kysely<WalletReadTables>(tx)
      .selectFrom('wallets as w')
      .innerJoin('agencies as a', 'a.id', 'w.agency_id')
      .select(['w.id', 'w.agency_id', 'w.currency', 'w.balance_micros', 'w.held_micros', 'w.pending_micros', 'a.paused', 'a.time_zone']);
  }

  async findWalletIdByAgency(agencyId: string, tx?: Tx): Promise<string | undefined> {
    return (await this.findWalletOfAgency(agencyId, tx))?.id;
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

    const holds: Insertable<WalletTables['holds']>[] = [];
    const entries: Insertable<WalletTables['ledger_entries']>[] = [];
    const spend = new Map<string, Insertable<WalletTables['subteam_daily_spend']> & { spent_micros: Micros }>();
    for (const call of history.calls) {
      balance -= call.costMicros;
      holds.push({
        id: newId(),
        wallet_id: walletId,
        subteam_id: call.subteamId,
        call_id: call.callId,
        amount_micros: call.heldMicros,
        initial_amount_micros: call.heldMicros,
        status: 'settled',
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
        type: 'usage',
        source: 'call',
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
      await db
        .insertInto('holds')
        .values(holds.slice(i, i + INSERT_CHUNK))
        .execute();
      await db
        .insertInto('ledger_entries')
        .values(entries.slice(i, i + INSERT_CHUNK))
        .execute();
    }
    if (spend.size) {
      await db
        .insertInto('subteam_daily_spend')
        .values([...spend.values()])
        .onConflict((conflict) =>
          conflict
            .columns(['subteam_id', 'day'])
            .doUpdateSet((eb) => ({ spent_micros: eb('subteam_daily_spend.spent_micros', '+', eb.ref('excluded.spent_micros')) })),
        )
        .execute();
    }
    await db
      .updateTable('wallets')
      .set({ balance_micros: balance, updated_at: sql<Date>`now()` })
      .where('id', '=', walletId)
      .execute();
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
    const db = this.db.kysely<WalletTables>(tx);
    const posted = await db
      .insertInto('ledger_entries')
      .values({
        wallet_id: walletId,
        subteam_id: entry.subteamId ?? null,
        type: entry.type,
        amount_micros: entry.amountMicros,
        balance_after_micros: balanceMicros,
        reference: entry.reference,
        description: entry.description,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await db
      .updateTable('wallets')
      .set({ balance_micros: balanceMicros, updated_at: sql<Date>`now()` })
      .where('id', '=', walletId)
      .execute();
    return { entry: toEntry(posted), replayed: false, wallet: { balanceMicros, heldMicros: wallet.heldMicros } };
  }

  /** The entry a reference names (unique per wallet and type), if it was posted. */
  async findEntry(walletId: string, type: LedgerEntryType, reference: string, tx?: Tx): Promise<EntryRow | undefined> {
    const row = await this.db
      .kysely<WalletTables>(tx)
      .selectFrom('ledger_entries')
      .selectAll()
      .where('wallet_id', '=', walletId)
      .where('type', '=', type)
      .where('reference', '=', reference)
      .executeTakeFirst();
    return row && toEntry(row);
  }

  async listEntries(filter: EntryFilter): Promise<EntryRow[]> {
    let query = this.db.kysely<WalletTables>().selectFrom('ledger_entries').selectAll().where('wallet_id', '=', filter.walletId);
    if (filter.cursor !== undefined) query = query.where('id', '<', filter.cursor);
    if (filter.subteamId) query = query.where('subteam_id', '=', filter.subteamId);
    if (filter.type) query = query.where('type', '=', filter.type);
    if (filter.from) query = query.where('created_at', '>=', filter.from);
    if (filter.to) query = query.where('created_at', '<', filter.to);
    const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map(toEntry);
  }

  /** A subteam's spend per local day, from `from` to `to` inclusive ('YYYY-MM-DD'). */
  async subteamUsage(subteamId: string, from: string, to: string): Promise<{ day: string; spentMicros: Micros }[]> {
    const rows = await this.db
      .kysely<WalletTables>()
      .selectFrom('subteam_daily_spend')
      .select(['day', 'spent_micros'])
      .where('subteam_id', '=', subteamId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .execute();
    return rows.map((row) => ({ day: row.day, spentMicros: row.spent_micros }));
  }

  /** Open holds past their expiry, oldest first, for the expiry sweep. */
  async findExpiredHolds(limit: number): Promise<{ walletId: string; callId: string }[]> {
    const rows = await this.db
      .kysely<WalletTables>()
      .selectFrom('holds')
      .select(['wallet_id', 'call_id'])
      .where('status', '=', 'open')
      .where('expires_at', '<=', sql<Date>`now()`)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ walletId: row.wallet_id, callId: row.call_id }));
  }

  /** The invariant, checked by tests and the benchmark: balance = Σ entries, held = Σ open holds. */
  async checkInvariant(walletId: string): Promise<{ balanceMicros: Micros; entriesSumMicros: Micros; heldMicros: Micros; openHoldsMicros: Micros }> {
    const row = await this.db
      .kysely<WalletTables>()
      .selectFrom('wallets as w')
      .select((eb) => [
        'w.balance_micros',
        'w.held_micros',
        eb
          .selectFrom('ledger_entries as e')
          .select(sql<bigint>`coalesce(sum(e.amount_micros), 0)::bigint`.as('sum'))
          .whereRef('e.wallet_id', '=', 'w.id')
          .as('entries_sum'),
        eb
          .selectFrom('holds as h')
          .select(sql<bigint>`coalesce(sum(h.amount_micros), 0)::bigint`.as('sum'))
          .whereRef('h.wallet_id', '=', 'w.id')
          .where('h.status', '=', 'open')
          .as('open_holds'),
      ])
      .where('w.id', '=', walletId)
      .executeTakeFirstOrThrow();
    return {
      balanceMicros: row.balance_micros,
      entriesSumMicros: row.entries_sum ?? 0n,
      heldMicros: row.held_micros,
      openHoldsMicros: row.open_holds ?? 0n,
    };
  }
}
