import { DEFAULT_SUBTEAM_ALERT, type SubteamSpend } from './subteam-limit-alert.repository';
import { dueAlerts } from './subteam-limit-alert.service';

const spend = (overrides: Partial<SubteamSpend> = {}): SubteamSpend => ({
  subteamId: 'st-1',
  name: 'East',
  dailyLimitMicros: 100_000_000n,
  monthlyLimitMicros: null,
  spentTodayMicros: 0n,
  spentMonthMicros: 0n,
  settings: DEFAULT_SUBTEAM_ALERT,
  ...overrides,
});

describe('dueAlerts', () => {
  it('warns from the alert share of the limit, not before', () => {
    expect(dueAlerts(spend({ spentTodayMicros: 79_999_999n }), '2026-12-02')).toEqual([]);
    expect(dueAlerts(spend({ spentTodayMicros: 80_000_000n }), '2026-12-02')).toEqual([
      { window: 'daily', windowLabel: '2026-12-02', kind: 'warning', spentMicros: 80_000_000n, limitMicros: 100_000_000n },
    ]);
  });

  it('says reached, not warning, at or past the limit', () => {
    expect(dueAlerts(spend({ spentTodayMicros: 100_000_000n }), '2026-12-02').map((a) => a.kind)).toEqual(['reached']);
  });

  it('checks the monthly limit in its month, and nothing when the alert is off or the limit is zero', () => {
    const monthly = spend({ dailyLimitMicros: null, monthlyLimitMicros: 1_000_000_000n, spentMonthMicros: 950_000_000n });
    expect(dueAlerts(monthly, '2026-12-02')).toMatchObject([{ window: 'monthly', windowLabel: '2026-12', kind: 'warning' }]);
    expect(dueAlerts(spend({ spentTodayMicros: 100_000_000n, settings: { ...DEFAULT_SUBTEAM_ALERT, enabled: false } }), '2026-12-02')).toEqual([]);
    expect(dueAlerts(spend({ dailyLimitMicros: 0n }), '2026-12-02')).toEqual([]);
  });

  it('uses the subteam’s own share', () => {
    const at95 = { ...DEFAULT_SUBTEAM_ALERT, percent: 95 };
    expect(dueAlerts(spend({ spentTodayMicros: 90_000_000n, settings: at95 }), '2026-12-02')).toEqual([]);
    expect(dueAlerts(spend({ spentTodayMicros: 95_000_000n, settings: at95 }), '2026-12-02').map((a) => a.kind)).toEqual(['warning']);
  });
});
