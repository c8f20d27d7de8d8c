import { Module } from '@nestjs/common';
import { CardExpiryScheduler } from './card-expiry.scheduler';
import { PaymentsModule } from './payments.module';

/** The schedules of payments: only worker processes import this. */
@Module({
  imports: [PaymentsModule],
  providers: [CardExpiryScheduler],
})
export class PaymentsWorkerModule {}
