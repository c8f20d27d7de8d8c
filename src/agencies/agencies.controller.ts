import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { canonicalTimeZone } from '../common/time-zones';
import { ZodPipe, money, uuidParam } from '../common/validation';
import { AgenciesService } from './agencies.service';

const name = z.string().trim().min(1, 'must not be empty').max(200);
const email = z.email({ message: 'must be an email address' }).max(320);
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"')
  .refine((code) => Intl.supportedValuesOf('currency').includes(code), 'must be a known ISO 4217 currency');
/** An IANA time zone name, stored in its canonical spelling ("america/new_york" → "America/New_York"). */
const timeZone = z.string().transform((value, ctx) => {
  const canonical = canonicalTimeZone(value);
  if (canonical) return canonical;
  ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone name such as "America/New_York" or "UTC"' });
  return z.NEVER;
});
const limit = money().nullable().optional();
/** An agency may let calls overrun their holds by at most this much (`"0"` refuses any overrun). */
const MAX_CALL_OVERRUN_MICROS = 1_000_000_000n;

const createAgencyBody = z.strictObject({ name, ownerEmail: email, currency: currency.default('USD'), timeZone: timeZone.optional() });
const updateAgencyBody = z.strictObject({
  name: name.optional(),
  billingEmails: z.array(email).max(20).optional(),
  paused: z.boolean().optional(),
  maxCallOverrun: money({ max: MAX_CALL_OVERRUN_MICROS }).optional(),
  timeZone: timeZone.optional(),
});
export const createSubteamBody = z.strictObject({ name, dailySpendLimit: limit, monthlySpendLimit: limit });
export const updateSubteamBody = z.strictObject({
  name: name.optional(),
  paused: z.boolean().optional(),
  dailySpendLimit: limit,
  monthlySpendLimit: limit,
});
const supportUserBody = z.strictObject({ email });

@Controller()
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  /** Who this key is: handy when wiring a call flow, and the cheapest authenticated route. */
  @Get('me')
  @Roles('admin', 'owner', 'subteam', 'support')
  me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Post('agencies')
  @Roles('admin')
  createAgency(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Body(new ZodPipe(createAgencyBody)) body: z.output<typeof createAgencyBody>,
  ) {
    return this.agencies.createAgency({ principal, requestId }, body);
  }

  @Post('support-users')
  @Roles('admin')
  createSupportUser(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Body(new ZodPipe(supportUserBody)) body: z.output<typeof supportUserBody>,
  ) {
    return this.agencies.createSupportUser({ principal, requestId }, body.email);
  }

  @Get('support-users')
  @Roles('admin')
  listSupportUsers() {
    return this.agencies.listSupportUsers();
  }

  @Delete('support-users/:supportUserId')
  @Roles('admin')
  @HttpCode(204)
  async disableSupportUser(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('supportUserId', new ZodPipe(uuidParam)) supportUserId: string,
  ) {
    await this.agencies.disableSupportUser({ principal, requestId }, supportUserId);
  }

  @Get('agencies/:agencyId')
  @Roles('owner', 'admin', 'support')
  getAgency(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.agencies.getAgency(agencyId);
  }

  @Patch('agencies/:agencyId')
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
  @Roles('owner', 'admin', 'support')
  listSubteams(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.agencies.listSubteams(agencyId);
  }

  @Patch('agencies/:agencyId/subteams/:subteamId')
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
