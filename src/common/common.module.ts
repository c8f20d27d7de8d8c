import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { SupportReadsInterceptor } from './auth/support-reads.interceptor';
import { ErrorFilter } from './error.filter';
import { IdempotencyService } from './idempotency/idempotency.service';

@Global()
@Module({
  providers: [
    IdempotencyService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: SupportReadsInterceptor },
  ],
  exports: [IdempotencyService],
})
export class CommonModule {}
