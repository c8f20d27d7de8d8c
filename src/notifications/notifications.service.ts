import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database, type Tx } from '../database/database';
import { DependencyHealth } from '../health/dependency-health';
import { Queues, whileRedisUp } from '../queues/queues';
import { EmailTemplates } from './email-templates';
import type { EmailTemplateName } from './notification-templates';
import { NotificationsRepository, type NotificationRow } from './notifications.repository';

export interface NotifyInput {
  /** Null for an email to a person rather than about one agency (a sign-in link): `recipients` then names them. */
  agencyId: string | null;
  /** Instead of the agency's billing contacts (a sign-in link goes to the person who asked for it). */
  recipients?: string[];
  template: EmailTemplateName;
  /** The template's domain data; agencyName, agencyId, currency and billingUrl are added if absent. */
  data: Record<string, unknown>;
  /** One email per key, ever: a second notify with the same key is a no-op. */
  dedupeKey?: string;
}

/** A notification written to the outbox; hand it to `enqueue()` once the transaction commits. */
export interface QueuedNotification {
  id: string;
  template: EmailTemplateName;
}

export interface NotificationJob {
  notificationId: string;
}

const SWEEP_BATCH = 500;

export function notificationView(row: NotificationRow) {
  return {
    id: row.id,
    template: row.template,
    recipients: row.recipients,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    messageId: row.messageId,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/**
 * Owner emails through a transactional outbox: `notify()` writes the row in the caller's
 * transaction, `enqueue()` hands it to the queue after the commit, and the worker's sweep enqueues
 * whatever a crash between the two left behind.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly repository: NotificationsRepository,
    private readonly templates: EmailTemplates,
    @InjectQueue(Queues.Notifications) private readonly queue: Queue<NotificationJob>,
    private readonly dependencies: DependencyHealth,
  ) {}

  /**
   * Writes one email to the outbox inside `tx` and returns it, or null when its dedupe key was
   * already used. With `tx` null it commits on its own and enqueues at once. Data that does not
   * fit the template is recorded as a failed notification rather than failing the caller's work.
   */
  async notify(tx: Tx | null, input: NotifyInput): Promise<QueuedNotification | null> {
    if (!tx) {
      const queued = await this.db.transaction((own) => this.notify(own, input));
      await this.enqueue(queued);
      return queued;
    }
    const agency = input.agencyId === null ? null : await this.repository.findAgencyContact(input.agencyId, tx);
    if (input.agencyId !== null && !agency) throw new NotFoundError('Agency');
    const data = agency
      ? {
          agencyName: agency.name,
          agencyId: input.agencyId,
          currency: agency.currency,
          billingUrl: `${this.config.publicBaseUrl}/billing/${input.agencyId}`,
          ...input.data,
        }
      : input.data;
    let subject: string;
    let renderError: string | null = null;
    try {
      subject = this.templates.render(input.template, data).subject;
    } catch (error) {
      renderError = (error as Error).message;
      subject = `(${input.template}: not rendered)`;
      this.logger.error(renderError);
    }
    const id = await this.repository.insert(tx, {
      id: randomUUID(),
      agencyId: input.agencyId,
      template: input.template,
      recipients: input.recipients ?? recipientsOf(agency!),
      subject,
      data,
      dedupeKey: input.dedupeKey ?? null,
      status: renderError ? 'failed' : 'queued',
      lastError: renderError,
    });
    if (!id || renderError) return null;
    return { id, template: input.template };
  }

  /**
   * Queues committed notifications for sending. Never throws: what fails to reach Redis now is
   * picked up by the worker's sweep. The job id is the notification id, so enqueuing twice is harmless.
   */
  async enqueue(notifications: QueuedNotification | null | readonly (QueuedNotification | null)[]): Promise<void> {
    const list = (Array.isArray(notifications) ? notifications : [notifications]).filter(
      (item): item is QueuedNotification => item !== null,
    );
    await Promise.all(list.map((item) => this.addJob(item.id, item.id)));
  }

  /**
   * The worker's safety net for lost enqueues: notifications still queued after the sweep interval
   * (a crash between the commit and the enqueue) get their job again. The job id is the row id, so
   * a row whose job is merely waiting or backing off is not queued twice.
   */
  async enqueueStranded(): Promise<number> {
    const queued = await this.repository.findQueuedOlderThan(this.config.mail.sweepIntervalSeconds, SWEEP_BATCH);
    await Promise.all(queued.map((id) => this.addJob(id, id)));
    return queued.length;
  }

  /**
   * Takes over sends a stopped worker left mid-way (its claim ran out unrenewed): each is sent once
   * more, with the same Message-ID, and one interrupted twice is given up on rather than risk a
   * third copy. Workers run this at boot and every few seconds.
   */
  async resumeInterrupted(): Promise<{ resumed: number; abandoned: number }> {
    const lease = this.claimLeaseSeconds;
    // A job id of its own: the original job may still sit in Bull as active under a dead worker's lock.
    const interrupted = await this.repository.findInterrupted(lease, SWEEP_BATCH);
    await Promise.all(interrupted.map((id) => this.addJob(id, `${id}-resume`)));
    const abandoned = await this.repository.abandonTwiceInterrupted(lease);
    if (abandoned) this.logger.warn(`Gave up on ${abandoned} notifications interrupted mid-send twice`);
    return { resumed: interrupted.length, abandoned };
  }

  /** A claimed row not renewed for this long belongs to a stopped worker. */
  get claimLeaseSeconds(): number {
    return this.config.recovery.leaseSeconds;
  }

  async list(agencyId: string, query: { limit: number; cursor?: string }) {
    if (!(await this.repository.findAgencyContact(agencyId))) throw new NotFoundError('Agency');
    const rows = await this.repository.list(agencyId, query.limit + 1, query.cursor);
    const page = rows.slice(0, query.limit);
    return {
      data: page.map(notificationView),
      nextCursor: rows.length > query.limit ? page[page.length - 1].seq : null,
    };
  }

  private async addJob(notificationId: string, jobId: string): Promise<void> {
    await this.dependencies.bestEffort(`Notification ${notificationId} not enqueued now (the sweep will)`, this.logger, () =>
      whileRedisUp(this.queue, () =>
        this.queue.add(
          { notificationId },
          {
            jobId,
            attempts: this.config.mail.attempts,
            backoff: { type: 'exponential', delay: Math.round(this.config.mail.retryDelaySeconds * 1000) },
          },
        ),
      ),
    );
  }
}

/** The billing contacts, else the owner: alerts must reach whoever pays, who may not be the account owner. */
function recipientsOf(agency: { ownerEmail: string; billingEmails: string[] }): string[] {
  const emails = agency.billingEmails.length ? agency.billingEmails : [agency.ownerEmail];
  const seen = new Set<string>();
  return emails.filter((email) => {
    const key = email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
