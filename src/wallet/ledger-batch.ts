import {
  CallReleasedError,
  CostExceedsAuthorizationError,
  DomainError,
  IdempotencyConflictError,
  InsufficientFundsError,
  NotFoundError,
  PausedError,
  SpendLimitExceededError,
  ValidationError,
} from '../common/errors';
import type { LocalDay } from '../common/time-zones';
import { formatMoney, type Micros } from '../database/money';
import type { EntrySource, HoldStatus } from './wallet.entity';

/**
 * The call path's arithmetic, applied in memory to one wallet's state. The ledger writer runs a
 * whole batch of operations through `applyLedgerOps` in arrival order, on a state it read under
 * the wallet's lock or one its own last batch left, and writes the result with one statement.
 * Pure: no I/O, no clock (the state carries `now`), ids from the given generator, and the state
 * given is never changed: the state after the batch comes back as `next`.
 */

export type LedgerOp =
  | { kind: 'authorize'; subteamId: string; callId: string; amountMicros: Micros; expiresAt: Date }
  | { kind: 'settle'; subteamId: string | null; callId: string; costMicros: Micros }
  | { kind: 'extend'; subteamId: string | null; callId: string; amountMicros: Micros; expiresAt: Date }
  | { kind: 'release'; subteamId: string | null; callId: string }
  | { kind: 'expire'; callId: string }
  | { kind: 'debit'; subteamId: string; reference: string; amountMicros: Micros; description: string | null };

export interface HoldRecord {
  id: string;
  callId: string;
  subteamId: string;
  /** What is held now: the first authorization, raised by any extensions. */
  amountMicros: Micros;
  /** What the authorize asked for, so that a late replay of it is still recognised after an extension. */
  initialAmountMicros: Micros;
  status: HoldStatus;
  expiresAt: Date;
  chargedMicros: Micros | null;
  releasedMicros: Micros | null;
  balanceAfterMicros: Micros | null;
  closedAt: Date | null;
  createdAt: Date;
  isNew?: boolean;
  changed?: boolean;
}

export interface UsageRecord {
  id: string | null;
  reference: string;
  subteamId: string | null;
  amountMicros: Micros;
  balanceAfterMicros: Micros;
  description: string | null;
  createdAt: Date;
}

export interface SubteamState {
  agencyId: string;
  paused: boolean;
  dailyLimitMicros: Micros | null;
  monthlyLimitMicros: Micros | null;
  spentTodayMicros: Micros;
  spentThisMonthMicros: Micros;
  openHeldMicros: Micros;
}

export interface SpendWindow {
  window: 'daily' | 'monthly';
  limitMicros: Micros | null;
  /** Settled spend in the window (the agency's local day or month). */
  spentMicros: Micros;
  /** Open holds: they count against both windows until they settle or are released. */
  heldMicros: Micros;
  /**
   * What a new hold or debit may still take: limit − spent − held; negative once an overrun took
   * the subteam past its limit; null without a limit.
   */
  headroomMicros: Micros | null;
}

/** How a subteam's limits are counted: the call path refuses an amount above a window's headroom. */
export function spendWindows(subteam: SubteamState): SpendWindow[] {
  return [
    { window: 'daily' as const, limitMicros: subteam.dailyLimitMicros, spentMicros: subteam.spentTodayMicros },
    { window: 'monthly' as const, limitMicros: subteam.monthlyLimitMicros, spentMicros: subteam.spentThisMonthMicros },
  ].map((window) => ({
    ...window,
    heldMicros: subteam.openHeldMicros,
    headroomMicros: window.limitMicros === null ? null : window.limitMicros - window.spentMicros - subteam.openHeldMicros,
  }));
}

