import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { AuthenticatedRequest, Role } from './principal';

export const ROLES_KEY = 'aw:roles';
export const PUBLIC_KEY = 'aw:public';

/** The roles that may call a route. Routes with an :agencyId are also held to that tenant. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No API key: health checks and Stripe's signed webhooks. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);

export const RequestId = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().id,
);
