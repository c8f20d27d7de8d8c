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
import { Queues, ensureJobWillRun, whileRedisUp } from '../queues/queues';
import type { AgencyEventType } from './agency-webhooks.events';
import { AgencyWebhooksRepository, type DeliveryRow } from './agency-webhooks.repository';
import { WebhookTargets } from './webhook-targets';

export interface AgencyWebhookJob {
  deliveryId: string;
}

export interface EndpointInput {
  url: string;
  enabled: boolean;
  rotateSecret?: boolean;
}

const SWEEP_BATCH = 500;

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
 * The agencies' own webhooks, through a transactional outbox like owner emails: `publish()` writes
 * a delivery in the caller's transaction (only when the agency has an enabled endpoint),
 * `enqueue()` hands it to the queue after the commit, and the worker's sweep enqueues whatever a
 * crash between the two left behind. Delivery is at least once; receivers dedupe by event id.
 */
@Injectable()
export class AgencyWebhooksService {
  private readonly logger = new Logger(AgencyWebhooksService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly repository: AgencyWebhooksRepository,
    private readonly audit: AuditService,
    private readonly targets: WebhookTargets,
    @InjectQueue(Queues.AgencyWebhooks) private readonly queue: Queue<AgencyWebhookJob>,
    private readonly dependencies: DependencyHealth,
  ) {}

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
        await this.audit.record(tx, { ...audit, action: 'webhook_endpoint.created', before: null, after: { url: input.url, enabled: input.enabled } });
        return { url: input.url, enabled: input.enabled, secret: fresh };
      }
      const before = (await this.repository.lockEndpoint(tx, agencyId))!;
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
   * enabled endpoint or the dedupe key was already used. Every event's data carries the wallet
   * currency, since its amounts mean nothing without it.
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
    return id ?? null;
  }

  /**
   * Queues committed deliveries. Never throws: what fails to reach Redis now is picked up by the
   * worker's sweep. The job id is the delivery id, so enqueuing twice is harmless.
   */
  async enqueue(ids: string | null | readonly (string | null)[]): Promise<void> {
    const list = (Array.isArray(ids) ? ids : [ids]).filter((id): id is string => typeof id === 'string');
    await Promise.all(list.map((id) => this.addJob(id)));
  }

  /**
   * The worker's safety net for lost jobs: makes sure every delivery still queued after the sweep
   * interval has a job that will run (see `ensureJobWillRun`: one waiting, running or backing off
   * is left alone; one lost, finished without settling the row, or stuck is replaced).
   */
  async dispatchPending(): Promise<number> {
    const stranded = await this.repository.findStranded(this.config.agencyWebhooks.sweepIntervalSeconds, SWEEP_BATCH);
    let enqueued = 0;
    for (const id of stranded) {
      try {
        if ((await ensureJobWillRun(this.queue, id, () => this.addJob(id))) !== 'held') enqueued++;
      } catch (error) {
        this.logger.warn(`Delivery ${id}: could not inspect its job (next sweep will): ${String(error)}`);
      }
    }
    return enqueued;
  }

  /**
   * Takes over requests a stopped worker left mid-way (its claim ran out unrenewed): each is sent
   * again, with the same event id, as one more of the delivery's tries; one interrupted on its last
   * try is marked failed. Workers run this at boot and every few seconds.
   */
  async resumeInterrupted(): Promise<number> {
    const { claimLeaseSeconds: lease, maxAttempts } = this;
    const interrupted = await this.repository.findInterrupted(lease, maxAttempts, SWEEP_BATCH);
    // A job id per interruption: the original job may still sit in Bull as active under a dead
    // worker's lock. One that already ran (its tries used up while the database was away, say)
    // without settling the row is replaced, not left to block every later takeover (seed 9501).
    for (const { id, attempts } of interrupted) {
      const jobId = `${id}-resume-${attempts}`;
      await ensureJobWillRun(this.queue, jobId, () => this.addJob(id, jobId)).catch((error: unknown) =>
        this.logger.warn(`Delivery ${id}: could not inspect its takeover job (next tick will): ${String(error)}`),
      );
    }
    const failed = await this.repository.failInterruptedOnLastTry(lease, maxAttempts);
    if (failed) this.logger.warn(`Gave up on ${failed} webhook deliveries interrupted on their last try`);
    return interrupted.length;
  }

  /** A claimed row not renewed for this long belongs to a stopped worker. */
  get claimLeaseSeconds(): number {
    return this.config.recovery.leaseSeconds;
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

  private async addJob(deliveryId: string, jobId = deliveryId): Promise<void> {
    await this.dependencies.bestEffort(`Webhook delivery ${deliveryId} not enqueued now (the sweep will)`, this.logger, () =>
      whileRedisUp(this.queue, () =>
        this.queue.add(
          { deliveryId },
          {
            jobId,
            attempts: this.config.agencyWebhooks.attempts,
            backoff: { type: 'exponential', delay: Math.round(this.config.agencyWebhooks.retryDelaySeconds * 1000) },
          },
        ),
      ),
    );
  }

}
