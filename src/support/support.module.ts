import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CommonModule } from '../common/common.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { Queues, registerQueues } from '../queues/queues';
import { DeadLettersService } from './dead-letters.service';
import { WalletModule } from '../wallet/wallet.module';
import { AutoReloadModule } from '../auto-reload/auto-reload.module';
import { SupportAdjustmentsRepository } from './support-adjustments.repository';
import { AlertsModule } from '../alerts/alerts.module';
import { PaymentsModule } from '../payments/payments.module';
import { WebModule } from '../web/web.module';
import { SupportConsoleGuard } from './console/support-console.guard';
import { SupportPagesController } from './console/support-pages.controller';
import { SupportPagesService } from './console/support-pages.service';
import { SupportController } from './support.controller';
import { SupportService } from './support.service';
import { TimelineRepository } from './timeline.repository';
import { TimelineService } from './timeline.service';

@Module({
  imports: [
    WalletModule,
    AutoReloadModule,
    AlertsModule,
    PaymentsModule,
    WebModule,
    AgenciesModule,
    AuditModule,
    AuthModule,
    CommonModule,
    NotificationsModule,
    registerQueues(Queues.AutoReload, Queues.Notifications, Queues.AgencyWebhooks),
  ],
  controllers: [SupportController, SupportPagesController],
  providers: [
    SupportService,
    SupportAdjustmentsRepository,
    SupportPagesService,
    SupportConsoleGuard,
    TimelineService,
    TimelineRepository,
    DeadLettersService,
  ],
})
export class SupportModule {}
