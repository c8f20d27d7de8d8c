import { Module } from '@nestjs/common';
import { Queues, registerQueues } from '../queues/queues';
import { DeadLettersService } from './dead-letters.service';
import { WalletModule } from '../wallet/wallet.module';
import { AutoReloadModule } from '../auto-reload/auto-reload.module';
import { SupportAdjustmentsRepository } from './support-adjustments.repository';
import { SupportController } from './support.controller';
import { SupportService } from './support.service';
import { TimelineRepository } from './timeline.repository';
import { TimelineService } from './timeline.service';

@Module({
  imports: [
    WalletModule,
    AutoReloadModule,
    registerQueues(Queues.AutoReload, Queues.Notifications, Queues.AgencyWebhooks),
  ],
  controllers: [SupportController],
  providers: [SupportService, SupportAdjustmentsRepository, TimelineService, TimelineRepository, DeadLettersService],
})
export class SupportModule {}
