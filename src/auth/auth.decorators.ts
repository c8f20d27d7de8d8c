import { ExecutionContext, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import type { AuthenticatedRequest, Role } from './principal';

export const ROLES_KEY = 'aw:roles';
export const RATE_COST_KEY = 'aw:rate-cost';
export const PUBLIC_KEY = 'aw:public';
export const SIGNED_KEY = 'aw:signed';

/** The roles that may call a route. Routes with an :agencyId are also held to that tenant. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * What a request costs against its key's rate limit (one token unless a route says otherwise),
 * from its parsed but not yet validated body: a batch of calls costs one token per call.
 */
export const RateCost = (cost: (body: unknown) => number) => SetMetadata(RATE_COST_KEY, cost);

/** No API key: health checks. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * No API key, but a signature the handler verifies (Stripe's webhooks): an address sending bad
 * signatures is limited like one sending bad keys (UnauthenticatedLimiter).
 */
export const SignedWebhook = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), SetMetadata(SIGNED_KEY, true));

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);

export const RequestId = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().id,
);
