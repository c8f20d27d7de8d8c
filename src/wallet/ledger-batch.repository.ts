import { Injectable } from '@nestjs/common';
import type { AgencySchema } from '../agencies/agency.entity';
import { localDayOf, monthStart } from '../common/time-zones';
import { Database, type Sql, type SqlTx, sql } from '../database/database';
import type { Micros } from '../database/money';
import type { Tables } from '../database/tables';
import { toDate } from '../database/values';
import type { HoldRecord, LedgerOp, SubteamState, UsageRecord, WalletState } from './ledger-batch';
import type { WalletBatch } from './ledger-plan';
import type { WalletSchema } from './wallet.entity';

/** The wallet row and what the agency says of it: its pause, overrun allowance and time zone. */
type LockTables = Tables<typeof WalletSchema> & Pick<Tables<typeof AgencySchema>, 'agencies'>;

/**
 * The SQL of one ledger batch, which may span several wallets, in one of two ways.
 *
 * `applyLocked` reads before it decides. Five round trips whatever the batch size: BEGIN; lock
 * the wallets (in id order, so concurrent batches never deadlock); read the holds, usage entries
 * and subteams the batch refers to, in one statement; write every hold, entry, spend counter and
 * balance in one statement; COMMIT.
 *
 * `writeKnown` is that same write statement alone, in its own implicit transaction (one round
 * trip), for batches the writer applied to a state it already knew: each wallet's part is written
 * only if the wallet is still at the version that state came from, and not at all otherwise.
 * These go through the database's ordered connection, so a batch applied on top of another
 * still in flight always runs after it.
 */
@Injectable()
export class LedgerBatchRepository {
  constructor(private readonly db: Database) {}

  /** Locks and reads each wallet, has `plan` apply its operations at `now`, and writes the plans. */
  async applyLocked(
    opsByWallet: Map<string, LedgerOp[]>,
    plan: (state: WalletState, ops: LedgerOp[], readVersion: string) => WalletBatch,
    now: Date,
  ): Promise<Map<string, WalletBatch>> {
    return this.db.sqlTransaction(async (tx) => {
      const wallets = await this.lockWallets(tx, [...opsByWallet.keys()], now);
      const ops = [...opsByWallet].filter(([walletId]) => wallets.has(walletId));
      const { holds, usage, subteams } = await this.read(tx, ops, wallets);

      const batches = new Map<string, WalletBatch>();
      for (const [walletId, walletOps] of ops) {
        const wallet = wallets.get(walletId);
        if (!wallet) continue;
        const state: WalletState = {
          walletId,
          agencyId: wallet.agencyId,
          agencyPaused: wallet.agencyPaused,
          maxCallOverrunMicros: wallet.maxCallOverrunMicros,
          balanceMicros: wallet.balanceMicros,
          heldMicros: wallet.heldMicros,
          now,
          localDay: wallet.localDay,
          subteams,
          holds: holds.get(walletId) ?? new Map(),
          usage: usage.get(walletId) ?? new Map(),
        };
        batches.set(walletId, plan(state, walletOps, wallet.version));
      }
      const written = await this.write([...batches.values()], tx);
      if (written.size !== batches.size) throw new Error('A locked wallet changed version inside its own transaction');
      return batches;
    });
  }

  /** Writes the batches whose wallets are still at their `readVersion`; returns those wallets' ids. */
  async writeKnown(batches: WalletBatch[], channel: number): Promise<Set<string>> {
    return this.write(batches, channel);
  }

  /** Locks the wallets (in id order, so concurrent batches never deadlock) and reads what the batch decides with, the agency's local day included. */
  private async lockWallets(tx: SqlTx, walletIds: string[], now: Date) {
    const rows = await this.db
      .kysely<LockTables>(tx)
      .selectFrom('wallets as w')
      .innerJoin('agencies as a', 'a.id', 'w.agency_id')
      .select(['w.id', 'w.agency_id', 'w.balance_micros', 'w.held_micros', 'w.version', 'a.paused', 'a.max_call_overrun_micros', 'a.time_zone'])
      .where('w.id', '=', (eb) => eb.fn.any(eb.val(walletIds)))
      .orderBy('w.id')
      .forUpdate('w')
      .execute();
    return new Map(
      rows.map((row) => [
        row.id,
        {
          agencyId: row.agency_id,
          agencyPaused: row.paused,
          maxCallOverrunMicros: row.max_call_overrun_micros,
          balanceMicros: row.balance_micros,
          heldMicros: row.held_micros,
          version: row.version,
          localDay: localDayOf(now, row.time_zone),
        },
      ]),
    );
  }

