import { Module } from '@nestjs/common';
import { DevMailController } from './dev-mail.controller';
import { DevMailbox } from './dev-mailbox';

/** The development mailbox at /dev/mail. AppModule imports it only outside production, and only when emails are kept in MAIL_DIR. */
@Module({
  controllers: [DevMailController],
  providers: [DevMailbox],
})
export class DevMailModule {
  /** Served outside the /v1 prefix. */
  static readonly routes = ['dev/mail', 'dev/mail/*path'];
}
