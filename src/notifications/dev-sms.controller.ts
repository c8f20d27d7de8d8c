import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SmsGateway } from './sms.gateway';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * `/dev/sms`: the texts captured in development (no Twilio credentials), newest first, beside the
 * development mailbox. Never in production, and empty whenever texts really go to Twilio.
 */
@Controller('dev/sms')
@Public()
export class DevSmsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sms: SmsGateway,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async list(): Promise<string> {
    if (this.config.env === 'production') throw new NotFoundError('Page');
    const texts = await this.sms.captured();
    const rows = texts
      .map((text) => `<tr><td>${escape(text.createdAt)}</td><td>${escape(text.to)}</td><td>${escape(text.body)}</td></tr>`)
      .join('\n');
    const note =
      this.sms.mode === 'capture'
        ? `Texts are captured here because TWILIO_ACCOUNT_SID is not set.`
        : `Texts go to Twilio (${this.sms.mode}); nothing is captured.`;
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Captured texts</title></head><body>
<h1>Captured texts (development)</h1><p>${note}</p>
<table><thead><tr><th scope="col">Written</th><th scope="col">To</th><th scope="col">Text</th></tr></thead><tbody>
${rows || '<tr><td colspan="3">None yet.</td></tr>'}
</tbody></table></body></html>`;
  }
}
