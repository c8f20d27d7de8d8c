import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { markReplay } from '../common/replay';
import { ZodPipe, limitParam, money, uuidParam, seqCursor } from '../common/validation';
import { SupportService } from './support.service';
import { TIMELINE_KINDS } from './timeline.repository';
import { TimelineService } from './timeline.service';
import { DeadLettersService } from './dead-letters.service';
import { Queues } from '../queues/queues';
import { ApiDoc } from '../openapi/api-doc';
import { list, page, timestamp } from '../openapi/schemas';
import { agencySchema } from '../agencies/agencies.controller';
import { entrySchema } from '../wallet/wallet.controller';

const adjustmentBody = z.strictObject({
  amount: money({ signed: true, max: 1_000_000_000_000n }),
  reason: z.string().trim().min(3, 'must say why (at least 3 characters)').max(500),
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
const timelineItem = z
  .strictObject({ at: timestamp, kind: z.enum(TIMELINE_KINDS), id: z.string(), summary: z.string(), data: z.record(z.string(), z.unknown()) })
  .meta({ id: 'TimelineItem' });
const paymentFailure = z.looseObject({ attemptId: z.uuid(), agency: z.strictObject({ id: z.uuid(), name: z.string() }), trigger: z.string(), status: z.string() }).meta({ id: 'PaymentFailure' });
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
  deadLetterJobs(@Query(new ZodPipe(deadLettersQuery)) query: z.output<typeof deadLettersQuery>) {
    return this.deadLetters.list(query.queue, query.limit);
  }

  @Get('agencies/:agencyId/timeline')
  @ApiDoc({ tag: 'Support', summary: "An agency's timeline: money, payments, emails, settings, newest first", paginated: true, responses: { 200: page(timelineItem) } })
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
    return this.timelines.paymentFailures({ principal, requestId }, {
      agencyId: query.agencyId,
      code: query.code,
      methodType: query.type,
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Post('agencies/:agencyId/adjustments')
  @ApiDoc({ tag: 'Support', summary: 'Credit or debit a wallet by hand (audited, with a reason)', idempotency: 'header', responses: { 201: entrySchema }, errors: ['insufficient_funds'] })
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
