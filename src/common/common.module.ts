import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency/idempotency.service';

/** The idempotency records of the routes that take an `Idempotency-Key`. */
@Module({
  providers: [IdempotencyService],
  exports: [IdempotencyService],
})
export class CommonModule {}