  /**
   * One statement: holds by call id, usage entries by reference, and the subteams involved, with
   * their spend on the agency's local day and in its local month (days are stored as local days).
   * Hand-written like the write: three reads in one round trip keep the locking path at five trips
   * whatever the batch, and what `json_agg` hands back is JSON text, hence the Raw types below.
   */
  private async read(tx: SqlTx, ops: [string, LedgerOp[]][], wallets: Map<string, { agencyId: string; localDay: { day: string } }>) {
    const holdKeys: [string[], string[]] = [[], []];
    const usageKeys: [string[], string[]] = [[], []];
    const subteamIds = new Set<string>();
    for (const [walletId, walletOps] of ops) {
      for (const op of walletOps) {
        if (op.kind === 'debit') {
          usageKeys[0].push(walletId);
          usageKeys[1].push(op.reference);
        } else {
          holdKeys[0].push(walletId);
          holdKeys[1].push(op.callId);
        }
        if ('subteamId' in op && op.subteamId) subteamIds.add(op.subteamId);
      }
    }
    const days = [...wallets.values()];
    const [row] = await this.db.rows(
      sql<{ holds: RawHold[]; usage: RawUsage[]; subteams: RawSubteam[] }>`
        with h as (
          select h.wallet_id, h.id, h.call_id, h.subteam_id, h.amount_micros::text as amount,
                 h.initial_amount_micros::text as initial_amount, h.status, h.expires_at,
                 h.charged_micros::text as charged, h.released_micros::text as released,
                 h.balance_after_micros::text as balance_after, h.closed_at, h.created_at
          from unnest(${holdKeys[0]}::uuid[], ${holdKeys[1]}::text[]) as k (wallet_id, call_id)
          join holds h on h.wallet_id = k.wallet_id and h.call_id = k.call_id
        ), u as (
          select e.id::text as id, e.wallet_id, e.subteam_id, e.amount_micros::text as amount,
                 e.balance_after_micros::text as balance_after, e.reference, e.description, e.created_at
          from unnest(${usageKeys[0]}::uuid[], ${usageKeys[1]}::text[]) as k (wallet_id, reference)
          join ledger_entries e on e.wallet_id = k.wallet_id and e.type = 'usage' and e.source = 'usage' and e.reference = k.reference
        ), s as (
          -- Spend and open holds are summed only for subteams that have a limit to check.
          select s.id, s.agency_id, s.paused, s.daily_spend_limit_micros::text as daily_limit,
                 s.monthly_spend_limit_micros::text as monthly_limit, l.spent_today, l.spent_month, l.open_held
          from subteams s
          left join unnest(${days.map((w) => w.agencyId)}::uuid[], ${days.map((w) => w.localDay.day)}::date[],
                           ${days.map((w) => monthStart(w.localDay.day))}::date[]) as z (agency_id, today, month_start)
            on z.agency_id = s.agency_id
          left join lateral (
            select ${spendSums(sql.ref('z.today'), sql.ref('z.month_start'))}
            where z.agency_id is not null and (s.daily_spend_limit_micros is not null or s.monthly_spend_limit_micros is not null)
          ) l on true
          where s.id = any(${[...subteamIds]}::uuid[]) or s.id in (select subteam_id from h)
        )
        select (select coalesce(json_agg(h), '[]'::json) from h) as holds,
               (select coalesce(json_agg(u), '[]'::json) from u) as usage,
               (select coalesce(json_agg(s), '[]'::json) from s) as subteams`,
      tx,
    );
    return {
      holds: groupByWallet(row.holds, (raw) => [raw.call_id, toHold(raw)]),
      usage: groupByWallet(row.usage, (raw) => {
        const record = toUsage(raw);
        return [record.reference, record];
      }),
      subteams: new Map(row.subteams.map((raw) => [raw.id, toSubteam(raw)])),
    };
  }

