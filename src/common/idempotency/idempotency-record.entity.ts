import { defineEntity, p } from '@mikro-orm/core';

/**
 * A request made with an Idempotency-Key: the hash of what was asked, then the response given,
 * so a replay gets the same answer and a different request under the same key is refused.
 */
export const IdempotencyRecordSchema = defineEntity({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_records',
  properties: {
    scope: p.text().primary(),
    key: p.text().primary(),
    requestHash: p.text(),
    /** Null while the first request is still being handled. */
    statusCode: p.integer().nullable(),
    response: p.json<unknown>().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export class IdempotencyRecord extends IdempotencyRecordSchema.class {}
IdempotencyRecordSchema.setClass(IdempotencyRecord);
