import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { AutoReloadModule } from '../auto-reload/auto-reload.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PaymentsModule } from '../payments/payments.module';
import { WalletModule } from '../wallet/wallet.module';
import { AssetsController } from './assets.controller';
import { BillingController } from './billing.controller';
import { HistoryController } from './history.controller';
import { NotificationsPageController } from './notifications.controller';
import { SubteamsController } from './subteams.controller';
import { ConsoleErrorFilter, ConsoleGuard, WebPages } from './console-http';
import { ConsoleChartsRepository, ConsoleRepository } from './console.repository';
import { PreferencesPageController } from './preferences-page.controller';
import { OverviewService } from './overview.service';
import { PaymentPagesController } from './payment-pages.controller';
import { SignInController } from './sign-in.controller';
import { SignInService } from './sign-in.service';

/**
 * The web console: server-rendered pages for people (owners, invited members, support), signed in
 * by emailed link, reading and writing through the same services as the API.
 */
@Module({
  imports: [AgenciesModule, NotificationsModule, WalletModule, PaymentsModule, AutoReloadModule],
  controllers: [SignInController, AssetsController, BillingController, HistoryController, SubteamsController, NotificationsPageController, PreferencesPageController, PaymentPagesController],
  providers: [WebPages, ConsoleGuard, ConsoleErrorFilter, ConsoleRepository, ConsoleChartsRepository, SignInService, OverviewService],
  exports: [WebPages, ConsoleGuard, ConsoleErrorFilter, SignInService, ConsoleRepository],
})
export class WebModule {}
