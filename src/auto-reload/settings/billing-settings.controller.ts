import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { ZodPipe, uuidParam } from '../../common/validation';
import { AgencyLimit } from '../../auth/rate-limit/agency-limits';
import { LowBalanceAlertService } from '../../alerts/low-balance-alert.service';
import { ReloadEvaluationService } from '../evaluation/reload-evaluation.service';
import { AutoReloadSettingsService } from './auto-reload-settings.service';
import { InsightsService } from '../insights/insights.service';
import { ApiDoc } from '../../openapi/api-doc';
import { autoReloadFields, autoReloadPatchFields, billingSettingsSchema, dryRunSchema, insightsSchema, policySchema } from '../auto-reload.schemas';

const autoReloadBody = z.strictObject({
  enabled: autoReloadFields.enabled,
  threshold: autoReloadFields.threshold,
  mode: autoReloadFields.mode.default('fixed'),
  amount: autoReloadFields.amount.optional(),
  targetBalance: autoReloadFields.targetBalance.optional(),
  dailyCap: autoReloadFields.dailyCap.optional(),
  monthlyCap: autoReloadFields.monthlyCap.optional(),
  fallbackToBackupMethods: autoReloadFields.fallbackToBackupMethods.optional(),
});

const autoReloadPatch = autoReloadPatchFields.refine(
  (body) => Object.values(body).some((value) => value !== undefined),
  'send at least one field to change',
);

@Controller('agencies/:agencyId')
@Roles('owner', 'admin')
export class BillingSettingsController {
  constructor(
    private readonly settings: AutoReloadSettingsService,
    private readonly evaluation: ReloadEvaluationService,
    private readonly alerts: LowBalanceAlertService,
    private readonly insights: InsightsService,
  ) {}

  /** Average spend, runway and suggested settings, with warnings in plain words. */
  @Get('wallet/insights')
  @ApiDoc({ tag: 'Wallet', summary: 'Average spend, runway and suggested settings', responses: { 200: insightsSchema } })
  @Roles('owner', 'admin', 'support')
  walletInsights(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.insights.insights(agencyId);
  }

  @Get('billing-settings')
  @ApiDoc({ tag: 'Billing settings', summary: 'Auto-reload policy and low-balance alert', responses: { 200: billingSettingsSchema } })
  @Roles('owner', 'admin', 'support')
  async get(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    const [autoReload, lowBalanceAlert] = await Promise.all([this.settings.getPolicy(agencyId), this.alerts.getSettings(agencyId)]);
    return { autoReload, lowBalanceAlert };
  }

  @Put('billing-settings/auto-reload')
  @ApiDoc({ tag: 'Billing settings', summary: 'Set the whole auto-reload policy', responses: { 200: policySchema } })
  @AgencyLimit('emails')
  saveAutoReload(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(autoReloadBody)) body: z.output<typeof autoReloadBody>,
  ) {
    return this.settings.savePolicy({ principal, requestId }, agencyId, {
      enabled: body.enabled,
      thresholdMicros: body.threshold,
      mode: body.mode,
      amountMicros: body.amount,
      targetBalanceMicros: body.targetBalance,
      dailyCapMicros: body.dailyCap,
      monthlyCapMicros: body.monthlyCap,
      fallbackToBackupMethods: body.fallbackToBackupMethods,
    });
  }

  /** Only the fields sent change; `null` clears a cap. The merged policy is checked as a PUT of it would be. */
  @Patch('billing-settings/auto-reload')
  @ApiDoc({ tag: 'Billing settings', summary: 'Change some auto-reload fields (`null` clears a cap)', responses: { 200: policySchema } })
  @AgencyLimit('emails')
  patchAutoReload(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(autoReloadPatch)) body: z.output<typeof autoReloadPatch>,
  ) {
    return this.settings.patchPolicy({ principal, requestId }, agencyId, {
      enabled: body.enabled,
      thresholdMicros: body.threshold,
      mode: body.mode,
      amountMicros: body.amount,
      targetBalanceMicros: body.targetBalance,
      dailyCapMicros: body.dailyCap,
      monthlyCapMicros: body.monthlyCap,
      fallbackToBackupMethods: body.fallbackToBackupMethods,
    });
  }

  /** A dry run: what a trigger would do now. Charges nothing and records nothing. */
  @Post('auto-reload/test')
  @ApiDoc({ tag: 'Billing settings', summary: 'Dry run: what a reload trigger would do now (charges nothing)', responses: { 200: dryRunSchema } })
  @HttpCode(200)
  test(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.evaluation.dryRun(agencyId);
  }
}
