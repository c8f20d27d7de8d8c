import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PaymentsModule } from '../payments/payments.module';
import { Queues, registerQueues } from '../queues/queues';
import { WalletModule } from '../wallet/wallet.module';
import { AutoReloadListener } from './evaluation/auto-reload.listener';
import { AutoReloadRepository } from './attempts/reload-attempts.repository';
import { AutoReloadService } from './evaluation/reload-evaluation.service';
import { BillingSettingsController } from './settings/billing-settings.controller';
import { InsightsService } from './insights/insights.service';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { ReloadAttemptsController } from './attempts/reload-attempts.controller';
import { ReloadAttemptsService } from './attempts/reload-attempts.service';
import { ReloadCharger } from './evaluation/reload-charger';
import { ReloadNotices } from './notices/reload-notices';
import { StripeEventsHandler } from './stripe-events/stripe-events.handler';
import { TopUpsService } from './top-ups/top-ups.service';

@Module({
  imports: [registerQueues(Queues.AutoReload), PaymentsModule, WalletModule, NotificationsModule, AlertsModule],
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
