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

/** Runs `ops` on `state` and records the outcome, as the writer does after a commit. */
function commit(known: KnownWallets, state: WalletState, ops: LedgerOp[], readVersion: string, version: string) {
  const result = applyLedgerOps(state, ops, newId);
  known.remember(state, result.balanceMicros, result.heldMicros, readVersion, version);
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

  it('needs a read once the UTC day turns, since spend counts per day', () => {
    const known = new KnownWallets(10, 100, 1000);
    commit(known, readState(), [authorize('a')], 'v0', 'v1');
    expect(known.stateFor('w1', [authorize('b')], new Date('2026-11-24T00:00:01Z'))).toBeUndefined();
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
});
