import { CanActivate, ExecutionContext, Injectable, SetMetadata, UseFilters, UseGuards, applyDecorators, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Public } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { NotFoundError } from '../../common/errors';
import { present } from '../../common/present';
import {
  ConsoleErrorFilter,
  type ConsoleRequest,
  CsrfError,
  SESSION_COOKIE,
  SignInRequiredError,
  cookiesOf,
  sameSecret,
} from '../../web/console-http';
import { type ConsoleSession, SignInService } from '../../auth/console/sign-in.service';

const ADMIN_ONLY = 'aw:support-admin-only';
/** A page for the support console's admins (ADMIN_EMAILS or a support user with the admin flag): others get 404. */
export const SupportAdminOnly = () => SetMetadata(ADMIN_ONLY, true);

/**
 * Who may open `/support`: a live session (else off to sign in and back) of an active support user
 * or a support admin. Anyone else — an owner's session included — gets 404, as if the pages did not
 * exist. Every form posted carries the session's CSRF token.
 */
@Injectable()
export class SupportConsoleGuard implements CanActivate {
  constructor(
    private readonly signIn: SignInService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const session = await supportSessionOf(this.signIn, request);
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, [context.getHandler(), context.getClass()]) && !session.isAdmin) {
      throw new NotFoundError('Page');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      if (!sameSecret((request.body as Record<string, unknown> | undefined)?._csrf, session.csrfToken)) {
        throw new CsrfError('This form has expired; reload the page and try again');
      }
    }
    return true;
  }
}

/** The support session of a request (also what the queue dashboard checks): throws as the guard answers. */
export async function supportSessionOf(signIn: SignInService, request: ConsoleRequest): Promise<ConsoleSession> {
  const session = await signIn.session(cookiesOf(request)[SESSION_COOKIE]);
  if (!session) throw new SignInRequiredError(request.method === 'GET' ? request.url : null);
  if (!session.supportUserId && !session.isAdmin) throw new NotFoundError('Page');
  request.consoleSession = session;
  return session;
}

/** A support page controller: no API key, a support session instead, errors as pages. */
export const SupportPages = () => applyDecorators(Public(), UseGuards(SupportConsoleGuard), UseFilters(ConsoleErrorFilter));

export const SupportSession = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  present(context.switchToHttp().getRequest<ConsoleRequest>().consoleSession, 'a support console session (the support console guard sets it)'),
);

/**
 * The actor the services and the audit log see for a support user's act in the console: the same
 * principal as their API key (so daily totals and approvals are theirs whichever they use); an
 * admin by `ADMIN_EMAILS` acts as the admin, named by their email.
 */
export function supportActor(session: ConsoleSession, requestId: string): { principal: Principal; requestId: string } {
  const principal: Principal = session.supportUserId
    ? { role: 'support', id: session.supportUserId, supportUserId: session.supportUserId, name: session.email }
    : { role: 'admin', id: 'admin', name: session.email };
  return { principal, requestId };
}
