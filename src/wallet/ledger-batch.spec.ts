import {
  CallReleasedError,
  CostExceedsAuthorizationError,
  IdempotencyConflictError,
  InsufficientFundsError,
  NotFoundError,
  PausedError,
  SpendLimitExceededError,
  ValidationError,
} from '../common/errors';
import { parseMoney } from '../database/money';
import { subteamState, walletState } from '../../test/support/ledger-state';
import { type LedgerOp, type OpOutcome, type WalletState, applyLedgerOps } from './ledger-batch';

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
const extend = (callId: string, amount: bigint, expiresAt = LATER, subteamId = 's1'): LedgerOp => ({
  kind: 'extend',
  subteamId,
  callId,
  amountMicros: amount,
  expiresAt,
});
const release = (callId: string): LedgerOp => ({ kind: 'release', subteamId: null, callId });
const errorOf = (outcome: OpOutcome) => (outcome.ok ? null : outcome.error);

describe('applyLedgerOps', () => {
  it('holds on authorize and charges cost, releasing the rest, on settle', () => {
    const result = applyLedgerOps(wallet(M('10')), [authorize('a', M('3')), settle('a', 1_234_000n)], newId);
    expect(result.outcomes.every((o) => o.ok)).toBe(true);
    expect(result.balanceMicros).toBe(M('10') - 1_234_000n);
    expect(result.heldMicros).toBe(0n);
    expect(result.newHolds).toHaveLength(1);
    expect(result.newHolds[0]).toMatchObject({ status: 'settled', chargedMicros: 1_234_000n, releasedMicros: M('3') - 1_234_000n });
    expect(result.entries).toEqual([
      expect.objectContaining({
        amountMicros: -1_234_000n,
        balanceAfterMicros: M('10') - 1_234_000n,
        source: 'call',
        reference: 'a',
        overrunMicros: null,
      }),
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
    expect(result.entries[0]).toMatchObject({ amountMicros: -M('1.5'), overrunMicros: M('0.5') });
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
    const later = { ...first.next, now: new Date(LATER.getTime() + 1) };
    const expired = applyLedgerOps(
      later,
      [
        { kind: 'expire', callId: 'b' },
        { kind: 'expire', callId: 'a' },
      ],
      newId,
    );
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
      subteams: new Map([
        ['s1', subteam({ dailyLimitMicros: M('5'), monthlyLimitMicros: M('8'), spentTodayMicros: M('2'), spentThisMonthMicros: M('6') })],
      ]),
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

describe('applyLedgerOps: overruns', () => {
  it('charges up to the agency maxCallOverrun above the hold, and refuses more, leaving the hold open and charging nothing', () => {
    const state = wallet(M('50'), { maxCallOverrunMicros: M('2') });
    const result = applyLedgerOps(state, [authorize('a', M('3')), settle('a', M('5.000001')), settle('a', M('5'))], newId);
    const refused = errorOf(result.outcomes[1]);
    expect(refused).toBeInstanceOf(CostExceedsAuthorizationError);
    expect(refused).toMatchObject({
      code: 'cost_exceeds_authorization',
      status: 422,
      details: { callId: 'a', authorized: '3.00', cost: '5.000001', maxOverrun: '2.00' },
    });
    // The retry at exactly hold + maxCallOverrun goes through: the refusal changed nothing.
    expect(result.outcomes[2]).toMatchObject({ ok: true, value: { kind: 'settle', replayed: false } });
    expect(result.entries).toEqual([expect.objectContaining({ amountMicros: -M('5'), overrunMicros: M('2') })]);
    expect(result.balanceMicros).toBe(M('45'));
    expect(result.heldMicros).toBe(0n);
  });

  it('refuses any overrun when the agency allows none', () => {
    const result = applyLedgerOps(wallet(M('5'), { maxCallOverrunMicros: 0n }), [authorize('a', M('1')), settle('a', M('1.000001'))], newId);
    expect(errorOf(result.outcomes[1])).toBeInstanceOf(CostExceedsAuthorizationError);
    expect(result.entries).toHaveLength(0);
    expect(result.heldMicros).toBe(M('1'));
  });

  it('charges an overrun that available funds do not cover, without touching other holds, and refuses new calls until funded', () => {
    const result = applyLedgerOps(
      wallet(M('10')),
      [authorize('a', M('5')), authorize('b', M('5')), settle('a', M('7')), authorize('c', M('0.01'))],
      newId,
    );
    expect(result.outcomes.slice(0, 3).every((o) => o.ok)).toBe(true);
    expect(result.balanceMicros).toBe(M('3'));
    expect(result.heldMicros).toBe(M('5'));
    expect(errorOf(result.outcomes[3])).toBeInstanceOf(InsufficientFundsError);
    expect(errorOf(result.outcomes[3])?.details).toMatchObject({ available: '-2.00' });
  });

  it('counts an overrun against the subteam spend, even past its limit, so the next call is refused', () => {
    const limited = wallet(M('100'), { subteams: new Map([['s1', subteam({ dailyLimitMicros: M('3') })]]) });
    const result = applyLedgerOps(limited, [authorize('a', M('2')), settle('a', M('4')), authorize('b', M('0.01'))], newId);
    expect(result.outcomes[1].ok).toBe(true);
    expect(result.spend.get('s1')).toBe(M('4'));
    expect(result.next.subteams.get('s1')).toMatchObject({ spentTodayMicros: M('4'), spentThisMonthMicros: M('4'), openHeldMicros: 0n });
    expect(errorOf(result.outcomes[2])).toBeInstanceOf(SpendLimitExceededError);
  });
});

describe('applyLedgerOps leaves the state given as it was', () => {
  it('returns the state after the batch as next, sharing only what the batch did not change', () => {
    const untouched = subteam();
    const state = wallet(M('10'), {
      subteams: new Map([
        ['s1', subteam()],
        ['s2', untouched],
      ]),
    });
    const opened = applyLedgerOps(state, [authorize('a', M('2'))], newId);
    const before = structuredClone(opened.next);
    const settled = applyLedgerOps(opened.next, [settle('a', M('1')), authorize('b', M('3'))], newId);

    expect(opened.next).toEqual(before);
    expect(state).toMatchObject({ balanceMicros: M('10'), heldMicros: 0n, holds: new Map() });
    expect(state.subteams.get('s1')).toEqual(subteam());
    expect(settled.next).toMatchObject({ balanceMicros: M('9'), heldMicros: M('3') });
    expect(settled.next.holds.get('a')).toMatchObject({ status: 'settled', chargedMicros: M('1') });
    expect(settled.next.subteams.get('s1')).toMatchObject({ spentTodayMicros: M('1'), openHeldMicros: M('3') });
    expect(settled.next.subteams.get('s2')).toBe(untouched);
  });
});

describe('applyLedgerOps: released and expired calls', () => {
  it('refuses to settle a released call and charges nothing', () => {
    const result = applyLedgerOps(wallet(M('5')), [authorize('a', M('1')), release('a'), settle('a', M('0.3'))], newId);
    const refused = errorOf(result.outcomes[2]);
    expect(refused).toBeInstanceOf(CallReleasedError);
    expect(refused).toMatchObject({ code: 'call_released', status: 409, details: { callId: 'a', status: 'released' } });
    expect(result.entries).toHaveLength(0);
    expect(result.balanceMicros).toBe(M('5'));
    expect(result.spend.size).toBe(0);
  });

  it('still charges a call settled after its hold expired, within the same overrun allowance', () => {
    const state = wallet(M('5'));
    const opened = applyLedgerOps(state, [authorize('a', M('1')), authorize('b', M('1'))], newId);
    const later = { ...opened.next, now: new Date(LATER.getTime() + 1) };
    const result = applyLedgerOps(
      later,
      [{ kind: 'expire', callId: 'a' }, { kind: 'expire', callId: 'b' }, settle('a', M('1.5')), settle('b', M('6.01'))],
      newId,
    );
    expect(result.outcomes[2]).toMatchObject({ ok: true, value: { kind: 'settle', hold: { status: 'settled', chargedMicros: M('1.5') } } });
    expect(result.entries).toEqual([expect.objectContaining({ amountMicros: -M('1.5'), overrunMicros: M('0.5') })]);
    expect(result.entries[0].description).toContain('settled after its hold was expired');
    expect(errorOf(result.outcomes[3])).toBeInstanceOf(CostExceedsAuthorizationError);
    expect(result.balanceMicros).toBe(M('3.5'));
    expect(result.heldMicros).toBe(0n);
  });
});

describe('applyLedgerOps: extend', () => {
  const EVEN_LATER = new Date(LATER.getTime() + 3_600_000);

  it('raises a hold to the new total, moves its expiry, and lets the settle use the larger hold', () => {
    const state = wallet(M('10'));
    const result = applyLedgerOps(state, [authorize('a', M('2')), extend('a', M('5'), EVEN_LATER), settle('a', M('4'))], newId);
    expect(result.outcomes[1]).toMatchObject({
      ok: true,
      value: { kind: 'extend', replayed: false, hold: { amountMicros: M('5'), initialAmountMicros: M('2'), expiresAt: EVEN_LATER } },
    });
    // The authorize's answer is what it held, not what a later operation of the batch made of it.
    expect(result.outcomes[0]).toMatchObject({ ok: true, value: { hold: { amountMicros: M('2'), expiresAt: LATER } } });
    expect(result.outcomes[2]).toMatchObject({ ok: true, value: { hold: { chargedMicros: M('4'), releasedMicros: M('1') } } });
    expect(result.balanceMicros).toBe(M('6'));
    expect(result.heldMicros).toBe(0n);
  });

  it('holds the increase against available funds and the subteam, and changes nothing for the same total', () => {
    const state = wallet(M('10'));
    const result = applyLedgerOps(state, [authorize('a', M('2')), extend('a', M('3')), extend('a', M('3'))], newId);
    expect(result.outcomes[2]).toMatchObject({ ok: true, value: { kind: 'extend', replayed: true, hold: { amountMicros: M('3') } } });
    expect(result.heldMicros).toBe(M('3'));
    expect(result.next.subteams.get('s1')?.openHeldMicros).toBe(M('3'));
    expect(state.subteams.get('s1')?.openHeldMicros).toBe(0n);
    expect(result.newHolds).toEqual([expect.objectContaining({ amountMicros: M('3'), initialAmountMicros: M('2'), status: 'open' })]);
  });

  it('writes an extension of a hold read from the database as a changed hold', () => {
    const hold = { ...applyLedgerOps(wallet(M('10')), [authorize('a', M('2'))], newId).newHolds[0], isNew: false };
    const state = wallet(M('10'), { heldMicros: M('2'), holds: new Map([['a', hold]]) });
    const result = applyLedgerOps(state, [extend('a', M('2.5'))], newId);
    expect(result.newHolds).toHaveLength(0);
    expect(result.changedHolds).toEqual([expect.objectContaining({ amountMicros: M('2.5'), status: 'open' })]);
    expect(result.heldMicros).toBe(M('2.5'));
  });

  it('refuses a lower total, an increase the wallet or the subteam limit cannot cover, and a paused subteam', () => {
    const limited = wallet(M('10'), { subteams: new Map([['s1', subteam({ dailyLimitMicros: M('6') })]]) });
    const result = applyLedgerOps(limited, [authorize('a', M('4')), extend('a', M('3.99')), extend('a', M('6.01')), authorize('b', M('5'))], newId);
    expect(errorOf(result.outcomes[1])).toBeInstanceOf(ValidationError);
    expect(errorOf(result.outcomes[1])?.details).toMatchObject({ authorizedAmount: '4.00', fields: [{ path: 'authorizedAmount' }] });
    expect(errorOf(result.outcomes[2])).toBeInstanceOf(SpendLimitExceededError);
    expect(errorOf(result.outcomes[3])).toBeInstanceOf(SpendLimitExceededError);

    const poor = applyLedgerOps(wallet(M('10')), [authorize('a', M('4')), authorize('b', M('5')), extend('a', M('5.01'))], newId);
    expect(errorOf(poor.outcomes[2])).toBeInstanceOf(InsufficientFundsError);
    expect(errorOf(poor.outcomes[2])?.details).toMatchObject({ available: '1.00', requested: '1.01' });
    expect(poor.heldMicros).toBe(M('9'));

    const paused = wallet(M('10'), { subteams: new Map([['s1', subteam()]]) });
    const first = applyLedgerOps(paused, [authorize('a', M('1'))], newId);
    const pausedSince = { ...first.next, subteams: new Map([['s1', subteam({ paused: true })]]) };
    const refused = applyLedgerOps(pausedSince, [extend('a', M('2'))], newId);
    expect(errorOf(refused.outcomes[0])).toBeInstanceOf(PausedError);
  });

  it('answers call_released for a call that is released, settled or past its expiry, and not found for another subteam', () => {
    const state = wallet(M('10'));
    const result = applyLedgerOps(
      state,
      [
        authorize('a', M('1')),
        release('a'),
        extend('a', M('2')),
        authorize('b', M('1')),
        settle('b', M('1')),
        extend('b', M('2')),
        extend('c', M('2')),
      ],
      newId,
    );
    expect(errorOf(result.outcomes[2])).toMatchObject({ code: 'call_released', details: { status: 'released' } });
    expect(errorOf(result.outcomes[5])).toMatchObject({ code: 'call_released', details: { status: 'settled' } });
    expect(errorOf(result.outcomes[6])).toBeInstanceOf(NotFoundError);

    const overdue = applyLedgerOps(wallet(M('10'), { now: new Date(LATER.getTime() + 1) }), [authorize('x', M('1'))], newId);
    const hold = { ...overdue.newHolds[0], isNew: false };
    const expired = applyLedgerOps(
      wallet(M('10'), { now: new Date(LATER.getTime() + 1), holds: new Map([['x', hold]]) }),
      [extend('x', M('2'))],
      newId,
    );
    expect(errorOf(expired.outcomes[0])).toMatchObject({ code: 'call_released', details: { status: 'expired' } });

    const foreign = applyLedgerOps(wallet(M('10')), [authorize('y', M('1')), extend('y', M('2'), LATER, 's2')], newId);
    expect(errorOf(foreign.outcomes[1])).toBeInstanceOf(NotFoundError);
  });

  it('still recognises a replay of the authorize after an extension, and answers the current authorization', () => {
    const result = applyLedgerOps(
      wallet(M('10')),
      [authorize('a', M('1')), extend('a', M('4')), authorize('a', M('1')), authorize('a', M('4'))],
      newId,
    );
    expect(result.outcomes[2]).toMatchObject({ ok: true, value: { kind: 'authorize', replayed: true, hold: { amountMicros: M('4') } } });
    expect(errorOf(result.outcomes[3])).toBeInstanceOf(IdempotencyConflictError);
    expect(result.heldMicros).toBe(M('4'));
  });
});

describe('applyLedgerOps: references', () => {
  it('keeps the caller reference as sent and tells a call from usage with the same text by its source', () => {
    const result = applyLedgerOps(
      wallet(M('10')),
      [
        authorize('same', M('1')),
        settle('same', M('0.5')),
        { kind: 'debit', subteamId: 's1', reference: 'same', amountMicros: M('0.25'), description: null },
      ],
      newId,
    );
    expect(result.outcomes.every((o) => o.ok)).toBe(true);
    expect(result.entries.map((e) => [e.source, e.reference])).toEqual([
      ['call', 'same'],
      ['usage', 'same'],
    ]);
  });
});