  /**
   * Every subteam of an agency with its limits and its spend in the windows they count (the local
   * day and month given), as the call path reads them before it decides.
   */
  async subteamSpend(agencyId: string, today: string): Promise<Map<string, SubteamState>> {
    const rows = await this.db.rows(sql<RawSubteam>`
      select s.id, s.agency_id, s.paused, s.daily_spend_limit_micros::text as daily_limit,
             s.monthly_spend_limit_micros::text as monthly_limit,
             ${spendSums(sql`${today}::date`, sql`${monthStart(today)}::date`)}
      from subteams s where s.agency_id = ${agencyId}`);
    return new Map(rows.map((raw) => [raw.id, toSubteam(raw)]));
  }

  /**
   * One statement writes the whole batch; data-modifying CTEs all run, referenced or not. Each
   * wallet is locked (in id order) and updated only at the version its batch was applied to, and
   * every row of its batch is written only if that update happened, leaving the batch's `version`.
   * Returns the ids of the wallets written.
   *
   * This statement stays hand-written SQL, the one place that does: it is the call path's one
   * round trip, sent as a named prepared statement on the lane's ordered connection, so its text
   * must be the same whatever the batch (parallel `unnest` arrays, never a values list that grows
   * with it) for the server to plan it once; and its shape (a `materialized` lock, every insert
   * and update conditional on the guarded wallet update in the same statement) reads plainer in
   * SQL than in builder calls, and builds with no per-call query-builder work.
   */
  private async write(batches: WalletBatch[], via: SqlTx | number): Promise<Set<string>> {
    const newHolds = batches.flatMap((b) => b.result.newHolds.map((hold) => ({ walletId: b.state.walletId, hold })));
    const changedHolds = batches.flatMap((b) => b.result.changedHolds.map((hold) => ({ walletId: b.state.walletId, hold })));
    const entries = batches.flatMap((b) => b.result.entries.map((entry) => ({ walletId: b.state.walletId, entry })));
    const spend = batches.flatMap((b) =>
      [...b.result.spend].map(([subteamId, amount]) => ({ walletId: b.state.walletId, subteamId, amount, day: b.state.localDay.day })),
    );
    const wallets = [...batches].sort((a, b) => (a.state.walletId < b.state.walletId ? -1 : 1));

    const query = sql<{
      wallets: string[];
      entries: { id: string; wallet_id: string; source: string; reference: string; created_at: string }[];
    }>`
        with locked as materialized (
          select w.id, w.version from wallets w
          where w.id = any(${wallets.map((b) => b.state.walletId)}::uuid[])
          order by w.id for update
        ), written as (
          update wallets w set balance_micros = v.balance, held_micros = v.held, version = v.next_version, updated_at = now()
          from unnest(
            ${wallets.map((b) => b.state.walletId)}::uuid[], ${wallets.map((b) => b.readVersion)}::uuid[],
            ${wallets.map((b) => b.version)}::uuid[], ${wallets.map((b) => b.result.balanceMicros)}::bigint[],
            ${wallets.map((b) => b.result.heldMicros)}::bigint[]
          ) as v (id, version, next_version, balance, held)
          join locked l on l.id = v.id and l.version = v.version
          where w.id = v.id
          returning w.id
        ), new_holds as (
          insert into holds (id, wallet_id, subteam_id, call_id, amount_micros, initial_amount_micros, status, expires_at,
                             charged_micros, released_micros, balance_after_micros, closed_at, created_at)
          select * from unnest(
            ${newHolds.map((n) => n.hold.id)}::uuid[], ${newHolds.map((n) => n.walletId)}::uuid[],
            ${newHolds.map((n) => n.hold.subteamId)}::uuid[], ${newHolds.map((n) => n.hold.callId)}::text[],
            ${newHolds.map((n) => n.hold.amountMicros)}::bigint[], ${newHolds.map((n) => n.hold.initialAmountMicros)}::bigint[],
            ${newHolds.map((n) => n.hold.status)}::text[], ${newHolds.map((n) => n.hold.expiresAt)}::timestamptz[],
            ${newHolds.map((n) => n.hold.chargedMicros)}::bigint[], ${newHolds.map((n) => n.hold.releasedMicros)}::bigint[],
            ${newHolds.map((n) => n.hold.balanceAfterMicros)}::bigint[], ${newHolds.map((n) => n.hold.closedAt)}::timestamptz[],
            ${newHolds.map((n) => n.hold.createdAt)}::timestamptz[])
            as n (id, wallet_id, subteam_id, call_id, amount, initial_amount, status, expires_at, charged, released, balance_after,
                  closed_at, created_at)
          where n.wallet_id in (select id from written)
          returning 1
        ), changed_holds as (
          update holds h set status = v.status, amount_micros = v.amount, expires_at = v.expires_at, charged_micros = v.charged,
                 released_micros = v.released, balance_after_micros = v.balance_after, closed_at = v.closed_at
          from unnest(
            ${changedHolds.map((c) => c.hold.id)}::uuid[], ${changedHolds.map((c) => c.walletId)}::uuid[],
            ${changedHolds.map((c) => c.hold.status)}::text[], ${changedHolds.map((c) => c.hold.amountMicros)}::bigint[],
            ${changedHolds.map((c) => c.hold.expiresAt)}::timestamptz[], ${changedHolds.map((c) => c.hold.chargedMicros)}::bigint[],
            ${changedHolds.map((c) => c.hold.releasedMicros)}::bigint[], ${changedHolds.map((c) => c.hold.balanceAfterMicros)}::bigint[],
            ${changedHolds.map((c) => c.hold.closedAt)}::timestamptz[]
          ) as v (id, wallet_id, status, amount, expires_at, charged, released, balance_after, closed_at)
          where h.id = v.id and h.wallet_id = v.wallet_id and v.wallet_id in (select id from written)
          returning 1
        ), spend as (
          insert into subteam_daily_spend (subteam_id, day, spent_micros)
          select subteam_id, day, amount
          from unnest(${spend.map((s) => s.walletId)}::uuid[], ${spend.map((s) => s.subteamId)}::uuid[], ${spend.map((s) => s.amount)}::bigint[],
                      ${spend.map((s) => s.day)}::date[])
            as v (wallet_id, subteam_id, amount, day)
          where v.wallet_id in (select id from written)
          on conflict (subteam_id, day) do update set spent_micros = subteam_daily_spend.spent_micros + excluded.spent_micros
          returning 1
        ), entries as (
          insert into ledger_entries (wallet_id, subteam_id, type, source, amount_micros, balance_after_micros, reference,
                                      description, overrun_micros)
          select * from unnest(
            ${entries.map((e) => e.walletId)}::uuid[], ${entries.map((e) => e.entry.subteamId)}::uuid[],
            ${entries.map((e) => e.entry.type)}::text[], ${entries.map((e) => e.entry.source)}::text[],
            ${entries.map((e) => e.entry.amountMicros)}::bigint[], ${entries.map((e) => e.entry.balanceAfterMicros)}::bigint[],
            ${entries.map((e) => e.entry.reference)}::text[], ${entries.map((e) => e.entry.description)}::text[],
            ${entries.map((e) => e.entry.overrunMicros)}::bigint[])
            as e (wallet_id, subteam_id, type, source, amount, balance_after, reference, description, overrun)
          where e.wallet_id in (select id from written)
          returning id::text, wallet_id, source, reference, created_at
        )
        select (select coalesce(json_agg(id), '[]'::json) from written) as wallets,
               (select coalesce(json_agg(entries), '[]'::json) from entries) as entries`;
    const [row] = typeof via === 'number' ? await this.db.orderedRows(query, via) : await this.db.rows(query, via);

    const written = new Set(row.wallets);
    const byKey = new Map(row.entries.map((e) => [`${e.wallet_id}|${e.source}|${e.reference}`, e]));
    for (const { walletId, entry } of entries) {
      if (!entry.usage) continue;
      const inserted = byKey.get(`${walletId}|${entry.source}|${entry.reference}`);
      if (inserted) Object.assign(entry.usage, { id: inserted.id, createdAt: toDate(inserted.created_at) });
    }
    return written;
  }
}

