import { localDayOf } from '../common/time-zones';
import { parseMoney } from '../database/money';
import { STATE_NOW, walletState } from '../../test/support/ledger-state';
import { type HoldRecord, type LedgerOp, type WalletState, applyLedgerOps } from './ledger-batch';
import { KnownWallets } from './known-wallets';

const NOW = STATE_NOW;
const M = (amount: string) => parseMoney(amount);
let ids = 0;
const newId = () => `id-${++ids}`;

/** The state a locked batch reads: what the database holds for the batch's calls and subteams. */
const readState = (overrides: Partial<WalletState> = {}) => walletState({ walletId: 'w1', balanceMicros: M('10.00'), ...overrides });

const authorize = (callId: string, amount = '1.00'): LedgerOp => ({
  kind: 'authorize',
  subteamId: 's1',
  callId,
  amountMicros: M(amount),
  expiresAt: new Date(NOW.getTime() + 3_600_000),
});
const settle = (callId: string, cost: string): LedgerOp => ({ kind: 'settle', subteamId: 's1', callId, costMicros: M(cost) });
const extend = (callId: string, amount: string): LedgerOp => ({
  kind: 'extend',
  subteamId: 's1',
  callId,
  amountMicros: M(amount),
  expiresAt: new Date(NOW.getTime() + 7_200_000),
});

/** Runs `ops` on `state` and records the outcome, as the writer does after a commit. */
function commit(known: KnownWallets, state: WalletState, ops: LedgerOp[], readVersion: string, version: string) {
  const result = applyLedgerOps(state, ops, newId);
  known.remember(result.next, readVersion, version);
  return result;
}

