import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { markReplay } from '../common/replay';
import { ZodPipe, money, uuidParam } from '../common/validation';
import { ApiDoc } from '../openapi/api-doc';
import { moneyString, timestamp } from '../openapi/schemas';
import { entrySchema } from '../wallet/wallet.controller';
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

const authorization = z
  .strictObject({ callId: z.string(), holdId: z.uuid(), authorizedAmount: moneyString, expiresAt: timestamp })
  .meta({ id: 'CallAuthorization', description: 'The hold on the wallet for this call (the total authorized so far after an extend)' });
const settlement = z
  .strictObject({ callId: z.string(), charged: moneyString, released: moneyString, balanceAfter: moneyString })
  .meta({ id: 'CallSettlement' });
const release = z
  .strictObject({ callId: z.string(), status: z.string(), released: moneyString })
  .meta({ id: 'CallRelease' });
const usage = z
  .strictObject({
    subteamId: z.uuid(),
    timeZone: z.string(),
    from: z.iso.date(),
    to: z.iso.date(),
    total: moneyString,
    days: z.array(z.strictObject({ date: z.iso.date(), spent: moneyString })),
  })
  .meta({ id: 'SubteamUsage' });
const CALL_ERRORS = ['paused', 'insufficient_funds', 'spend_limit_exceeded', 'overloaded'] as const;

/** Subteam call flows: thousands of these a minute, so each is one trip through the ledger writer. */
@Controller()
@Roles('subteam', 'owner')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @ApiDoc({
    tag: 'Calls',
    summary: 'Authorize a call: hold funds before it connects',
    description: 'Idempotent by `callId`: the same call id and amount answer the same hold. An owner key names the `subteamId`.',
    idempotency: 'natural',
    responses: { 201: authorization },
    errors: [...CALL_ERRORS, 'idempotency_conflict', 'call_released'],
  })
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

  @ApiDoc({
    tag: 'Calls',
    summary: 'Settle a call: charge its cost, release the rest of the hold',
    description: 'Idempotent by call id. A cost above the hold is charged up to the agency `maxCallOverrun`.',
    idempotency: 'natural',
    responses: { 200: settlement },
    errors: ['call_released', 'cost_exceeds_authorization', 'idempotency_conflict', 'overloaded'],
  })
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

  @ApiDoc({
    tag: 'Calls',
    summary: 'Extend a call: raise its hold to a new total',
    description: '`authorizedAmount` is the new total, not an increment, so a retry is harmless.',
    idempotency: 'natural',
    responses: { 200: authorization },
    errors: [...CALL_ERRORS, 'call_released'],
  })
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

  @ApiDoc({
    tag: 'Calls',
    summary: 'Release a call that never connected: give the whole hold back',
    idempotency: 'natural',
    responses: { 200: release },
    errors: ['overloaded'],
  })
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

  @ApiDoc({
    tag: 'Calls',
    summary: 'Report usage without a hold (a direct debit)',
    description: 'Idempotent by `reference`.',
    idempotency: 'natural',
    responses: { 201: entrySchema },
    errors: [...CALL_ERRORS, 'idempotency_conflict'],
  })
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

  @ApiDoc({ tag: 'Calls', summary: "This subteam key's spend per local day", responses: { 200: usage } })
  @Get('subteams/me/usage')
  @Roles('subteam')
  myUsage(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(usageQuery)) query: z.output<typeof usageQuery>) {
    return this.calls.usageOf(principal, query);
  }
}
