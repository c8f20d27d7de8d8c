import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { ErrorFilter } from './error.filter';
import { IdempotencyService } from './idempotency/idempotency.service';

@Global()
@Module({
  providers: [
    IdempotencyService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
  exports: [IdempotencyService],
})
export class CommonModule {}
