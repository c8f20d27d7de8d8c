import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { Database, type Tx, sql } from '../database/database';
import type { Tables } from '../database/tables';
import type { WalletSchema } from '../wallet/wallet.entity';
import { type ClaimedRow, type GivenUp, type OutboxStore, secondsAgo } from '../outbox/outbox';
import { AgencyWebhookDeliverySchema, AgencyWebhookEndpointSchema } from './agency-webhook.entity';

export type { DeliveryStatus } from './agency-webhook.entity';

type WebhookTables = Tables<typeof AgencyWebhookEndpointSchema | typeof AgencyWebhookDeliverySchema>;

export type WebhookEndpoint = ReturnType<typeof toEndpoint>;
/** A delivery as the services read it; `seq` is the list cursor, as text. */
export type DeliveryRow = ReturnType<typeof toDelivery>;

const toEndpoint = (row: Selectable<WebhookTables['agency_webhook_endpoints']>) => ({
  agencyId: row.agency_id,
  url: row.url,
  enabled: row.enabled,
  secret: row.secret,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toDelivery = (row: Selectable<WebhookTables['agency_webhook_deliveries']>) => ({
  id: row.id,
  seq: String(row.seq),
  agencyId: row.agency_id,
  eventType: row.event_type,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.last_status_code,
  lastError: row.last_error,
  createdAt: row.created_at,
  deliveredAt: row.delivered_at,
});

export interface NewDelivery {
  id: string;
  agencyId: string;
  eventType: string;
  payload: Record<string, unknown>;
  dedupeKey: string | null;
}

/** What went wrong with a try, for the agency to read. */
export interface TryOutcome {
  statusCode: number | null;
  error: string;
}

/** Why a delivery interrupted on its last try was given up. */
export const INTERRUPTED_ON_LAST_TRY = 'Interrupted mid-request on the last try (the worker stopped)';

/**
 * Webhook endpoints and the deliveries outbox. A delivery moves queued → sending (claimed by one
 * job) → delivered, back to queued for a retry, or to failed. Every transition is one conditional
 * UPDATE, so two jobs for the same row cannot both send it at the same time.
 */
@Injectable()
export class AgencyWebhooksRepository {
  constructor(private readonly db: Database) {}

  private query(tx?: Tx) {
    return this.db.kysely<WebhookTables>(tx);
  }

  /**
   * The wallet currency, which doubles as the test that the agency exists: a read of wallet's table
   * (the wallet module depends on this one, so it cannot call its service).
   */
  async currencyOf(agencyId: string, tx?: Tx): Promise<string | undefined> {
    const row = await this.db
      .kysely<Tables<typeof WalletSchema>>(tx)
      .selectFrom('wallets')
      .select('currency')
      .where('agency_id', '=', agencyId)
      .executeTakeFirst();
    return row?.currency;
  }

  async findEndpoint(agencyId: string, tx?: Tx): Promise<WebhookEndpoint | undefined> {
    const row = await this.query(tx).selectFrom('agency_webhook_endpoints').selectAll().where('agency_id', '=', agencyId).executeTakeFirst();
    return row && toEndpoint(row);
  }

  /** An enabled endpoint with the wallet currency every event carries; undefined when events go nowhere. */
  async findEnabledEndpoint(agencyId: string, tx: Tx): Promise<{ currency: string } | undefined> {
    const endpoint = await this.query(tx)
      .selectFrom('agency_webhook_endpoints as e')
      .select(sql<string | null>`(select w.currency from wallets w where w.agency_id = e.agency_id)`.as('currency'))
      .where('e.agency_id', '=', agencyId)
      .where('e.enabled', '=', true)
      .executeTakeFirst();
    return endpoint?.currency ? { currency: endpoint.currency } : undefined;
  }

  /** Creates the endpoint unless one exists; true when this call created it (and so chose its secret). */
  async createEndpoint(tx: Tx, endpoint: { agencyId: string; url: string; enabled: boolean; secret: string }): Promise<boolean> {
    const created = await this.query(tx)
      .insertInto('agency_webhook_endpoints')
      .values({ agency_id: endpoint.agencyId, url: endpoint.url, enabled: endpoint.enabled, secret: endpoint.secret })
      .onConflict((conflict) => conflict.column('agency_id').doNothing())
      .returning('agency_id')
      .executeTakeFirst();
    return created !== undefined;
  }

  async lockEndpoint(tx: Tx, agencyId: string): Promise<WebhookEndpoint | undefined> {
    const row = await this.query(tx)
      .selectFrom('agency_webhook_endpoints')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .forUpdate()
      .executeTakeFirst();
    return row && toEndpoint(row);
  }

  /** Saves the URL and switch; a null secret keeps the current one. */
  async updateEndpoint(tx: Tx, agencyId: string, update: { url: string; enabled: boolean; secret: string | null }): Promise<void> {
    await this.query(tx)
      .updateTable('agency_webhook_endpoints')
      .set({ url: update.url, enabled: update.enabled, updated_at: sql<Date>`now()`, ...(update.secret === null ? {} : { secret: update.secret }) })
      .where('agency_id', '=', agencyId)
      .execute();
  }

  /** Inserts inside the caller's transaction; undefined when the dedupe key was already used. */
  async insertDelivery(tx: Tx, row: NewDelivery): Promise<string | undefined> {
    const inserted = await this.query(tx)
      .insertInto('agency_webhook_deliveries')
      .values({ id: row.id, agency_id: row.agencyId, event_type: row.eventType, payload: row.payload, dedupe_key: row.dedupeKey })
      .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted?.id;
  }

  /**
   * Takes a row for sending: a queued row at once, and a row still `sending` after the lease (its
   * worker stopped mid-request) while it has tries left, since webhooks are at-least-once and
   * receivers dedupe by event id.
   */
  async claim(id: string, leaseSeconds: number, maxAttempts: number): Promise<DeliveryRow | undefined> {
    const row = await this.query()
      .updateTable('agency_webhook_deliveries')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), claimed_at: sql<Date>`now()` }))
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'queued'),
          eb.and([eb('status', '=', 'sending'), eb('attempts', '<', maxAttempts), eb('claimed_at', '<', secondsAgo(leaseSeconds))]),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    return row && toDelivery(row);
  }

  /** Keeps a claimed row its sender's while the request goes on; `attempts` names the claim. */
  async renewClaim(id: string, attempts: number): Promise<void> {
    await this.query()
      .updateTable('agency_webhook_deliveries')
      .set({ claimed_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .where('attempts', '=', attempts)
      .execute();
  }

  /** Rows whose sender stopped mid-request (the claim ran out unrenewed) and that have tries left. */
  async findInterrupted(leaseSeconds: number, maxAttempts: number, limit: number): Promise<ClaimedRow[]> {
    return this.query()
      .selectFrom('agency_webhook_deliveries')
      .select(['id', 'attempts'])
      .where('status', '=', 'sending')
      .where('attempts', '<', maxAttempts)
      .where('claimed_at', '<', secondsAgo(leaseSeconds))
      .orderBy('claimed_at')
      .limit(limit)
      .execute();
  }

  /** Rows interrupted on their last try are given up on, as a failed last try would be. */
  async failInterruptedOnLastTry(leaseSeconds: number, maxAttempts: number): Promise<GivenUp[]> {
    const rows = await this.query()
      .updateTable('agency_webhook_deliveries')
      .set({ status: 'failed', last_error: INTERRUPTED_ON_LAST_TRY })
      .where('status', '=', 'sending')
      .where('attempts', '>=', maxAttempts)
      .where('claimed_at', '<', secondsAgo(leaseSeconds))
      .returning('id')
      .execute();
    return rows.map((row) => ({ id: row.id, error: INTERRUPTED_ON_LAST_TRY }));
  }

  /**
   * The endpoint took the event: recorded even when the takeover gave the row up meanwhile as
   * interrupted on its last try (the sender's record was held up by a database outage past its
   * lease), since it did arrive.
   */
  async markDelivered(id: string, statusCode: number): Promise<void> {
    await this.query()
      .updateTable('agency_webhook_deliveries')
      .set({ status: 'delivered', last_status_code: statusCode, last_error: null, delivered_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('status', '=', 'sending'), eb.and([eb('status', '=', 'failed'), eb('last_error', '=', INTERRUPTED_ON_LAST_TRY)])]))
      .execute();
  }

  /** A failed attempt that Bull will retry: queued again, with what went wrong for the agency to read. */
  async markRetry(id: string, outcome: TryOutcome): Promise<void> {
    await this.settle(id, 'queued', outcome);
  }

  async markFailed(id: string, outcome: TryOutcome): Promise<void> {
    await this.settle(id, 'failed', outcome);
  }

  private async settle(id: string, status: 'queued' | 'failed', outcome: TryOutcome): Promise<void> {
    await this.query()
      .updateTable('agency_webhook_deliveries')
      .set({ status, last_status_code: outcome.statusCode, last_error: outcome.error })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .execute();
  }

  /**
   * Rows whose job may have been lost: queued for longer than `queuedSeconds` (an enqueue lost after
   * the commit, or a retry whose job is gone).
   */
  async findStranded(queuedSeconds: number, limit: number): Promise<string[]> {
    const rows = await this.query()
      .selectFrom('agency_webhook_deliveries')
      .select('id')
      .where('status', '=', 'queued')
      .where('created_at', '<', secondsAgo(queuedSeconds))
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  async list(agencyId: string, limit: number, cursor?: string): Promise<DeliveryRow[]> {
    let query = this.query().selectFrom('agency_webhook_deliveries').selectAll().where('agency_id', '=', agencyId);
    if (cursor !== undefined) query = query.where('seq', '<', BigInt(cursor));
    const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
    return rows.map(toDelivery);
  }

  /** The outbox engine's view of this table, with the number of tries a delivery gets. */
  outboxStore(maxAttempts: number): OutboxStore {
    return {
      findStranded: (seconds, limit) => this.findStranded(seconds, limit),
      findInterrupted: (lease, limit) => this.findInterrupted(lease, maxAttempts, limit),
      giveUpInterrupted: (lease) => this.failInterruptedOnLastTry(lease, maxAttempts),
      renewClaim: (id, attempts) => this.renewClaim(id, attempts),
    };
  }
}
