import { Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AlertsModule } from '../alerts/alerts.module';
import { HealthModule } from '../health/health.module';
import { LedgerBatchRepository } from './ledger-batch.repository';
import { type Clock, LEDGER_CLOCK, LEDGER_IDS, LedgerWriter } from './ledger-writer';
import { WalletController } from './wallet.controller';
import { WalletRepository } from './wallet.repository';
import { WalletService } from './wallet.service';

@Module({
  imports: [AlertsModule, HealthModule],
  controllers: [WalletController],
  providers: [
    WalletRepository,
    LedgerBatchRepository,
    WalletService,
    LedgerWriter,
    { provide: LEDGER_CLOCK, useValue: { now: () => new Date() } satisfies Clock },
    { provide: LEDGER_IDS, useValue: randomUUID },
  ],
  exports: [WalletService, LedgerWriter],
})
export class WalletModule {}