export interface WalletState {
  walletId: string;
  agencyId: string;
  agencyPaused: boolean;
  /** How far a settle may charge beyond its hold (the agency's `maxCallOverrun`). */
  maxCallOverrunMicros: Micros;
  balanceMicros: Micros;
  heldMicros: Micros;
  now: Date;
  /** The agency's local day `now` falls in: the day the subteams' spend figures are for. */
  localDay: LocalDay;
  subteams: Map<string, SubteamState>;
  /** Holds already in the database for the batch's call ids. */
  holds: Map<string, HoldRecord>;
  /** Direct-usage entries already in the database for the batch's references. */
  usage: Map<string, UsageRecord>;
}

export interface NewEntry {
  subteamId: string | null;
  type: 'usage';
  source: EntrySource;
  amountMicros: Micros;
  balanceAfterMicros: Micros;
  reference: string;
  description: string | null;
  /** The part of a call's cost above its hold, when there is one. */
  overrunMicros: Micros | null;
  usage?: UsageRecord;
}

export type OpValue =
  | { kind: 'authorize'; hold: HoldRecord; replayed: boolean }
  | { kind: 'settle'; hold: HoldRecord; replayed: boolean }
  | { kind: 'extend'; hold: HoldRecord; replayed: boolean }
  | { kind: 'release'; hold: HoldRecord; replayed: boolean }
  | { kind: 'expire'; expired: boolean }
  | { kind: 'debit'; usage: UsageRecord; replayed: boolean };

export type OpOutcome = { ok: true; value: OpValue } | { ok: false; error: DomainError };

export interface BatchResult {
  outcomes: OpOutcome[];
  newHolds: HoldRecord[];
  changedHolds: HoldRecord[];
  entries: NewEntry[];
  /** Spend to add to each subteam's counter for the agency's local day. */
  spend: Map<string, Micros>;
  balanceMicros: Micros;
  heldMicros: Micros;
  /** True when the batch debited the wallet (the cue for low-balance and auto-reload checks). */
  debited: boolean;
  /** The wallet's state after the batch, sharing what the batch did not change with the state given. */
  next: WalletState;
}

export function applyLedgerOps(state: WalletState, ops: LedgerOp[], newId: () => string): BatchResult {
  const batch = new BatchApplier(state, newId);
  const outcomes = ops.map((op): OpOutcome => {
    try {
      return { ok: true, value: batch.apply(op) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error };
      throw error;
    }
  });
  return batch.result(outcomes);
}

/**
 * Applies one batch. Holds and subteams the batch changes are copied on their first change, so the
 * state given stays as it was (it may be what the writer knows, and the write may yet be refused)
 * while what the batch did not touch is shared, not copied.
 */
class BatchApplier {
  private balance: Micros;
  private held: Micros;
  private readonly holds: Map<string, HoldRecord>;
  private readonly subteams: Map<string, SubteamState>;
  private readonly usage: Map<string, UsageRecord>;
  private readonly entries: NewEntry[] = [];
  private readonly spend = new Map<string, Micros>();
  private debited = false;

  constructor(
    private readonly state: WalletState,
    private readonly newId: () => string,
  ) {
    this.balance = state.balanceMicros;
    this.held = state.heldMicros;
    this.holds = new Map(state.holds);
    this.subteams = new Map(state.subteams);
    this.usage = new Map(state.usage);
  }

  apply(op: LedgerOp): OpValue {
    switch (op.kind) {
      case 'authorize':
        return this.authorize(op);
      case 'settle':
        return this.settle(op);
      case 'extend':
        return this.extend(op);
      case 'release':
        return this.release(op);
      case 'expire':
        return this.expire(op);
      case 'debit':
        return this.debit(op);
    }
  }

  result(outcomes: OpOutcome[]): BatchResult {
    const holds = [...this.holds.values()];
    return {
      outcomes,
      newHolds: holds.filter((hold) => hold.isNew),
      changedHolds: holds.filter((hold) => hold.changed && !hold.isNew),
      entries: this.entries,
      spend: this.spend,
      balanceMicros: this.balance,
      heldMicros: this.held,
      debited: this.debited,
      next: {
        ...this.state,
        balanceMicros: this.balance,
        heldMicros: this.held,
        holds: this.holds,
        subteams: this.subteams,
        usage: this.usage,
      },
    };
  }

