import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { AgencyWebhooksModule } from '../agency-webhooks/agency-webhooks.module';
import { AlertsModule } from '../alerts/alerts.module';
import { AuditModule } from '../audit/audit.module';
import { CommonModule } from '../common/common.module';
import { HealthModule } from '../health/health.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PaymentsModule } from '../payments/payments.module';
import { Queues, registerQueues } from '../queues/queues';
import { WalletModule } from '../wallet/wallet.module';
import { AutoReloadListener } from './auto-reload.listener';
import { AutoReloadRepository } from './auto-reload.repository';
import { AutoReloadService } from './auto-reload.service';
import { BillingSettingsController } from './billing-settings.controller';
import { InsightsService } from './insights.service';
import { ReconciliationService } from './reconciliation.service';
import { ReloadAttemptsController } from './reload-attempts.controller';
import { ReloadAttemptsService } from './reload-attempts.service';
import { ReloadCharger } from './reload-charger';
import { ReloadNotices } from './reload-notices';
import { StripeEventsHandler } from './stripe-events.handler';
import { TopUpsService } from './top-ups.service';

@Module({
  imports: [
    registerQueues(Queues.AutoReload),
    PaymentsModule,
    WalletModule,
    NotificationsModule,
    AlertsModule,
    AgenciesModule,
    AgencyWebhooksModule,
    AuditModule,
    CommonModule,
    HealthModule,
  ],
  controllers: [BillingSettingsController, ReloadAttemptsController],
  providers: [
    AutoReloadRepository,
    AutoReloadService,
    AutoReloadListener,
    ReloadCharger,
    ReloadNotices,
    ReloadAttemptsService,
    TopUpsService,
    StripeEventsHandler,
    ReconciliationService,
    InsightsService,
  ],
  exports: [AutoReloadService, ReloadCharger, ReconciliationService, AutoReloadRepository, InsightsService, ReloadAttemptsService, TopUpsService],
})
export class AutoReloadModule {}
