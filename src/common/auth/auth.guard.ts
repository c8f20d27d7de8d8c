import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from '../../agencies/api-keys.service';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { ForbiddenError, NotFoundError, RateLimitedError, UnauthorizedError } from '../errors';
import { RateLimiter } from './rate-limiter';
import { PUBLIC_KEY, RATE_COST_KEY, ROLES_KEY, SIGNED_KEY } from './auth.decorators';
import { UnauthenticatedLimiter } from './unauthenticated-limiter';
import type { AuthenticatedRequest, Principal, Role } from './principal';

/**
 * Authentication, rate limits, roles and tenancy in one place: a missing or unknown key is 401,
 * a key over its rate 429, the wrong role 403, and another agency's id 404 (never revealing that
 * it exists). An address that has sent too many bad keys or signatures is 429 before its key is
 * looked up (UnauthenticatedLimiter; the error filter counts the failures).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly limiter: RateLimiter;
  private readonly routes = new WeakMap<object, RouteAccess>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly unauthenticated: UnauthenticatedLimiter,
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
    if (agencyId !== undefined) {
      if (!mayReachAgency(principal, agencyId)) throw new NotFoundError('Agency');
      // Admin and support reach any agency: one that does not exist is 404 on every route alike.
      if (UUID.test(agencyId) && !(await this.apiKeys.agencyExists(agencyId))) throw new NotFoundError('Agency');
    }
    return true;
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
