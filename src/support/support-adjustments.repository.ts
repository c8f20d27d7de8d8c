import { Injectable } from '@nestjs/common';
import { Database, type Tx, sql } from '../database/database';
import type { Micros } from '../database/money';
import { toDate } from '../database/values';

export type SupportAdjustmentStatus = 'pending_approval' | 'posted' | 'rejected';

export interface SupportAdjustment {
  id: string;
  seq: string;
  agencyId: string;
  agencyName: string;
  walletId: string;
  amountMicros: Micros;
  reason: string;
  idempotencyKey: string;
  status: SupportAdjustmentStatus;
  requestedBy: string;
  requestedByName: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decisionReason: string | null;
  ledgerEntryId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

type Raw = {
  id: string;
  seq: string;
  agency_id: string;
  agency_name: string;
  wallet_id: string;
  amount_micros: string;
  reason: string;
  idempotency_key: string;
  status: SupportAdjustmentStatus;
  requested_by: string;
  requested_by_name: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decision_reason: string | null;
  ledger_entry_id: string | null;
  created_at: string | Date;
  decided_at: string | Date | null;
};

const SELECT = sql`select s.id, s.seq::text as seq, s.agency_id, a.name as agency_name, s.wallet_id, s.amount_micros::text as amount_micros,
  s.reason, s.idempotency_key, s.status, s.requested_by, s.requested_by_name, s.decided_by, s.decided_by_name, s.decision_reason,
  s.ledger_entry_id::text as ledger_entry_id, s.created_at, s.decided_at
  from support_adjustments s join agencies a on a.id = s.agency_id`;

const toAdjustment = (row: Raw): SupportAdjustment => ({
  id: row.id,
  seq: row.seq,
  agencyId: row.agency_id,
  agencyName: row.agency_name,
  walletId: row.wallet_id,
  amountMicros: BigInt(row.amount_micros) as Micros,
  reason: row.reason,
  idempotencyKey: row.idempotency_key,
  status: row.status,
  requestedBy: row.requested_by,
  requestedByName: row.requested_by_name,
  decidedBy: row.decided_by,
  decidedByName: row.decided_by_name,
  decisionReason: row.decision_reason,
  ledgerEntryId: row.ledger_entry_id,
  createdAt: toDate(row.created_at),
  decidedAt: row.decided_at === null ? null : toDate(row.decided_at),
});

/** The adjustments support users posted or asked for, with their author and who decided. */
@Injectable()
export class SupportAdjustmentsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Serializes one support user's adjustments (held to the end of `tx`), so two at once cannot
   * both fit under the daily total, and answers that total: every adjustment they posted or asked
   * for in the trailing 24 hours, either sign, rejected ones aside.
   */
  async lockAuthorTotal(tx: Tx, author: string): Promise<Micros> {
    await this.db.rows(sql`select pg_advisory_xact_lock(hashtextextended(${`support-adjustments:${author}`}, 0))`, tx);
    const row = await this.db.one(
      sql<{ total: string }>`select coalesce(sum(abs(amount_micros)), 0)::text as total from support_adjustments
        where requested_by = ${author} and status <> 'rejected' and created_at > now() - interval '24 hours'`,
      tx,
    );
    return BigInt(row!.total) as Micros;
  }

  async insert(
    tx: Tx,
    row: {
      id: string;
      agencyId: string;
      walletId: string;
      amountMicros: Micros;
      reason: string;
      idempotencyKey: string;
      status: SupportAdjustmentStatus;
      requestedBy: string;
      requestedByName: string | null;
      ledgerEntryId: string | null;
    },
  ): Promise<SupportAdjustment> {
    await this.db.rows(
      sql`insert into support_adjustments (id, agency_id, wallet_id, amount_micros, reason, idempotency_key, status, requested_by,
          requested_by_name, ledger_entry_id)
        values (${row.id}, ${row.agencyId}, ${row.walletId}, ${row.amountMicros}, ${row.reason}, ${row.idempotencyKey}, ${row.status},
          ${row.requestedBy}, ${row.requestedByName}, ${row.ledgerEntryId})`,
      tx,
    );
    return (await this.find(row.id, tx))!;
  }

  async find(id: string, tx?: Tx): Promise<SupportAdjustment | undefined> {
    const row = await this.db.one(sql<Raw>`${SELECT} where s.id = ${id}`, tx);
    return row && toAdjustment(row);
  }

  async lock(tx: Tx, id: string): Promise<SupportAdjustment | undefined> {
    const row = await this.db.one(sql<Raw>`${SELECT} where s.id = ${id} for update of s`, tx);
    return row && toAdjustment(row);
  }

  async decide(
    tx: Tx,
    id: string,
    decision: { status: 'posted' | 'rejected'; decidedBy: string; decidedByName: string | null; reason: string; ledgerEntryId: string | null },
  ): Promise<SupportAdjustment> {
    await this.db.rows(
      sql`update support_adjustments set status = ${decision.status}, decided_by = ${decision.decidedBy}, decided_by_name = ${decision.decidedByName},
          decision_reason = ${decision.reason}, ledger_entry_id = ${decision.ledgerEntryId}, decided_at = now()
        where id = ${id}`,
      tx,
    );
    return (await this.find(id, tx))!;
  }

  async list(query: { status?: SupportAdjustmentStatus; agencyId?: string; limit: number; cursor?: string }): Promise<SupportAdjustment[]> {
    const rows = await this.db.rows(sql<Raw>`${SELECT}
      where true
        ${query.status ? sql`and s.status = ${query.status}` : sql``}
        ${query.agencyId ? sql`and s.agency_id = ${query.agencyId}` : sql``}
        ${query.cursor ? sql`and s.seq < ${query.cursor}::bigint` : sql``}
      order by s.seq desc limit ${query.limit}`);
    return rows.map(toAdjustment);
  }
}
