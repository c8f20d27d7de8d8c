import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { ErrorFilter } from '../common/error.filter';
import { DependencyHealth } from '../health/dependency-health';
import { HealthModule } from '../health/health.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { AgencyLimits } from './rate-limit/agency-limits';
import { SharedRateLimiter } from './rate-limit/shared-rate-limiter';
import { UnauthenticatedLimiter } from './rate-limit/unauthenticated-limiter';

/**
 * Who is calling and how often: API keys (issued, hashed, cached, revoked), the one global guard
 * (keys, rate limits, roles, tenancy, per-agency limits, support's read audit) and the error
 * filter, which counts failed authentications. Every route, the call path among them, runs this
 * single guard and none of Nest's interceptor plumbing.
 *
 * The guard and key creation ask agencies/ whether an agency or subteam exists through
 * `AgencyDirectory`, which agencies/ provides (it imports this module to issue keys).
 */
@Module({
  imports: [AuditModule, HealthModule],
  controllers: [ApiKeysController],
  providers: [
    ApiKeysRepository,
    ApiKeysService,
    UnauthenticatedLimiter,
    SharedRateLimiter,
    AgencyLimits,
    { provide: APP_GUARD, useClass: AuthGuard },
    {
      provide: APP_FILTER,
      useFactory: (unauthenticated: UnauthenticatedLimiter, outages: DependencyHealth) =>
        new ErrorFilter({ outages, failedAuthentication: (clientIp) => unauthenticated.recordFailure(clientIp) }),
      inject: [UnauthenticatedLimiter, DependencyHealth],
    },
  ],
  exports: [ApiKeysService, SharedRateLimiter, AgencyLimits],
})
export class AuthModule {}
