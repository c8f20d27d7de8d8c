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
  deadLetterJobs(@Query(new ZodPipe(deadLettersQuery)) query: z.output<typeof deadLettersQuery>) {
    return this.deadLetters.list(query.queue, query.limit);
  }

  @Get('agencies/:agencyId/timeline')
  timeline(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Query(new ZodPipe(timelineQuery)) query: z.output<typeof timelineQuery>,
  ) {
    return this.timelines.timeline({ principal, requestId }, agencyId, { limit: query.limit, cursor: query.cursor, kinds: query.type });
  }

  @Get('payment-failures')
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
  search(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Query(new ZodPipe(searchQuery)) query: z.output<typeof searchQuery>,
  ) {
    return this.support.searchAgencies({ principal, requestId }, query.query, query.limit);
  }

  @Get('audit-log')
  auditLog(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Query(new ZodPipe(auditQuery)) query: z.output<typeof auditQuery>,
  ) {
    return this.support.auditLog({ principal, requestId }, query);
  }
}
