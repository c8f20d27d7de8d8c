import { InsufficientFundsError, NotFoundError, PausedError, SpendLimitExceededError } from '../common/errors';
import { parseMoney } from '../database/money';
import { STATE_NOW, subteamState, walletState } from '../../test/support/ledger-state';
import { type LedgerOp, type WalletState, applyLedgerOps } from './ledger-batch';

const NOW = STATE_NOW;
const LATER = new Date('2026-11-23T14:00:00Z');
const M = (amount: string) => parseMoney(amount);

const subteam = subteamState;
const wallet = (balance: bigint, overrides: Partial<WalletState> = {}) => walletState({ balanceMicros: balance, ...overrides });

let ids = 0;
const newId = () => `id-${++ids}`;
const authorize = (callId: string, amount: bigint, subteamId = 's1'): LedgerOp => ({
  kind: 'authorize',
  subteamId,
  callId,
  amountMicros: amount,
  expiresAt: LATER,
});
const settle = (callId: string, cost: bigint): LedgerOp => ({ kind: 'settle', subteamId: 's1', callId, costMicros: cost });

describe('applyLedgerOps', () => {
  it('holds on authorize and charges cost, releasing the rest, on settle', () => {
    const result = applyLedgerOps(wallet(M('10')), [authorize('a', M('3')), settle('a', 1_234_000n)], newId);
    expect(result.outcomes.every((o) => o.ok)).toBe(true);
    expect(result.balanceMicros).toBe(M('10') - 1_234_000n);
    expect(result.heldMicros).toBe(0n);
    expect(result.newHolds).toHaveLength(1);
    expect(result.newHolds[0]).toMatchObject({ status: 'settled', chargedMicros: 1_234_000n, releasedMicros: M('3') - 1_234_000n });
    expect(result.entries).toEqual([
      expect.objectContaining({ amountMicros: -1_234_000n, balanceAfterMicros: M('10') - 1_234_000n, reference: 'call:a' }),
    ]);
    expect(result.spend.get('s1')).toBe(1_234_000n);
  });

  it('refuses an authorization above available, counting earlier holds of the same batch', () => {
    const result = applyLedgerOps(wallet(M('1')), [authorize('a', M('0.6')), authorize('b', M('0.6')), authorize('c', M('0.4'))], newId);
    expect(result.outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(!result.outcomes[1].ok && result.outcomes[1].error).toBeInstanceOf(InsufficientFundsError);
    expect(result.heldMicros).toBe(M('1'));
  });

  it('charges a cost above the hold in full, letting the balance go negative by the overrun only', () => {
    const state = wallet(M('1'));
    const result = applyLedgerOps(state, [authorize('a', M('1')), settle('a', M('1.5'))], newId);
    expect(result.balanceMicros).toBe(-M('0.5'));
    expect(result.entries[0].description).toContain('0.50 above its hold of 1.00');
  });

  it('replays a second settle without charging again', () => {
    const result = applyLedgerOps(wallet(M('5')), [authorize('a', M('1')), settle('a', M('0.5')), settle('a', M('0.9'))], newId);
    expect(result.outcomes[2]).toMatchObject({ ok: true, value: { kind: 'settle', replayed: true } });
    expect(result.entries).toHaveLength(1);
    expect(result.balanceMicros).toBe(M('4.5'));
  });

  it('releases holds and expires only those past their expiry', () => {
    const state = wallet(M('5'));
    const first = applyLedgerOps(state, [authorize('a', M('1')), authorize('b', M('1')), { kind: 'release', subteamId: null, callId: 'a' }], newId);
    expect(first.heldMicros).toBe(M('1'));
    const later = { ...state, heldMicros: first.heldMicros, now: new Date(LATER.getTime() + 1) };
    const expired = applyLedgerOps(later, [{ kind: 'expire', callId: 'b' }, { kind: 'expire', callId: 'a' }], newId);
    expect(expired.outcomes.map((o) => o.ok && o.value.kind === 'expire' && o.value.expired)).toEqual([true, false]);
    expect(expired.heldMicros).toBe(0n);
    expect(expired.balanceMicros).toBe(M('5'));
  });

  it('refuses paused agencies and subteams, and unknown or foreign subteams', () => {
    const paused = applyLedgerOps(wallet(M('5'), { agencyPaused: true }), [authorize('a', M('1'))], newId);
    expect(!paused.outcomes[0].ok && paused.outcomes[0].error).toBeInstanceOf(PausedError);
    const foreign = wallet(M('5'), { subteams: new Map([['s1', subteam({ agencyId: 'other' })]]) });
    const result = applyLedgerOps(foreign, [authorize('a', M('1')), settle('zzz', M('1'))], newId);
    expect(result.outcomes.map((o) => !o.ok && o.error)).toEqual([expect.any(NotFoundError), expect.any(NotFoundError)]);
  });

  it('counts spend and open holds against daily and monthly limits', () => {
    const limited = wallet(M('100'), {
      subteams: new Map([['s1', subteam({ dailyLimitMicros: M('5'), monthlyLimitMicros: M('8'), spentTodayMicros: M('2'), spentThisMonthMicros: M('6') })]]),
    });
    const result = applyLedgerOps(limited, [authorize('a', M('1.5')), authorize('b', M('0.6')), authorize('c', M('0.5'))], newId);
    expect(result.outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    const refused = !result.outcomes[1].ok ? result.outcomes[1].error : null;
    expect(refused).toBeInstanceOf(SpendLimitExceededError);
    expect(refused?.details).toMatchObject({ window: 'monthly', limit: '8.00', spent: '6.00', held: '1.50' });
  });

  it('debits direct usage once per reference', () => {
    const debit = (amount: bigint): LedgerOp => ({ kind: 'debit', subteamId: 's1', reference: 'r1', amountMicros: amount, description: null });
    const result = applyLedgerOps(wallet(M('5')), [debit(M('1')), debit(M('1')), debit(M('2'))], newId);
    expect(result.outcomes.map((o) => (o.ok ? (o.value as { replayed: boolean }).replayed : o.error.code))).toEqual([
      false,
      true,
      'idempotency_conflict',
    ]);
    expect(result.balanceMicros).toBe(M('4'));
    expect(result.entries).toHaveLength(1);
  });

  it('keeps every entry balance-after consistent with the running balance', () => {
    const ops: LedgerOp[] = [];
    for (let i = 0; i < 20; i++) ops.push(authorize(`c${i}`, M('0.3')), settle(`c${i}`, M('0.3')));
    const result = applyLedgerOps(wallet(M('3')), ops, newId);
    let running = M('3');
    for (const entry of result.entries) {
      running += entry.amountMicros;
      expect(entry.balanceAfterMicros).toBe(running);
    }
    expect(result.entries).toHaveLength(10);
    expect(result.balanceMicros).toBe(0n);
  });
});