  private get available(): Micros {
    return this.balance - this.held;
  }

  private authorize(op: Extract<LedgerOp, { kind: 'authorize' }>): OpValue {
    const existing = this.holds.get(op.callId);
    if (existing) {
      if (existing.initialAmountMicros !== op.amountMicros || existing.subteamId !== op.subteamId) {
        throw new IdempotencyConflictError(`Call ${op.callId} was already authorized with a different amount or subteam`, {
          callId: op.callId,
          authorizedAmount: formatMoney(existing.initialAmountMicros),
        });
      }
      // A replay answers the call's current authorization, extensions included.
      return { kind: 'authorize', hold: { ...existing }, replayed: true };
    }
    const subteam = this.subteam(op.subteamId);
    this.refuseIfPaused(subteam);
    if (op.amountMicros > this.available) {
      throw new InsufficientFundsError('The wallet does not have enough available funds for this call', {
        available: formatMoney(this.available),
        requested: formatMoney(op.amountMicros),
      });
    }
    this.refuseOverLimit(subteam, op.amountMicros);

    const hold: HoldRecord = {
      id: this.newId(),
      callId: op.callId,
      subteamId: op.subteamId,
      amountMicros: op.amountMicros,
      initialAmountMicros: op.amountMicros,
      status: 'open',
      expiresAt: op.expiresAt,
      chargedMicros: null,
      releasedMicros: null,
      balanceAfterMicros: null,
      closedAt: null,
      createdAt: this.state.now,
      isNew: true,
    };
    this.holds.set(op.callId, hold);
    this.held += op.amountMicros;
    subteam.openHeldMicros += op.amountMicros;
    // A copy: a later extension in the same batch must not change what this caller is answered.
    return { kind: 'authorize', hold: { ...hold }, replayed: false };
  }

  /**
   * Settling charges the actual cost and releases the rest. A cost above the hold is charged in
   * full (the call happened) as long as the overrun stays within the agency's `maxCallOverrun`,
   * even when available funds or the subteam's limits do not cover it: the balance may go
   * negative, and the subteam past its limit, by at most that much per call. A larger cost is
   * refused and the hold stays open (the flow extends, then settles). A released call (it never
   * connected) is refused; a call whose hold expired is still charged, since it may well have
   * happened and a lost debit is worse than a late one.
   */
  private settle(op: Extract<LedgerOp, { kind: 'settle' }>): OpValue {
    const hold = this.hold(op.callId, op.subteamId);
    if (hold.status === 'settled') return { kind: 'settle', hold, replayed: true };
    if (hold.status === 'released') {
      throw new CallReleasedError(`Call ${op.callId} was released; nothing was charged`, { callId: op.callId, status: hold.status });
    }
    const overrun = op.costMicros > hold.amountMicros ? op.costMicros - hold.amountMicros : 0n;
    if (overrun > this.state.maxCallOverrunMicros) {
      throw new CostExceedsAuthorizationError(`The cost is above the call's authorization by more than the agency allows; extend the call first`, {
        callId: op.callId,
        authorized: formatMoney(hold.amountMicros),
        cost: formatMoney(op.costMicros),
        maxOverrun: formatMoney(this.state.maxCallOverrunMicros),
      });
    }

    const wasOpen = hold.status === 'open';
    if (wasOpen) this.unhold(hold);
    const released = wasOpen && op.costMicros < hold.amountMicros ? hold.amountMicros - op.costMicros : 0n;
    if (op.costMicros > 0n) {
      const description = [
        `Call ${op.callId}`,
        overrun > 0n ? `cost ${formatMoney(overrun)} above its hold of ${formatMoney(hold.amountMicros)}` : null,
        wasOpen ? null : `settled after its hold was ${hold.status}`,
      ]
        .filter(Boolean)
        .join('; ');
      this.charge(hold.subteamId, op.costMicros, 'call', op.callId, description, overrun > 0n ? overrun : null);
    }
    const settled = Object.assign(this.writable(hold), {
      status: 'settled',
      chargedMicros: op.costMicros,
      releasedMicros: released,
      balanceAfterMicros: this.balance,
      closedAt: this.state.now,
      changed: true,
    } satisfies Partial<HoldRecord>);
    return { kind: 'settle', hold: settled, replayed: false };
  }

