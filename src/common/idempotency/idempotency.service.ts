import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Database, type Tx, sql } from '../../database/database';
import type { Tables } from '../../database/tables';
import { IdempotencyConflictError, ValidationError } from '../errors';
import type { IdempotencyRecordSchema } from './idempotency-record.entity';

type IdempotencyTables = Tables<typeof IdempotencyRecordSchema>;

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Idempotency-Key handling for money-moving POSTs. The record is inserted in the same transaction
 * as the work it guards: a concurrent request with the same key waits on the unique index until
 * the first commits, then replays its stored response; if the first rolled back (its work was
 * refused), the second runs afresh. So N identical requests produce exactly one effect.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly db: Database) {}

  async run<T>(
    scope: string,
    key: string | undefined,
    request: unknown,
    /** Runs in the key's transaction; gets the key, checked. */
    work: (tx: Tx, key: string) => Promise<{ status: number; body: T }>,
  ): Promise<StoredResponse<T>> {
    const idempotencyKey = requireIdempotencyKey(key);
    const requestHash = hash(request);
    return this.db.transaction(async (tx) => {
      const inserted = await this.db
        .kysely<IdempotencyTables>(tx)
        .insertInto('idempotency_records')
        .values({ scope, key: idempotencyKey, request_hash: requestHash })
        .onConflict((conflict) => conflict.columns(['scope', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!inserted) return this.replay<T>(tx, scope, idempotencyKey, requestHash);
      const response = await work(tx, idempotencyKey);
      await this.storeResponse(scope, idempotencyKey, response, tx);
      return { ...response, replayed: false };
    });
  }

  /**
   * For work that calls another service and so cannot run inside one transaction (a support retry
   * charges a card): the key is claimed and committed first, the work runs, then its answer is
   * stored. The same key while the first request still runs answers 409 (retry shortly); if the
   * work throws, the claim is released so the same request may run again; a claim a crashed process
   * left behind is taken over after ten minutes.
   */
  async runOnce<T>(
    scope: string,
    key: string | undefined,
    request: unknown,
    work: () => Promise<{ status: number; body: T }>,
  ): Promise<StoredResponse<T>> {
    const idempotencyKey = requireIdempotencyKey(key);
    const requestHash = hash(request);
    const claimed = await this.db
      .kysely<IdempotencyTables>()
      .insertInto('idempotency_records')
      .values({ scope, key: idempotencyKey, request_hash: requestHash })
      .onConflict((conflict) =>
        conflict
          .columns(['scope', 'key'])
          .doUpdateSet({ created_at: sql<Date>`now()` })
          .where('idempotency_records.status_code', 'is', null)
          .whereRef('idempotency_records.request_hash', '=', 'excluded.request_hash')
          .where('idempotency_records.created_at', '<', sql<Date>`now() - interval '10 minutes'`),
      )
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const record = await this.findRecord(scope, idempotencyKey);
      if (!record || record.request_hash !== requestHash) {
        throw new IdempotencyConflictError('This Idempotency-Key was already used with a different request', { key: idempotencyKey });
      }
      if (record.status_code === null) {
        throw new IdempotencyConflictError('A request with this Idempotency-Key is still running; retry shortly', {
          key: idempotencyKey,
          inProgress: true,
        });
      }
      return { status: record.status_code, body: storedBody<T>(record.response), replayed: true };
    }
    let response: { status: number; body: T };
    try {
      response = await work();
    } catch (error) {
      await this.db
        .kysely<IdempotencyTables>()
        .deleteFrom('idempotency_records')
        .where('scope', '=', scope)
        .where('key', '=', idempotencyKey)
        .where('status_code', 'is', null)
        .execute();
      throw error;
    }
    await this.storeResponse(scope, idempotencyKey, response);
    return { ...response, replayed: false };
  }

  private async replay<T>(tx: Tx, scope: string, key: string, requestHash: string): Promise<StoredResponse<T>> {
    const record = await this.findRecord(scope, key, tx);
    if (!record || record.request_hash !== requestHash) {
      throw new IdempotencyConflictError('This Idempotency-Key was already used with a different request', { key });
    }
    // The first request stores its response in the transaction that inserted the record, so a
    // record seen here has one; the check only narrows the type.
    if (record.status_code === null) {
      throw new IdempotencyConflictError('A request with this Idempotency-Key is still running; retry shortly', { key, inProgress: true });
    }
    return { status: record.status_code, body: storedBody<T>(record.response), replayed: true };
  }

  private findRecord(scope: string, key: string, tx?: Tx) {
    return this.db
      .kysely<IdempotencyTables>(tx)
      .selectFrom('idempotency_records')
      .select(['request_hash', 'status_code', 'response'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  private async storeResponse(scope: string, key: string, response: { status: number; body: unknown }, tx?: Tx): Promise<void> {
    await this.db
      .kysely<IdempotencyTables>(tx)
      .updateTable('idempotency_records')
      // As JSON text: the driver would send an array body as a PostgreSQL array.
      .set({ status_code: response.status, response: sql`${JSON.stringify(response.body)}::jsonb` })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
  }

  /** Keys are kept at least 24 hours; older records are removed by the worker's housekeeping. */
  async removeOlderThan(hours: number): Promise<number> {
    const rows = await this.db
      .kysely<IdempotencyTables>()
      .deleteFrom('idempotency_records')
      .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${hours})`)
      .returning('key')
      .execute();
    return rows.length;
  }
}

/** The Idempotency-Key header of a money-moving request: required, 1-255 visible characters. */
export function requireIdempotencyKey(key: string | undefined): string {
  if (!key || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ValidationError('This request moves money: send an Idempotency-Key header (1-255 visible characters)', {
      fields: [{ path: 'Idempotency-Key', message: 'required' }],
    });
  }
  return key;
}

/** A stored response body is what the first request answered with, under the same scope and key. */
function storedBody<T>(response: unknown): T {
  return response as T;
}

function hash(request: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(request, (_key, value) => (typeof value === 'bigint' ? value.toString() : value)))
    .digest('hex');
}
