import type { LocalDay } from '../common/time-zones';
import type { Micros } from '../database/money';
import type { HoldRecord, LedgerOp, SubteamState, WalletState } from './ledger-batch';

/** What one process knows of a wallet as its own last batch left it, at the wallet's version. */
interface KnownWallet {
  version: string;
  /** The agency's local day the subteams' spend figures are for, with its bounds. */
  localDay: LocalDay;
  agencyId: string;
  agencyPaused: boolean;
  maxCallOverrunMicros: Micros;
  balanceMicros: Micros;
  heldMicros: Micros;
  /** Open holds this process has created or read; a call not listed here may still exist. */
  holds: Map<string, HoldRecord>;
  subteams: Map<string, SubteamState>;
}

export interface KnownState {
  state: WalletState;
  version: string;
}

/**
 * The wallet states the ledger writer's own batches left behind, so that the next batch on a busy
 * wallet needs no read: it is applied in memory and written in one statement guarded by the
 * wallet's version. The database bumps that version on any other change (a credit, a pause, a
 * limit, the agency's `maxCallOverrun` or time zone, another process's batch), so a stale entry here can only
 * cost a retry through the locking path, never a wrong answer. Calls this process has not seen are assumed new; the
 * unique keys on holds and ledger references turn a wrong guess into a failed statement, and the
 * writer takes the locking path for a batch that would refuse one (a refusal writes nothing to fail).
 *
 * Pure and bounded: no I/O, at most `maxWallets` wallets (least recently written dropped first)
 * and `maxHolds` open holds per wallet (a wallet with more is simply not kept).
 */
export class KnownWallets {
  private readonly wallets = new Map<string, KnownWallet>();
  private readonly contendedUntil = new Map<string, number>();

  constructor(
    private readonly maxWallets: number,
    private readonly maxHolds: number,
    private readonly contentionBackoffMs: number,
  ) {}

  get size(): number {
    return this.wallets.size;
  }

  /**
   * The state `ops` need, or undefined when something must be read first: the
   * wallet is unknown or busy with another writer, the agency's local day has turned (spend
   * counters restart at its midnight: two comparisons with the day's bounds, no date arithmetic),
   * or an operation refers to a subteam or an existing call this process has not seen. The holds
   * and subteams in it are the ones known, not copies: `applyLedgerOps` never changes its input.
   */
  stateFor(walletId: string, ops: LedgerOp[], now: Date): KnownState | undefined {
    const known = this.wallets.get(walletId);
    if (!known || !within(known.localDay, now) || this.isContended(walletId, now)) return undefined;

    const holds = new Map<string, HoldRecord>();
    const subteams = new Map<string, SubteamState>();
    const authorizedHere = new Set<string>();
    const useSubteam = (subteamId: string): boolean => {
      if (subteams.has(subteamId)) return true;
      const subteam = known.subteams.get(subteamId);
      if (subteam) subteams.set(subteamId, subteam);
      return subteam !== undefined;
    };

    for (const op of ops) {
      if ((op.kind === 'authorize' || op.kind === 'debit') && !useSubteam(op.subteamId)) return undefined;
      if (op.kind === 'debit') continue;
      const hold = known.holds.get(op.callId);
      if (hold) {
        holds.set(op.callId, hold);
        if (!useSubteam(hold.subteamId)) return undefined;
      } else if (op.kind === 'authorize') {
        authorizedHere.add(op.callId);
      } else if (!authorizedHere.has(op.callId)) {
        return undefined;
      }
    }

    return {
      version: known.version,
      state: {
        walletId,
        agencyId: known.agencyId,
        agencyPaused: known.agencyPaused,
        maxCallOverrunMicros: known.maxCallOverrunMicros,
        balanceMicros: known.balanceMicros,
        heldMicros: known.heldMicros,
        now,
        localDay: known.localDay,
        subteams,
        holds,
        usage: new Map(),
      },
    };
  }

  /**
   * Records the state a batch left (`next` from `applyLedgerOps`: its balances, holds and
   * subteams), the version it read and the version it wrote. What was known before is kept only
   * if nothing else changed the wallet in between.
   */
  remember(state: WalletState, readVersion: string, writtenVersion: string): void {
    const previous = this.wallets.get(state.walletId);
    this.wallets.delete(state.walletId);
    const kept =
      previous &&
      previous.version === readVersion &&
      previous.localDay.day === state.localDay.day &&
      previous.localDay.timeZone === state.localDay.timeZone &&
      previous.agencyId === state.agencyId;
    const known: KnownWallet = {
      version: writtenVersion,
      localDay: state.localDay,
      agencyId: state.agencyId,
      agencyPaused: state.agencyPaused,
      maxCallOverrunMicros: state.maxCallOverrunMicros,
      balanceMicros: state.balanceMicros,
      heldMicros: state.heldMicros,
      holds: kept ? previous.holds : new Map(),
      subteams: kept ? previous.subteams : new Map(),
    };

    for (const hold of state.holds.values()) {
      if (hold.status === 'open') known.holds.set(hold.callId, { ...hold, isNew: false, changed: false });
      else known.holds.delete(hold.callId);
    }
    for (const [subteamId, subteam] of state.subteams) {
      if (subteam.agencyId === state.agencyId) known.subteams.set(subteamId, subteam);
    }
    if (known.holds.size > this.maxHolds) return;

    this.wallets.set(state.walletId, known);
    if (this.wallets.size > this.maxWallets) {
      const oldest = this.wallets.keys().next();
      if (!oldest.done) this.wallets.delete(oldest.value);
    }
  }

  forget(walletId: string): void {
    this.wallets.delete(walletId);
  }

  /**
   * Another writer changed the wallet under us: read it under its lock for a while rather than
   * guess again, so two busy processes on one wallet do not keep wasting each other's writes.
   */
  contended(walletId: string, now: Date): void {
    this.wallets.delete(walletId);
    if (this.contendedUntil.size >= this.maxWallets) this.contendedUntil.clear();
    this.contendedUntil.set(walletId, now.getTime() + this.contentionBackoffMs);
  }

  private isContended(walletId: string, now: Date): boolean {
    const until = this.contendedUntil.get(walletId);
    if (until === undefined) return false;
    if (until > now.getTime()) return true;
    this.contendedUntil.delete(walletId);
    return false;
  }
}

function within(day: LocalDay, now: Date): boolean {
  const at = now.getTime();
  return at >= day.startsAt && at < day.endsAt;
}
