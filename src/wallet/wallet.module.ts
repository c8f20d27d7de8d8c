import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { HealthModule } from '../health/health.module';
import { LedgerBatchRepository } from './ledger-batch.repository';
import { LedgerWriter } from './ledger-writer';
import { WalletController } from './wallet.controller';
import { WalletRepository } from './wallet.repository';
import { WalletService } from './wallet.service';

@Module({
  imports: [AlertsModule, HealthModule],
  controllers: [WalletController],
  providers: [WalletRepository, LedgerBatchRepository, WalletService, LedgerWriter],
  exports: [WalletRepository, WalletService, LedgerWriter],
})
export class WalletModule {}
