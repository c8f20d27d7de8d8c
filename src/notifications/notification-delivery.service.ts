import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { type OutboxOutcome, recordSent } from '../outbox/outbox';
import { ContactsRepository } from './contacts.repository';
import { EmailTemplates } from './email-templates';
import { MailGateway, MailSendError } from './mail.gateway';
import { isTemplateName } from './notification-templates';
import { type NotificationRow, NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { SmsGateway, SmsSendError, TWILIO_UNSUBSCRIBED } from './sms.gateway';
import { SmsTemplates } from './sms-templates';

/** Where Twilio reports the delivery of each text (see TwilioWebhooksController). */
export const TWILIO_STATUS_PATH = '/v1/webhooks/twilio/status';

export type DeliveryOutcome = OutboxOutcome<{ kind: 'sent'; messageId: string } | { kind: 'skipped' }>;

/** Builds the Message-ID from the notification id: the same email always carries the same one. */
export const messageIdOf = (notificationId: string) => `<${notificationId}@agency-wallet>`;

/**
 * Sends one outbox row: claim it (so no other job sends it meanwhile), render it, hand it to the
 * mail gateway, record the outcome. Whether to try again is Bull's business; this only says so.
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger(NotificationDeliveryService.name);

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly notifications: NotificationsService,
    private readonly templates: EmailTemplates,
    private readonly mail: MailGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly texts: SmsTemplates,
    private readonly sms: SmsGateway,
    private readonly contacts: ContactsRepository,
  ) {}

  async deliver(notificationId: string, attempt: { final: boolean }): Promise<DeliveryOutcome> {
    const { outbox } = this.notifications;
    const row = await this.repository.claim(notificationId, outbox.leaseSeconds);
    if (!row) return { kind: 'not-claimed' };
    // Should this worker stop mid-send, another resends it once, with the same Message-ID.
    return outbox.whileClaimed(row, () => this.send(row, attempt));
  }

  private async send(row: NotificationRow, attempt: { final: boolean }): Promise<DeliveryOutcome> {
    if (row.channel === 'sms') return this.sendText(row, attempt);
    if (!this.mail.enabled) {
      await this.repository.markSkipped(row.id, 'Email is disabled (MAIL_DISABLED=true)');
      return { kind: 'skipped' };
    }
    if (!isTemplateName(row.template)) return this.fail(row.id, `Unknown email template "${row.template}"`);

    let email;
    try {
      email = this.templates.render(row.template, row.data);
    } catch (error) {
      return this.fail(row.id, (error as Error).message);
    }

    try {
      const sent = await this.mail.send({
        to: row.recipients,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: messageIdOf(row.id),
        headers: {
          'X-Agency-Wallet-Template': row.template,
          'X-Agency-Wallet-Notification': row.id,
          ...(row.agencyId ? { 'X-Agency-Wallet-Agency': row.agencyId } : {}),
          ...unsubscribeHeaders(row),
        },
        fileName: `${row.createdAt.toISOString().replace(/[:.]/g, '-')}-${row.template}-${row.id}`,
      });
      await recordSent(() => this.repository.markSent(row.id, sent.messageId));
      return { kind: 'sent', messageId: sent.messageId };
    } catch (error) {
      if (!(error instanceof MailSendError)) throw error;
      if (attempt.final) return this.fail(row.id, error.message);
      this.logger.warn(`Notification ${row.id} (${row.template}) not sent, will retry: ${error.message}`);
      await this.repository.markRetry(row.id, error.message);
      return { kind: 'retry', error: error.message };
    }
  }

  private async sendText(row: NotificationRow, attempt: { final: boolean }): Promise<DeliveryOutcome> {
    const [to] = row.recipients;
    if (!this.sms.enabled) {
      await this.repository.markSkipped(row.id, 'SMS is off (SMS_DISABLED=true, or no TWILIO_ACCOUNT_SID in production)');
      return { kind: 'skipped' };
    }
    if (await this.contacts.isOptedOut(to)) {
      await this.repository.markSkipped(row.id, 'The number opted out (replied STOP); a START reply opts it back in');
      return { kind: 'skipped' };
    }
    if (!this.texts.has(row.template)) return this.fail(row.id, `Unknown SMS template "${row.template}"`);
    let body: string;
    try {
      body = this.texts.render(row.template, row.data);
    } catch (error) {
      return this.fail(row.id, (error as Error).message);
    }
    try {
      const sent = await this.sms.send({
        to,
        body,
        statusCallback: `${this.config.publicBaseUrl}${TWILIO_STATUS_PATH}`,
        fileName: `${row.createdAt.toISOString().replace(/[:.]/g, '-')}-${row.template}-${row.id}`,
      });
      await recordSent(() => this.repository.markTexted(row.id, sent.sid));
      return { kind: 'sent', messageId: sent.sid };
    } catch (error) {
      if (!(error instanceof SmsSendError)) throw error;
      if (error.code === TWILIO_UNSUBSCRIBED) await this.contacts.optOut(to, 'provider_error');
      if (attempt.final || !error.retryable) return this.fail(row.id, error.message);
      this.logger.warn(`Notification ${row.id} (SMS ${row.template}) not sent, will retry: ${error.message}`);
      await this.repository.markRetry(row.id, error.message);
      return { kind: 'retry', error: error.message };
    }
  }

  private async fail(id: string, error: string): Promise<DeliveryOutcome> {
    this.logger.error(`Notification ${id} failed: ${error}`);
    await this.repository.markFailed(id, error);
    return { kind: 'failed', error };
  }
}

/**
 * RFC 8058 one-click unsubscribe for the kinds the person may turn off: mail clients POST
 * `List-Unsubscribe=One-Click` to the link, which turns this kind's email off for this person.
 */
function unsubscribeHeaders(row: NotificationRow): Record<string, string> {
  const url = row.data.preferencesUrl;
  if (typeof url !== 'string' || row.data.mayUnsubscribe !== true) return {};
  return {
    'List-Unsubscribe': `<${url}/unsubscribe?kind=${encodeURIComponent(row.template)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
