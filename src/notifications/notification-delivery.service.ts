import { Injectable, Logger } from '@nestjs/common';
import { whileLeased } from '../queues/lease';
import { EmailTemplates } from './email-templates';
import { MailGateway, MailSendError } from './mail.gateway';
import { isTemplateName } from './notification-templates';
import { type NotificationRow, NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

export type DeliveryOutcome =
  | { kind: 'sent'; messageId: string }
  | { kind: 'not-claimed' }
  | { kind: 'skipped' }
  | { kind: 'failed'; error: string }
  | { kind: 'retry'; error: string };

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
  ) {}

  async deliver(notificationId: string, attempt: { final: boolean }): Promise<DeliveryOutcome> {
    const lease = this.notifications.claimLeaseSeconds;
    const row = await this.repository.claim(notificationId, lease);
    if (!row) return { kind: 'not-claimed' };
    // The claim is renewed while the message is rendered and sent, so it runs out only if this
    // worker stops; then another resends it once, with the same Message-ID.
    return whileLeased(lease, () => this.repository.renewClaim(row.id, row.attempts), () => this.send(row, attempt));
  }

  private async send(row: NotificationRow, attempt: { final: boolean }): Promise<DeliveryOutcome> {
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
        },
        fileName: `${row.createdAt.toISOString().replace(/[:.]/g, '-')}-${row.template}-${row.id}`,
      });
      await this.repository.markSent(row.id, sent.messageId);
      return { kind: 'sent', messageId: sent.messageId };
    } catch (error) {
      if (!(error instanceof MailSendError)) throw error;
      if (attempt.final) return this.fail(row.id, error.message);
      this.logger.warn(`Notification ${row.id} (${row.template}) not sent, will retry: ${error.message}`);
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
