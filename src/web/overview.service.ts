import { Injectable } from '@nestjs/common';
import { AgenciesService } from '../agencies/agencies.service';
import { addDays, localDate, startOfLocalDay } from '../common/time-zones';
import { parseMoney } from '../database/money';
import { AutoReloadService } from '../auto-reload/auto-reload.service';
import { InsightsService } from '../auto-reload/insights/insights.service';
import { ReloadAttemptsService } from '../auto-reload/attempts/reload-attempts.service';
import { paymentMethodInWords, runwayInWords } from '../notifications/email-templates';
import { PaymentMethodsService } from '../payments/payment-methods.service';
import { WalletService } from '../wallet/wallet.service';
import { type ChartDay, balanceChart, colourIndexOf, spendChart } from './chart';
import { ConsoleChartsRepository } from './console-charts.repository';
import { displayMoney } from './views';
import { present } from '../common/present';

const CHART_DAYS = 30;

/** What the overview page shows, read through the same services as the API. */
@Injectable()
export class OverviewService {
  constructor(
    private readonly wallets: WalletService,
    private readonly insights: InsightsService,
    private readonly autoReload: AutoReloadService,
    private readonly attempts: ReloadAttemptsService,
    private readonly methods: PaymentMethodsService,
    private readonly agencies: AgenciesService,
    private readonly charts: ConsoleChartsRepository,
  ) {}

  async overview(agencyId: string, now = new Date()) {
    const [wallet, insights, policy, attempts, methods] = await Promise.all([
      this.wallets.getWallet(agencyId),
      this.insights.insights(agencyId, now),
      this.autoReload.getPolicy(agencyId),
      this.attempts.list(agencyId, { limit: 20 }),
      this.methods.list(agencyId),
    ]);
    const { row, ...view } = wallet;
    const currency = view.currency;
    const money = (value: string | null) => (value === null ? null : displayMoney(value, currency));
    const lastReload = attempts.data.find((attempt) => attempt.status === 'succeeded' || attempt.status === 'pending_clearance') ?? null;
    const defaultMethod = methods.data[0] ?? null;

    return {
      wallet: view,
      runway: insights.runwayHours === null ? null : runwayInWords(insights.runwayHours),
      avgDailySpend: money(insights.avgDailySpend7d),
      warnings: insights.warnings,
      lastReload: lastReload && {
        ...lastReload,
        method: lastReload.paymentMethod ? paymentMethodInWords(lastReload.paymentMethod) : null,
      },
      nextReload: nextReloadInWords(policy, view.available, insights.avgDailySpend7d, defaultMethod && paymentMethodInWords(defaultMethod), currency),
      chart: await this.chart(agencyId, row.id, row.timeZone, currency, now),
    };
  }

  private async chart(agencyId: string, walletId: string, timeZone: string, currency: string, now: Date) {
    const today = localDate(now, timeZone);
    const from = addDays(today, -(CHART_DAYS - 1));
    const [spend, balances, subteams] = await Promise.all([
      this.charts.dailySpend(agencyId, from, today),
      this.charts.closingBalances(walletId, startOfLocalDay(from, timeZone), timeZone),
      this.agencies.listSubteams(agencyId),
    ]);
    const named = subteams.data.map((subteam) => ({ id: subteam.id, name: subteam.name }));
    let balance = balances.opening ?? 0n;
    const days: ChartDay[] = [];
    for (let index = 0; index < CHART_DAYS; index++) {
      const day = addDays(from, index);
      balance = balances.days.get(day) ?? balance;
      days.push({
        day,
        balanceMicros: balance,
        spend: spend.filter((row) => row.day === day).map((row) => ({ subteamId: row.subteamId, micros: row.spentMicros })),
      });
    }
    const spentBy = new Map<string, bigint>();
    for (const row of spend) spentBy.set(row.subteamId, (spentBy.get(row.subteamId) ?? 0n) + row.spentMicros);
    return {
      balanceSvg: balanceChart(days, currency),
      spendSvg: spendChart(days, named, currency),
      legend: named
        .map((subteam, index) => ({ ...subteam, colourIndex: colourIndexOf(index), total: displayMoney(spentBy.get(subteam.id) ?? 0n, currency) }))
        .filter((subteam) => spentBy.has(subteam.id)),
      table: days.map((day) => ({
        day: day.day,
        balance: displayMoney(day.balanceMicros, currency),
        spend: displayMoney(
          day.spend.reduce((sum, part) => sum + part.micros, 0n),
          currency,
        ),
      })),
    };
  }
}

type PolicyView = Awaited<ReturnType<AutoReloadService['getPolicy']>>;

/** The reload the rules expect next, in a sentence. */
export function nextReloadInWords(policy: PolicyView, available: string, avgDailySpend: string, method: string | null, currency: string): string {
  const money = (value: string) => displayMoney(value, currency);
  if (!policy.enabled) return 'Auto-reload is off: no reload will happen by itself.';
  if (policy.suspended)
    return 'Auto-reload is suspended after declined payments: nothing is charged until you fix the payment method and save the settings again.';
  if (!method) return 'Auto-reload is on, but no payment method is saved: nothing can be charged.';
  const availableMicros = parseMoney(available);
  const thresholdMicros = parseMoney(policy.threshold);
  const amount =
    policy.mode === 'fixed'
      ? money(present(policy.amount, 'the amount of a fixed-mode policy'))
      : `enough to bring the balance to ${money(present(policy.targetBalance, 'the target of a top-up-mode policy'))}`;
  if (availableMicros < thresholdMicros)
    return `Available funds are below ${money(policy.threshold)}: a reload of ${amount} to the ${method} is due now.`;
  const daily = parseMoney(avgDailySpend);
  const pace = daily > 0n ? `; at the recent pace, in ${runwayInWords(Number(((availableMicros - thresholdMicros) * 24n) / daily))}` : '';
  return `When available funds drop below ${money(policy.threshold)}, ${amount} will be charged to the ${method}${pace}.`;
}
