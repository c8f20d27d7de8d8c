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
import { ReloadAttemptsController } from './attempts/reload-attempts.controller';
import { ReloadAttemptsRepository } from './attempts/reload-attempts.repository';
import { ReloadAttemptsService } from './attempts/reload-attempts.service';
import { AutoReloadService } from './auto-reload.service';
import { AutoReloadListener } from './evaluation/auto-reload.listener';
import { ReloadCharger } from './evaluation/reload-charger';
import { ReloadEvaluationService } from './evaluation/reload-evaluation.service';
import { InsightsService } from './insights/insights.service';
import { ReloadNotices } from './notices/reload-notices';
import { ReconciliationFindingsRepository } from './reconciliation/reconciliation-findings.repository';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { AutoReloadPoliciesRepository } from './settings/auto-reload-policies.repository';
import { AutoReloadSettingsService } from './settings/auto-reload-settings.service';
import { BillingSettingsController } from './settings/billing-settings.controller';
import { StripeEventsHandler } from './stripe-events/stripe-events.handler';
import { TopUpsService } from './top-ups/top-ups.service';

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
    ReloadAttemptsRepository,
    AutoReloadPoliciesRepository,
    ReconciliationFindingsRepository,
    AutoReloadService,
    AutoReloadSettingsService,
    ReloadEvaluationService,
    AutoReloadListener,
    ReloadCharger,
    ReloadNotices,
    ReloadAttemptsService,
    TopUpsService,
    StripeEventsHandler,
    ReconciliationService,
    InsightsService,
  ],
  exports: [
    // For other modules (the console, support).
    AutoReloadService,
    InsightsService,
    ReloadAttemptsService,
    TopUpsService,
    // For the worker module's processor and schedules.
    ReloadEvaluationService,
    ReloadCharger,
    ReconciliationService,
    AutoReloadPoliciesRepository,
  ],
})
export class AutoReloadModule {}
