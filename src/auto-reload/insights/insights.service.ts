import { Inject, Injectable } from '@nestjs/common';
import { LowBalanceAlertService } from '../../alerts/low-balance-alert.service';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { SubteamSchema } from '../../agencies/agency.entity';
import { Database, sql } from '../../database/database';
import type { Tables } from '../../database/tables';
import type { SubteamDailySpendSchema } from '../../wallet/wallet.entity';
import { ceilToCent, formatMoney, maxMicros, minMicros, type Micros } from '../../database/money';
import { addDays, localDate } from '../../common/time-zones';
import { ceilToChargeable } from '../../payments/currencies';
import { PaymentMethodLookupService } from '../../payments/payment-method-lookup.service';
import { WalletService } from '../../wallet/wallet.service';
import { ReloadAttemptsRepository } from '../attempts/reload-attempts.repository';
import { AutoReloadPoliciesRepository } from '../settings/auto-reload-policies.repository';
import { MIN_RELOAD_MICROS, nothingToChargeWarning } from '../evaluation/reload-rules';
import { cardExpiry } from '../../payments/card-expiry';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Advice drawn from the wallet's own history, as the seed guides give it: alert at twice the
 * average daily spend, reload enough to cover several days, keep cards current.
 */
@Injectable()
export class InsightsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly wallets: WalletService,
    private readonly attempts: ReloadAttemptsRepository,
    private readonly policies: AutoReloadPoliciesRepository,
    private readonly methods: PaymentMethodLookupService,
    private readonly alerts: LowBalanceAlertService,
  ) {}

  async insights(agencyId: string, now = new Date()) {
    const wallet = await this.wallets.getWallet(agencyId);
    const available = wallet.row.balanceMicros - wallet.row.heldMicros;
    const today = localDate(now, wallet.row.timeZone);
    const [spend7d, spend30d, policy, methods, alert, reloads] = await Promise.all([
      this.spentSince(agencyId, 7, today),
      this.spentSince(agencyId, 30, today),
      this.policies.policy(agencyId),
      this.methods.list(agencyId),
      this.alerts.getSettings(agencyId),
      this.attempts.automaticReloadsSince(agencyId, new Date(now.getTime() - DAY_MS)),
    ]);
    const avg7d = spend7d / 7n;
    const avg30d = spend30d / 30n;
    const suggestedThreshold = ceilToCent(2n * avg7d);
    // A suggestion the owner can save as is: an amount the wallet's currency can charge.
    const suggestedReload = minMicros(
      maxMicros(ceilToChargeable(7n * avg7d, wallet.row.currency), MIN_RELOAD_MICROS),
      this.config.money.maxReloadMicros,
    );

    const warnings: string[] = [];
    if (!policy.enabled) warnings.push('Auto-reload is off: calls stop for every subteam when the wallet runs out.');
    if (policy.suspendedAt) warnings.push(`Auto-reload is suspended (${policy.suspendedReason}); add or reorder a payment method, or re-enable it.`);
    const nothingToCharge = nothingToChargeWarning(policy, methods.length > 0);
    if (nothingToCharge) warnings.push(nothingToCharge);
    else if (!methods.length) warnings.push('No payment method is saved: nothing can be charged.');
    for (const method of methods) {
      const expiry = cardExpiry(method, today);
      if (expiry && expiry.daysLeft < 30) {
        warnings.push(`The ${method.brand ?? 'card'} ending ${method.last4} expires ${method.expMonth}/${method.expYear}: update it before then.`);
      }
    }
    if (policy.enabled && avg7d > 0n && policy.mode === 'fixed' && policy.amountMicros !== null && policy.amountMicros < avg7d) {
      warnings.push(
        `The reload amount ${formatMoney(policy.amountMicros)} is below one day's average spend (${formatMoney(avg7d)}): expect several charges a day; consider ${formatMoney(suggestedReload)}.`,
      );
    }
    if (policy.enabled && avg7d > 0n && policy.thresholdMicros < avg7d) {
      warnings.push(
        `The reload threshold ${formatMoney(policy.thresholdMicros)} is below one day's average spend: a busy hour may drain the wallet before a reload clears.`,
      );
    }
    if (!alert.enabled) {
      warnings.push(
        avg7d > 0n
          ? `No low-balance alert is set; ${formatMoney(suggestedThreshold)} ${wallet.row.currency.toUpperCase()} (twice the daily average) is a safe start.`
          : 'No low-balance alert is set: an email when the balance runs low leaves time to top up.',
      );
    }
    if (reloads >= 3) warnings.push(`${reloads} reloads in the last 24 hours: a larger reload amount means fewer charges.`);

    return {
      avgDailySpend7d: formatMoney(avg7d),
      avgDailySpend30d: formatMoney(avg30d),
      runwayHours: avg7d > 0n ? Number((maxMicros(available, 0n) * 24n) / avg7d) : null,
      suggestedThreshold: formatMoney(suggestedThreshold),
      suggestedReloadAmount: formatMoney(suggestedReload),
      reloadsLast24h: reloads,
      warnings,
    };
  }

  /** Spend over the agency's last `days` local days, today included, from the subteams' daily counters (read only). */
  private async spentSince(agencyId: string, days: number, today: string): Promise<Micros> {
    const from = addDays(today, -(days - 1));
    const row = await this.db
      .kysely<Tables<typeof SubteamDailySpendSchema | typeof SubteamSchema>>()
      .selectFrom('subteam_daily_spend as d')
      .innerJoin('subteams as s', 's.id', 'd.subteam_id')
      // sum() of bigint is numeric in PostgreSQL: cast back so it arrives as a bigint.
      .select(sql<bigint>`coalesce(sum(d.spent_micros), 0)::bigint`.as('total'))
      .where('s.agency_id', '=', agencyId)
      .where('d.day', '>=', from)
      .where('d.day', '<=', today)
      .executeTakeFirst();
    return row?.total ?? 0n;
  }
}
