import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database, type Tx } from '../database/database';
import { DependencyHealth } from '../health/dependency-health';
import { Outbox, type OutboxJobData } from '../outbox/outbox';
import { Queues } from '../queues/queues';
import type { AgencyEventType } from './agency-webhooks.events';
import { AgencyWebhooksRepository, type DeliveryRow } from './agency-webhooks.repository';
import { WebhookTargets } from './webhook-targets';

export interface AgencyWebhookJob extends OutboxJobData {
  deliveryId: string;
}

export interface EndpointInput {
  url: string;
  enabled: boolean;
  rotateSecret?: boolean;
}

export function deliveryView(row: DeliveryRow) {
  return {
    id: row.id,
    type: row.eventType,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    data: row.payload,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

/** A new signing secret: 32 random bytes, prefixed like Stripe's so it is recognisable in a config file. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * The agencies' own webhooks, through the same transactional outbox as emails (`outbox/outbox.ts`):
 * `publish()` writes a delivery in the caller's transaction (only when the agency has an enabled
 * endpoint) and hands it to the queue once that commits, and the worker's sweep enqueues whatever
 * a crash between the two left behind. Delivery is at least once; receivers dedupe by event id.
 */
@Injectable()
export class AgencyWebhooksService {
  private readonly logger = new Logger(AgencyWebhooksService.name);
  /** The deliveries' outbox: its queue, its retries, its sweep and takeover. */
  readonly outbox: Outbox<AgencyWebhookJob>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly repository: AgencyWebhooksRepository,
    private readonly audit: AuditService,
    private readonly targets: WebhookTargets,
    @InjectQueue(Queues.AgencyWebhooks) queue: Queue<AgencyWebhookJob>,
    dependencies: DependencyHealth,
  ) {
    this.outbox = new Outbox(
      {
        noun: 'Webhook delivery',
        queue,
        store: repository.outboxStore(config.agencyWebhooks.attempts),
        jobData: (deliveryId) => ({ deliveryId }),
        attempts: config.agencyWebhooks.attempts,
        retryDelaySeconds: config.agencyWebhooks.retryDelaySeconds,
        sweepAfterSeconds: config.agencyWebhooks.sweepIntervalSeconds,
        leaseSeconds: config.recovery.leaseSeconds,
        // A takeover is one more of the delivery's tries, so one takeover job per interrupted try.
        takeoverJobId: (row) => `${row.id}-resume-${row.attempts}`,
      },
      dependencies,
      this.logger,
    );
  }

  async getEndpoint(agencyId: string): Promise<{ url: string | null; enabled: boolean }> {
    if (!(await this.repository.currencyOf(agencyId))) throw new NotFoundError('Agency');
    const endpoint = await this.repository.findEndpoint(agencyId);
    return { url: endpoint?.url ?? null, enabled: endpoint?.enabled ?? false };
  }

  /**
   * Creates or updates the endpoint. The secret is returned only when it is new (on creation or
   * when rotated): it is the one thing the agency cannot read back later, so it never reaches the
   * audit log either, which records only that it was rotated. An enabled URL must resolve to public
   * addresses (checked again before every delivery); disabling never needs the check, so an owner
   * can always turn off an endpoint that no longer passes it.
   */
  async saveEndpoint(actor: Actor, agencyId: string, input: EndpointInput): Promise<{ url: string; enabled: boolean; secret: string | null }> {
    if (input.enabled) await this.targets.check(input.url);
    return this.db.transaction(async (tx) => {
      if (!(await this.repository.currencyOf(agencyId, tx))) throw new NotFoundError('Agency');
      const fresh = newWebhookSecret();
      const audit = { actor: actor.principal, agencyId, targetType: 'agency', targetId: agencyId, requestId: actor.requestId };
      // Insert-or-nothing first: two first PUTs at once cannot both believe they chose the secret.
      if (await this.repository.createEndpoint(tx, { agencyId, url: input.url, enabled: input.enabled, secret: fresh })) {
        await this.audit.record(tx, {
          ...audit,
          action: 'webhook_endpoint.created',
          before: null,
          after: { url: input.url, enabled: input.enabled },
        });
        return { url: input.url, enabled: input.enabled, secret: fresh };
      }
      const before = await this.repository.lockEndpoint(tx, agencyId);
      // The insert above found it, and endpoints are never deleted: this only guards the types.
      if (!before) throw new NotFoundError('Webhook endpoint');
      const secret = input.rotateSecret ? fresh : null;
      if (before.url !== input.url || before.enabled !== input.enabled || secret) {
        await this.repository.updateEndpoint(tx, agencyId, { url: input.url, enabled: input.enabled, secret });
        await this.audit.record(tx, {
          ...audit,
          action: 'webhook_endpoint.updated',
          before: { url: before.url, enabled: before.enabled },
          after: { url: input.url, enabled: input.enabled, ...(secret ? { secretRotated: true } : {}) },
        });
      }
      return { url: input.url, enabled: input.enabled, secret };
    });
  }

  /**
   * Writes one event to the outbox inside `tx` and returns its id, or null when the agency has no
   * enabled endpoint or the dedupe key was already used; it is queued once `tx` (from
   * `Database.transaction`) commits. Every event's data carries the wallet currency, since its
   * amounts mean nothing without it.
   */
  async publish(tx: Tx, agencyId: string, type: AgencyEventType, data: Record<string, unknown>, dedupeKey?: string): Promise<string | null> {
    const endpoint = await this.repository.findEnabledEndpoint(agencyId, tx);
    if (!endpoint) return null;
    const id = await this.repository.insertDelivery(tx, {
      id: randomUUID(),
      agencyId,
      eventType: type,
      payload: { currency: endpoint.currency, ...data },
      dedupeKey: dedupeKey ?? null,
    });
    if (!id) return null;
    this.outbox.enqueueAfterCommit(this.db, tx, [id]);
    return id;
  }

  /**
   * Queues committed deliveries. `publish()` already does once its transaction commits; this stays
   * for callers that still hand them over themselves (harmless: the job id is the delivery id).
   * Never throws: what fails to reach Redis now is picked up by the sweep.
   */
  async enqueue(ids: string | null | readonly (string | null)[]): Promise<void> {
    await this.outbox.enqueue(typeof ids === 'string' || ids === null ? [ids] : ids);
  }

  /** The worker's safety net for lost jobs (see `Outbox.sweep`). */
  sweep(): Promise<number> {
    return this.outbox.sweep();
  }

  /**
   * Takes over requests a stopped worker left mid-way: each is sent again, with the same event id,
   * as one more of the delivery's tries; one interrupted on its last try is marked failed.
   */
  resumeInterrupted(): Promise<{ resumed: number; abandoned: number }> {
    return this.outbox.takeOver();
  }

  /** Tries per delivery, counting the one a takeover makes after an interruption. */
  get maxAttempts(): number {
    return this.config.agencyWebhooks.attempts;
  }

  async listDeliveries(agencyId: string, query: { limit: number; cursor?: string }) {
    if (!(await this.repository.currencyOf(agencyId))) throw new NotFoundError('Agency');
    const rows = await this.repository.list(agencyId, query.limit + 1, query.cursor);
    const page = rows.slice(0, query.limit);
    return {
      data: page.map(deliveryView),
      nextCursor: rows.length > query.limit ? page[page.length - 1].seq : null,
    };
  }
}
