import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ZodPipe, money, uuidParam } from '../common/validation';
import { LowBalanceAlertService } from '../alerts/low-balance-alert.service';
import { AutoReloadService } from './auto-reload.service';
import { InsightsService } from './insights.service';

const autoReloadBody = z.strictObject({
  enabled: z.boolean(),
  threshold: money(),
  mode: z.enum(['fixed', 'to_target']).default('fixed'),
  amount: money({ nonZero: true, wholeCents: true }).optional(),
  targetBalance: money({ nonZero: true }).optional(),
  dailyCap: money({ nonZero: true, wholeCents: true }).nullable().optional(),
  monthlyCap: money({ nonZero: true, wholeCents: true }).nullable().optional(),
  fallbackToBackupMethods: z.boolean().optional(),
});

@Controller('agencies/:agencyId')
@Roles('owner', 'admin')
export class BillingSettingsController {
  constructor(
    private readonly autoReload: AutoReloadService,
    private readonly alerts: LowBalanceAlertService,
    private readonly insights: InsightsService,
  ) {}

  /** Average spend, runway and suggested settings, with warnings in plain words. */
  @Get('wallet/insights')
  @Roles('owner', 'admin', 'support')
  walletInsights(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.insights.insights(agencyId);
  }

  @Get('billing-settings')
  @Roles('owner', 'admin', 'support')
  async get(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    const [autoReload, lowBalanceAlert] = await Promise.all([this.autoReload.getPolicy(agencyId), this.alerts.getSettings(agencyId)]);
    return { autoReload, lowBalanceAlert };
  }

  @Put('billing-settings/auto-reload')
  saveAutoReload(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(autoReloadBody)) body: z.output<typeof autoReloadBody>,
  ) {
    return this.autoReload.savePolicy({ principal, requestId }, agencyId, {
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
  @HttpCode(200)
  test(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.autoReload.dryRun(agencyId);
  }
}
