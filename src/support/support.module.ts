import { Module } from '@nestjs/common';
import { Queues, registerQueues } from '../queues/queues';
import { DeadLettersService } from './dead-letters.service';
import { WalletModule } from '../wallet/wallet.module';
import { SupportController } from './support.controller';
import { SupportService } from './support.service';
import { TimelineRepository } from './timeline.repository';
import { TimelineService } from './timeline.service';

@Module({
  imports: [
    WalletModule,
    registerQueues(Queues.AutoReload, Queues.Notifications, Queues.AgencyWebhooks),
  ],
  controllers: [SupportController],
  providers: [SupportService, TimelineService, TimelineRepository, DeadLettersService],
})
export class SupportModule {}
