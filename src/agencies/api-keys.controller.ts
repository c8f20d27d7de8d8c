import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ZodPipe, uuidParam } from '../common/validation';
import { ApiKeysService } from './api-keys.service';

const createKeyBody = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    scope: z.enum(['owner', 'subteam'], { message: 'must be "owner" or "subteam"' }),
    subteamId: uuidParam.optional(),
    expiresInDays: z.number().int('must be a whole number of days').min(1).max(3650).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.scope === 'subteam' && body.subteamId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['subteamId'], message: 'is required for a subteam key' });
    }
    if (body.scope === 'owner' && body.subteamId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['subteamId'], message: 'must not be set for an owner key' });
    }
  });
const rotateBody = z.strictObject({
  graceSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .min(0)
    .max(7 * 24 * 60 * 60)
    .default(0),
});

@Controller('agencies/:agencyId/api-keys')
@Roles('owner', 'admin')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  list(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.apiKeys.list(agencyId);
  }

  @Post()
  @HttpCode(201)
  create(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(createKeyBody)) body: z.output<typeof createKeyBody>,
  ) {
    return this.apiKeys.create({ principal, requestId }, agencyId, body);
  }

  @Delete(':keyId')
  @HttpCode(204)
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('keyId', new ZodPipe(uuidParam)) keyId: string,
  ) {
    await this.apiKeys.revoke({ principal, requestId }, agencyId, keyId);
  }

  @Post(':keyId/rotate')
  @HttpCode(201)
  rotate(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('keyId', new ZodPipe(uuidParam)) keyId: string,
    @Body(new ZodPipe(rotateBody)) body: z.output<typeof rotateBody>,
  ) {
    return this.apiKeys.rotate({ principal, requestId }, agencyId, keyId, body.graceSeconds);
  }
}
