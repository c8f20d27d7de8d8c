import { Injectable } from '@nestjs/common';
import { Database, type Tx, sql } from '../database/database';
import type { Micros } from '../database/money';
import type { HoldRecord, LedgerOp, NewEntry, SubteamState, UsageRecord, WalletState, BatchResult } from './ledger-batch';
import { callReference, usageReference } from './ledger-batch';
import type { LedgerEntryType } from './wallet.entity';

export interface WalletRow {
  id: string;
  agencyId: string;
  currency: string;
  balanceMicros: Micros;
  heldMicros: Micros;
  pendingMicros: Micros;
  agencyPaused: boolean;
}

export interface EntryRow {
  id: string;
  walletId: string;
  subteamId: string | null;
  type: LedgerEntryType;
  amountMicros: Micros;
  balanceAfterMicros: Micros;
  reference: string;
  description: string | null;
  createdAt: Date;
}

export interface EntryFilter {
  walletId: string;
  limit: number;
  cursor?: bigint;
  subteamId?: string;
  type?: LedgerEntryType;
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
  amount_micros: string;
  balance_after_micros: string;
  reference: string;
  description: string | null;
  created_at: Date;
};

const toEntry = (row: RawEntry): EntryRow => ({
  id: String(row.id),
  walletId: row.wallet_id,
  subteamId: row.subteam_id,
  type: row.type,
  amountMicros: BigInt(row.amount_micros),
  balanceAfterMicros: BigInt(row.balance_after_micros),
  reference: row.reference,
  description: row.description,
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
        select w.id, w.agency_id, w.currency, w.balance_micros, w.held_micros, w.pending_micros, a.paused
        from wallets w join agencies a on a.id = w.agency_id where w.id = ${walletId}`,
      tx,
    );
    return row && toWallet(row);
  }

  async findWalletIdByAgency(agencyId: string): Promise<string | undefined> {
    const row = await this.db.one(sql<{ id: string }>`select id from wallets where agency_id = ${agencyId}`);
    return row?.id;
  }

  /** Applies one batch of call-path operations in one transaction. */
  async applyBatch(
    walletId: string,
    ops: LedgerOp[],
    apply: (state: WalletState) => BatchResult,
  ): Promise<{ result: BatchResult; state: WalletState } | null> {
    return this.db.transaction(async (tx) => {
      const state = await this.loadState(tx, walletId, ops);
      if (!state) return null;
      const result = apply(state);
      await this.writeBatch(tx, state, result);
      return { result, state };
    });
  }

  private async loadState(tx: Tx, walletId: string, ops: LedgerOp[]): Promise<WalletState | null> {
    const wallet = await this.lockWallet(tx, walletId);
    if (!wallet) return null;
    const now = new Date();
    const callIds = unique(ops.filter((op) => op.kind !== 'debit').map((op) => (op as { callId: string }).callId));
    const references = unique(ops.flatMap((op) => (op.kind === 'debit' ? [usageReference(op.reference)] : [])));
    const [holds, usage] = await Promise.all([
      callIds.length ? this.loadHolds(tx, walletId, callIds) : new Map<string, HoldRecord>(),
      references.length ? this.loadUsage(tx, walletId, references) : new Map<string, UsageRecord>(),
    ]);
    const subteamIds = unique([
      ...ops.flatMap((op) => ('subteamId' in op && op.subteamId ? [op.subteamId] : [])),
      ...[...holds.values()].map((hold) => hold.subteamId),
    ]);
    const subteams = await this.loadSubteams(tx, subteamIds, now);
    return {
      walletId,
      agencyId: wallet.agencyId,
      agencyPaused: wallet.agencyPaused,
      balanceMicros: wallet.balanceMicros,
      heldMicros: wallet.heldMicros,
      now,
      subteams,
      holds,
      usage,
    };
  }

  async lockWallet(tx: Tx, walletId: string): Promise<WalletRow | undefined> {
    const row = await this.db.one(
      sql<Record<string, string & boolean>>`
        select w.id, w.agency_id, w.currency, w.balance_micros, w.held_micros, w.pending_micros, a.paused
        from wallets w join agencies a on a.id = w.agency_id where w.id = ${walletId} for update of w`,
      tx,
    );
    return row && toWallet(row);
  }

  private async loadHolds(tx: Tx, walletId: string, callIds: string[]): Promise<Map<string, HoldRecord>> {
    const rows = await this.db.rows(
      sql<Record<string, string & Date>>`
        select id, call_id, subteam_id, amount_micros, status, expires_at, charged_micros, released_micros,
               balance_after_micros, closed_at, created_at
        from holds where wallet_id = ${walletId} and call_id = any(${callIds}::text[])`,
      tx,
    );
    return new Map(
      rows.map((row) => [
        row.call_id,
        {
          id: row.id,
          callId: row.call_id,
          subteamId: row.subteam_id,
          amountMicros: BigInt(row.amount_micros),
          status: row.status as HoldRecord['status'],
          expiresAt: toDate(row.expires_at),
          chargedMicros: nullableBigInt(row.charged_micros),
          releasedMicros: nullableBigInt(row.released_micros),
          balanceAfterMicros: nullableBigInt(row.balance_after_micros),
          closedAt: row.closed_at === null ? null : toDate(row.closed_at),
          createdAt: toDate(row.created_at),
        },
      ]),
    );
  }

  private async loadUsage(tx: Tx, walletId: string, references: string[]): Promise<Map<string, UsageRecord>> {
    const rows = await this.db.rows(
      sql<RawEntry>`
        select id, wallet_id, subteam_id, type, amount_micros, balance_after_micros, reference, description, created_at
        from ledger_entries where wallet_id = ${walletId} and type = 'usage' and reference = any(${references}::text[])`,
      tx,
    );
    return new Map(
      rows.map((raw) => {
        const entry = toEntry(raw);
        const reference = entry.reference.slice(usageReference('').length);
        return [reference, { ...entry, reference, amountMicros: -entry.amountMicros }];
      }),
    );
  }

  private async loadSubteams(tx: Tx, subteamIds: string[], now: Date): Promise<Map<string, SubteamState>> {
    if (!subteamIds.length) return new Map();
    const today = utcDay(now);
    const monthStart = `${today.slice(0, 7)}-01`;
    // Spend and open holds are summed only for subteams that have a limit to check.
    const rows = await this.db.rows(
      sql<Record<string, string & boolean>>`
        select s.id, s.agency_id, s.paused, s.daily_spend_limit_micros, s.monthly_spend_limit_micros,
          case when s.daily_spend_limit_micros is null and s.monthly_spend_limit_micros is null then null else (
            select jsonb_build_object(
              'today', coalesce(sum(d.spent_micros) filter (where d.day = ${today}::date), 0)::text,
              'month', coalesce(sum(d.spent_micros), 0)::text)
            from subteam_daily_spend d where d.subteam_id = s.id and d.day >= ${monthStart}::date) end as spend,
          case when s.daily_spend_limit_micros is null and s.monthly_spend_limit_micros is null then '0' else (
            select coalesce(sum(h.amount_micros), 0)::text from holds h where h.subteam_id = s.id and h.status = 'open') end
            as open_held
        from subteams s where s.id = any(${subteamIds}::uuid[])`,
      tx,
    );
    return new Map(
      rows.map((row) => {
        const spend = row.spend as unknown as { today: string; month: string } | null;
        return [
          row.id,
          {
            agencyId: row.agency_id,
            paused: row.paused,
            dailyLimitMicros: nullableBigInt(row.daily_spend_limit_micros),
            monthlyLimitMicros: nullableBigInt(row.monthly_spend_limit_micros),
            spentTodayMicros: BigInt(spend?.today ?? 0),
            spentThisMonthMicros: BigInt(spend?.month ?? 0),
            openHeldMicros: BigInt(row.open_held),
          },
        ];
      }),
    );
  }

  private async writeBatch(tx: Tx, state: WalletState, result: BatchResult): Promise<void> {
    const k = tx.getKysely();
    if (result.newHolds.length) {
      await sql`
        insert into holds (id, wallet_id, subteam_id, call_id, amount_micros, status, expires_at, charged_micros,
                           released_micros, balance_after_micros, closed_at, created_at)
        values ${sql.join(
          result.newHolds.map(
            (h) => sql`(${h.id}::uuid, ${state.walletId}::uuid, ${h.subteamId}::uuid, ${h.callId}, ${h.amountMicros}::bigint,
              ${h.status}, ${h.expiresAt}::timestamptz, ${h.chargedMicros}::bigint, ${h.releasedMicros}::bigint,
              ${h.balanceAfterMicros}::bigint, ${h.closedAt}::timestamptz, ${h.createdAt}::timestamptz)`,
          ),
        )}`.execute(k);
    }
    if (result.changedHolds.length) {
      await sql`
        update holds h set status = v.status, charged_micros = v.charged, released_micros = v.released,
          balance_after_micros = v.balance_after, closed_at = v.closed_at
        from (values ${sql.join(
          result.changedHolds.map(
            (h) => sql`(${h.id}::uuid, ${h.status}, ${h.chargedMicros}::bigint, ${h.releasedMicros}::bigint,
              ${h.balanceAfterMicros}::bigint, ${h.closedAt}::timestamptz)`,
          ),
        )}) as v (id, status, charged, released, balance_after, closed_at)
        where h.id = v.id`.execute(k);
    }
    if (result.entries.length) {
      const inserted = await this.insertEntries(tx, state.walletId, result.entries);
      result.entries.forEach((entry, index) => {
        if (entry.usage) Object.assign(entry.usage, { id: inserted[index].id, createdAt: inserted[index].createdAt });
      });
    }
    if (result.spend.size) {
      const today = utcDay(state.now);
      await sql`
        insert into subteam_daily_spend (subteam_id, day, spent_micros)
        values ${sql.join([...result.spend].map(([subteamId, amount]) => sql`(${subteamId}::uuid, ${today}::date, ${amount}::bigint)`))}
        on conflict (subteam_id, day) do update set spent_micros = subteam_daily_spend.spent_micros + excluded.spent_micros`.execute(
        k,
      );
    }
    if (result.balanceMicros !== state.balanceMicros || result.heldMicros !== state.heldMicros) {
      await sql`update wallets set balance_micros = ${result.balanceMicros}, held_micros = ${result.heldMicros}, updated_at = now()
        where id = ${state.walletId}`.execute(k);
    }
  }

  private async insertEntries(tx: Tx, walletId: string, entries: NewEntry[]): Promise<EntryRow[]> {
    const rows = await this.db.rows(
      sql<RawEntry>`
        insert into ledger_entries (wallet_id, subteam_id, type, amount_micros, balance_after_micros, reference, description)
        values ${sql.join(
          entries.map(
            (e) => sql`(${walletId}::uuid, ${e.subteamId}::uuid, ${e.type}, ${e.amountMicros}::bigint,
              ${e.balanceAfterMicros}::bigint, ${e.reference}, ${e.description})`,
          ),
        )}
        returning id, wallet_id, subteam_id, type, amount_micros, balance_after_micros, reference, description, created_at`,
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
    const existing = await this.db.one(
      sql<RawEntry>`select id, wallet_id, subteam_id, type, amount_micros, balance_after_micros, reference, description, created_at
        from ledger_entries where wallet_id = ${walletId} and type = ${entry.type} and reference = ${entry.reference}`,
      tx,
    );
    if (existing) {
      return { entry: toEntry(existing), replayed: true, wallet };
    }
    const balanceMicros = wallet.balanceMicros + entry.amountMicros;
    const [posted] = await this.insertEntries(tx, walletId, [
      {
        subteamId: entry.subteamId ?? null,
        type: entry.type as 'usage',
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

  async listEntries(filter: EntryFilter): Promise<EntryRow[]> {
    const rows = await this.db.rows(sql<RawEntry>`
      select id, wallet_id, subteam_id, type, amount_micros, balance_after_micros, reference, description, created_at
      from ledger_entries
      where wallet_id = ${filter.walletId}
        ${filter.cursor !== undefined ? sql`and id < ${filter.cursor}` : sql``}
        ${filter.subteamId ? sql`and subteam_id = ${filter.subteamId}` : sql``}
        ${filter.type ? sql`and type = ${filter.type}` : sql``}
      order by id desc limit ${filter.limit}`);
    return rows.map(toEntry);
  }

  async findHold(walletId: string, callId: string): Promise<HoldRecord | undefined> {
    return (await this.loadHolds(this.db.em(), walletId, [callId])).get(callId);
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
  };
}

/** The driver hands timestamps over as text; the domain works with Dates. */
function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function nullableBigInt(value: string | null | undefined): Micros | null {
  return value === null || value === undefined ? null : BigInt(value);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export { callReference };