  /**
   * Raises the hold of a call in progress to a new total, as authorize would hold a new call: the
   * increase must fit in available funds and the subteam's limits, and the hold's expiry moves to
   * the new `expiresAt` (the call is evidently alive). The same total again changes nothing; a
   * lower one is refused (release and settle give credit back). A hold past its expiry counts as
   * expired even before the sweep closes it.
   */
  private extend(op: Extract<LedgerOp, { kind: 'extend' }>): OpValue {
    const hold = this.hold(op.callId, op.subteamId);
    const status = hold.status === 'open' && hold.expiresAt <= this.state.now ? 'expired' : hold.status;
    if (status !== 'open') {
      throw new CallReleasedError(`Call ${op.callId} is ${status}; only a call in progress can be extended`, { callId: op.callId, status });
    }
    if (op.amountMicros === hold.amountMicros) return { kind: 'extend', hold: { ...hold }, replayed: true };
    if (op.amountMicros < hold.amountMicros) {
      const message = `must not be below the call's current authorization of ${formatMoney(hold.amountMicros)}`;
      throw new ValidationError(`Invalid request: authorizedAmount: ${message}`, {
        fields: [{ path: 'authorizedAmount', message }],
        authorizedAmount: formatMoney(hold.amountMicros),
      });
    }
    const subteam = this.subteam(hold.subteamId);
    this.refuseIfPaused(subteam);
    const increase = op.amountMicros - hold.amountMicros;
    if (increase > this.available) {
      throw new InsufficientFundsError('The wallet does not have enough available funds to extend this call', {
        available: formatMoney(this.available),
        requested: formatMoney(increase),
      });
    }
    this.refuseOverLimit(subteam, increase);

    this.held += increase;
    subteam.openHeldMicros += increase;
    const extended = Object.assign(this.writable(hold), {
      amountMicros: op.amountMicros,
      expiresAt: op.expiresAt > hold.expiresAt ? op.expiresAt : hold.expiresAt,
      changed: true,
    } satisfies Partial<HoldRecord>);
    return { kind: 'extend', hold: { ...extended }, replayed: false };
  }

  private release(op: Extract<LedgerOp, { kind: 'release' }>): OpValue {
    const hold = this.hold(op.callId, op.subteamId);
    if (hold.status !== 'open') return { kind: 'release', hold, replayed: true };
    return { kind: 'release', hold: this.close(hold, 'released'), replayed: false };
  }

  private expire(op: Extract<LedgerOp, { kind: 'expire' }>): OpValue {
    const hold = this.holds.get(op.callId);
    if (!hold || hold.status !== 'open' || hold.expiresAt > this.state.now) return { kind: 'expire', expired: false };
    this.close(hold, 'expired');
    return { kind: 'expire', expired: true };
  }

  private debit(op: Extract<LedgerOp, { kind: 'debit' }>): OpValue {
    const existing = this.usage.get(op.reference);
    if (existing) {
      if (existing.amountMicros !== op.amountMicros || existing.subteamId !== op.subteamId) {
        throw new IdempotencyConflictError(`Usage ${op.reference} was already recorded with a different amount`, {
          reference: op.reference,
          amount: formatMoney(existing.amountMicros),
        });
      }
      return { kind: 'debit', usage: existing, replayed: true };
    }
    const subteam = this.subteam(op.subteamId);
    this.refuseIfPaused(subteam);
    if (op.amountMicros > this.available) {
      throw new InsufficientFundsError('The wallet does not have enough available funds for this usage', {
        available: formatMoney(this.available),
        requested: formatMoney(op.amountMicros),
      });
    }
    this.refuseOverLimit(subteam, op.amountMicros);
    const entry = this.charge(op.subteamId, op.amountMicros, 'usage', op.reference, op.description, null);
    const usage: UsageRecord = {
      id: null,
      reference: op.reference,
      subteamId: op.subteamId,
      amountMicros: op.amountMicros,
      balanceAfterMicros: entry.balanceAfterMicros,
      description: op.description,
      createdAt: this.state.now,
    };
    entry.usage = usage;
    this.usage.set(op.reference, usage);
    return { kind: 'debit', usage, replayed: false };
  }

