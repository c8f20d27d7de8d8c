import { defineEntity, p } from '@mikro-orm/core';

const AuditLogEntrySchema = defineEntity({
  name: 'AuditLogEntry',
  tableName: 'audit_log',
  properties: {
    id: p.bigint().primary(),
    actorRole: p.text(),
    actorId: p.text(),
    actorName: p.text().nullable(),
    agencyId: p.uuid().nullable(),
    action: p.text(),
    targetType: p.text().nullable(),
    targetId: p.text().nullable(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    reason: p.text().nullable(),
    requestId: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class AuditLogEntry extends AuditLogEntrySchema.class {}
AuditLogEntrySchema.setClass(AuditLogEntry);
