import { Body, Controller, Get, HttpCode, Logger, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CurrentPrincipal, RateCost, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { markReplay } from '../common/replay';
import { errorResponse } from '../common/error.filter';
import { ValidationError } from '../common/errors';
import { ZodPipe, money, uuidParam, validationError } from '../common/validation';
import { ApiDoc } from '../openapi/api-doc';
import { errorBody } from '../openapi/errors';
import { moneyString, timestamp } from '../openapi/schemas';
import { entrySchema } from '../wallet/wallet.schemas';
import { type CallOperation, type CallOutcome, CallsService } from './calls.service';

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
const release = z.strictObject({ callId: z.string(), status: z.string(), released: moneyString }).meta({ id: 'CallRelease' });
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

/**
 * A dialer's batch: up to MAX_BATCH operations, each the body of its single route plus `op` (and
 * `callId` where the single route has it in the path). The envelope is validated as a whole
 * (`batchEnvelope`: nothing runs if it is wrong); each operation then on its own (`batchOperations`),
 * so a malformed one is answered as its own 422 while the others run.
 */
const MAX_BATCH = 100;
const BATCH_OPS = ['authorize', 'extend', 'settle', 'release'] as const;
type BatchOp = (typeof BATCH_OPS)[number];
const batchOperations = {
  authorize: z.strictObject({ op: z.literal('authorize'), ...authorizeBody.shape }).meta({ id: 'CallBatchAuthorize' }),
  extend: z.strictObject({ op: z.literal('extend'), callId, ...extendBody.shape }).meta({ id: 'CallBatchExtend' }),
  settle: z.strictObject({ op: z.literal('settle'), callId, ...settleBody.shape }).meta({ id: 'CallBatchSettle' }),
  release: z.strictObject({ op: z.literal('release'), callId, ...releaseBody.shape }).meta({ id: 'CallBatchRelease' }),
};
const batchBody = z.strictObject({
  operations: z
    .array(z.discriminatedUnion('op', [batchOperations.authorize, batchOperations.extend, batchOperations.settle, batchOperations.release]))
    .min(1)
    .max(MAX_BATCH)
    .meta({ description: `1 to ${MAX_BATCH} operations, applied in this order and answered in this order` }),
});
const batchEnvelope = z.strictObject({
  operations: z
    .array(z.looseObject({ op: z.enum(BATCH_OPS, { message: `must be one of ${BATCH_OPS.join(', ')}` }) }))
    .min(1)
    .max(MAX_BATCH),
});

/** One operation of a batch after validation: what to perform, or the 422 it answers. */
type BatchItem = { op: BatchOp; callId: string | null } & ({ operation: CallOperation } | { invalid: ValidationError });

class CallBatchPipe extends ZodPipe<z.ZodType> {
  constructor() {
    // The schema documented: every operation as it must be sent.
    super(batchBody);
  }

  override transform(value: unknown): BatchItem[] {
    const envelope = batchEnvelope.safeParse(value ?? {});
    if (!envelope.success) throw validationError(envelope.error);
    return envelope.data.operations.map((raw) => {
      const sentCallId = callId.safeParse(raw.callId);
      const item = { op: raw.op, callId: sentCallId.success ? sentCallId.data : null };
      const parsed = batchOperations[raw.op].safeParse(raw);
      return parsed.success ? { ...item, operation: callOperation(parsed.data) } : { ...item, invalid: validationError(parsed.error) };
    });
  }
}

function callOperation(item: z.output<(typeof batchOperations)[BatchOp]>): CallOperation {
  switch (item.op) {
    case 'authorize':
      return { op: 'authorize', callId: item.callId, amountMicros: item.amount, subteamId: item.subteamId };
    case 'extend':
      return { op: 'extend', callId: item.callId, amountMicros: item.authorizedAmount, subteamId: item.subteamId };
    case 'settle':
      return { op: 'settle', callId: item.callId, costMicros: item.cost, subteamId: item.subteamId };
    case 'release':
      return { op: 'release', callId: item.callId, subteamId: item.subteamId };
  }
}

/** A batch takes one token per operation from its key's rate limit, as that many single requests would. */
function batchRateCost(body: unknown): number {
  const operations = (body as { operations?: unknown } | null)?.operations;
  return Array.isArray(operations) && operations.length <= MAX_BATCH ? Math.max(1, operations.length) : 1;
}

const batchResult = <Op extends BatchOp>(op: Op, success: z.ZodType, id: string) =>
  z
    .strictObject({
      op: z.literal(op),
      callId: z.string().nullable().meta({ description: "The operation's `callId` as sent; null when it was missing or malformed" }),
      status: z
        .int()
        .meta({ description: `What the single route would have answered: ${op === 'authorize' ? 201 : 200} on success, else the error's status` }),
      replayed: z
        .boolean()
        .meta({ description: "True when this repeats the first answer for this call (the single route's `Idempotent-Replayed: true`)" }),
      body: z.union([success, errorBody]).meta({ description: "The single route's body, or the error body" }),
    })
    .meta({ id });
const batchResults = z
  .strictObject({
    results: z.array(
      z.discriminatedUnion('op', [
        batchResult('authorize', authorization, 'CallBatchAuthorizeResult'),
        batchResult('extend', authorization, 'CallBatchExtendResult'),
        batchResult('settle', settlement, 'CallBatchSettleResult'),
        batchResult('release', release, 'CallBatchReleaseResult'),
      ]),
    ),
  })
  .meta({ id: 'CallBatchResults', description: 'One result per operation, in the order sent' });
const SUCCESS_STATUS: Record<BatchOp, number> = { authorize: 201, extend: 200, settle: 200, release: 200 };

/** Subteam call flows: thousands of these a minute, so each is one trip through the ledger writer. */
@Controller()
@Roles('subteam', 'owner')
export class CallsController {
  private readonly logger = new Logger(CallsController.name);

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
    summary: "Many call operations in one request (a dialer's batch)",
    description: [
      `Up to ${MAX_BATCH} operations (\`authorize\`, \`extend\`, \`settle\`, \`release\`), each the body of its single route with \`op\` and \`callId\`.`,
      'They go to the ledger together and apply in the order sent, so a call may be authorized and settled in one batch.',
      'Each is answered on its own, in order: `status` and `body` are what its single route would have answered (a refusal such as',
      '`insufficient_funds` fails that operation alone), and `replayed` marks an operation that repeats an earlier one (idempotent by call id).',
      "The request answers 200 whatever the operations' outcomes; 422 (nothing done) when the envelope is wrong (no `operations` array,",
      `empty, more than ${MAX_BATCH}, an unknown \`op\`), while a malformed operation is answered as its own 422.`,
      'When every operation failed for a passing reason on our side (5xx), the request answers that 5xx with `Retry-After`: send it again.',
      'It costs one rate-limit token per operation.',
    ].join(' '),
    responses: { 200: batchResults },
    errors: ['overloaded'],
  })
  @Post('calls/batch')
  @HttpCode(200)
  @RateCost(batchRateCost)
  async batch(@CurrentPrincipal() principal: Principal, @Body(new CallBatchPipe()) items: BatchItem[]) {
    const outcomes = await this.calls.performCalls(
      principal,
      items.flatMap((item) => ('operation' in item ? [item.operation] : [])),
    );
    let next = 0;
    const answers = items.map((item): { item: BatchItem; outcome: CallOutcome } => ({
      item,
      outcome: 'operation' in item ? outcomes[next++] : { ok: false, error: item.invalid },
    }));
    const results = answers.map(({ item, outcome }) => {
      if (outcome.ok) return { op: item.op, callId: item.callId, status: SUCCESS_STATUS[item.op], replayed: outcome.replayed, body: outcome.body };
      const { status, body } = errorResponse(outcome.error, this.logger);
      return { op: item.op, callId: item.callId, status, replayed: false, body };
    });
    // Nothing was done and nothing the caller sent was wrong (a full queue, the database away):
    // the whole request answers it, with Retry-After, so that the batch is simply sent again.
    const first = answers[0].outcome;
    if (results.every((result) => result.status >= 500) && !first.ok) throw first.error;
    return { results };
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
