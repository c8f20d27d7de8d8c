import type { FilterQuery } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { Database, type Tx } from '../database/database';
import { AuditLogEntry } from './audit-log.entity';

export interface AuditRecord {
  actor: Principal;
  agencyId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
  requestId?: string | null;
}

export interface AuditQuery {
  agencyId?: string;
  actor?: string;
  limit: number;
  cursor?: string;
}

/**
 * Who did what, when, with before and after. Written in the same transaction as the change it
 * describes; the table itself refuses updates and deletes.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: Database) {}

  async record(tx: Tx, record: AuditRecord): Promise<void> {
    tx.create(AuditLogEntry, {
      actorRole: record.actor.role,
      actorId: record.actor.id,
      actorName: record.actor.name ?? null,
      agencyId: record.agencyId ?? null,
      action: record.action,
      targetType: record.targetType ?? null,
      targetId: record.targetId ?? null,
      before: record.before ?? null,
      after: record.after ?? null,
      reason: record.reason ?? null,
      requestId: record.requestId ?? null,
    });
    await tx.flush();
  }

  /** Records outside any other transaction (reads, searches). */
  async recordNow(record: AuditRecord): Promise<void> {
    await this.db.transaction((tx) => this.record(tx, record));
  }

  async list(query: AuditQuery): Promise<{ data: AuditLogEntry[]; nextCursor: string | null }> {
    const where: FilterQuery<AuditLogEntry> = {};
    if (query.agencyId) where.agencyId = query.agencyId;
    if (query.actor) where.actorId = query.actor;
    if (query.cursor) where.id = { $lt: BigInt(query.cursor) };
    const rows = await this.db.em().find(AuditLogEntry, where, { orderBy: { id: 'desc' }, limit: query.limit + 1 });
    const data = rows.slice(0, query.limit);
    return { data, nextCursor: rows.length > query.limit ? String(data[data.length - 1].id) : null };
  }
}
