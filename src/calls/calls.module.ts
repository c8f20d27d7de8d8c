import { Module } from '@nestjs/common';
import { WalletModule } from '../wallet/wallet.module';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';
import { HoldExpiryService } from './hold-expiry.service';

@Module({
  imports: [WalletModule],
  controllers: [CallsController],
  providers: [CallsService, HoldExpiryService],
  exports: [HoldExpiryService],
})
export class CallsModule {}
