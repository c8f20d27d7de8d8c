import {
  ArgumentsHost,
  CanActivate,
  Catch,
  ExceptionFilter,
  ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
  UseFilters,
  UseGuards,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/auth.decorators';
import { AgencyLimits } from '../auth/rate-limit/agency-limits';
import type { Principal } from '../auth/principal';
import { DomainError, ForbiddenError, NotFoundError, RateLimitedError } from '../common/errors';
import { present } from '../common/present';
import { canonicalTimeZone } from '../common/time-zones';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CONSOLE_NAV } from './console-nav';
import { SESSION_MAX_SECONDS, SignInService, type ConsoleSession, type ReachableAgency } from '../auth/console/sign-in.service';
import { WebViews, type PageContext } from './views';

export const SESSION_COOKIE = 'aw_session';
/** Double-submit token of the forms shown before a session exists (the sign-in form). */
export const ANONYMOUS_CSRF_COOKIE = 'aw_csrf';
/** The browser's IANA time zone, set by the console's script. */
export const TIME_ZONE_COOKIE = 'aw_tz';

export interface ConsoleRequest extends FastifyRequest {
  consoleSession?: ConsoleSession;
  consoleAgency?: ReachableAgency;
}

/** No session: the filter sends the person to the sign-in page, and back here afterwards. */
export class SignInRequiredError extends Error {
  constructor(readonly nextPath: string | null) {
    super('Sign in first');
  }
}

/** A form posted without its CSRF token, or with another session's. */
export class CsrfError extends ForbiddenError {}

export function cookiesOf(request: FastifyRequest): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      // A cookie another site set badly is not ours to fail on.
    }
  }
  return cookies;
}

export function setCookie(reply: FastifyReply, secure: boolean, name: string, value: string, maxAgeSeconds: number, httpOnly = true): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'SameSite=Lax'];
  if (httpOnly) parts.push('HttpOnly');
  if (secure) parts.push('Secure');
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  void reply.header('set-cookie', [...list, parts.join('; ')]);
}

export function sameSecret(a: unknown, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

const OWNER_ONLY = 'aw:console-owner-only';

/**
 * A page that changes something (money, settings, members): viewers get 403, and the page's
 * templates show them no form for it (`agency.role`).
 */
export const OwnerOnly = () => SetMetadata(OWNER_ONLY, true);

/**
 * Who may open a page: a live session (else off to sign in and back), the page's `:agencyId`
 * among the person's agencies (else 404, as if it did not exist), `@OwnerOnly()` for changes, and
 * the session's CSRF token in every form posted.
 */
@Injectable()
export class ConsoleGuard implements CanActivate {
  constructor(
    private readonly signIn: SignInService,
    private readonly reflector: Reflector,
    private readonly agencyLimits: AgencyLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const session = await this.signIn.session(cookiesOf(request)[SESSION_COOKIE]);
    if (!session) throw new SignInRequiredError(request.method === 'GET' ? request.url : null);
    request.consoleSession = session;

    const agencyId = (request.params as Record<string, string | undefined>)?.agencyId;
    if (agencyId !== undefined) {
      const agency = session.agencies.find((candidate) => candidate.id === agencyId);
      if (!agency) throw new NotFoundError('Agency');
      request.consoleAgency = agency;
      if (agency.role !== 'owner' && this.reflector.getAllAndOverride<boolean>(OWNER_ONLY, [context.getHandler(), context.getClass()])) {
        throw new ForbiddenError('Viewers may look but not change anything; ask an owner of this agency');
      }
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      if (!sameSecret((request.body as Record<string, unknown> | undefined)?._csrf, session.csrfToken)) {
        throw new CsrfError('This form has expired; reload the page and try again');
      }
    }
    // The API's per-agency limits (`@AgencyLimit`), spent only by someone allowed on the agency.
    const limit = this.agencyLimits.limitOf(context);
    if (limit && agencyId !== undefined) await this.agencyLimits.take(limit, agencyId);
    return true;
  }
}

export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  present(context.switchToHttp().getRequest<ConsoleRequest>().consoleSession, 'a console session (the console guard sets it)'),
);

/** The agency of the page's `:agencyId`, as the signed-in person may reach it. */
export const PageAgency = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  present(context.switchToHttp().getRequest<ConsoleRequest>().consoleAgency, "the page's agency (the console guard sets it)"),
);

