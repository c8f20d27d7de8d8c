import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { AgencyWebhooksModule } from '../agency-webhooks/agency-webhooks.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { AlertsModule } from '../alerts/alerts.module';
import { AutoReloadModule } from '../auto-reload/auto-reload.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PaymentsModule } from '../payments/payments.module';
import { WalletModule } from '../wallet/wallet.module';
import { AlertsPageController } from './alerts-page.controller';
import { AssetsController } from './assets.controller';
import { AutoReloadPageController } from './auto-reload-page.controller';
import { BillingController } from './billing.controller';
import { HistoryController } from './history.controller';
import { NotificationsPageController } from './notifications.controller';
import { SubteamsController } from './subteams.controller';
import { ConsoleErrorFilter, ConsoleGuard, WebPages } from './console-http';
import { ConsoleChartsRepository } from './console-charts.repository';
import { MembersPageController } from './members-page.controller';
import { PreferencesPageController } from './preferences-page.controller';
import { OverviewService } from './overview.service';
import { PaymentPagesController } from './payment-pages.controller';
import { ReloadAttemptsPageController } from './reload-attempts-page.controller';
import { SignInController } from './sign-in.controller';
import { TopUpPageController } from './top-up-page.controller';

/**
 * The web console: server-rendered pages for people (owners, invited members, support), signed in
 * by emailed link, reading and writing through the same services as the API.
 */
@Module({
  imports: [
    AuthModule,
    AgenciesModule,
    AlertsModule,
    NotificationsModule,
    WalletModule,
    PaymentsModule,
    AutoReloadModule,
    AgencyWebhooksModule,
    AuditModule,
  ],
  controllers: [
    SignInController,
    AssetsController,
    BillingController,
    AutoReloadPageController,
    AlertsPageController,
    TopUpPageController,
    ReloadAttemptsPageController,
    MembersPageController,
    HistoryController,
    SubteamsController,
    NotificationsPageController,
    PreferencesPageController,
    PaymentPagesController,
  ],
  providers: [WebPages, ConsoleGuard, ConsoleErrorFilter, ConsoleChartsRepository, OverviewService],
  exports: [WebPages, ConsoleGuard, ConsoleErrorFilter],
})
export class WebModule {}
