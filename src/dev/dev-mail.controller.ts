import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { NotFoundError } from '../common/errors';
import { type DevInboxItem, renderDevInbox } from './dev-inbox-page';
import { DevMailbox } from './dev-mailbox';

/**
 * The development mailbox: every email the service sent without SMTP_URL, newest first, each to
 * open as HTML or as text, so sign-in links and every template can be tried in a browser. Only
 * registered outside production (see DevMailModule).
 */
@Controller('dev/mail')
@Public()
export class DevMailController {
  constructor(private readonly mailbox: DevMailbox) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async list(): Promise<string> {
    const emails = await this.mailbox.list();
    const items: DevInboxItem[] = emails.map((email) => ({
      at: new Date(email.sentAt),
      kind: 'email',
      to: email.to,
      title: email.subject,
      note: email.headers['X-Agency-Wallet-Template'],
      links: [
        { label: 'HTML', href: `/dev/mail/${email.id}/html` },
        { label: 'Text', href: `/dev/mail/${email.id}/text` },
      ],
    }));
    return renderDevInbox(
      'Development mailbox',
      'Development only: these emails were not sent. Without SMTP_URL the service keeps them here (and as .eml files in MAIL_DIR).',
      [{ heading: `Emails (${items.length})`, empty: 'No email yet. Emails appear here as the service sends them.', items }],
    );
  }

  // The content type is set once the email is found, so a 404 stays the JSON error body.
  @Get(':id/html')
  @Header('Cache-Control', 'no-store')
  async html(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const email = await this.find(id);
    void reply.type('text/html; charset=utf-8');
    return email.html;
  }

  @Get(':id/text')
  @Header('Cache-Control', 'no-store')
  async text(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const email = await this.find(id);
    void reply.type('text/plain; charset=utf-8');
    return `From: ${email.from}\nTo: ${email.to.join(', ')}\nSubject: ${email.subject}\nDate: ${email.sentAt}\n\n${email.text}`;
  }

  private async find(id: string) {
    const email = await this.mailbox.find(id);
    if (!email) throw new NotFoundError('Email');
    return email;
  }
}
