import { Injectable } from '@nestjs/common';
import { Database, type Tx, sql } from '../database/database';
import { toDate } from '../database/values';

export interface WebhookEndpoint {
  agencyId: string;
  url: string;
  enabled: boolean;
  secret: string;
  createdAt: Date;
  updatedAt: Date;
}

export type DeliveryStatus = 'queued' | 'sending' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: string;
  seq: string;
  agencyId: string;
  eventType: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface NewDelivery {
  id: string;
  agencyId: string;
  eventType: string;
  payload: Record<string, unknown>;
  dedupeKey: string | null;
}

type RawEndpoint = {
  agency_id: string;
  url: string;
  enabled: boolean;
  secret: string;
  created_at: Date | string;
  updated_at: Date | string;
};

type RawDelivery = {
  id: string;
  seq: string | number;
  agency_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date | string;
  delivered_at: Date | string | null;
};

const ENDPOINT_COLUMNS = sql`agency_id, url, enabled, secret, created_at, updated_at`;
const DELIVERY_COLUMNS = sql`id, seq, agency_id, event_type, payload, status, attempts, last_status_code, last_error,
  created_at, delivered_at`;

const toEndpoint = (row: RawEndpoint): WebhookEndpoint => ({
  agencyId: row.agency_id,
  url: row.url,
  enabled: row.enabled,
  secret: row.secret,
  createdAt: toDate(row.created_at),
  updatedAt: toDate(row.updated_at),
});

const toDelivery = (row: RawDelivery): DeliveryRow => ({
  id: row.id,
  seq: String(row.seq),
  agencyId: row.agency_id,
  eventType: row.event_type,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.last_status_code,
  lastError: row.last_error,
  createdAt: toDate(row.created_at),
  deliveredAt: row.delivered_at === null ? null : toDate(row.delivered_at),
});

/**
 * Webhook endpoints and the deliveries outbox. A delivery moves queued → sending (claimed by one
 * job) → delivered, back to queued for a retry, or to failed. Every transition is one conditional
 * UPDATE, so two jobs for the same row cannot both send it at the same time.
 */
@Injectable()
export class AgencyWebhooksRepository {
  constructor(private readonly db: Database) {}

  /** The wallet currency, which doubles as the test that the agency exists. */
  async currencyOf(agencyId: string, tx?: Tx): Promise<string | undefined> {
    const row = await this.db.one(sql<{ currency: string }>`select currency from wallets where agency_id = ${agencyId}`, tx);
    return row?.currency;
  }

  async findEndpoint(agencyId: string, tx?: Tx): Promise<WebhookEndpoint | undefined> {
    const row = await this.db.one(
      sql<RawEndpoint>`select ${ENDPOINT_COLUMNS} from agency_webhook_endpoints where agency_id = ${agencyId}`,
      tx,
    );
    return row && toEndpoint(row);
  }

  /** An enabled endpoint with the wallet currency every event carries; undefined when events go nowhere. */
  async findEnabledEndpoint(agencyId: string, tx: Tx): Promise<{ currency: string } | undefined> {
    return this.db.one(
      sql<{ currency: string }>`
        select w.currency from agency_webhook_endpoints e join wallets w on w.agency_id = e.agency_id
        where e.agency_id = ${agencyId} and e.enabled`,
      tx,
    );
  }

  /** Creates the endpoint unless one exists; true when this call created it (and so chose its secret). */
  async createEndpoint(tx: Tx, endpoint: { agencyId: string; url: string; enabled: boolean; secret: string }): Promise<boolean> {
    const rows = await this.db.rows(
      sql`
        insert into agency_webhook_endpoints (agency_id, url, enabled, secret)
        values (${endpoint.agencyId}, ${endpoint.url}, ${endpoint.enabled}, ${endpoint.secret})
        on conflict (agency_id) do nothing
        returning 1`,
      tx,
    );
    return rows.length > 0;
  }

  async lockEndpoint(tx: Tx, agencyId: string): Promise<WebhookEndpoint | undefined> {
    const row = await this.db.one(
      sql<RawEndpoint>`select ${ENDPOINT_COLUMNS} from agency_webhook_endpoints where agency_id = ${agencyId} for update`,
      tx,
    );
    return row && toEndpoint(row);
  }

  /** Saves the URL and switch; a null secret keeps the current one. */
  async updateEndpoint(tx: Tx, agencyId: string, update: { url: string; enabled: boolean; secret: string | null }): Promise<void> {
    await this.db.rows(
      sql`
        update agency_webhook_endpoints set url = ${update.url}, enabled = ${update.enabled},
          secret = coalesce(${update.secret}::text, secret), updated_at = now()
        where agency_id = ${agencyId}`,
      tx,
    );
  }

