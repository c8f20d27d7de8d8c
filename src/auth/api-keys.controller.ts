import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from './auth.decorators';
import type { Principal } from './principal';
import { ZodPipe, uuidParam } from '../common/validation';
import { ApiDoc } from '../openapi/api-doc';
import { list, timestamp } from '../openapi/schemas';
import { ApiKeysService } from './api-keys.service';

const apiKeySchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    scope: z.enum(['owner', 'subteam']),
    subteamId: z.uuid().nullable(),
    prefix: z.string().meta({ description: 'The first characters of the key, to recognise it' }),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    expiresAt: timestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });
const issuedKeySchema = apiKeySchema
  .extend({ apiKey: z.string().meta({ description: 'The API key, shown this once: store it now' }) })
  .meta({ id: 'IssuedApiKey' });

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
  @ApiDoc({ tag: 'API keys', summary: "An agency's API keys (never the keys themselves)", responses: { 200: list(apiKeySchema) } })
  list(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.apiKeys.list(agencyId);
  }

  @Post()
  @ApiDoc({ tag: 'API keys', summary: 'Issue an owner or subteam key', responses: { 201: issuedKeySchema } })
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
  @ApiDoc({ tag: 'API keys', summary: 'Revoke a key: it stops working at once', responses: { 204: null } })
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
  @ApiDoc({
    tag: 'API keys',
    summary: 'Rotate a key: a new key now, the old one works for `graceSeconds` more',
    errors: ['api_key_rotated'],
    responses: { 201: issuedKeySchema },
  })
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
