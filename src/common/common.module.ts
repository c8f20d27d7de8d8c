import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { SupportReadsInterceptor } from './auth/support-reads.interceptor';
import { UnauthenticatedLimiter } from './auth/unauthenticated-limiter';
import { ErrorFilter } from './error.filter';
import { IdempotencyService } from './idempotency/idempotency.service';
import { AgencyLimitGuard } from './rate-limit/agency-limit.guard';
import { SharedRateLimiter } from './rate-limit/shared-rate-limiter';

@Global()
@Module({
  providers: [
    IdempotencyService,
    UnauthenticatedLimiter,
    SharedRateLimiter,
    AgencyLimitGuard,
    // In this order: a caller is authenticated and held to its tenant before it spends an allowance.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: AgencyLimitGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: SupportReadsInterceptor },
  ],
  exports: [IdempotencyService, SharedRateLimiter, AgencyLimitGuard],
})
export class CommonModule {}
