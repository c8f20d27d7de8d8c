import { Global, Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller';
import { BalanceAlertListener } from './balance-alert.listener';
import { LowBalanceAlertRepository } from './low-balance-alert.repository';
import { LowBalanceAlertService } from './low-balance-alert.service';

/**
 * Low-balance and depletion emails. The listener runs in every process, because balance events
 * are emitted in whichever process committed the change; the sweep runs in the worker.
 */
@Global()
@Module({
  controllers: [AlertsController],
  providers: [LowBalanceAlertRepository, LowBalanceAlertService, BalanceAlertListener],
  exports: [LowBalanceAlertService],
})
export class AlertsModule {}
