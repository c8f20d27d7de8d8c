import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Inject } from '@nestjs/common';
import { CurrentPrincipal, RequestId, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { markReplay } from '../common/replay';
import { ZodPipe, limitParam, money, uuidParam, seqCursor } from '../common/validation';
import { AgencyLimit } from '../common/rate-limit/agency-limit.guard';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ReloadAttemptsService } from './reload-attempts.service';
import { TopUpsService } from './top-ups.service';

const attemptsQuery = z.strictObject({
  status: z.enum(['processing', 'pending_clearance', 'succeeded', 'failed', 'requires_action', 'skipped']).optional(),
  limit: limitParam,
  cursor: seqCursor.optional(),
});

@Controller()
export class ReloadAttemptsController {
  private readonly topUpBody;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly attempts: ReloadAttemptsService,
    private readonly topUps: TopUpsService,
  ) {
    this.topUpBody = z.strictObject({ amount: money({ min: 1_000_000n, max: config.money.maxReloadMicros, wholeCents: true }) });
  }

  @Get('agencies/:agencyId/reload-attempts')
  @Roles('owner', 'admin', 'support')
  list(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string, @Query(new ZodPipe(attemptsQuery)) query: z.output<typeof attemptsQuery>) {
    return this.attempts.list(agencyId, query);
  }

  @Post('agencies/:agencyId/wallet/top-ups')
  @Roles('owner', 'admin')
  @HttpCode(201)
  @AgencyLimit('payments')
  async topUp(
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { amount } = new ZodPipe(this.topUpBody).transform(body);
    return markReplay(reply, await this.topUps.topUp(agencyId, amount, idempotencyKey));
  }

  @Post('support/agencies/:agencyId/reload-attempts/:attemptId/retry')
  @Roles('support', 'admin')
  @HttpCode(201)
  @AgencyLimit('payments')
  async retry(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('attemptId', new ZodPipe(uuidParam)) attemptId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return markReplay(reply, await this.attempts.retry({ principal, requestId }, agencyId, attemptId, idempotencyKey));
  }
}