interface RawHold {
  wallet_id: string;
  id: string;
  call_id: string;
  subteam_id: string;
  amount: string;
  initial_amount: string;
  status: HoldRecord['status'];
  expires_at: string;
  charged: string | null;
  released: string | null;
  balance_after: string | null;
  closed_at: string | null;
  created_at: string;
}

interface RawUsage {
  id: string;
  wallet_id: string;
  subteam_id: string | null;
  amount: string;
  balance_after: string;
  reference: string;
  description: string | null;
  created_at: string;
}

/**
 * A subteam's spend as its limits count it (subteam `s`): settled spend on the local day and since
 * the 1st of the local month (counters are kept per local day), and its open holds.
 */
function spendSums(today: Sql, monthStart: Sql): Sql {
  return sql`
    (select coalesce(sum(d.spent_micros) filter (where d.day = ${today}), 0)::text from subteam_daily_spend d
      where d.subteam_id = s.id and d.day >= ${monthStart}) as spent_today,
    (select coalesce(sum(d.spent_micros), 0)::text from subteam_daily_spend d
      where d.subteam_id = s.id and d.day >= ${monthStart}) as spent_month,
    (select coalesce(sum(o.amount_micros), 0)::text from holds o where o.subteam_id = s.id and o.status = 'open') as open_held`;
}

