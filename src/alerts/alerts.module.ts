import { Module } from '@nestjs/common';
import { AgencyWebhooksModule } from '../agency-webhooks/agency-webhooks.module';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AlertsController } from './alerts.controller';
import { BalanceAlertListener } from './balance-alert.listener';
import { LowBalanceAlertRepository } from './low-balance-alert.repository';
import { LowBalanceAlertService } from './low-balance-alert.service';
import { SubteamLimitAlertController } from './subteam-limit-alert.controller';
import { SubteamLimitAlertRepository } from './subteam-limit-alert.repository';
import { SubteamLimitAlertService } from './subteam-limit-alert.service';
import { SubteamLimitListener } from './subteam-limit.listener';

/**
 * Low-balance and depletion emails. The listener runs in every process, because balance events
 * are emitted in whichever process committed the change; the sweep runs in the worker.
 */
@Module({
  imports: [NotificationsModule, AgencyWebhooksModule, AuditModule],
  controllers: [AlertsController, SubteamLimitAlertController],
  providers: [
    LowBalanceAlertRepository,
    LowBalanceAlertService,
    BalanceAlertListener,
    SubteamLimitAlertRepository,
    SubteamLimitAlertService,
    SubteamLimitListener,
  ],
  exports: [LowBalanceAlertService, SubteamLimitAlertService],
})
export class AlertsModule {}
