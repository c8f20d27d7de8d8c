import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { UnauthenticatedLimiter } from './auth/unauthenticated-limiter';
import { ErrorFilter } from './error.filter';
import { IdempotencyService } from './idempotency/idempotency.service';
import { AgencyLimits } from './rate-limit/agency-limits';
import { SharedRateLimiter } from './rate-limit/shared-rate-limiter';

/**
 * One global guard and no global interceptor: every route, the call path among them, runs a single
 * guard (authentication, rate limits, roles, tenancy, per-agency limits, support's read audit) and
 * none of Nest's interceptor plumbing.
 */
@Global()
@Module({
  providers: [
    IdempotencyService,
    UnauthenticatedLimiter,
    SharedRateLimiter,
    AgencyLimits,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
  exports: [IdempotencyService, SharedRateLimiter, AgencyLimits],
})
export class CommonModule {}