  private charge(
    subteamId: string | null,
    amount: Micros,
    source: EntrySource,
    reference: string,
    description: string | null,
    overrunMicros: Micros | null,
  ): NewEntry {
    this.balance -= amount;
    this.debited = true;
    const entry: NewEntry = {
      subteamId,
      type: 'usage',
      source,
      amountMicros: -amount,
      balanceAfterMicros: this.balance,
      reference,
      description,
      overrunMicros,
    };
    this.entries.push(entry);
    if (subteamId) {
      this.spend.set(subteamId, (this.spend.get(subteamId) ?? 0n) + amount);
      const subteam = this.writableSubteam(subteamId);
      if (subteam) {
        subteam.spentTodayMicros += amount;
        subteam.spentThisMonthMicros += amount;
      }
    }
    return entry;
  }

  private close(hold: HoldRecord, status: 'released' | 'expired'): HoldRecord {
    this.unhold(hold);
    return Object.assign(this.writable(hold), {
      status,
      chargedMicros: 0n,
      releasedMicros: hold.amountMicros,
      balanceAfterMicros: this.balance,
      closedAt: this.state.now,
      changed: true,
    } satisfies Partial<HoldRecord>);
  }

  private unhold(hold: HoldRecord): void {
    this.held -= hold.amountMicros;
    const subteam = this.writableSubteam(hold.subteamId);
    if (subteam) subteam.openHeldMicros -= hold.amountMicros;
  }

  /** The batch's own copy of a hold, made on its first change. */
  private writable(hold: HoldRecord): HoldRecord {
    if (this.state.holds.get(hold.callId) !== hold) return hold;
    const copy = { ...hold };
    this.holds.set(hold.callId, copy);
    return copy;
  }

  /** The batch's own copy of a subteam, made on its first change. */
  private writableSubteam(subteamId: string): SubteamState | undefined {
    const subteam = this.subteams.get(subteamId);
    if (!subteam || this.state.subteams.get(subteamId) !== subteam) return subteam;
    const copy = { ...subteam };
    this.subteams.set(subteamId, copy);
    return copy;
  }

  private hold(callId: string, subteamId: string | null): HoldRecord {
    const hold = this.holds.get(callId);
    if (!hold || (subteamId !== null && hold.subteamId !== subteamId)) throw new NotFoundError('Call');
    return hold;
  }

  /** A subteam of this wallet's agency the batch is about to hold or charge for. */
  private subteam(subteamId: string): SubteamState {
    const subteam = this.writableSubteam(subteamId);
    if (!subteam || subteam.agencyId !== this.state.agencyId) throw new NotFoundError('Subteam');
    return subteam;
  }

  private refuseIfPaused(subteam: SubteamState): void {
    if (this.state.agencyPaused) throw new PausedError('The agency is paused', { scope: 'agency' });
    if (subteam.paused) throw new PausedError('The subteam is paused', { scope: 'subteam' });
  }

  private refuseOverLimit(subteam: SubteamState, amount: Micros): void {
    for (const window of spendWindows(subteam)) {
      if (window.limitMicros !== null && window.headroomMicros !== null && amount > window.headroomMicros) {
        throw new SpendLimitExceededError(`The subteam's ${window.window} spend limit would be exceeded`, {
          window: window.window,
          limit: formatMoney(window.limitMicros),
          spent: formatMoney(window.spentMicros),
          held: formatMoney(window.heldMicros),
          requested: formatMoney(amount),
        });
      }
    }
  }
}
