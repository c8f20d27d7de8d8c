import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { markReplay } from '../common/replay';
import { ZodPipe, limitParam, money, supportReason, uuidParam, seqCursor } from '../common/validation';
import { AgencyLimit } from '../auth/rate-limit/agency-limits';
import { SupportService } from './support.service';
import { TIMELINE_KINDS } from './timeline.repository';
import { TimelineService } from './timeline.service';
import { DeadLettersService } from './dead-letters.service';
import { Queues } from '../queues/queues';
import { ApiDoc } from '../openapi/api-doc';
import { list, page, timestamp } from '../openapi/schemas';
import { agencySchema, subteamSchema } from '../agencies/agencies.schemas';
import { entrySchema } from '../wallet/wallet.schemas';
import { dryRunSchema, policySchema } from '../auto-reload/auto-reload.schemas';
import { notificationSchema } from '../notifications/notifications.schemas';
import { moneyString } from '../openapi/schemas';

const adjustmentBody = z.strictObject({
  amount: money({ signed: true, max: 1_000_000_000_000n }),
  reason: supportReason,
});
/** Every support action says why. */
const reasonBody = z.strictObject({ reason: supportReason });
const adjustmentsQuery = z.strictObject({
  status: z.enum(['pending_approval', 'posted', 'rejected']).optional(),
  agencyId: uuidParam.optional(),
  limit: limitParam,
  cursor: seqCursor.optional(),
});
const searchQuery = z.strictObject({ query: z.string().trim().min(1).max(200), limit: limitParam });
const auditQuery = z.strictObject({
  agencyId: uuidParam.optional(),
  actor: z.string().max(100).optional(),
  limit: limitParam,
  cursor: seqCursor.optional(),
});

const timelineQuery = z.strictObject({
  limit: limitParam,
  cursor: z.string().max(500).optional(),
  type: z
    .string()
    .transform((value) => value.split(','))
    .pipe(z.array(z.enum(TIMELINE_KINDS)))
    .optional(),
});
const failuresQuery = z.strictObject({
  agencyId: uuidParam.optional(),
  code: z.string().max(100).optional(),
  type: z.string().max(50).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: limitParam,
  cursor: seqCursor.optional(),
});

const deadLettersQuery = z.strictObject({
  queue: z.enum([Queues.AutoReload, Queues.Notifications, Queues.AgencyWebhooks]).optional(),
  limit: limitParam,
});

const deadLettersSchema = list(
  z.strictObject({
    queue: z.string(),
    failed: z.number().int(),
    jobs: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        data: z.unknown(),
        attemptsMade: z.number().int(),
        failedReason: z.string().nullable(),
        failedAt: timestamp.nullable(),
        createdAt: timestamp,
      }),
    ),
  }),
);
const supportAdjustmentSchema = z
  .strictObject({
    id: z.uuid(),
    agency: z.strictObject({ id: z.uuid(), name: z.string() }),
    amount: moneyString,
    reason: z.string(),
    status: z.enum(['pending_approval', 'posted', 'rejected']),
    requestedBy: z.strictObject({ id: z.string(), email: z.string().nullable() }),
    decidedBy: z.strictObject({ id: z.string(), email: z.string().nullable() }).nullable(),
    decisionReason: z.string().nullable(),
    ledgerEntryId: z.string().nullable(),
    mayApprove: z.boolean().meta({ description: 'Pending, and not asked for by the caller' }),
    createdAt: timestamp,
    decidedAt: timestamp.nullable(),
  })
  .meta({ id: 'SupportAdjustment' });
const timelineItem = z
  .strictObject({ at: timestamp, kind: z.enum(TIMELINE_KINDS), id: z.string(), summary: z.string(), data: z.record(z.string(), z.unknown()) })
  .meta({ id: 'TimelineItem' });
const paymentFailure = z
  .looseObject({ attemptId: z.uuid(), agency: z.strictObject({ id: z.uuid(), name: z.string() }), trigger: z.string(), status: z.string() })
  .meta({ id: 'PaymentFailure' });
const auditEntry = z
  .strictObject({
    id: z.string(),
    actorRole: z.string(),
    actorId: z.string(),
    actorName: z.string().nullable(),
    agencyId: z.uuid().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'AuditEntry' });

@Controller('support')
@Roles('support', 'admin')
export class SupportController {
  constructor(
    private readonly support: SupportService,
    private readonly timelines: TimelineService,
    private readonly deadLetters: DeadLettersService,
  ) {}

