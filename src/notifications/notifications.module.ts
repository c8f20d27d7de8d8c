import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HealthModule } from '../health/health.module';
import { Queues, registerQueues } from '../queues/queues';
import { Audience } from './audience';
import { ContactsController, PreferenceLinksController } from './contacts.controller';
import { DevSmsController } from './dev-sms.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { EmailTemplates } from './email-templates';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { SmsGateway } from './sms.gateway';
import { TwilioWebhooksController } from './twilio-webhooks.controller';
import { SmsTemplates } from './sms-templates';

/**
 * The outbox side of owner emails, in every process: any service may `notify()` inside its own
 * transaction. Sending lives in NotificationsWorkerModule. Templates compile when this module is
 * built, so a broken template stops the boot of the API and the worker alike.
 */
@Module({
  imports: [registerQueues(Queues.Notifications), AuditModule, HealthModule],
  controllers: [NotificationsController, ContactsController, PreferenceLinksController, TwilioWebhooksController, DevSmsController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    ContactsRepository,
    ContactsService,
    Audience,
    SmsGateway,
    { provide: EmailTemplates, useFactory: () => EmailTemplates.load() },
    { provide: SmsTemplates, useFactory: () => SmsTemplates.load() },
  ],
  exports: [NotificationsService, NotificationsRepository, EmailTemplates, SmsTemplates, ContactsRepository, ContactsService, Audience, SmsGateway],
})
export class NotificationsModule {}
