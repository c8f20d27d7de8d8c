import { parseMoney } from '../../database/money';
import { type AutoReloadPolicy, type ReloadSituation, capWindows, decideReload, nothingToChargeWarning } from './reload-rules';

const M = parseMoney;
const NOW = new Date('2026-11-23T12:00:00Z');

function policy(overrides: Partial<AutoReloadPolicy> = {}): AutoReloadPolicy {
  return {
    agencyId: 'a',
    enabled: true,
    thresholdMicros: M('50.00'),
    mode: 'fixed',
    amountMicros: M('200.00'),
    targetBalanceMicros: null,
    dailyCapMicros: null,
    monthlyCapMicros: null,
    fallbackToBackupMethods: true,
    consecutiveFailures: 0,
    suspendedAt: null,
    suspendedReason: null,
    lastSkipKey: null,
    ...overrides,
  };
}

function situation(overrides: Partial<ReloadSituation> = {}): ReloadSituation {
  return {
    policy: policy(),
    availableMicros: M('49.99'),
    inFlight: false,
    hasPaymentMethod: true,
    reloadedLast24hMicros: 0n,
    reloadedThisMonthMicros: 0n,
    reloadsLast24h: 0,
    maxReloadsPerDay: 10,
    coolingDownUntil: null,
    maxReloadMicros: M('10000.00'),
    currency: 'USD',
    now: NOW,
    ...overrides,
  };
}

describe('decideReload', () => {
  it('reloads the fixed amount the moment available is strictly below the threshold', () => {
    expect(decideReload(situation())).toMatchObject({ reload: true, amountMicros: M('200.00') });
    expect(decideReload(situation({ availableMicros: M('50.00') }))).toMatchObject({
      reload: false,
      reason: 'above_threshold',
      explanation: 'available 50.00 ≥ threshold 50.00',
    });
  });

  it('tops up to the target, rounding up to a whole cent and never below 1.00', () => {
    const toTarget = policy({ mode: 'to_target', amountMicros: null, targetBalanceMicros: M('300.00') });
    expect(decideReload(situation({ policy: toTarget, availableMicros: M('49.994') }))).toMatchObject({ amountMicros: M('250.01') });
    const nearlyThere = policy({ mode: 'to_target', thresholdMicros: M('300.00'), targetBalanceMicros: M('300.00') });
    expect(decideReload(situation({ policy: nearlyThere, availableMicros: M('299.995') }))).toMatchObject({ amountMicros: M('1.00') });
    expect(decideReload(situation({ policy: toTarget, availableMicros: M('-20.00'), maxReloadMicros: M('100.00') }))).toMatchObject({
      amountMicros: M('100.00'),
    });
  });

  it('tops up to the target in what the wallet currency can charge: whole yen, hundredths of a dinar', () => {
    const toTarget = policy({ mode: 'to_target', amountMicros: null, targetBalanceMicros: M('3000') });
    expect(decideReload(situation({ policy: toTarget, availableMicros: M('49.5'), currency: 'JPY' }))).toMatchObject({ amountMicros: M('2951') });
    expect(decideReload(situation({ policy: toTarget, availableMicros: M('49.995'), currency: 'KWD' }))).toMatchObject({
      amountMicros: M('2950.01'),
    });
  });

  it('stops after AUTO_RELOAD_MAX_PER_DAY automatic reloads in 24 h when no daily cap is set', () => {
    expect(decideReload(situation({ reloadsLast24h: 9 }))).toMatchObject({ reload: true });
    expect(decideReload(situation({ reloadsLast24h: 10 }))).toMatchObject({
      reload: false,
      reason: 'reload_limit_reached',
      amountMicros: M('200.00'),
      explanation: '10 automatic reloads in the last 24 h, the most without a daily cap (10); next reload 200.00',
    });
    // A daily cap is the owner's own limit: it replaces the count.
    expect(decideReload(situation({ policy: policy({ dailyCapMicros: M('5000.00') }), reloadsLast24h: 12 }))).toMatchObject({ reload: true });
  });

  it('refuses a reload that would exceed the daily or monthly cap', () => {
    const capped = policy({ dailyCapMicros: M('300.00'), monthlyCapMicros: M('1000.00') });
    expect(decideReload(situation({ policy: capped, reloadedLast24hMicros: M('100.00') }))).toMatchObject({
      reload: true,
      dailyCapRemainingMicros: M('200.00'),
    });
    expect(decideReload(situation({ policy: capped, reloadedLast24hMicros: M('100.01') }))).toMatchObject({
      reload: false,
      reason: 'daily_cap_reached',
      explanation: 'daily cap 300.00 reached: 100.01 reloaded in the last 24 h, next reload 200.00',
    });
    expect(decideReload(situation({ policy: capped, reloadedThisMonthMicros: M('900.00') }))).toMatchObject({
      reason: 'monthly_cap_reached',
    });
  });

  it('says why it does nothing', () => {
    expect(decideReload(situation({ policy: policy({ enabled: false }) }))).toMatchObject({ reason: 'disabled' });
    expect(decideReload(situation({ policy: policy({ suspendedAt: NOW, suspendedReason: '3 failed attempts in a row' }) }))).toMatchObject({
      reason: 'suspended',
      explanation: 'auto-reload is suspended: 3 failed attempts in a row',
    });
    expect(decideReload(situation({ inFlight: true }))).toMatchObject({ reason: 'reload_in_flight' });
    expect(decideReload(situation({ coolingDownUntil: new Date(NOW.getTime() + 1000) }))).toMatchObject({ reason: 'cooling_down' });
    expect(decideReload(situation({ hasPaymentMethod: false }))).toMatchObject({ reason: 'no_payment_method' });
  });

  it('warns when auto-reload is on with nothing to charge, and only then', () => {
    expect(nothingToChargeWarning(policy(), false)).toMatch(/^Auto-reload is on, but no payment method is saved/);
    expect(nothingToChargeWarning(policy(), true)).toBeNull();
    expect(nothingToChargeWarning(policy({ enabled: false }), false)).toBeNull();
  });
});

