import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import type { AgencySchema } from '../agencies/agency.entity';
import { Database, type Tx, sql } from '../database/database';
import type { Micros } from '../database/money';
import type { Tables } from '../database/tables';
import type { SupportAdjustmentSchema, SupportAdjustmentStatus } from './support-adjustment.entity';

export type { SupportAdjustmentStatus };

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

type AdjustmentTables = Tables<typeof SupportAdjustmentSchema | typeof AgencySchema>;
type AdjustmentRow = Selectable<AdjustmentTables['support_adjustments']> & { agency_name: string };

/** Ids and the paging cursor travel as text, like every id the API returns. */
const toAdjustment = (row: AdjustmentRow): SupportAdjustment => ({
  id: row.id,
  seq: String(row.seq),
  agencyId: row.agency_id,
  agencyName: row.agency_name,
  walletId: row.wallet_id,
  amountMicros: row.amount_micros,
  reason: row.reason,
  idempotencyKey: row.idempotency_key,
  status: row.status,
  requestedBy: row.requested_by,
  requestedByName: row.requested_by_name,
  decidedBy: row.decided_by,
  decidedByName: row.decided_by_name,
  decisionReason: row.decision_reason,
  ledgerEntryId: row.ledger_entry_id === null ? null : String(row.ledger_entry_id),
  createdAt: row.created_at,
  decidedAt: row.decided_at,
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
    await sql`select pg_advisory_xact_lock(hashtextextended(${`support-adjustments:${author}`}, 0))`.execute(this.db.kysely(tx));
    const row = await this.db
      .kysely<AdjustmentTables>(tx)
      .selectFrom('support_adjustments')
      .select(sql<Micros>`coalesce(sum(abs(amount_micros)), 0)::bigint`.as('total'))
      .where('requested_by', '=', author)
      .where('status', '<>', 'rejected')
      .where('created_at', '>', sql<Date>`now() - interval '24 hours'`)
      .executeTakeFirstOrThrow();
    return row.total;
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
    await this.db
      .kysely<AdjustmentTables>(tx)
      .insertInto('support_adjustments')
      .values({
        id: row.id,
        agency_id: row.agencyId,
        wallet_id: row.walletId,
        amount_micros: row.amountMicros,
        reason: row.reason,
        idempotency_key: row.idempotencyKey,
        status: row.status,
        requested_by: row.requestedBy,
        requested_by_name: row.requestedByName,
        ledger_entry_id: row.ledgerEntryId === null ? null : BigInt(row.ledgerEntryId),
      })
      .execute();
    return this.get(row.id, tx);
  }

  async find(id: string, tx?: Tx): Promise<SupportAdjustment | undefined> {
    const row = await this.select(tx).where('s.id', '=', id).executeTakeFirst();
    return row && toAdjustment(row);
  }

  async lock(tx: Tx, id: string): Promise<SupportAdjustment | undefined> {
    const row = await this.select(tx).where('s.id', '=', id).forUpdate('s').executeTakeFirst();
    return row && toAdjustment(row);
  }

  async decide(
    tx: Tx,
    id: string,
    decision: { status: 'posted' | 'rejected'; decidedBy: string; decidedByName: string | null; reason: string; ledgerEntryId: string | null },
  ): Promise<SupportAdjustment> {
    await this.db
      .kysely<AdjustmentTables>(tx)
      .updateTable('support_adjustments')
      .set({
        status: decision.status,
        decided_by: decision.decidedBy,
        decided_by_name: decision.decidedByName,
        decision_reason: decision.reason,
        ledger_entry_id: decision.ledgerEntryId === null ? null : BigInt(decision.ledgerEntryId),
        decided_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .execute();
    return this.get(id, tx);
  }

  async list(query: { status?: SupportAdjustmentStatus; agencyId?: string; limit: number; cursor?: string }): Promise<SupportAdjustment[]> {
    let select = this.select();
    if (query.status) select = select.where('s.status', '=', query.status);
    if (query.agencyId) select = select.where('s.agency_id', '=', query.agencyId);
    if (query.cursor) select = select.where('s.seq', '<', BigInt(query.cursor));
    const rows = await select.orderBy('s.seq', 'desc').limit(query.limit).execute();
    return rows.map(toAdjustment);
  }

  /** An adjustment this transaction has just written. */
  private async get(id: string, tx: Tx): Promise<SupportAdjustment> {
    return toAdjustment(await this.select(tx).where('s.id', '=', id).executeTakeFirstOrThrow());
  }

  private select(tx?: Tx) {
    return this.db
      .kysely<AdjustmentTables>(tx)
      .selectFrom('support_adjustments as s')
      .innerJoin('agencies as a', 'a.id', 's.agency_id')
      .selectAll('s')
      .select('a.name as agency_name');
  }
}
