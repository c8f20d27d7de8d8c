import { Global, Module } from '@nestjs/common';
import { Queues, registerQueues } from '../queues/queues';
import { EmailTemplates } from './email-templates';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/**
 * The outbox side of owner emails, in every process: any service may `notify()` inside its own
 * transaction. Sending lives in NotificationsWorkerModule. Templates compile when this module is
 * built, so a broken template stops the boot of the API and the worker alike.
 */
@Global()
@Module({
  imports: [registerQueues(Queues.Notifications)],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, { provide: EmailTemplates, useFactory: () => EmailTemplates.load() }],
  exports: [NotificationsService, NotificationsRepository, EmailTemplates],
})
export class NotificationsModule {}
