import { defineEntity, p } from '@mikro-orm/core';

/** Who did what to which agency, and why. Append-only: a trigger refuses updates and deletes. */
export const AuditLogEntrySchema = defineEntity({
  name: 'AuditLogEntry',
  tableName: 'audit_log',
  properties: {
    id: p.bigint().primary().generated('identity').autoincrement(),
    actorRole: p.text(),
    actorId: p.text(),
    agencyId: p.uuid().nullable(),
    action: p.text(),
    targetType: p.text().nullable(),
    targetId: p.text().nullable(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    reason: p.text().nullable(),
    requestId: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    actorName: p.text().nullable(),
  },
});
export class AuditLogEntry extends AuditLogEntrySchema.class {}
AuditLogEntrySchema.setClass(AuditLogEntry);
