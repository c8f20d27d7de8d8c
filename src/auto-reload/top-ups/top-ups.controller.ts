import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Roles } from '../../common/auth/auth.decorators';
import { AgencyLimit } from '../../common/rate-limit/agency-limits';
import { markReplay } from '../../common/replay';
import { ZodPipe, checkMoney, money, uuidParam } from '../../common/validation';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { ApiDoc } from '../../openapi/api-doc';
import { reloadAttemptSchema } from '../auto-reload.schemas';
import { TopUpsService } from './top-ups.service';

/**
 * A top-up: at least 1.00 in whole cents, from a saved method (default: the first). The largest
 * amount is configured (MAX_RELOAD_AMOUNT) and checked in the route (`checkMoney`).
 */
export const topUpBody = z.strictObject({ amount: money({ min: 1_000_000n, wholeCents: true }), paymentMethodId: uuidParam.optional() });

@Controller()
export class TopUpsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly topUps: TopUpsService,
  ) {}

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
}
