import { localDate, monthStart, startOfLocalDay } from '../../common/time-zones';
import { formatMoney, maxMicros, minMicros, type Micros } from '../../database/money';
import { ceilToChargeable, currencyUnits } from '../../payments/currencies';

export const MIN_RELOAD_MICROS = 1_000_000n;

export interface AutoReloadPolicy {
  agencyId: string;
  enabled: boolean;
  thresholdMicros: Micros;
  mode: 'fixed' | 'to_target';
  amountMicros: Micros | null;
  targetBalanceMicros: Micros | null;
  dailyCapMicros: Micros | null;
  monthlyCapMicros: Micros | null;
  fallbackToBackupMethods: boolean;
  consecutiveFailures: number;
  suspendedAt: Date | null;
  suspendedReason: string | null;
  lastSkipKey: string | null;
}

export type SkipReason =
  | 'disabled'
  | 'suspended'
  | 'above_threshold'
  | 'reload_in_flight'
  | 'cooling_down'
  | 'daily_cap_reached'
  | 'monthly_cap_reached'
  | 'reload_limit_reached'
  | 'no_payment_method'
  | 'nothing_to_reload';

export interface ReloadSituation {
  policy: AutoReloadPolicy;
  availableMicros: Micros;
  inFlight: boolean;
  hasPaymentMethod: boolean;
  /** Automatic reloads succeeded or in flight in the trailing 24 hours / the agency's local calendar month. */
  reloadedLast24hMicros: Micros;
  reloadedThisMonthMicros: Micros;
  /** How many of those in the trailing 24 hours. */
  reloadsLast24h: number;
  /** Without a daily cap, at most this many automatic reloads per trailing 24 hours (AUTO_RELOAD_MAX_PER_DAY). */
  maxReloadsPerDay: number;
  coolingDownUntil: Date | null;
  maxReloadMicros: Micros;
  /** The wallet's currency: a reload is a whole number of what Stripe can charge in it. */
  currency: string;
  now: Date;
}

/**
 * The windows the caps count in, and the keys of their once-per-window emails. The daily cap is
 * a trailing 24 hours (SPEC), so it needs no calendar; its email goes once per local day. The
 * monthly cap is the agency's local calendar month: from local midnight on the 1st.
 */
export interface CapWindows {
  dailySince: Date;
  monthlySince: Date;
  /** The agency's local day ('YYYY-MM-DD') and month ('YYYY-MM'). */
  day: string;
  month: string;
}

export function capWindows(now: Date, timeZone: string): CapWindows {
  const day = localDate(now, timeZone);
  return {
    dailySince: new Date(now.getTime() - 24 * 3600 * 1000),
    monthlySince: startOfLocalDay(monthStart(day), timeZone),
    day,
    month: day.slice(0, 7),
  };
}

export type ReloadDecision =
  | { reload: true; amountMicros: Micros; explanation: string; dailyCapRemainingMicros: Micros | null }
  | { reload: false; reason: SkipReason; amountMicros: Micros | null; explanation: string; dailyCapRemainingMicros: Micros | null };

/**
 * Whether auto-reload should charge now, and how much, with the reason in words. Guard clauses in
 * the order a person would check them; caps refuse, they do not just report.
 */
export function decideReload(s: ReloadSituation): ReloadDecision {
  const { policy } = s;
  const dailyCapRemainingMicros = policy.dailyCapMicros === null ? null : maxMicros(policy.dailyCapMicros - s.reloadedLast24hMicros, 0n);
  const skip = (reason: SkipReason, explanation: string, amountMicros: Micros | null = null): ReloadDecision => ({
    reload: false,
    reason,
    amountMicros,
    explanation,
    dailyCapRemainingMicros,
  });

  if (!policy.enabled) return skip('disabled', 'auto-reload is off');
  if (policy.suspendedAt) return skip('suspended', `auto-reload is suspended: ${policy.suspendedReason ?? 'repeated failures'}`);
  if (s.availableMicros >= policy.thresholdMicros) {
    return skip('above_threshold', `available ${formatMoney(s.availableMicros)} ≥ threshold ${formatMoney(policy.thresholdMicros)}`);
  }
  if (s.inFlight) return skip('reload_in_flight', 'a reload is already in flight');
  if (s.coolingDownUntil && s.coolingDownUntil > s.now) {
    return skip('cooling_down', `the last reload failed; next try after ${s.coolingDownUntil.toISOString()}`);
  }
  const amount = reloadAmount(policy, s.availableMicros, s.maxReloadMicros, s.currency);
  if (amount === null) return skip('nothing_to_reload', 'available is already at the target balance');
  if (policy.dailyCapMicros !== null && s.reloadedLast24hMicros + amount > policy.dailyCapMicros) {
    return skip(
      'daily_cap_reached',
      `daily cap ${formatMoney(policy.dailyCapMicros)} reached: ${formatMoney(s.reloadedLast24hMicros)} reloaded in the last 24 h, next reload ${formatMoney(amount)}`,
      amount,
    );
  }
  if (policy.monthlyCapMicros !== null && s.reloadedThisMonthMicros + amount > policy.monthlyCapMicros) {
    return skip(
      'monthly_cap_reached',
      `monthly cap ${formatMoney(policy.monthlyCapMicros)} reached: ${formatMoney(s.reloadedThisMonthMicros)} reloaded this month, next reload ${formatMoney(amount)}`,
      amount,
    );
  }
  // A wallet spending faster than its reloads fund it would otherwise be charged again and again.
  if (policy.dailyCapMicros === null && s.reloadsLast24h >= s.maxReloadsPerDay) {
    return skip(
      'reload_limit_reached',
      `${s.reloadsLast24h} automatic reloads in the last 24 h, the most without a daily cap (${s.maxReloadsPerDay}); next reload ${formatMoney(amount)}`,
      amount,
    );
  }
  if (!s.hasPaymentMethod) return skip('no_payment_method', 'no saved payment method to charge', amount);
  return {
    reload: true,
    amountMicros: amount,
    explanation: `available ${formatMoney(s.availableMicros)} < threshold ${formatMoney(policy.thresholdMicros)}: reload ${formatMoney(amount)}`,
    dailyCapRemainingMicros,
  };
}

/**
 * "On, but nothing to charge": the one warning the dry run and the insights both give, so an
 * owner who turned auto-reload on without a payment method sees it before the wallet runs low.
 */
export function nothingToChargeWarning(policy: Pick<AutoReloadPolicy, 'enabled'>, hasPaymentMethod: boolean): string | null {
  if (!policy.enabled || hasPaymentMethod) return null;
  return 'Auto-reload is on, but no payment method is saved: nothing can be charged when the wallet runs low. Add one on the payment methods page.';
}

/**
 * Fixed: the configured amount. To target: what brings available up to the target, rounded up to
 * what the currency can charge (a cent, a whole yen), so what is charged is what is credited.
 */
export function reloadAmount(policy: AutoReloadPolicy, availableMicros: Micros, maxReloadMicros: Micros, currency = 'USD'): Micros | null {
  if (policy.mode === 'fixed') return policy.amountMicros;
  // A target is required in this mode (the settings refuse one without): no target, nothing to reload.
  if (policy.targetBalanceMicros === null) return null;
  const missing = policy.targetBalanceMicros - availableMicros;
  if (missing <= 0n) return null;
  const largest = maxReloadMicros - (maxReloadMicros % currencyUnits(currency).chargeMicros);
  return minMicros(maxMicros(ceilToChargeable(missing, currency), MIN_RELOAD_MICROS), largest);
}
