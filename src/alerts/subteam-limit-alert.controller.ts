import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ZodPipe, uuidParam } from '../common/validation';
import { ApiDoc } from '../openapi/api-doc';
import { SubteamLimitAlertService } from './subteam-limit-alert.service';

const alertBody = z.strictObject({
  enabled: z.boolean().optional(),
  percent: z.number().int('must be a whole percent').min(1).max(99).optional(),
  sms: z.boolean().optional(),
  contactEmail: z.email({ message: 'must be an email address' }).max(320).nullable().optional(),
});

const alertSchema = z
  .strictObject({ enabled: z.boolean(), percent: z.number().int(), sms: z.boolean(), contactEmail: z.string().nullable() })
  .meta({ id: 'SubteamLimitAlert' });

/** A subteam's limit alert: on at 80% unless changed; only the fields sent change. */
@Controller('agencies/:agencyId/subteams/:subteamId/limit-alert')
export class SubteamLimitAlertController {
  constructor(private readonly alerts: SubteamLimitAlertService) {}

  @Get()
  @ApiDoc({ tag: 'Subteams', summary: "A subteam's limit alert", responses: { 200: alertSchema } })
  @Roles('owner', 'admin', 'support')
  get(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string, @Param('subteamId', new ZodPipe(uuidParam)) subteamId: string) {
    return this.alerts.getSettings(agencyId, subteamId);
  }

  @Patch()
  @ApiDoc({ tag: 'Subteams', summary: "Change a subteam's limit alert (only the fields sent)", responses: { 200: alertSchema } })
  @Roles('owner', 'admin')
  update(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Param('subteamId', new ZodPipe(uuidParam)) subteamId: string,
    @Body(new ZodPipe(alertBody)) body: z.output<typeof alertBody>,
  ) {
    return this.alerts.updateSettings({ principal, requestId }, agencyId, subteamId, body);
  }
}