  /** Background jobs that used up their retries, by queue. */
  @Get('dead-letters')
  @ApiDoc({ tag: 'Support', summary: 'Background jobs that used up their retries, by queue', responses: { 200: deadLettersSchema } })
  async deadLetterJobs(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Query(new ZodPipe(deadLettersQuery)) query: z.output<typeof deadLettersQuery>,
  ) {
    const result = await this.deadLetters.list(query.queue, query.limit);
    await this.support.recordRead({ principal, requestId }, null, 'support.dead_letters_viewed', { queue: query.queue ?? 'all' });
    return result;
  }

  /** "Why not?": what a trigger would do now, in a sentence. Charges nothing; audited as a read. */
  @Post('agencies/:agencyId/auto-reload/test')
  @ApiDoc({
    tag: 'Support',
    summary: '"Why not?": the dry run for an agency, with a sentence (audited as a read)',
    responses: { 200: dryRunSchema.extend({ answer: z.string() }) },
  })
  @HttpCode(200)
  dryRun(@CurrentPrincipal() principal: Principal, @RequestId() requestId: string, @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.support.dryRun({ principal, requestId }, agencyId);
  }

  @Post('agencies/:agencyId/auto-reload/lift-suspension')
  @ApiDoc({
    tag: 'Support',
    summary: 'Lift an auto-reload suspension (with a reason, audited)',
    responses: { 200: policySchema.extend({ changed: z.boolean() }) },
  })
  @HttpCode(200)
  liftSuspension(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(reasonBody)) body: z.output<typeof reasonBody>,
  ) {
    return this.support.liftSuspension({ principal, requestId }, agencyId, body.reason);
  }

  @Post('agencies/:agencyId/pause')
  @ApiDoc({ tag: 'Support', summary: 'Pause an agency (with a reason, audited)', responses: { 200: agencySchema } })
  @HttpCode(200)
  pauseAgency(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(reasonBody)) body: z.output<typeof reasonBody>,
  ) {
    return this.support.setAgencyPaused({ principal, requestId }, agencyId, true, body.reason);
  }

  @Post('agencies/:agencyId/resume')
  @ApiDoc({ tag: 'Support', summary: 'Resume an agency (with a reason, audited)', responses: { 200: agencySchema } })
  @HttpCode(200)
  resumeAgency(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(reasonBody)) body: z.output<typeof reasonBody>,
  ) {
    return this.support.setAgencyPaused({ principal, requestId }, agencyId, false, body.reason);
  }

  @Post('agencies/:agencyId/subteams/:subteamId/pause')
  @ApiDoc({ tag: 'Support', summary: 'Pause a subteam (with a reason, audited)', responses: { 200: subteamSchema } })
  @HttpCode(200)
  pauseSubteam(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('subteamId', new ZodPipe(uuidParam)) subteamId: string,
    @Body(new ZodPipe(reasonBody)) body: z.output<typeof reasonBody>,
  ) {
    return this.support.setSubteamPaused({ principal, requestId }, agencyId, subteamId, true, body.reason);
  }

  @Post('agencies/:agencyId/subteams/:subteamId/resume')
  @ApiDoc({ tag: 'Support', summary: 'Resume a subteam (with a reason, audited)', responses: { 200: subteamSchema } })
  @HttpCode(200)
  resumeSubteam(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('subteamId', new ZodPipe(uuidParam)) subteamId: string,
    @Body(new ZodPipe(reasonBody)) body: z.output<typeof reasonBody>,
  ) {
    return this.support.setSubteamPaused({ principal, requestId }, agencyId, subteamId, false, body.reason);
  }

  /** A new send of the same rendered email, recorded as a resend. */
  @Post('agencies/:agencyId/notifications/:notificationId/resend')
  @ApiDoc({
    tag: 'Support',
    summary: 'Send an email again: a new send of the same message, recorded as a resend',
    idempotency: 'header',
    responses: { 201: notificationSchema },
  })
  @HttpCode(201)
  @AgencyLimit('emails')
  async resend(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('notificationId', new ZodPipe(uuidParam)) notificationId: string,
    @Body(new ZodPipe(reasonBody)) body: z.output<typeof reasonBody>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return markReplay(reply, await this.support.resendNotification({ principal, requestId }, agencyId, notificationId, body.reason, idempotencyKey));
  }

  /** Support adjustments: those waiting for approval, and those posted or rejected. */
  @Get('adjustments')
  @ApiDoc({
    tag: 'Support',
    summary: 'Support adjustments; status=pending_approval lists those waiting for a second support user',
    paginated: true,
    responses: { 200: page(supportAdjustmentSchema) },
  })
  adjustments(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Query(new ZodPipe(adjustmentsQuery)) query: z.output<typeof adjustmentsQuery>,
  ) {
    return this.support.listAdjustments({ principal, requestId }, query);
  }

  @Post('adjustments/:adjustmentId/approve')
  @ApiDoc({
    tag: 'Support',
    summary: 'Approve and post an adjustment another support user asked for',
    responses: { 200: supportAdjustmentSchema },
    errors: ['adjustment_decided'],
  })
  @HttpCode(200)
  async approve(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('adjustmentId', new ZodPipe(uuidParam)) adjustmentId: string,
    @Body(new ZodPipe(reasonBody)) body: z.output<typeof reasonBody>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return markReplay(reply, await this.support.approveAdjustment({ principal, requestId }, adjustmentId, body.reason));
  }

  @Post('adjustments/:adjustmentId/reject')
  @ApiDoc({
    tag: 'Support',
    summary: 'Reject an adjustment waiting for approval (nothing is posted)',
    responses: { 200: supportAdjustmentSchema },
    errors: ['adjustment_decided'],
  })
  @HttpCode(200)
  async reject(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('adjustmentId', new ZodPipe(uuidParam)) adjustmentId: string,
    @Body(new ZodPipe(reasonBody)) body: z.output<typeof reasonBody>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return markReplay(reply, await this.support.rejectAdjustment({ principal, requestId }, adjustmentId, body.reason));
  }

  @Get('agencies/:agencyId/timeline')
  @ApiDoc({
    tag: 'Support',
    summary: "An agency's timeline: money, payments, emails, settings, newest first",
    paginated: true,
    responses: { 200: page(timelineItem) },
  })
  timeline(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Query(new ZodPipe(timelineQuery)) query: z.output<typeof timelineQuery>,
  ) {
    return this.timelines.timeline({ principal, requestId }, agencyId, { limit: query.limit, cursor: query.cursor, kinds: query.type });
  }

  @Get('payment-failures')
  @ApiDoc({ tag: 'Support', summary: 'Failed payments across agencies, newest first', paginated: true, responses: { 200: page(paymentFailure) } })
  paymentFailures(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Query(new ZodPipe(failuresQuery)) query: z.output<typeof failuresQuery>,
  ) {
    return this.timelines.paymentFailures(
      { principal, requestId },
      {
        agencyId: query.agencyId,
        code: query.code,
        methodType: query.type,
        since: query.since ? new Date(query.since) : undefined,
        until: query.until ? new Date(query.until) : undefined,
        limit: query.limit,
        cursor: query.cursor,
      },
    );
  }

  @Post('agencies/:agencyId/adjustments')
  @ApiDoc({
    tag: 'Support',
    summary: "Credit or debit a wallet by hand (audited, with a reason); a support user's large one waits for approval (202)",
    idempotency: 'header',
    responses: { 201: entrySchema, 202: supportAdjustmentSchema },
    errors: ['insufficient_funds', 'adjustment_limit_exceeded'],
  })
  @HttpCode(201)
  async adjust(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(adjustmentBody)) body: z.output<typeof adjustmentBody>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.support.postAdjustment(
      { principal, requestId },
      agencyId,
      { amountMicros: body.amount, reason: body.reason },
      idempotencyKey,
    );
    void reply.status(result.status);
    return markReplay(reply, result);
  }

  @Get('agencies')
  @ApiDoc({ tag: 'Support', summary: 'Find agencies by name, email or id', responses: { 200: list(agencySchema) } })
  search(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Query(new ZodPipe(searchQuery)) query: z.output<typeof searchQuery>,
  ) {
    return this.support.searchAgencies({ principal, requestId }, query.query, query.limit);
  }

  @Get('audit-log')
  @ApiDoc({ tag: 'Support', summary: 'The audit log, newest first', paginated: true, responses: { 200: page(auditEntry) } })
  auditLog(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Query(new ZodPipe(auditQuery)) query: z.output<typeof auditQuery>,
  ) {
    return this.support.auditLog({ principal, requestId }, query);
  }
}
