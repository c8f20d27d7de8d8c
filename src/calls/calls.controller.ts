import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { markReplay } from '../common/replay';
import { ZodPipe, money, uuidParam } from '../common/validation';
import { CallsService } from './calls.service';

const callId = z.string().regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 visible ASCII characters');
const day = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });

const authorizeBody = z.strictObject({
  callId,
  amount: money({ nonZero: true }),
  subteamId: uuidParam.optional(),
});
const settleBody = z.strictObject({ cost: money(), subteamId: uuidParam.optional() });
const extendBody = z.strictObject({ authorizedAmount: money({ nonZero: true }), subteamId: uuidParam.optional() });
const releaseBody = z.strictObject({ subteamId: uuidParam.optional() });
const usageBody = z.strictObject({
  amount: money({ nonZero: true }),
  reference: callId,
  description: z.string().max(500).optional(),
  subteamId: uuidParam.optional(),
});
const usageQuery = z.strictObject({ from: day.optional(), to: day.optional() });

/** Subteam call flows: thousands of these a minute, so each is one trip through the ledger writer. */
@Controller()
@Roles('subteam', 'owner')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Post('calls/authorize')
  @HttpCode(201)
  async authorize(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(authorizeBody)) body: z.output<typeof authorizeBody>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.calls.authorizeCall(principal, {
      callId: body.callId,
      amountMicros: body.amount,
      subteamId: body.subteamId,
    });
    return markReplay(reply, result);
  }

  @Post('calls/:callId/settle')
  @HttpCode(200)
  async settle(
    @CurrentPrincipal() principal: Principal,
    @Param('callId', new ZodPipe(callId)) id: string,
    @Body(new ZodPipe(settleBody)) body: z.output<typeof settleBody>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.calls.settleCall(principal, { callId: id, costMicros: body.cost, subteamId: body.subteamId });
    return markReplay(reply, result);
  }

  @Post('calls/:callId/extend')
  @HttpCode(200)
  async extend(
    @CurrentPrincipal() principal: Principal,
    @Param('callId', new ZodPipe(callId)) id: string,
    @Body(new ZodPipe(extendBody)) body: z.output<typeof extendBody>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.calls.extendCall(principal, { callId: id, amountMicros: body.authorizedAmount, subteamId: body.subteamId });
    return markReplay(reply, result);
  }

  @Post('calls/:callId/release')
  @HttpCode(200)
  async release(
    @CurrentPrincipal() principal: Principal,
    @Param('callId', new ZodPipe(callId)) id: string,
    @Body(new ZodPipe(releaseBody)) body: z.output<typeof releaseBody>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.calls.releaseCall(principal, { callId: id, subteamId: body.subteamId });
    return markReplay(reply, result);
  }

  @Post('usage')
  @HttpCode(201)
  async usage(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(usageBody)) body: z.output<typeof usageBody>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.calls.reportUsage(principal, {
      amountMicros: body.amount,
      reference: body.reference,
      description: body.description,
      subteamId: body.subteamId,
    });
    return markReplay(reply, result);
  }

  @Get('subteams/me/usage')
  @Roles('subteam')
  myUsage(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(usageQuery)) query: z.output<typeof usageQuery>) {
    return this.calls.usageOf(principal, query);
  }
}
