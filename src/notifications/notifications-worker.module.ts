import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { MailGateway } from './mail.gateway';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationsProcessor } from './notifications.processor';
import { NotificationsModule } from './notifications.module';
import { NotificationsScheduler } from './notifications.scheduler';

/** Sending: imported only by WorkerModule, so ROLE=api processes never take email jobs. */
@Module({
  imports: [NotificationsModule, HealthModule],
  providers: [MailGateway, NotificationDeliveryService, NotificationsProcessor, NotificationsScheduler],
})
export class NotificationsWorkerModule {}
