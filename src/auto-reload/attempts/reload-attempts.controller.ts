import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Inject } from '@nestjs/common';
import { CurrentPrincipal, RequestId, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { markReplay } from '../../common/replay';
import { ZodPipe, checkMoney, limitParam, supportReason, uuidParam, seqCursor } from '../../common/validation';
import { ValidationError } from '../../common/errors';
import { AgencyLimit } from '../../auth/rate-limit/agency-limits';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { ATTEMPT_STATUSES } from './reload-attempt.entity';
import { ReloadAttemptsService } from './reload-attempts.service';
import { TopUpsService } from '../top-ups/top-ups.service';
import { ApiDoc } from '../../openapi/api-doc';
import { page } from '../../openapi/schemas';
import { authenticationSchema, reloadAttemptSchema, retryAnswerSchema, topUpBody } from '../auto-reload.schemas';

/** A support retry says why (support keys must; the admin may); the body may be empty for the admin. */
const retryBody = z.strictObject({ reason: supportReason.optional() }).optional();

const attemptsQuery = z.strictObject({
  status: z.enum(ATTEMPT_STATUSES).optional(),
  limit: limitParam,
  cursor: seqCursor.optional(),
});

const authenticateBody = z
  .strictObject({
    returnUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  })
  .optional()
  .transform((body) => body ?? {});

/**
 * Reload attempts: the list, 3-D Secure, support's retry, and the top-up route (here rather than
 * under `top-ups/`: the published client names it `reloadAttempts_topUp`).
 */
@Controller()
export class ReloadAttemptsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly attempts: ReloadAttemptsService,
    private readonly topUps: TopUpsService,
  ) {}

  @Get('agencies/:agencyId/reload-attempts')
  @ApiDoc({ tag: 'Payments', summary: 'Reload and top-up attempts, newest first', paginated: true, responses: { 200: page(reloadAttemptSchema) } })
  @Roles('owner', 'admin', 'support')
  list(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string, @Query(new ZodPipe(attemptsQuery)) query: z.output<typeof attemptsQuery>) {
    return this.attempts.list(agencyId, query);
  }

  @Post('agencies/:agencyId/wallet/top-ups')
  @ApiDoc({
    tag: 'Payments',
    summary: 'Top up the wallet now from a saved payment method (the default unless `paymentMethodId` names another)',
    description: 'A decline is 402 `payment_failed` with the attempt in `details.attempt`. The largest amount is the configured `MAX_RELOAD_AMOUNT`.',
    idempotency: 'header',
    responses: { 201: reloadAttemptSchema },
    errors: ['payment_failed', 'payment_provider_unavailable'],
  })
  @Roles('owner', 'admin')
  @HttpCode(201)
  @AgencyLimit('payments')
  async topUp(
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(topUpBody)) { amount, paymentMethodId }: z.output<typeof topUpBody>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    checkMoney('amount', amount, { max: this.config.money.maxReloadMicros });
    return markReplay(reply, await this.topUps.topUp(agencyId, amount, idempotencyKey, paymentMethodId));
  }

  /** 3D Secure for a `requires_action` reload: answers the bank's page to open (`redirectUrl`). */
  @Post('agencies/:agencyId/reload-attempts/:attemptId/authenticate')
  @ApiDoc({
    tag: 'Payments',
    summary: 'Confirm a requires_action reload with the cardholder: answers the bank’s 3-D Secure page',
    responses: { 200: authenticationSchema },
    errors: ['payment_provider_unavailable'],
  })
  @Roles('owner', 'admin')
  @HttpCode(200)
  @AgencyLimit('payments')
  startAuthentication(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('attemptId', new ZodPipe(uuidParam)) attemptId: string,
    @Body(new ZodPipe(authenticateBody)) body: z.output<typeof authenticateBody>,
  ) {
    return this.attempts.startAuthentication({ principal, requestId }, agencyId, attemptId, body.returnUrl);
  }

  /** Back from the bank's page: credits the reload once if the bank confirmed it. */
  @Post('agencies/:agencyId/reload-attempts/:attemptId/authenticate/finish')
  @ApiDoc({
    tag: 'Payments',
    summary: 'Back from the bank’s page: credit the reload once if the bank confirmed it',
    responses: { 200: authenticationSchema },
    errors: ['payment_provider_unavailable'],
  })
  @Roles('owner', 'admin')
  @HttpCode(200)
  @AgencyLimit('payments')
  finishAuthentication(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string, @Param('attemptId', new ZodPipe(uuidParam)) attemptId: string) {
    return this.attempts.finishAuthentication(agencyId, attemptId);
  }

  @Post('support/agencies/:agencyId/reload-attempts/:attemptId/retry')
  @ApiDoc({
    tag: 'Support',
    summary: 'Retry a failed reload attempt (audited)',
    idempotency: 'header',
    responses: { 201: retryAnswerSchema },
    errors: ['payment_provider_unavailable'],
  })
  @Roles('support', 'admin')
  @HttpCode(201)
  @AgencyLimit('payments')
  async retry(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('attemptId', new ZodPipe(uuidParam)) attemptId: string,
    @Body(new ZodPipe(retryBody)) body: z.output<typeof retryBody>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const reason = body?.reason;
    if (principal.role === 'support' && !reason) {
      throw new ValidationError('Say why you retry: send {"reason": "..."}', { fields: [{ path: 'reason', message: 'required' }] });
    }
    return markReplay(reply, await this.attempts.retry({ principal, requestId }, agencyId, attemptId, idempotencyKey, reason));
  }
}
