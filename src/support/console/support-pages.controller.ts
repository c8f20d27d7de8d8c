import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SupportUsersService } from '../../auth/support-users.service';
import { ReloadAttemptsService } from '../../auto-reload/attempts/reload-attempts.service';
import { RequestId } from '../../auth/auth.decorators';
import { DomainError, IdempotencyConflictError, NotFoundError, ValidationError } from '../../common/errors';
import { money, supportReason, uuidParam } from '../../common/validation';
import { WebPages } from '../../web/console-http';
import type { ConsoleSession } from '../../auth/console/sign-in.service';
import { DeadLettersService } from '../dead-letters.service';
import { SupportService } from '../support.service';
import { TIMELINE_KINDS, type TimelineKind } from '../timeline.repository';
import { TimelineService } from '../timeline.service';
import { SupportAdminOnly, SupportPages, SupportSession, supportActor } from './support-console.guard';
import { SupportPagesService } from './support-pages.service';

type Form = Record<string, unknown>;

const SUPPORT_NAV = [
  { key: 'search', label: 'Search', href: '/support' },
  { key: 'failures', label: 'Payment failures', href: '/support/failures' },
  { key: 'approvals', label: 'Approvals', href: '/support/approvals' },
  { key: 'audit', label: 'Audit log', href: '/support/audit' },
  { key: 'dead-letters', label: 'Dead letters', href: '/support/failed-jobs' },
  { key: 'queues', label: 'Queues', href: '/support/queues' },
];

/** What an action's redirect says on the page it lands on: fixed texts, so no link can put words on a support page. */
const NOTICES: Record<string, string> = {
  adjusted: 'Adjustment posted.',
  'adjustment-pending': 'The adjustment is above the approval size: it waits for another support user to approve it.',
  lifted: 'Auto-reload suspension lifted.',
  'not-suspended': 'Auto-reload was not suspended: nothing changed.',
  paused: 'Agency paused: new calls are refused until it is resumed.',
  resumed: 'Agency resumed.',
  'subteam-paused': 'Subteam paused.',
  'subteam-resumed': 'Subteam resumed.',
  resent: 'Email queued to be sent again.',
  approved: 'Adjustment approved and posted.',
  rejected: 'Adjustment rejected: nothing was posted.',
  'user-created': 'Support user created: they sign in with their email address.',
  'user-disabled': 'Support user disabled.',
};

const reasonField = (form: Form) => supportReason.safeParse(form.reason);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The support console at `/support`: search, payment failures, an agency's page (wallet, settings,
 * methods, subteams, "why not?", the timeline) with the actions, approvals, the audit log, dead
 * letters and, for admins, support users. Every action goes through the same service as its API
 * route, with the person's reason, and is safe to submit twice.
 */
