import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database, type Tx } from '../database/database';
import { DependencyHealth } from '../health/dependency-health';
import { Queues, ensureJobWillRun, whileRedisUp } from '../queues/queues';
import { Audience } from './audience';
import { EmailTemplates } from './email-templates';
import type { SmsTemplateName } from './notification-kinds';
import type { EmailTemplateName, TemplateName } from './notification-templates';
import { type NewNotification, NotificationsRepository, type NotificationRow } from './notifications.repository';
import { SmsTemplates } from './sms-templates';

export interface NotifyInput {
  /** Null for an email to a person rather than about one agency (a sign-in link): `recipients` then names them. */
  agencyId: string | null;
  /** Instead of the people whose preferences take it (a sign-in link goes to the person who asked for it). */
  recipients?: string[];
  template: EmailTemplateName;
  /** The template's domain data; agencyName, agencyId, currency and billingUrl are added if absent. */
  data: Record<string, unknown>;
  /** One email per key, ever: a second notify with the same key is a no-op. */
  dedupeKey?: string;
  /** False keeps the event to email even for people who take texts (a subteam alert without SMS). */
  sms?: boolean;
  /** Subteam contacts this event concerns: they receive its email too. */
  extraEmails?: string[];
}

/** One text to one number, whatever the preferences (the verification code). */
export interface TextInput {
  agencyId: string;
  template: SmsTemplateName;
  to: string;
  personEmail: string;
  data: Record<string, unknown>;
}

/**
 * The messages one event was written to the outbox as (an email per person who wants it, a text
 * per verified number); hand it to `enqueue()` once the transaction commits.
 */
export interface QueuedNotification {
  ids: string[];
  template: EmailTemplateName | SmsTemplateName;
}

export interface NotificationJob {
  notificationId: string;
}

const SWEEP_BATCH = 500;

