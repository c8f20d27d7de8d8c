import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ZodPipe, uuidParam } from '../common/validation';
import { ApiDoc } from '../openapi/api-doc';
import { list, moneyString, timestamp } from '../openapi/schemas';
import { AgenciesService } from './agencies.service';
import {
  agencySchema,
  createAgencyBody,
  createSubteamBody,
  subteamSchema,
  supportUserBody,
  updateAgencyBody,
  updateSubteamBody,
} from './agencies.schemas';
import { SupportUsersService } from '../auth/support-users.service';

const apiKeyOnce = z.string().meta({ description: 'The API key, shown this once: store it now' });
const spendWindow = { spent: moneyString, limit: moneyString.nullable(), remaining: moneyString.nullable() };
const subteamWithSpend = subteamSchema
  .extend({
    spend: z.strictObject({
      timeZone: z.string(),
      held: moneyString.meta({ description: 'Open holds, counted against both windows' }),
      today: z.strictObject({ date: z.iso.date(), ...spendWindow }),
      month: z.strictObject({ from: z.iso.date(), ...spendWindow }),
    }),
  })
  .meta({ id: 'SubteamWithSpend' });
const supportUserSchema = z
  .strictObject({ id: z.uuid(), email: z.string(), isAdmin: z.boolean(), createdAt: timestamp, disabledAt: timestamp.nullable() })
  .meta({ id: 'SupportUser' });
const principalSchema = z
  .strictObject({
    role: z.enum(['admin', 'owner', 'subteam', 'support']),
    id: z.string(),
    agencyId: z.uuid().optional(),
    subteamId: z.uuid().optional(),
    supportUserId: z.uuid().optional(),
    name: z.string().optional(),
  })
  .meta({ id: 'Principal' });

@Controller()
export class AgenciesController {
  constructor(
    private readonly agencies: AgenciesService,
    private readonly supportUsers: SupportUsersService,
  ) {}

  /** Who this key is: handy when wiring a call flow, and the cheapest authenticated route. */
  @Get('me')
  @ApiDoc({ tag: 'Agencies', summary: 'Who this API key is', responses: { 200: principalSchema } })
  @Roles('admin', 'owner', 'subteam', 'support')
  me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Post('agencies')
  @ApiDoc({
    tag: 'Agencies',
    summary: 'Create an agency with its wallet and first owner key',
    responses: { 201: agencySchema.extend({ apiKey: apiKeyOnce }) },
  })
  @Roles('admin')
  createAgency(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Body(new ZodPipe(createAgencyBody)) body: z.output<typeof createAgencyBody>,
  ) {
    return this.agencies.createAgency({ principal, requestId }, body);
  }

  @Post('support-users')
  @ApiDoc({
    tag: 'Support',
    summary: 'Create a support user and their key',
    errors: ['idempotency_conflict'],
    responses: { 201: z.strictObject({ id: z.uuid(), email: z.string(), apiKey: apiKeyOnce, createdAt: timestamp }) },
  })
  @Roles('admin')
  createSupportUser(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Body(new ZodPipe(supportUserBody)) body: z.output<typeof supportUserBody>,
  ) {
    return this.supportUsers.create({ principal, requestId }, body.email);
  }

  @Get('support-users')
  @ApiDoc({ tag: 'Support', summary: 'List support users', responses: { 200: list(supportUserSchema) } })
  @Roles('admin')
  listSupportUsers() {
    return this.supportUsers.list();
  }

  @Delete('support-users/:supportUserId')
  @ApiDoc({ tag: 'Support', summary: 'Disable a support user: their keys stop working at once', responses: { 204: null } })
  @Roles('admin')
  @HttpCode(204)
  async disableSupportUser(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('supportUserId', new ZodPipe(uuidParam)) supportUserId: string,
  ) {
    await this.supportUsers.disable({ principal, requestId }, supportUserId);
  }

  @Get('agencies/:agencyId')
  @ApiDoc({ tag: 'Agencies', summary: 'An agency', responses: { 200: agencySchema } })
  @Roles('owner', 'admin', 'support')
  getAgency(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.agencies.getAgency(agencyId);
  }

  @Patch('agencies/:agencyId')
  @ApiDoc({
    tag: 'Agencies',
    summary: 'Change an agency (name, billing emails, pause, overrun allowance, time zone)',
    responses: { 200: agencySchema },
  })
  @Roles('owner', 'admin')
  updateAgency(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(updateAgencyBody)) body: z.output<typeof updateAgencyBody>,
  ) {
    return this.agencies.updateAgency({ principal, requestId }, agencyId, body);
  }

  @Post('agencies/:agencyId/subteams')
  @ApiDoc({ tag: 'Subteams', summary: 'Create a subteam and its first key', responses: { 201: subteamSchema.extend({ apiKey: apiKeyOnce }) } })
  @Roles('owner', 'admin')
  @HttpCode(201)
  createSubteam(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(createSubteamBody)) body: z.output<typeof createSubteamBody>,
  ) {
    return this.agencies.createSubteam({ principal, requestId }, agencyId, body);
  }

  @Get('agencies/:agencyId/subteams')
  @ApiDoc({
    tag: 'Subteams',
    summary: "An agency's subteams, with their spend today and this month against their limits",
    responses: { 200: list(subteamWithSpend) },
  })
  @Roles('owner', 'admin', 'support')
  listSubteams(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.agencies.listSubteams(agencyId);
  }

  @Patch('agencies/:agencyId/subteams/:subteamId')
  @ApiDoc({ tag: 'Subteams', summary: 'Change a subteam (name, pause, spend limits)', responses: { 200: subteamSchema } })
  @Roles('owner', 'admin')
  updateSubteam(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('subteamId', new ZodPipe(uuidParam)) subteamId: string,
    @Body(new ZodPipe(updateSubteamBody)) body: z.output<typeof updateSubteamBody>,
  ) {
    return this.agencies.updateSubteam({ principal, requestId }, agencyId, subteamId, body);
  }
}
