import { Module } from '@nestjs/common';
import { WalletModule } from '../wallet/wallet.module';
import { SupportController } from './support.controller';
import { SupportService } from './support.service';

@Module({
  imports: [WalletModule],
  controllers: [SupportController],
  providers: [SupportService],
})
export class SupportModule {}
