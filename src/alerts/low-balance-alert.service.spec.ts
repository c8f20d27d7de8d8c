import { pendingTransitions, runwayHours } from './low-balance-alert.service';

const alert = (overrides: Partial<{ enabled: boolean; thresholdMicros: bigint; armed: boolean; depletedNotified: boolean }> = {}) => ({
  enabled: true,
  thresholdMicros: 50_000_000n,
  armed: true,
  depletedNotified: false,
  ...overrides,
});

describe('pendingTransitions', () => {
  it('fires an armed alert strictly below the threshold only', () => {
    expect(pendingTransitions({ availableMicros: 49_990_000n, alert: alert() }).fireLowBalance).toBe(true);
    expect(pendingTransitions({ availableMicros: 50_000_000n, alert: alert() }).fireLowBalance).toBe(false);
    expect(pendingTransitions({ availableMicros: 1n, alert: alert({ armed: false }) }).fireLowBalance).toBe(false);
    expect(pendingTransitions({ availableMicros: 1n, alert: alert({ enabled: false }) }).fireLowBalance).toBe(false);
  });

  it('re-arms at or above the threshold', () => {
    expect(pendingTransitions({ availableMicros: 50_000_000n, alert: alert({ armed: false }) }).rearmLowBalance).toBe(true);
    expect(pendingTransitions({ availableMicros: 49_999_999n, alert: alert({ armed: false }) }).rearmLowBalance).toBe(false);
  });

  it('tells a depletion once, whether or not the alert is on, and resets once funds are back', () => {
    expect(pendingTransitions({ availableMicros: 0n, alert: null })).toEqual({
      fireLowBalance: false,
      rearmLowBalance: false,
      fireDepleted: true,
      resetDepleted: false,
    });
    expect(pendingTransitions({ availableMicros: -5n, alert: alert({ depletedNotified: true, armed: false }) }).fireDepleted).toBe(false);
    expect(pendingTransitions({ availableMicros: 1n, alert: alert({ depletedNotified: true, armed: false }) }).resetDepleted).toBe(true);
  });

  it('has nothing to do for a healthy wallet without an alert', () => {
    expect(Object.values(pendingTransitions({ availableMicros: 10n, alert: null })).some(Boolean)).toBe(false);
  });
});

describe('runwayHours', () => {
  it('extrapolates the recent pace of spending', () => {
    // $84 spent over 7 days is $0.50 an hour: $45 lasts 90 hours.
    expect(runwayHours(45_000_000n, 84_000_000n, 7n * 24n * 3600n)).toBe(90);
  });

  it('is unknown without spending, zero when nothing is left', () => {
    expect(runwayHours(45_000_000n, 0n, 3600n)).toBeNull();
    expect(runwayHours(0n, 10_000_000n, 3600n)).toBe(0);
  });

  it('does not extrapolate from a window shorter than an hour', () => {
    // $1 spent in the first minute of the day reads as $1 an hour, not $60.
    expect(runwayHours(10_000_000n, 1_000_000n, 60n)).toBe(10);
  });
});
