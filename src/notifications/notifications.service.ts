import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database, type Tx } from '../database/database';
import { DependencyHealth } from '../health/dependency-health';
import { Outbox, type OutboxJobData } from '../outbox/outbox';
import { Queues } from '../queues/queues';
import { Audience } from './audience';
import { EmailTemplates } from './email-templates';
import type { SmsTemplateName } from './notification-kinds';
import type { EmailDataOf, EmailTemplateName, TemplateName } from './notification-templates';
import { type NewNotification, NotificationsRepository, type NotificationRow } from './notifications.repository';
import { SmsTemplates } from './sms-templates';

interface NotifyFields {
  /** Null for an email to a person rather than about one agency (a sign-in link): `recipients` then names them. */
  agencyId: string | null;
  /** Instead of the people whose preferences take it (a sign-in link goes to the person who asked for it). */
  recipients?: string[];
  /** One email per key, ever: a second notify with the same key is a no-op. */
  dedupeKey?: string;
  /** False keeps the event to email even for people who take texts (a subteam alert without SMS). */
  sms?: boolean;
  /** Subteam contacts this event concerns: they receive its email too. */
  extraEmails?: string[];
}

/**
 * One email event: a template and exactly the domain data that template takes (agencyName,
 * agencyId, currency and billingUrl are added if absent), so a caller cannot send a template data
 * it does not render.
 */
export type NotifyInput<T extends EmailTemplateName = EmailTemplateName> = T extends EmailTemplateName
  ? NotifyFields & { template: T; data: EmailDataOf<T> }
  : never;

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
 * per verified number). They are queued once the transaction commits, by themselves.
 */
export interface QueuedNotification {
  ids: string[];
  template: EmailTemplateName | SmsTemplateName;
}

export interface NotificationJob extends OutboxJobData {
  notificationId: string;
}

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
 * Emails and texts through the transactional outbox (`outbox/outbox.ts`): `notify()` writes the
 * rows in the caller's transaction and hands them to the queue once it commits, and the worker's
 * sweep enqueues whatever a crash between the two left behind.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  /** The emails' and texts' outbox: its queue, its retries, its sweep and takeover. */
  readonly outbox: Outbox<NotificationJob>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly repository: NotificationsRepository,
    private readonly templates: EmailTemplates,
    private readonly texts: SmsTemplates,
    private readonly audience: Audience,
    @InjectQueue(Queues.Notifications) queue: Queue<NotificationJob>,
    dependencies: DependencyHealth,
  ) {
    this.outbox = new Outbox(
      {
        noun: 'Notification',
        queue,
        store: repository,
        jobData: (notificationId) => ({ notificationId }),
        attempts: config.mail.attempts,
        retryDelaySeconds: config.mail.retryDelaySeconds,
        sweepAfterSeconds: config.mail.sweepIntervalSeconds,
        leaseSeconds: config.recovery.leaseSeconds,
        // A row is taken over once only (`resumed`), so one takeover job per row.
        takeoverJobId: (row) => `${row.id}-resume`,
      },
      dependencies,
      this.logger,
    );
  }

  /**
   * Writes one event to the outbox inside `tx`: an email to each person whose preferences take it
   * by email, a text to each verified number that takes it by SMS. Returns them, or null when
   * nothing was written (the dedupe key was already used, or nobody wants it). They are queued
   * once `tx` commits (it must come from `Database.transaction`); with `tx` null this commits on its
   * own. Data that does not fit the template is recorded as a failed notification rather than
   * failing the caller's work.
   */
  async notify(tx: Tx | null, input: NotifyInput): Promise<QueuedNotification | null> {
    if (!tx) return this.db.transaction((own) => this.notify(own, input));
    return this.queuedAfterCommit(tx, await this.write(tx, input));
  }

  private async write(tx: Tx, input: NotifyInput): Promise<QueuedNotification | null> {
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
    const recipients = await this.audience.recipients(agencyId, template, { sms: input.sms, extraEmails: input.extraEmails }, tx);
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
    const data: Record<string, unknown> = { ...input.data };
    const rendered = this.renderOrFail(() => this.templates.render(input.template, data).subject, input.template);
    const id = await this.insert(tx, input, rendered, {
      channel: 'email',
      recipients: input.recipients ?? [],
      personEmail: null,
      data,
      dedupeKey: input.dedupeKey ?? null,
    });
    return id && !rendered.error ? { ids: [id], template: input.template } : null;
  }

  /** Writes one text to the outbox inside `tx` (the verification code: no preference applies), queued once it commits. */
  async text(tx: Tx, input: TextInput): Promise<QueuedNotification | null> {
    return this.queuedAfterCommit(tx, await this.writeText(tx, input));
  }

  private async writeText(tx: Tx, input: TextInput): Promise<QueuedNotification | null> {
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

  /** Hands what was written in `tx` to the queue once `tx` commits. */
  private queuedAfterCommit(tx: Tx, queued: QueuedNotification | null): QueuedNotification | null {
    if (queued) this.outbox.enqueueAfterCommit(this.db, tx, queued.ids);
    return queued;
  }

  /**
   * Queues committed notifications for sending. `notify()` already does once its transaction
   * commits; this stays for callers that still hand them over themselves (harmless: the job id is
   * the notification id). Never throws: what fails to reach Redis now is picked up by the sweep.
   */
  async enqueue(notifications: QueuedNotification | null | readonly (QueuedNotification | null)[]): Promise<void> {
    const list = Array.isArray(notifications) ? notifications : [notifications];
    await this.outbox.enqueue(list.flatMap((item: QueuedNotification | null) => item?.ids ?? []));
  }

  /** The worker's safety net for lost enqueues (see `Outbox.sweep`). */
  sweep(): Promise<number> {
    return this.outbox.sweep();
  }

  /**
   * Takes over sends a stopped worker left mid-way: each is sent once more, with the same
   * Message-ID, and one interrupted twice is given up on rather than risk a third copy.
   */
  resumeInterrupted(): Promise<{ resumed: number; abandoned: number }> {
    return this.outbox.takeOver();
  }

  /**
   * Support's resend: a new outbox row with the same template, data, subject and recipients as the
   * agency's notification `notificationId` (so the same rendered email, with a Message-ID of its
   * own), naming the original in `resendOf`. Written inside `tx`, queued once it commits.
   */
  async resend(
    tx: Tx,
    agencyId: string,
    notificationId: string,
  ): Promise<{ queued: QueuedNotification; original: NotificationRow; row: NotificationRow }> {
    const original = await this.repository.find(notificationId, tx);
    if (!original || original.agencyId !== agencyId) throw new NotFoundError('Notification');
    const id = randomUUID();
    const row = await this.repository.insertResend(tx, original, id);
    const queued = { ids: [id], template: original.template as EmailTemplateName | SmsTemplateName };
    this.outbox.enqueueAfterCommit(this.db, tx, queued.ids);
    return { queued, original, row };
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
}