@Controller('support')
@SupportPages()
export class SupportPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly support: SupportService,
    private readonly pagesData: SupportPagesService,
    private readonly timelines: TimelineService,
    private readonly deadLetters: DeadLettersService,
    private readonly attempts: ReloadAttemptsService,
    private readonly supportUsers: SupportUsersService,
  ) {}

  @Get()
  async home(@SupportSession() session: ConsoleSession, @Res() reply: FastifyReply) {
    const pending = await this.support.listAdjustments(supportActor(session, ''), { status: 'pending_approval', limit: 200 });
    return this.send(reply, session, 'support/home', {
      title: 'Support',
      nav: 'search',
      pendingCount: pending.data.filter((row) => row.mayApprove).length,
    });
  }

  @Get('search')
  async search(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Query('q') q: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const query = (q ?? '').trim().slice(0, 200);
    if (!query) return reply.redirect('/support', 303);
    const found = await this.support.searchAgencies(supportActor(session, requestId), query, 50);
    return this.send(reply, session, 'support/search', { title: `Search: ${query}`, nav: 'search', query, results: found.data });
  }

  @Get('failures')
  async failures(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Query() query: Record<string, string>,
    @Res() reply: FastifyReply,
  ) {
    const filters = {
      agencyId: uuidParam.safeParse(query.agencyId).success ? query.agencyId : undefined,
      code: query.code?.trim().slice(0, 100) || undefined,
      type: query.type?.trim().slice(0, 50) || undefined,
      since: dateParam(query.since),
      until: dateParam(query.until),
      cursor: /^\d{1,18}$/.test(query.cursor ?? '') ? query.cursor : undefined,
    };
    const result = await this.timelines.paymentFailures(supportActor(session, requestId), {
      agencyId: filters.agencyId,
      code: filters.code,
      methodType: filters.type,
      since: filters.since ? new Date(`${filters.since}T00:00:00Z`) : undefined,
      until: filters.until ? new Date(`${filters.until}T23:59:59.999Z`) : undefined,
      limit: 50,
      cursor: filters.cursor,
    });
    const { cursor: _cursor, ...kept } = filters;
    const keep = new URLSearchParams(Object.entries(kept).filter(([, value]) => value) as [string, string][]).toString();
    return this.send(reply, session, 'support/payment-failures', {
      title: 'Payment failures',
      nav: 'failures',
      filters,
      rows: result.data,
      nextHref: result.nextCursor ? `/support/failures?${keep ? `${keep}&` : ''}cursor=${result.nextCursor}` : null,
    });
  }

  @Get('agency/:agencyId')
  async agency(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Param('agencyId') agencyId: string,
    @Query() query: Record<string, string>,
    @Res() reply: FastifyReply,
  ) {
    return this.renderAgency(reply, session, requestId, agencyId, query);
  }

  @Post('agency/:agencyId/retry')
  async retry(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Param('agencyId') agencyId: string,
    @Body() form: Form,
    @Res() reply: FastifyReply,
  ) {
    return this.act(reply, session, requestId, agencyId, form, async (reason) => {
      const attemptId = uuidParam.parse(form.attemptId);
      const key = idempotencyKeyOf(form);
      const actor = supportActor(session, requestId);
      // A double click sends the same key twice: the second waits for the first and shows its answer.
      for (let tries = 0; ; tries++) {
        try {
          const { body } = await this.attempts.retry(actor, agencyId, attemptId, key, reason);
          const outcome = body.started ? `started: ${body.attempt?.status}` : `not started: ${body.explanation}`;
          return { notice: 'retry', detail: outcome };
        } catch (error) {
          if (!(error instanceof IdempotencyConflictError && error.details.inProgress) || tries > 150) throw error;
          await sleep(200);
        }
      }
    });
  }

  @Post('agency/:agencyId/adjust')
  async adjust(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Param('agencyId') agencyId: string,
    @Body() form: Form,
    @Res() reply: FastifyReply,
  ) {
    return this.act(reply, session, requestId, agencyId, form, async (reason) => {
      const amount = money({ signed: true, max: 1_000_000_000_000n }).safeParse(typeof form.amount === 'string' ? form.amount.trim() : form.amount);
      if (!amount.success) throw new ValidationError(`Amount ${amount.error.issues[0].message} (e.g. 25.00, or -25.00 to debit)`);
      const result = await this.support.postAdjustment(
        supportActor(session, requestId),
        agencyId,
        { amountMicros: amount.data, reason },
        idempotencyKeyOf(form),
      );
      return { notice: result.status === 202 ? 'adjustment-pending' : 'adjusted' };
    });
  }

  @Post('agency/:agencyId/lift-suspension')
  async lift(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Param('agencyId') agencyId: string,
    @Body() form: Form,
    @Res() reply: FastifyReply,
  ) {
    return this.act(reply, session, requestId, agencyId, form, async (reason) => {
      const result = await this.support.liftSuspension(supportActor(session, requestId), agencyId, reason);
      return { notice: result.changed ? 'lifted' : 'not-suspended' };
    });
  }

  @Post('agency/:agencyId/pause')
  async pause(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Param('agencyId') agencyId: string,
    @Body() form: Form,
    @Res() reply: FastifyReply,
  ) {
    return this.act(reply, session, requestId, agencyId, form, async (reason) => {
      await this.support.setAgencyPaused(supportActor(session, requestId), agencyId, true, reason);
      return { notice: 'paused' };
    });
  }

  @Post('agency/:agencyId/resume')
  async resume(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Param('agencyId') agencyId: string,
    @Body() form: Form,
    @Res() reply: FastifyReply,
  ) {
    return this.act(reply, session, requestId, agencyId, form, async (reason) => {
      await this.support.setAgencyPaused(supportActor(session, requestId), agencyId, false, reason);
      return { notice: 'resumed' };
    });
  }

  @Post('agency/:agencyId/subteams/:subteamId/:change')
  async subteam(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Param('agencyId') agencyId: string,
    @Param('subteamId') subteamId: string,
    @Param('change') change: string,
    @Body() form: Form,
    @Res() reply: FastifyReply,
  ) {
    if (change !== 'pause' && change !== 'resume') throw new NotFoundError('Page');
    return this.act(reply, session, requestId, agencyId, form, async (reason) => {
      await this.support.setSubteamPaused(supportActor(session, requestId), agencyId, uuidParam.parse(subteamId), change === 'pause', reason);
      return { notice: change === 'pause' ? 'subteam-paused' : 'subteam-resumed' };
    });
  }

  @Post('agency/:agencyId/resend')
  async resend(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Param('agencyId') agencyId: string,
    @Body() form: Form,
    @Res() reply: FastifyReply,
  ) {
    return this.act(reply, session, requestId, agencyId, form, async (reason) => {
      await this.support.resendNotification(
        supportActor(session, requestId),
        agencyId,
        uuidParam.parse(form.notificationId),
        reason,
        idempotencyKeyOf(form),
      );
      return { notice: 'resent' };
    });
  }

  @Get('approvals')
  async approvals(
    @SupportSession() session: ConsoleSession,
    @Query('notice') notice: string | undefined,
    @Query('error') error: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const actor = supportActor(session, '');
    const [pending, decided] = await Promise.all([
      this.support.listAdjustments(actor, { status: 'pending_approval', limit: 200 }),
      this.support.listAdjustments(actor, { limit: 20 }),
    ]);
    return this.send(reply, session, 'support/approvals', {
      title: 'Approvals',
      nav: 'approvals',
      pending: pending.data,
      recent: decided.data.filter((row) => row.status !== 'pending_approval'),
      notice: noticeOf(notice, undefined, error),
    });
  }

  @Post('approvals/:adjustmentId/:decision')
  async decide(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Param('adjustmentId') adjustmentId: string,
    @Param('decision') decision: string,
    @Body() form: Form,
    @Res() reply: FastifyReply,
  ) {
    if ((decision !== 'approve' && decision !== 'reject') || !uuidParam.safeParse(adjustmentId).success) throw new NotFoundError('Page');
    const reason = reasonField(form);
    if (!reason.success) return reply.redirect(`/support/approvals?error=${encodeURIComponent('Say why (at least 3 characters).')}`, 303);
    const actor = supportActor(session, requestId);
    try {
      if (decision === 'approve') await this.support.approveAdjustment(actor, adjustmentId, reason.data);
      else await this.support.rejectAdjustment(actor, adjustmentId, reason.data);
    } catch (error) {
      if (!(error instanceof DomainError) || error instanceof NotFoundError) throw error;
      return reply.redirect(`/support/approvals?error=${encodeURIComponent(error.message)}`, 303);
    }
    return reply.redirect(`/support/approvals?notice=${decision === 'approve' ? 'approved' : 'rejected'}`, 303);
  }

  @Get('audit')
  async auditLog(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Query() query: Record<string, string>,
    @Res() reply: FastifyReply,
  ) {
    const filters = {
      agencyId: uuidParam.safeParse(query.agencyId).success ? query.agencyId : undefined,
      actor: query.actor?.trim().slice(0, 100) || undefined,
      cursor: /^\d{1,18}$/.test(query.cursor ?? '') ? query.cursor : undefined,
    };
    const page = await this.support.auditLog(supportActor(session, requestId), { ...filters, limit: 50 });
    const keep = new URLSearchParams(
      Object.entries({ agencyId: filters.agencyId, actor: filters.actor }).filter(([, value]) => value) as [string, string][],
    ).toString();
    return this.send(reply, session, 'support/audit-log', {
      title: 'Audit log',
      nav: 'audit',
      filters,
      rows: page.data.map((row) => ({
        ...row,
        beforeText: row.before ? changedOnly(row.before, row.after) : null,
        afterText: row.after ? changedOnly(row.after, row.before) : null,
      })),
      nextHref: page.nextCursor ? `/support/audit?${keep ? `${keep}&` : ''}cursor=${page.nextCursor}` : null,
    });
  }

  @Get('failed-jobs')
  async deadLetterPage(@SupportSession() session: ConsoleSession, @RequestId() requestId: string, @Res() reply: FastifyReply) {
    const actor = supportActor(session, requestId);
    const lists = await this.deadLetters.list(undefined, 50);
    await this.support.recordRead(actor, null, 'support.dead_letters_viewed', { queue: 'all' });
    return this.send(reply, session, 'support/dead-letters', {
      title: 'Dead letters',
      nav: 'dead-letters',
      queues: lists.data.map((queue) => ({ ...queue, jobs: queue.jobs.map((job) => ({ ...job, dataText: JSON.stringify(job.data, null, 2) })) })),
    });
  }

  @Get('admin')
  @SupportAdminOnly()
  async admin(@SupportSession() session: ConsoleSession, @Query('notice') notice: string | undefined, @Res() reply: FastifyReply) {
    const users = await this.supportUsers.list();
    return this.send(reply, session, 'support/admin', {
      title: 'Support users',
      nav: 'admin',
      users: users.data,
      notice: noticeOf(notice),
      form: { email: '' },
    });
  }

  @Post('admin/support-users')
  @SupportAdminOnly()
  async createUser(@SupportSession() session: ConsoleSession, @RequestId() requestId: string, @Body() form: Form, @Res() reply: FastifyReply) {
    const email = z
      .email()
      .max(320)
      .safeParse(typeof form.email === 'string' ? form.email.trim() : '');
    /** The admin page again, 422, with the email as entered and what is wrong with it. */
    const refuse = async (entered: unknown, message: string) =>
      this.send(
        reply,
        session,
        'support/admin',
        { title: 'Support users', nav: 'admin', users: (await this.supportUsers.list()).data, form: { email: entered }, errors: { email: message } },
        422,
      );
    if (!email.success) return refuse(form.email, 'Enter an email address such as name@example.com.');
    try {
      await this.supportUsers.create(supportActor(session, requestId), email.data, form.isAdmin === 'on');
    } catch (error) {
      if (!(error instanceof IdempotencyConflictError)) throw error;
      return refuse(email.data, 'A support user with this email already exists.');
    }
    return reply.redirect('/support/admin?notice=user-created', 303);
  }

  @Post('admin/support-users/:supportUserId/disable')
  @SupportAdminOnly()
  async disableUser(
    @SupportSession() session: ConsoleSession,
    @RequestId() requestId: string,
    @Param('supportUserId') supportUserId: string,
    @Res() reply: FastifyReply,
  ) {
    if (!uuidParam.safeParse(supportUserId).success) throw new NotFoundError('Support user');
    await this.supportUsers.disable(supportActor(session, requestId), supportUserId);
    return reply.redirect('/support/admin?notice=user-disabled', 303);
  }

  /**
   * Runs an action with its reason, then back to the agency page saying what happened (a redirect,
   * so a reload does not post again). A refusal (no reason, a limit, a rule) shows the page again,
   * 422 or the error's status, with the refusal in words.
   */
  private async act(
    reply: FastifyReply,
    session: ConsoleSession,
    requestId: string,
    agencyId: string,
    form: Form,
    action: (reason: string) => Promise<{ notice: string; detail?: string }>,
  ) {
    if (!uuidParam.safeParse(agencyId).success) throw new NotFoundError('Agency');
    const reason = reasonField(form);
    if (!reason.success)
      return this.renderAgency(
        reply,
        session,
        requestId,
        agencyId,
        {},
        { kind: 'error', text: 'Say why (at least 3 characters): the reason is kept in the audit log.' },
        422,
      );
    let outcome: { notice: string; detail?: string };
    try {
      outcome = await action(reason.data);
    } catch (error) {
      if (error instanceof z.ZodError) throw new NotFoundError('Page');
      if (!(error instanceof DomainError) || error instanceof NotFoundError) throw error;
      return this.renderAgency(reply, session, requestId, agencyId, {}, { kind: 'error', text: error.message }, error.status);
    }
    const detail = outcome.detail ? `&detail=${encodeURIComponent(outcome.detail)}` : '';
    return reply.redirect(`/support/agency/${agencyId}?notice=${outcome.notice}${detail}#actions`, 303);
  }

  private async renderAgency(
    reply: FastifyReply,
    session: ConsoleSession,
    requestId: string,
    agencyId: string,
    query: Record<string, string>,
    notice?: { kind: string; text: string },
    status = 200,
  ) {
    if (!uuidParam.safeParse(agencyId).success) throw new NotFoundError('Agency');
    const kinds = ([] as unknown[])
      .concat(query.kinds ?? [])
      .join(',')
      .split(',')
      .filter((kind): kind is TimelineKind => (TIMELINE_KINDS as readonly string[]).includes(kind));
    const cursor = query.cursor && query.cursor.length <= 500 ? query.cursor : undefined;
    let page;
    try {
      page = await this.pagesData.agencyPage(supportActor(session, requestId), agencyId, { kinds: kinds.length ? kinds : undefined, cursor });
    } catch (error) {
      if (error instanceof ValidationError) return reply.redirect(`/support/agency/${agencyId}`, 303);
      throw error;
    }
    return this.send(
      reply,
      session,
      'support/agency',
      {
        title: `${page.subject.name} · Support`,
        nav: 'search',
        ...page,
        notice: notice ?? noticeOf(query.notice, query.detail),
        // Each form carries its own key: submitting it twice (a double click, a reload) does it once.
        formKey: () => randomUUID(),
        nextHref: page.nextCursor ? `/support/agency/${agencyId}?cursor=${encodeURIComponent(page.nextCursor)}${page.kindsQuery}#timeline` : null,
      },
      status,
    );
  }

  private send(
    reply: FastifyReply,
    session: ConsoleSession,
    view: string,
    context: Record<string, unknown> & { title: string; nav: string },
    status = 200,
  ) {
    const nav = [...SUPPORT_NAV, ...(session.isAdmin ? [{ key: 'admin', label: 'Support users', href: '/support/admin' }] : [])];
    return this.pages.send(
      reply,
      view,
      { ...context, supportMenu: nav.map((entry) => ({ ...entry, current: entry.key === context.nav })), isAdmin: session.isAdmin },
      status,
    );
  }
}

function idempotencyKeyOf(form: Form): string {
  const key = typeof form.idempotencyKey === 'string' ? form.idempotencyKey : '';
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new ValidationError('This form has expired; reload the page and try again');
  return key;
}

/** A change in one line: the fields that differ from the other side (all of them when there is no other side). */
function changedOnly(side: Record<string, unknown>, other: Record<string, unknown> | null | undefined): string {
  const fields = Object.entries(side).filter(([key, value]) => !other || JSON.stringify(other[key]) !== JSON.stringify(value));
  return fields.map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ') || '(no change)';
}

function dateParam(value: string | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

function noticeOf(code: string | undefined, detail?: string, error?: string): { kind: string; text: string } | undefined {
  if (error) return { kind: 'error', text: error.slice(0, 300) };
  if (code === 'retry') return { kind: 'success', text: `Retry ${String(detail ?? '').slice(0, 300)}` };
  const text = code ? NOTICES[code] : undefined;
  return text ? { kind: 'success', text } : undefined;
}
