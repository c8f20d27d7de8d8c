import { Body, Controller, Get, Param, Post, Query, Res, Req } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  ANONYMOUS_CSRF_COOKIE,
  AnonymousPages,
  ConsoleGuard,
  CsrfError,
  CurrentSession,
  SESSION_COOKIE,
  WebPages,
  cookiesOf,
  sameSecret,
  setCookie,
} from './console-http';
import { SignInService, safeNextPath, SIGN_IN_LINK_MINUTES, type ConsoleSession } from '../auth/console/sign-in.service';
import { UseGuards } from '@nestjs/common';

const email = z.email().max(320);

/** Where a person lands after signing in: their one agency, the support pages, or the list of their agencies. */
export function landingOf(session: Pick<ConsoleSession, 'agencies' | 'supportUserId' | 'isAdmin'>): string {
  const support = session.supportUserId !== null || session.isAdmin;
  if (session.agencies.length === 1 && !support) return `/billing/${session.agencies[0].id}`;
  if (!session.agencies.length && support) return '/support';
  return '/billing';
}

@Controller()
@AnonymousPages()
export class SignInController {
  constructor(
    private readonly pages: WebPages,
    private readonly signIn: SignInService,
  ) {}

  @Get()
  home(@Res() reply: FastifyReply) {
    return reply.redirect('/billing', 302);
  }

  @Get('sign-in')
  form(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('next') next?: string, @Query('signedOut') signedOut?: string) {
    return this.pages.send(reply, 'sign-in', {
      title: 'Sign in',
      csrfToken: this.anonymousCsrf(request, reply),
      next: safeNextPath(next),
      signedOut: signedOut !== undefined,
      form: { email: '' },
    });
  }

  @Post('sign-in')
  async request(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>) {
    if (!sameSecret(body?._csrf, cookiesOf(request)[ANONYMOUS_CSRF_COOKIE] ?? '')) {
      throw new CsrfError('This form has expired; reload the page and try again');
    }
    const typed = typeof body.email === 'string' ? body.email.trim() : '';
    const next = safeNextPath(body.next);
    const parsed = email.safeParse(typed);
    if (!parsed.success) {
      return this.pages.send(
        reply,
        'sign-in',
        {
          title: 'Sign in',
          csrfToken: this.anonymousCsrf(request, reply),
          next,
          form: { email: typed },
          errors: { email: typed ? 'Enter an email address such as name@example.com.' : 'Enter your email address.' },
        },
        422,
      );
    }
    await this.signIn.requestLink(parsed.data, request.ip, next);
    return this.pages.send(reply, 'sign-in-sent', { title: 'Check your email', email: parsed.data, validMinutes: SIGN_IN_LINK_MINUTES });
  }

  @Get('sign-in/:token')
  async useLink(@Param('token') token: string, @Res() reply: FastifyReply) {
    const signedIn = await this.signIn.signIn(token);
    if (!signedIn) {
      return this.pages.send(reply, 'sign-in-failed', { title: 'This link does not work', validMinutes: SIGN_IN_LINK_MINUTES }, 400);
    }
    this.pages.setSessionCookie(reply, signedIn.sessionId);
    return reply.redirect(signedIn.nextPath ?? landingOf(signedIn.session), 303);
  }

  @Post('sign-out')
  @UseGuards(ConsoleGuard)
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentSession() _session: ConsoleSession) {
    await this.signIn.signOut(cookiesOf(request)[SESSION_COOKIE]);
    this.pages.clearSessionCookie(reply);
    return reply.redirect('/sign-in?signedOut', 303);
  }

  /** The sign-in form's double-submit token: a cookie, and the same value in the form. */
  private anonymousCsrf(request: FastifyRequest, reply: FastifyReply): string {
    const existing = cookiesOf(request)[ANONYMOUS_CSRF_COOKIE];
    if (existing && existing.length >= 32) return existing;
    const token = randomBytes(24).toString('base64url');
    setCookie(reply, this.pages.secureCookies, ANONYMOUS_CSRF_COOKIE, token, 24 * 3600);
    return token;
  }
}
