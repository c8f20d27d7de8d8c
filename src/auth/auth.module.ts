import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { ErrorFilter } from '../common/error.filter';
import { DependencyHealth } from '../health/dependency-health';
import { HealthModule } from '../health/health.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { ConsoleSessionsRepository } from './console/console-sessions.repository';
import { MembersService } from './console/members.service';
import { SignInService } from './console/sign-in.service';
import { AgencyLimits } from './rate-limit/agency-limits';
import { SharedRateLimiter } from './rate-limit/shared-rate-limiter';
import { UnauthenticatedLimiter } from './rate-limit/unauthenticated-limiter';
import { SupportUsersRepository } from './support-users.repository';
import { SupportUsersService } from './support-users.service';

/**
 * Who is calling and how often: API keys (issued, hashed, cached, revoked), support users, the one
 * global guard (keys, rate limits, roles, tenancy, per-agency limits, support's read audit) and the
 * error filter, which counts failed authentications; and for people, the console's sign-in links,
 * sessions and invited members (`console/`; the pages themselves are web/'s). Every route, the
 * call path among them, runs this single guard and none of Nest's interceptor plumbing.
 *
 * What auth needs to know of agencies (whether one exists, a person's agencies) it asks through
 * `AgencyDirectory`, which agencies/ provides (agencies imports this module to issue keys).
 */
@Module({
  imports: [AuditModule, HealthModule, NotificationsModule],
  controllers: [ApiKeysController],
  providers: [
    ApiKeysRepository,
    ApiKeysService,
    SupportUsersRepository,
    SupportUsersService,
    UnauthenticatedLimiter,
    SharedRateLimiter,
    AgencyLimits,
    ConsoleSessionsRepository,
    SignInService,
    MembersService,
    { provide: APP_GUARD, useClass: AuthGuard },
    {
      provide: APP_FILTER,
      useFactory: (unauthenticated: UnauthenticatedLimiter, outages: DependencyHealth) =>
        new ErrorFilter({ outages, failedAuthentication: (clientIp) => unauthenticated.recordFailure(clientIp) }),
      inject: [UnauthenticatedLimiter, DependencyHealth],
    },
  ],
  exports: [ApiKeysService, SupportUsersService, AgencyLimits, SignInService, MembersService],
})
export class AuthModule {}