describe('KnownWallets', () => {
  it('knows nothing of a wallet no batch has written', () => {
    expect(new KnownWallets(10, 100, 1000).stateFor('w1', [authorize('a')], NOW)).toBeUndefined();
  });

  it('serves the state a batch left, at the version it wrote, as a private copy', () => {
    const known = new KnownWallets(10, 100, 1000);
    commit(known, readState(), [authorize('a')], 'v0', 'v1');

    const first = known.stateFor('w1', [settle('a', '0.40')], NOW)!;
    expect(first.version).toBe('v1');
    expect(first.state).toMatchObject({ balanceMicros: M('10.00'), heldMicros: M('1.00') });
    expect(first.state.holds.get('a')).toMatchObject({ status: 'open', amountMicros: M('1.00') });
    applyLedgerOps(first.state, [settle('a', '0.40')], newId);

    // Applying to the copy changed nothing known: the write it feeds may still be refused.
    const again = known.stateFor('w1', [settle('a', '0.40')], NOW)!;
    expect(again.state.holds.get('a')?.status).toBe('open');
    expect(again.state.subteams.get('s1')?.openHeldMicros).toBe(M('1.00'));
  });

  it('needs a read for a call or subteam it has not seen, but assumes an unseen authorization is new', () => {
    const known = new KnownWallets(10, 100, 1000);
    commit(known, readState(), [authorize('a')], 'v0', 'v1');

    expect(known.stateFor('w1', [settle('elsewhere', '1.00')], NOW)).toBeUndefined();
    expect(known.stateFor('w1', [{ ...authorize('b'), subteamId: 's2' } as LedgerOp], NOW)).toBeUndefined();
    expect(known.stateFor('w1', [authorize('b'), settle('b', '0.10')], NOW)?.state.holds.size).toBe(0);
  });

  it('forgets closed holds and keeps counting the subteam spend and open holds', () => {
    const known = new KnownWallets(10, 100, 1000);
    commit(known, readState(), [authorize('a'), authorize('b')], 'v0', 'v1');
    const next = known.stateFor('w1', [settle('a', '0.25')], NOW)!;
    commit(known, next.state, [settle('a', '0.25')], next.version, 'v2');

    expect(known.stateFor('w1', [settle('a', '0.25')], NOW)).toBeUndefined();
    const after = known.stateFor('w1', [settle('b', '0.50')], NOW)!;
    expect(after.version).toBe('v2');
    expect(after.state).toMatchObject({ balanceMicros: M('9.75'), heldMicros: M('1.00') });
    expect(after.state.subteams.get('s1')).toMatchObject({ spentTodayMicros: M('0.25'), openHeldMicros: M('1.00') });
  });

  it('drops what it knew when the wallet changed elsewhere before a locked batch read it', () => {
    const known = new KnownWallets(10, 100, 1000);
    commit(known, readState(), [authorize('a')], 'v0', 'v1');
    // Someone else wrote v1 → vX; a locked batch read vX and its own calls only.
    commit(known, readState({ balanceMicros: M('50.00') }), [authorize('c')], 'vX', 'v3');

    expect(known.stateFor('w1', [settle('a', '1.00')], NOW)).toBeUndefined();
    expect(known.stateFor('w1', [settle('c', '1.00')], NOW)?.state.balanceMicros).toBe(M('50.00'));
  });

  it('needs a read once the UTC day turns, for an agency in UTC, since spend counts per day', () => {
    const known = new KnownWallets(10, 100, 1000);
    commit(known, readState(), [authorize('a')], 'v0', 'v1');
    expect(known.stateFor('w1', [authorize('b')], new Date('2026-11-23T23:59:59.999Z'))).toBeDefined();
    expect(known.stateFor('w1', [authorize('b')], new Date('2026-11-24T00:00:00Z'))).toBeUndefined();
  });

  describe.each([
    // The March change day is 23 hours long; November's is 25, and begins the month.
    { change: 'March', read: '2026-03-08T05:00:00Z', lastKnown: '2026-03-09T03:59:59.999Z', nextDay: '2026-03-09T04:00:00Z' },
    { change: 'November', read: '2026-11-01T04:00:00Z', lastKnown: '2026-11-02T04:59:59.999Z', nextDay: '2026-11-02T05:00:00Z' },
  ])('for an agency in New York, across the $change daylight-saving change', ({ read, lastKnown, nextDay }) => {
    const inNewYork = (at: string) => {
      const now = new Date(at);
      return readState({ now, localDay: localDayOf(now, 'America/New_York') });
    };

    it("serves the known state until the agency's local midnight, not UTC's, then reads", () => {
      const known = new KnownWallets(10, 100, 1000);
      const state = inNewYork(read);
      commit(known, state, [authorize('a')], 'v0', 'v1');
      expect(known.stateFor('w1', [authorize('b')], new Date(lastKnown))?.state.localDay.day).toBe(state.localDay.day);
      expect(known.stateFor('w1', [authorize('b')], new Date(nextDay))).toBeUndefined();
      // A batch read at the next local day knows the new day from then on.
      commit(known, inNewYork(nextDay), [authorize('c')], 'v7', 'v8');
      expect(known.stateFor('w1', [authorize('d')], new Date(nextDay))?.state.localDay.day).not.toBe(state.localDay.day);
    });
  });

  it('needs a read when the local day started after what it knew (a clock read before the day began)', () => {
    const known = new KnownWallets(10, 100, 1000);
    commit(known, readState(), [authorize('a')], 'v0', 'v1');
    expect(known.stateFor('w1', [authorize('b')], new Date('2026-11-22T23:59:59Z'))).toBeUndefined();
  });

  it('reads a contended wallet under its lock for a while before guessing again', () => {
    const known = new KnownWallets(10, 100, 1000);
    commit(known, readState(), [authorize('a')], 'v0', 'v1');
    known.contended('w1', NOW);
    commit(known, readState(), [authorize('b')], 'v5', 'v6');

    expect(known.stateFor('w1', [authorize('c')], new Date(NOW.getTime() + 999))).toBeUndefined();
    expect(known.stateFor('w1', [authorize('c')], new Date(NOW.getTime() + 1000))?.version).toBe('v6');
  });

  it('keeps at most the most recently written wallets, and no wallet with too many open holds', () => {
    const known = new KnownWallets(2, 2, 1000);
    for (const walletId of ['w1', 'w2', 'w3']) commit(known, readState({ walletId }), [authorize('a')], 'v0', 'v1');
    expect(known.stateFor('w1', [authorize('b')], NOW)).toBeUndefined();
    expect(known.stateFor('w3', [authorize('b')], NOW)).toBeDefined();

    const crowded = readState({ walletId: 'w4', holds: new Map<string, HoldRecord>() });
    commit(known, crowded, [authorize('a'), authorize('b'), authorize('c')], 'v0', 'v1');
    expect(known.stateFor('w4', [authorize('d')], NOW)).toBeUndefined();
  });

  it('serves an extension from known state and remembers the raised hold for the settle that follows', () => {
    const known = new KnownWallets(10, 100, 1000);
    commit(known, readState(), [authorize('a', '1.00')], 'v0', 'v1');

    const extending = known.stateFor('w1', [extend('a', '3.00')], NOW)!;
    expect(extending.version).toBe('v1');
    const extended = commit(known, extending.state, [extend('a', '3.00')], 'v1', 'v2');
    expect(extended.changedHolds).toEqual([expect.objectContaining({ callId: 'a', amountMicros: M('3.00') })]);

    const settling = known.stateFor('w1', [settle('a', '2.50')], NOW)!;
    expect(settling.state).toMatchObject({ heldMicros: M('3.00') });
    expect(settling.state.holds.get('a')).toMatchObject({ amountMicros: M('3.00'), initialAmountMicros: M('1.00') });
    expect(settling.state.subteams.get('s1')?.openHeldMicros).toBe(M('3.00'));
    const settled = commit(known, settling.state, [settle('a', '2.50')], 'v2', 'v3');
    expect(settled.changedHolds).toEqual([expect.objectContaining({ chargedMicros: M('2.50'), releasedMicros: M('0.50') })]);
    expect(known.stateFor('w1', [authorize('b')], NOW)?.state).toMatchObject({ balanceMicros: M('7.50'), heldMicros: 0n });
  });

  it('needs a read to extend a call it has not seen, or to settle or extend one it saw closed', () => {
    const known = new KnownWallets(10, 100, 1000);
    commit(known, readState(), [authorize('a'), authorize('b')], 'v0', 'v1');
    const next = known.stateFor('w1', [{ kind: 'release', subteamId: null, callId: 'a' }], NOW)!;
    commit(known, next.state, [{ kind: 'release', subteamId: null, callId: 'a' }], 'v1', 'v2');

    expect(known.stateFor('w1', [extend('elsewhere', '2.00')], NOW)).toBeUndefined();
    // A released call is no longer known: the locked path reads it and answers call_released.
    expect(known.stateFor('w1', [settle('a', '0.10')], NOW)).toBeUndefined();
    expect(known.stateFor('w1', [extend('a', '2.00')], NOW)).toBeUndefined();
    expect(known.stateFor('w1', [authorize('c'), extend('c', '2.00'), extend('b', '2.00')], NOW)).toBeDefined();
  });

  it("serves the agency's overrun allowance as the last batch read it", () => {
    const known = new KnownWallets(10, 100, 1000);
    commit(known, readState({ maxCallOverrunMicros: M('0.25') }), [authorize('a')], 'v0', 'v1');
    const next = known.stateFor('w1', [settle('a', '1.30')], NOW)!;
    expect(next.state.maxCallOverrunMicros).toBe(M('0.25'));
    const result = applyLedgerOps(next.state, [settle('a', '1.30')], newId);
    expect(result.outcomes[0]).toMatchObject({ ok: false, error: { code: 'cost_exceeds_authorization' } });
  });
});
