import { localDayOf } from '../../src/common/time-zones';
import type { SubteamState, WalletState } from '../../src/wallet/ledger-batch';

/** The in-memory states the ledger arithmetic works on, for unit specs: one subteam, no holds. */
export const STATE_NOW = new Date('2026-11-23T12:00:00Z');

export function subteamState(overrides: Partial<SubteamState> = {}): SubteamState {
  return {
    agencyId: 'agency',
    paused: false,
    dailyLimitMicros: null,
    monthlyLimitMicros: null,
    spentTodayMicros: 0n,
    spentThisMonthMicros: 0n,
    openHeldMicros: 0n,
    ...overrides,
  };
}

export function walletState(overrides: Partial<WalletState> = {}): WalletState {
  return {
    walletId: 'wallet',
    agencyId: 'agency',
    agencyPaused: false,
    maxCallOverrunMicros: 5_000_000n,
    balanceMicros: 0n,
    heldMicros: 0n,
    now: STATE_NOW,
    localDay: localDayOf(overrides.now ?? STATE_NOW, 'UTC'),
    subteams: new Map([['s1', subteamState()]]),
    holds: new Map(),
    usage: new Map(),
    ...overrides,
  };
}