export function notificationView(row: NotificationRow) {
  return {
    id: row.id,
    template: row.template,
    channel: row.channel,
    recipients: row.recipients,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    messageId: row.messageId,
    resendOf: row.resendOf,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    ...(row.channel === 'sms' ? { delivery: { status: row.deliveryStatus, errorCode: row.deliveryErrorCode } } : {}),
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
    private readonly texts: SmsTemplates,
    private readonly audience: Audience,
    @InjectQueue(Queues.Notifications) private readonly queue: Queue<NotificationJob>,
    private readonly dependencies: DependencyHealth,
  ) {}

  /**
   * Writes one event to the outbox inside `tx`: an email to each person whose preferences take it
   * by email, a text to each verified number that takes it by SMS. Returns them, or null when
   * nothing was written (the dedupe key was already used, or nobody wants it). With `tx` null it commits on its own and enqueues at once. Data that does not
   * fit the template is recorded as a failed notification rather than failing the caller's work.
   */
  async notify(tx: Tx | null, input: NotifyInput): Promise<QueuedNotification | null> {
    if (!tx) {
      const queued = await this.db.transaction((own) => this.notify(own, input));
      await this.enqueue(queued);
      return queued;
    }
    if (input.agencyId === null || input.recipients) return this.notifyAddressed(tx, input);
    const agencyId = input.agencyId;
    const agency = await this.repository.findAgencyContact(agencyId, tx);
    if (!agency) throw new NotFoundError('Agency');
    const data = {
      agencyName: agency.name,
      agencyId,
      currency: agency.currency,
      billingUrl: `${this.config.publicBaseUrl}/billing/${agencyId}`,
      ...input.data,
    };
    const template = input.template as TemplateName;
    const recipients = await this.audience.recipients(
      agencyId,
      template,
      { sms: input.sms, extraEmails: input.extraEmails },
      tx,
    );
    const ids: string[] = [];
    for (const { email, mayUnsubscribe } of recipients.emails) {
      const personal = { ...data, preferencesUrl: this.audience.preferencesUrl(agencyId, email), mayUnsubscribe };
      const rendered = this.renderOrFail(() => this.templates.render(input.template, personal).subject, input.template);
      const id = await this.insert(tx, input, rendered, {
        channel: 'email',
        recipients: [email],
        personEmail: email,
        data: personal,
        dedupeKey: input.dedupeKey ? `${input.dedupeKey}:email:${email}` : null,
      });
      if (id && !rendered.error) ids.push(id);
    }
    if (!this.texts.has(template)) return ids.length ? { ids, template } : null;
    for (const { email, phone } of recipients.texts) {
      const rendered = this.renderOrFail(() => this.texts.render(template, data), template);
      const id = await this.insert(tx, input, rendered, {
        channel: 'sms',
        recipients: [phone],
        personEmail: email,
        data,
        dedupeKey: input.dedupeKey ? `${input.dedupeKey}:sms:${phone}` : null,
      });
      if (id && !rendered.error) ids.push(id);
    }
    return ids.length ? { ids, template: input.template } : null;
  }

  /** An email to the addresses given (a sign-in link, an invitation): no agency data, no preferences. */
  private async notifyAddressed(tx: Tx, input: NotifyInput): Promise<QueuedNotification | null> {
    const rendered = this.renderOrFail(() => this.templates.render(input.template, input.data).subject, input.template);
    const id = await this.insert(tx, input, rendered, {
      channel: 'email',
      recipients: input.recipients ?? [],
      personEmail: null,
      data: input.data,
      dedupeKey: input.dedupeKey ?? null,
    });
    return id && !rendered.error ? { ids: [id], template: input.template } : null;
  }

  /** Writes one text to the outbox inside `tx` (the verification code: no preference applies). */
  async text(tx: Tx, input: TextInput): Promise<QueuedNotification | null> {
    const agency = await this.repository.findAgencyContact(input.agencyId, tx);
    if (!agency) throw new NotFoundError('Agency');
    const data = { agencyName: agency.name, agencyId: input.agencyId, currency: agency.currency, ...input.data };
    const rendered = this.renderOrFail(() => this.texts.render(input.template, data), input.template);
    const id = await this.repository.insert(tx, {
      id: randomUUID(),
      agencyId: input.agencyId,
      template: input.template,
      recipients: [input.to],
      subject: rendered.subject,
      data,
      dedupeKey: null,
      status: rendered.error ? 'failed' : 'queued',
      lastError: rendered.error,
      channel: 'sms',
      personEmail: input.personEmail,
    });
    return id && !rendered.error ? { ids: [id], template: input.template } : null;
  }

  /** Data that does not fit its template is recorded as a failed notification, never thrown at the caller. */
  private renderOrFail(render: () => string, template: string): { subject: string; error: string | null } {
    try {
      return { subject: render(), error: null };
    } catch (error) {
      const message = (error as Error).message;
      this.logger.error(message);
      return { subject: `(${template}: not rendered)`, error: message };
    }
  }

  private insert(
    tx: Tx,
    input: NotifyInput,
    rendered: { subject: string; error: string | null },
    row: Pick<NewNotification, 'channel' | 'recipients' | 'personEmail' | 'data' | 'dedupeKey'>,
  ): Promise<string | undefined> {
    return this.repository.insert(tx, {
      id: randomUUID(),
      agencyId: input.agencyId,
      template: input.template,
      subject: rendered.subject,
      status: rendered.error ? 'failed' : 'queued',
      lastError: rendered.error,
      ...row,
    });
  }

  /**
   * Queues committed notifications for sending. Never throws: what fails to reach Redis now is
   * picked up by the worker's sweep. The job id is the notification id, so enqueuing twice is harmless.
   */
  async enqueue(notifications: QueuedNotification | null | readonly (QueuedNotification | null)[]): Promise<void> {
    const list = (Array.isArray(notifications) ? notifications : [notifications]).filter(
      (item): item is QueuedNotification => item !== null,
    );
    await Promise.all(list.flatMap((item) => item.ids.map((id) => this.addJob(id, id))));
  }

  /**
   * The worker's safety net for lost enqueues: notifications still queued after the sweep interval
   * (a crash between the commit and the enqueue, or Redis losing the job) get a job that will run
   * (see `ensureJobWillRun`: one merely waiting or backing off is left alone, so nothing is queued twice).
   */
  async enqueueStranded(): Promise<number> {
    const queued = await this.repository.findQueuedOlderThan(this.config.mail.sweepIntervalSeconds, SWEEP_BATCH);
    let enqueued = 0;
    for (const id of queued) {
      try {
        if ((await ensureJobWillRun(this.queue, id, () => this.addJob(id, id))) !== 'held') enqueued++;
      } catch (error) {
        this.logger.warn(`Notification ${id}: could not inspect its job (next sweep will): ${String(error)}`);
      }
    }
    return enqueued;
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
    // One that already ran without settling the row (the database away meanwhile) is replaced.
    for (const id of interrupted) {
      await ensureJobWillRun(this.queue, `${id}-resume`, () => this.addJob(id, `${id}-resume`)).catch((error: unknown) =>
        this.logger.warn(`Notification ${id}: could not inspect its takeover job (next tick will): ${String(error)}`),
      );
    }
    const abandoned = await this.repository.abandonTwiceInterrupted(lease);
    if (abandoned) this.logger.warn(`Gave up on ${abandoned} notifications interrupted mid-send twice`);
    return { resumed: interrupted.length, abandoned };
  }

  /** A claimed row not renewed for this long belongs to a stopped worker. */
  get claimLeaseSeconds(): number {
    return this.config.recovery.leaseSeconds;
  }

  /**
   * Support's resend: a new outbox row with the same template, data, subject and recipients as the
   * agency's notification `notificationId` (so the same rendered email, with a Message-ID of its
   * own), naming the original in `resendOf`. Written inside `tx`; hand the result to `enqueue()`
   * after the commit.
   */
  async resend(tx: Tx, agencyId: string, notificationId: string): Promise<{ queued: QueuedNotification; original: NotificationRow; row: NotificationRow }> {
    const original = await this.repository.find(notificationId, tx);
    if (!original || original.agencyId !== agencyId) throw new NotFoundError('Notification');
    const id = randomUUID();
    await this.repository.insertResend(tx, original, id);
    const row = (await this.repository.find(id, tx))!;
    return { queued: { ids: [id], template: original.template as EmailTemplateName | SmsTemplateName }, original, row };
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
