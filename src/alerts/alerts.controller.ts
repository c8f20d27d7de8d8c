import { Body, Controller, Param, Put } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ZodPipe, uuidParam } from '../common/validation';
import { AgencyLimit } from '../auth/rate-limit/agency-limits';
import { LowBalanceAlertService } from './low-balance-alert.service';
import { ApiDoc } from '../openapi/api-doc';
import { lowBalanceAlertSchema } from '../auto-reload/auto-reload.schemas';
import { lowBalanceAlertBody } from './alerts.schemas';

@Controller('agencies/:agencyId/billing-settings')
export class AlertsController {
  constructor(private readonly alerts: LowBalanceAlertService) {}

  @Put('low-balance-alert')
  @ApiDoc({ tag: 'Billing settings', summary: 'Set the low-balance alert', responses: { 200: lowBalanceAlertSchema } })
  @Roles('owner', 'admin')
  @AgencyLimit('emails')
  updateLowBalanceAlert(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(lowBalanceAlertBody)) body: z.output<typeof lowBalanceAlertBody>,
  ) {
    return this.alerts.updateSettings({ principal, requestId }, agencyId, {
      enabled: body.enabled,
      thresholdMicros: body.threshold,
    });
  }
}
