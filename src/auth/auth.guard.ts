import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type AgencyDirectory, agencyDirectoryIn } from './agency-directory';
import { ApiKeysService } from './api-keys.service';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ForbiddenError, NotFoundError, RateLimitedError, UnauthorizedError } from '../common/errors';
import { type AgencyLimitName, AgencyLimits } from './rate-limit/agency-limits';
import { RateLimiter } from './rate-limit/rate-limiter';
import { PUBLIC_KEY, RATE_COST_KEY, ROLES_KEY, SIGNED_KEY } from './auth.decorators';
import { UnauthenticatedLimiter } from './rate-limit/unauthenticated-limiter';
import type { AuthenticatedRequest, Principal, Role } from './principal';

/**
 * Authentication, rate limits, roles and tenancy in one place: a missing or unknown key is 401,
 * a key over its rate 429, the wrong role 403, and another agency's id 404 (never revealing that
 * it exists). An address that has sent too many bad keys or signatures is 429 before its key is
 * looked up (UnauthenticatedLimiter; the error filter counts the failures). Then, for the caller
 * now known to be allowed on the agency: the route's per-agency limit (`@AgencyLimit`), and the
 * audit row of a support user's read of an agency's data.
 *
 * It is the only global guard, and there is no global interceptor, so a call request pays for one
 * guard and none of Nest's interceptor plumbing.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly limiter: RateLimiter;
  private readonly routes = new WeakMap<object, RouteAccess>();
  /** Agencies are never deleted, so a positive answer is kept for the life of the process. */
  private readonly knownAgencies = new Set<string>();
  /** Found when first needed: agencies/ provides it (see AgencyDirectory). */
  private readonly agencies = (): AgencyDirectory => agencyDirectoryIn(this.modules);

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly unauthenticated: UnauthenticatedLimiter,
    private readonly agencyLimits: AgencyLimits,
    private readonly audit: AuditService,
    private readonly modules: ModuleRef,
  ) {
    this.limiter = new RateLimiter(config.auth.rateLimitPerSecond, config.auth.rateLimitBurst);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.routeOf(context);
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    if (route.public) {
      if (route.signed) this.unauthenticated.check(request.ip);
      return true;
    }

    this.unauthenticated.check(request.ip);
    const principal = await this.apiKeys.authenticate(bearerToken(request.headers.authorization));
    if (!principal) throw new UnauthorizedError();
    const cost = route.rateCost?.(request.body) ?? 1;
    if (!this.limiter.take(principal.id, cost)) throw new RateLimitedError(this.limiter.retryAfterSeconds(principal.id, cost));
    request.principal = principal;

    if (!route.roles.includes(principal.role)) throw new ForbiddenError();

    const agencyId = (request.params as Record<string, string | undefined>)?.agencyId;
    if (agencyId === undefined) return true;
    if (!mayReachAgency(principal, agencyId)) throw new NotFoundError('Agency');
    // Admin and support reach any agency: one that does not exist is 404 on every route alike.
    if (UUID.test(agencyId) && !(await this.agencyExists(agencyId))) throw new NotFoundError('Agency');
    if (route.agencyLimit) await this.agencyLimits.take(route.agencyLimit, agencyId);
    if (principal.role === 'support' && request.method === 'GET' && UUID.test(agencyId)) await this.auditSupportRead(request, principal, agencyId);
    return true;
  }

  private async agencyExists(agencyId: string): Promise<boolean> {
    if (this.knownAgencies.has(agencyId)) return true;
    const exists = await this.agencies().agencyExists(agencyId);
    if (exists) this.knownAgencies.add(agencyId);
    return exists;
  }

  /**
   * Every read of an agency's data by a support user is audited, so an owner can see who looked.
   * Support's own routes audit their reads with richer detail; this covers the agency-scoped GETs
   * support shares with owners (wallet, entries, subteams, settings, attempts, notifications).
   */
  private async auditSupportRead(request: FastifyRequest, principal: Principal, agencyId: string): Promise<void> {
    const route = request.routeOptions.url ?? request.url;
    if (route.startsWith('/v1/support/')) return;
    await this.audit.recordNow({
      actor: principal,
      agencyId,
      action: 'support.agency_read',
      after: { route, query: request.query ?? {} },
      requestId: request.id,
    });
  }

  /** A route's decorators never change: read once per handler, not on every request. */
  private routeOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    let route = this.routes.get(handler);
    if (!route) {
      const targets = [handler, context.getClass()];
      route = {
        public: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false,
        signed: this.reflector.getAllAndOverride<boolean>(SIGNED_KEY, targets) ?? false,
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [],
        rateCost: this.reflector.get<RouteAccess['rateCost']>(RATE_COST_KEY, handler),
        agencyLimit: this.agencyLimits.limitOf(context),
      };
      this.routes.set(handler, route);
    }
    return route;
  }
}

interface RouteAccess {
  public: boolean;
  signed: boolean;
  roles: Role[];
  /** Tokens a request takes from its key's rate limit, when not one (`@RateCost`). */
  rateCost?: (body: unknown) => number;
  /** The route's per-agency limit (`@AgencyLimit`), if any. */
  agencyLimit?: AgencyLimitName;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export function mayReachAgency(principal: Principal, agencyId: string): boolean {
  switch (principal.role) {
    case 'admin':
    case 'support':
      return true;
    case 'owner':
    case 'subteam':
      return principal.agencyId === agencyId;
  }
}
