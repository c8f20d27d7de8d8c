import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Database, type Tx, sql } from '../../database/database';
import { IdempotencyConflictError, ValidationError } from '../errors';

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
    work: (tx: Tx) => Promise<{ status: number; body: T }>,
  ): Promise<StoredResponse<T>> {
    const idempotencyKey = requireIdempotencyKey(key);
    const requestHash = hash(request);
    return this.db.transaction(async (tx) => {
      const inserted = await this.db.one(
        sql<{ key: string }>`insert into idempotency_records (scope, key, request_hash) values (${scope}, ${idempotencyKey}, ${requestHash})
          on conflict (scope, key) do nothing returning key`,
        tx,
      );
      if (!inserted) return this.replay<T>(tx, scope, idempotencyKey, requestHash);
      const response = await work(tx);
      await sql`update idempotency_records set status_code = ${response.status}, response = ${JSON.stringify(response.body)}::jsonb
        where scope = ${scope} and key = ${idempotencyKey}`.execute(tx.getKysely());
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
  async runOnce<T>(scope: string, key: string | undefined, request: unknown, work: () => Promise<{ status: number; body: T }>): Promise<StoredResponse<T>> {
    const idempotencyKey = requireIdempotencyKey(key);
    const requestHash = hash(request);
    const claimed = await this.db.one(
      sql<{ key: string }>`insert into idempotency_records (scope, key, request_hash) values (${scope}, ${idempotencyKey}, ${requestHash})
        on conflict (scope, key) do update set created_at = now()
          where idempotency_records.status_code is null and idempotency_records.request_hash = excluded.request_hash
            and idempotency_records.created_at < now() - interval '10 minutes'
        returning key`,
    );
    if (!claimed) {
      const record = await this.db.one(
        sql<{ request_hash: string; status_code: number | null; response: T }>`
          select request_hash, status_code, response from idempotency_records where scope = ${scope} and key = ${idempotencyKey}`,
      );
      if (!record || record.request_hash !== requestHash) {
        throw new IdempotencyConflictError('This Idempotency-Key was already used with a different request', { key: idempotencyKey });
      }
      if (record.status_code === null) {
        throw new IdempotencyConflictError('A request with this Idempotency-Key is still running; retry shortly', { key: idempotencyKey, inProgress: true });
      }
      return { status: record.status_code, body: record.response, replayed: true };
    }
    let response: { status: number; body: T };
    try {
      response = await work();
    } catch (error) {
      await this.db.rows(sql`delete from idempotency_records where scope = ${scope} and key = ${idempotencyKey} and status_code is null`);
      throw error;
    }
    await this.db.rows(sql`update idempotency_records set status_code = ${response.status}, response = ${JSON.stringify(response.body)}::jsonb
      where scope = ${scope} and key = ${idempotencyKey}`);
    return { ...response, replayed: false };
  }

  private async replay<T>(tx: Tx, scope: string, key: string, requestHash: string): Promise<StoredResponse<T>> {
    const record = await this.db.one(
      sql<{ request_hash: string; status_code: number; response: T }>`
        select request_hash, status_code, response from idempotency_records where scope = ${scope} and key = ${key}`,
      tx,
    );
    if (!record || record.request_hash !== requestHash) {
      throw new IdempotencyConflictError('This Idempotency-Key was already used with a different request', { key });
    }
    return { status: record.status_code, body: record.response, replayed: true };
  }

  /** Keys are kept at least 24 hours; older records are removed by the worker's housekeeping. */
  async removeOlderThan(hours: number): Promise<number> {
    const rows = await this.db.rows(
      sql<{ key: string }>`delete from idempotency_records where created_at < now() - make_interval(hours => ${hours}) returning key`,
    );
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

function hash(request: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(request, (_key, value) => (typeof value === 'bigint' ? value.toString() : value)))
    .digest('hex');
}