  /** Inserts inside the caller's transaction; undefined when the dedupe key was already used. */
  async insertDelivery(tx: Tx, row: NewDelivery): Promise<string | undefined> {
    const inserted = await this.db.one(
      sql<{ id: string }>`
        insert into agency_webhook_deliveries (id, agency_id, event_type, payload, dedupe_key)
        values (${row.id}, ${row.agencyId}, ${row.eventType}, ${JSON.stringify(row.payload)}::jsonb, ${row.dedupeKey})
        on conflict (dedupe_key) do nothing
        returning id`,
      tx,
    );
    return inserted?.id;
  }

  /**
   * Takes a row for sending: a queued row at once, and a row still `sending` after the lease (its
   * worker stopped mid-request) while it has tries left, since webhooks are at-least-once and
   * receivers dedupe by event id.
   */
  async claim(id: string, leaseSeconds: number, maxAttempts: number): Promise<DeliveryRow | undefined> {
    const row = await this.db.one(sql<RawDelivery>`
      update agency_webhook_deliveries set status = 'sending', attempts = attempts + 1, claimed_at = now()
      where id = ${id}
        and (status = 'queued'
          or (status = 'sending' and attempts < ${maxAttempts} and claimed_at < now() - make_interval(secs => ${leaseSeconds})))
      returning ${DELIVERY_COLUMNS}`);
    return row && toDelivery(row);
  }

  /** Keeps a claimed row its sender's while the request goes on; `attempts` names the claim. */
  async renewClaim(id: string, attempts: number): Promise<void> {
    await this.db.rows(sql`
      update agency_webhook_deliveries set claimed_at = now() where id = ${id} and status = 'sending' and attempts = ${attempts}`);
  }

  /** Rows whose sender stopped mid-request (the claim ran out unrenewed) and that have tries left. */
  async findInterrupted(leaseSeconds: number, maxAttempts: number, limit: number): Promise<{ id: string; attempts: number }[]> {
    return this.db.rows(sql<{ id: string; attempts: number }>`
      select id, attempts from agency_webhook_deliveries
      where status = 'sending' and attempts < ${maxAttempts} and claimed_at < now() - make_interval(secs => ${leaseSeconds})
      order by claimed_at limit ${limit}`);
  }

  /** Rows interrupted on their last try are given up on, as a failed last try would be. */
  async failInterruptedOnLastTry(leaseSeconds: number, maxAttempts: number): Promise<number> {
    const rows = await this.db.rows(sql`
      update agency_webhook_deliveries set status = 'failed', last_error = 'Interrupted mid-request on the last try (the worker stopped)'
      where status = 'sending' and attempts >= ${maxAttempts} and claimed_at < now() - make_interval(secs => ${leaseSeconds})
      returning id`);
    return rows.length;
  }

  async markDelivered(id: string, statusCode: number): Promise<void> {
    await this.db.rows(sql`
      update agency_webhook_deliveries set status = 'delivered', last_status_code = ${statusCode}, last_error = null,
        delivered_at = now()
      where id = ${id} and status = 'sending'`);
  }

  /** A failed attempt that Bull will retry: queued again, with what went wrong for the agency to read. */
  async markRetry(id: string, outcome: { statusCode: number | null; error: string }): Promise<void> {
    await this.db.rows(sql`
      update agency_webhook_deliveries set status = 'queued', last_status_code = ${outcome.statusCode}, last_error = ${outcome.error}
      where id = ${id} and status = 'sending'`);
  }

  async markFailed(id: string, outcome: { statusCode: number | null; error: string }): Promise<void> {
    await this.db.rows(sql`
      update agency_webhook_deliveries set status = 'failed', last_status_code = ${outcome.statusCode}, last_error = ${outcome.error}
      where id = ${id} and status = 'sending'`);
  }

  /**
   * Rows whose job may have been lost: queued for longer than `queuedSeconds` (an enqueue lost after
   * the commit, or a retry whose job is gone).
   */
  async findStranded(queuedSeconds: number, limit: number): Promise<string[]> {
    const rows = await this.db.rows(sql<{ id: string }>`
      select id from agency_webhook_deliveries
      where status = 'queued' and created_at < now() - make_interval(secs => ${queuedSeconds})
      order by created_at limit ${limit}`);
    return rows.map((row) => row.id);
  }

  async list(agencyId: string, limit: number, cursor?: string): Promise<DeliveryRow[]> {
    const rows = await this.db.rows(sql<RawDelivery>`
      select ${DELIVERY_COLUMNS} from agency_webhook_deliveries
      where agency_id = ${agencyId} ${cursor !== undefined ? sql`and seq < ${cursor}::bigint` : sql``}
      order by seq desc limit ${limit}`);
    return rows.map(toDelivery);
  }
}