describe('capWindows', () => {
  const NY = 'America/New_York';
  const at = (iso: string) => new Date(iso);

  it('counts the daily cap over the trailing 24 hours, whatever the zone', () => {
    expect(capWindows(at('2026-03-08T12:00:00Z'), NY).dailySince.toISOString()).toBe('2026-03-07T12:00:00.000Z');
  });

  it("counts the monthly cap from local midnight on the 1st, November's beginning on its daylight-saving change", () => {
    // 23:59 on October 31 in New York is already November in UTC: still October's window.
    expect(capWindows(at('2026-11-01T03:59:00Z'), NY)).toMatchObject({
      monthlySince: at('2026-10-01T04:00:00Z'),
      month: '2026-10',
      day: '2026-10-31',
    });
    expect(capWindows(at('2026-11-01T04:00:00Z'), NY)).toMatchObject({
      monthlySince: at('2026-11-01T04:00:00Z'),
      month: '2026-11',
      day: '2026-11-01',
    });
    // After the change (EST), the month still began at 04:00 UTC, under daylight time.
    expect(capWindows(at('2026-11-02T05:30:00Z'), NY)).toMatchObject({ monthlySince: at('2026-11-01T04:00:00Z'), day: '2026-11-02' });
    expect(capWindows(at('2026-03-08T06:00:00Z'), NY)).toMatchObject({ monthlySince: at('2026-03-01T05:00:00Z'), day: '2026-03-08' });
    expect(capWindows(at('2026-11-01T03:59:00Z'), 'UTC')).toMatchObject({ monthlySince: at('2026-11-01T00:00:00Z'), month: '2026-11' });
  });

  it('keys the once-a-day emails by the local day, which turns at local midnight on either change day', () => {
    expect(capWindows(at('2026-03-09T03:59:59Z'), NY).day).toBe('2026-03-08');
    expect(capWindows(at('2026-03-09T04:00:00Z'), NY).day).toBe('2026-03-09');
    expect(capWindows(at('2026-11-02T04:59:59Z'), NY).day).toBe('2026-11-01');
    expect(capWindows(at('2026-11-02T05:00:00Z'), NY).day).toBe('2026-11-02');
  });
});