interface RawSubteam {
  id: string;
  agency_id: string;
  paused: boolean;
  daily_limit: string | null;
  monthly_limit: string | null;
  spent_today: string | null;
  spent_month: string | null;
  open_held: string | null;
}

function toHold(raw: RawHold): HoldRecord {
  return {
    id: raw.id,
    callId: raw.call_id,
    subteamId: raw.subteam_id,
    amountMicros: BigInt(raw.amount),
    initialAmountMicros: BigInt(raw.initial_amount),
    status: raw.status,
    expiresAt: toDate(raw.expires_at),
    chargedMicros: optionalBigInt(raw.charged),
    releasedMicros: optionalBigInt(raw.released),
    balanceAfterMicros: optionalBigInt(raw.balance_after),
    closedAt: raw.closed_at === null ? null : toDate(raw.closed_at),
    createdAt: toDate(raw.created_at),
  };
}

function toUsage(raw: RawUsage): UsageRecord {
  return {
    id: raw.id,
    reference: raw.reference,
    subteamId: raw.subteam_id,
    amountMicros: -BigInt(raw.amount),
    balanceAfterMicros: BigInt(raw.balance_after),
    description: raw.description,
    createdAt: toDate(raw.created_at),
  };
}

function toSubteam(raw: RawSubteam): SubteamState {
  return {
    agencyId: raw.agency_id,
    paused: raw.paused,
    dailyLimitMicros: optionalBigInt(raw.daily_limit),
    monthlyLimitMicros: optionalBigInt(raw.monthly_limit),
    spentTodayMicros: BigInt(raw.spent_today ?? 0),
    spentThisMonthMicros: BigInt(raw.spent_month ?? 0),
    openHeldMicros: BigInt(raw.open_held ?? 0),
  };
}

function groupByWallet<R extends { wallet_id: string }, V>(rows: R[], entry: (row: R) => [string, V]): Map<string, Map<string, V>> {
  const grouped = new Map<string, Map<string, V>>();
  for (const row of rows) {
    let forWallet = grouped.get(row.wallet_id);
    if (!forWallet) grouped.set(row.wallet_id, (forWallet = new Map()));
    forWallet.set(...entry(row));
  }
  return grouped;
}

function optionalBigInt(value: string | null): Micros | null {
  return value === null ? null : BigInt(value);
}
