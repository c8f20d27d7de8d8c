import { Module } from '@nestjs/common';
import { WalletModule } from '../wallet/wallet.module';
import { SupportController } from './support.controller';
import { SupportService } from './support.service';
import { TimelineRepository } from './timeline.repository';
import { TimelineService } from './timeline.service';

@Module({
  imports: [WalletModule],
  controllers: [SupportController],
  providers: [SupportService, TimelineService, TimelineRepository],
})
export class SupportModule {}