/** The actor the services and the audit log see for a change made in the console. */
export function consoleActor(session: ConsoleSession, agencyId: string, requestId: string): { principal: Principal; requestId: string } {
  return { principal: { role: 'owner', id: `console:${session.email.toLowerCase()}`, agencyId, name: session.email }, requestId };
}

/**
 * Renders pages into replies with what every page shares: the session, the agency, the time zone,
 * the sandbox banner, and headers that keep pages out of frames and their URLs out of referrers.
 */
@Injectable()
export class WebPages {
  readonly views = WebViews.load();
  readonly secureCookies: boolean;
  readonly sandbox: boolean;

  constructor(@Inject(APP_CONFIG) readonly config: AppConfig) {
    this.secureCookies = config.publicBaseUrl.startsWith('https://');
    this.sandbox = isStripeSandbox(config);
  }

  send(reply: FastifyReply, page: string, context: Partial<PageContext> & { title: string }, status = 200): FastifyReply {
    const request = reply.request as ConsoleRequest;
    const session = request.consoleSession;
    const agency = request.consoleAgency;
    const full: PageContext = {
      sandbox: this.sandbox,
      timeZone: viewerTimeZone(request, agency?.timeZone),
      ...(session ? { session: { email: session.email, csrfToken: session.csrfToken, isSupport: session.supportUserId !== null } } : {}),
      ...(agency ? { agency: { id: agency.id, name: agency.name, currency: agency.currency, role: agency.role } } : {}),
      ...context,
    };
    if (agency) {
      full.menu = CONSOLE_NAV.map((entry) => ({ ...entry, href: `/billing/${agency.id}${entry.path}`, current: entry.key === context.nav }));
    }
    return reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
      .send(this.views.render(page, full));
  }

  setSessionCookie(reply: FastifyReply, sessionId: string): void {
    setCookie(reply, this.secureCookies, SESSION_COOKIE, sessionId, SESSION_MAX_SECONDS);
  }

  clearSessionCookie(reply: FastifyReply): void {
    setCookie(reply, this.secureCookies, SESSION_COOKIE, '', 0);
  }
}

/** The one check for the "Stripe sandbox" banner: the service talks to a Stripe-compatible test server, or uses a test key. */
export function isStripeSandbox(config: AppConfig): boolean {
  return config.stripe.sandbox !== null || Boolean(config.stripe.apiBase) || config.stripe.secretKey.startsWith('sk_test_');
}

export function viewerTimeZone(request: FastifyRequest, fallback = 'UTC'): string {
  const fromBrowser = cookiesOf(request)[TIME_ZONE_COOKIE];
  return (fromBrowser && canonicalTimeZone(fromBrowser)) || fallback;
}

/** Errors of the console's pages as pages: sign in, 404, 403, 429, or a plain 500 that logs. */
@Catch()
export class ConsoleErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(private readonly pages: WebPages) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof SignInRequiredError) {
      const query = error.nextPath ? `?next=${encodeURIComponent(error.nextPath)}` : '';
      void reply.redirect(`/sign-in${query}`, 303);
      return;
    }
    if (error instanceof NotFoundError || (error instanceof HttpException && error.getStatus() === 404)) {
      this.pages.send(
        reply,
        'error',
        { title: 'Page not found', heading: 'Page not found', message: 'There is no such page, or it is not yours to see.' },
        404,
      );
      return;
    }
    if (error instanceof DomainError && error.status < 500 && error.status !== 401) {
      const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
      const heading = error instanceof RateLimitedError ? 'Too many requests' : error instanceof ForbiddenError ? 'Not allowed' : 'That did not work';
      this.pages.send(reply, 'error', { title: heading, heading, message: error.message }, error.status);
      return;
    }
    if (error instanceof DomainError && error.status === 503) {
      this.pages.send(reply, 'error', { title: 'Try again shortly', heading: 'Try again shortly', message: error.message }, 503);
      return;
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    this.pages.send(
      reply,
      'error',
      { title: 'Something went wrong', heading: 'Something went wrong', message: 'The page could not be shown. Try again in a moment.' },
      500,
    );
  }
}

/** A console page controller: no API key (the AuthGuard steps aside), a session instead, errors as pages. */
export const ConsolePages = () => applyDecorators(Public(), UseGuards(ConsoleGuard), UseFilters(ConsoleErrorFilter));

/** Pages reached without a session (sign-in): errors as pages all the same. */
export const AnonymousPages = () => applyDecorators(Public(), UseFilters(ConsoleErrorFilter));
