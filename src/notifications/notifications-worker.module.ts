import { Module } from '@nestjs/common';
import { MailGateway } from './mail.gateway';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationsProcessor } from './notifications.processor';
import { NotificationsScheduler } from './notifications.scheduler';

/** Sending: imported only by WorkerModule, so ROLE=api processes never take email jobs. */
@Module({
  providers: [MailGateway, NotificationDeliveryService, NotificationsProcessor, NotificationsScheduler],
})
export class NotificationsWorkerModule {}
