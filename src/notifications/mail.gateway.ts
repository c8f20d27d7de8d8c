import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import nodemailer from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/config';

export interface OutgoingEmail {
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** A stable Message-ID, so a message sent twice is recognisable as one. */
  messageId: string;
  headers: Record<string, string>;
  /** Names the file when messages are written to disk instead of sent. */
  fileName: string;
}

/** An email as written to MAIL_DIR without SMTP, for the development mailbox. */
export interface StoredEmail {
  id: string;
  sentAt: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

/** The SMTP server refused or never answered; the message says what it said. */
export class MailSendError extends Error {}

type Transport = ReturnType<typeof nodemailer.createTransport>;

/**
 * The only door to SMTP. With SMTP_URL it sends through that server; without it (outside
 * production, which refuses to boot that way) it writes each message as an .eml file under
 * MAIL_DIR, so development needs no mail server. MAIL_DISABLED turns email off entirely.
 */
@Injectable()
export class MailGateway implements OnModuleDestroy {
  private readonly logger = new Logger(MailGateway.name);
  private readonly transport: Transport | undefined;
  private readonly directory: string | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { smtpUrl, disabled, sendTimeoutSeconds } = config.mail;
    if (disabled) {
      this.logger.warn('MAIL_DISABLED=true: notifications are recorded as skipped and no email is sent');
      return;
    }
    if (smtpUrl) {
      const timeout = sendTimeoutSeconds * 1000;
      this.transport = nodemailer.createTransport({
        url: smtpUrl,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      });
      return;
    }
    this.directory = resolve(config.mail.dir);
    this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    this.logger.log(
      `No SMTP_URL: emails are written as .eml files to ${this.directory}${config.env === 'production' ? '' : ` and listed at ${config.publicBaseUrl}/dev/mail`}`,
    );
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    if (!this.transport) throw new MailSendError('Email is disabled (MAIL_DISABLED=true)');
    let info: { messageId: string; message?: unknown };
    try {
      info = await this.transport.sendMail({
        from: this.config.mail.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: email.messageId,
        headers: email.headers,
      });
    } catch (error) {
      throw new MailSendError(describeSmtpError(error));
    }
    if (this.directory) {
      await mkdir(this.directory, { recursive: true });
      await writeFile(resolve(this.directory, `${email.fileName}.eml`), info.message as Buffer);
      // Beside it, what the development mailbox (/dev/mail) lists and opens.
      const stored: StoredEmail = {
        id: email.fileName,
        sentAt: new Date().toISOString(),
        from: this.config.mail.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: info.messageId || email.messageId,
        headers: email.headers,
      };
      await writeFile(resolve(this.directory, `${email.fileName}.json`), JSON.stringify(stored));
    }
    return { messageId: info.messageId || email.messageId };
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

/** "451 4.3.0 Try again later (DATA)": the server's own words first, for support to read. */
function describeSmtpError(error: unknown): string {
  const smtp = error as { response?: string; responseCode?: number; command?: string; code?: string; message?: string };
  if (smtp.response) return `${smtp.response}${smtp.command ? ` (${smtp.command})` : ''}`;
  return [smtp.code, smtp.message ?? String(error)].filter(Boolean).join(': ');
}
