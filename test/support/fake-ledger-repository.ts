import type { HoldRecord, LedgerOp, SubteamState, UsageRecord, WalletState } from '../../src/wallet/ledger-batch';
import type { WalletBatch } from '../../src/wallet/ledger-plan';
import type { LedgerWrites } from '../../src/wallet/ledger-writer';
import { localDayOf } from '../../src/common/time-zones';
import { subteamState } from './ledger-state';

interface StoredWallet {
  agencyId: string;
  balanceMicros: bigint;
  heldMicros: bigint;
  version: string;
  holds: Map<string, HoldRecord>;
  usage: Map<string, UsageRecord>;
}

export interface Trip {
  path: 'known' | 'locked';
  walletIds: string[];
  /** For the known path, the version each wallet's write was guarded by and the one it leaves. */
  versions?: [string, string][];
  /** For the locked path, the operations sent. */
  ops?: string[];
}

interface Failure {
  error: Error;
  /** The statement committed before the error reached the writer (its answer was lost). */
  committed?: boolean;
}

/** A unique key refusing a write, as PostgreSQL reports it. */
export function uniqueViolation(constraint: string): Error {
  return Object.assign(new Error(`duplicate key value violates unique constraint "${constraint}"`), { code: '23505', constraint });
}

/** The driver's error when the connection is reset under a statement. */
export function connectionReset(): Error {
  return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
}

/**
 * The ledger writer's repository in memory, with the database's semantics that the writer relies
 * on: a known write is guarded by the wallet's version and refused whole by a unique key (holds by
 * call id, usage entries by reference); known writes run one after another on one connection;
 * every committed write leaves the version it was planned with. A spec can hold a trip until it
 * says (`pause`), fail the next trips on a path (`fail`), or change a wallet as another writer
 * would (`changeElsewhere`).
 */
export class FakeLedgerRepository implements LedgerWrites {
  readonly trips: Trip[] = [];
  readonly wallets = new Map<string, StoredWallet>();
  readonly subteams = new Map<string, SubteamState>([['s1', subteamState()]]);
  private connection: Promise<unknown> = Promise.resolve();
  private readonly gates: Record<Trip['path'], Promise<void>[]> = { known: [], locked: [] };
  private readonly failures: Record<Trip['path'], Failure[]> = { known: [], locked: [] };
  private versions = 0;

  addWallet(walletId: string, balanceMicros: bigint): void {
    this.wallets.set(walletId, {
      agencyId: 'agency',
      balanceMicros,
      heldMicros: 0n,
      version: `db-${++this.versions}`,
      holds: new Map(),
      usage: new Map(),
    });
  }

  wallet(walletId: string): StoredWallet {
    const wallet = this.wallets.get(walletId);
    if (!wallet) throw new Error(`No wallet ${walletId}`);
    return wallet;
  }

  /** Holds the next trip on `path` until the returned function is called. */
  pause(path: Trip['path']): () => void {
    let open = () => {};
    this.gates[path].push(new Promise<void>((resolve) => (open = resolve)));
    return open;
  }

  fail(path: Trip['path'], failure: Failure): void {
    this.failures[path].push(failure);
  }

  /** Another writer (a credit, another process's batch) changed the wallet: a new version. */
  changeElsewhere(walletId: string, creditMicros: bigint): void {
    const wallet = this.wallet(walletId);
    wallet.balanceMicros += creditMicros;
    wallet.version = `db-${++this.versions}`;
  }

  async applyLocked(
    opsByWallet: Map<string, LedgerOp[]>,
    plan: (state: WalletState, ops: LedgerOp[], readVersion: string) => WalletBatch,
    now: Date,
  ): Promise<Map<string, WalletBatch>> {
    this.trips.push({
      path: 'locked',
      walletIds: [...opsByWallet.keys()],
      ops: [...opsByWallet.values()].flat().map((op) => `${op.kind} ${'callId' in op ? op.callId : op.reference}`),
    });
    await this.gates.locked.shift();
    const failure = this.failures.locked.shift();
    if (failure) throw failure.error;
    const batches = new Map<string, WalletBatch>();
    for (const [walletId, ops] of opsByWallet) {
      const wallet = this.wallets.get(walletId);
      if (!wallet) continue;
      const batch = plan(this.read(walletId, wallet, ops, now), ops, wallet.version);
      this.commit(batch);
      batches.set(walletId, batch);
    }
    return batches;
  }

  /** Known writes share one connection: each starts after the one before it has finished. */
  writeKnown(batches: WalletBatch[]): Promise<Set<string>> {
    const trip = this.connection.then(() => this.known(batches));
    this.connection = trip.catch(() => undefined);
    return trip;
  }

  private async known(batches: WalletBatch[]): Promise<Set<string>> {
    this.trips.push({
      path: 'known',
      walletIds: batches.map((batch) => batch.state.walletId),
      versions: batches.map((batch) => [batch.readVersion, batch.version]),
    });
    await this.gates.known.shift();
    const failure = this.failures.known.shift();
    if (failure) {
      if (failure.committed) this.guarded(batches).forEach((batch) => this.commit(batch));
      throw failure.error;
    }
    const written = this.guarded(batches);
    for (const batch of written) {
      const wallet = this.wallet(batch.state.walletId);
      if (batch.result.newHolds.some((hold) => wallet.holds.has(hold.callId))) throw uniqueViolation('holds_wallet_id_call_id_key');
      if (batch.result.entries.some((entry) => entry.usage && wallet.usage.has(entry.reference))) {
        throw uniqueViolation('ledger_entries_wallet_id_source_reference_key');
      }
    }
    written.forEach((batch) => this.commit(batch));
    return new Set(written.map((batch) => batch.state.walletId));
  }

  private guarded(batches: WalletBatch[]): WalletBatch[] {
    return batches.filter((batch) => this.wallets.get(batch.state.walletId)?.version === batch.readVersion);
  }

  private read(walletId: string, wallet: StoredWallet, ops: LedgerOp[], now: Date): WalletState {
    const holds = new Map<string, HoldRecord>();
    const usage = new Map<string, UsageRecord>();
    for (const op of ops) {
      const hold = 'callId' in op ? wallet.holds.get(op.callId) : undefined;
      if (hold) holds.set(hold.callId, hold);
      const used = op.kind === 'debit' ? wallet.usage.get(op.reference) : undefined;
      if (used) usage.set(used.reference, used);
    }
    return {
      walletId,
      agencyId: wallet.agencyId,
      agencyPaused: false,
      maxCallOverrunMicros: 5_000_000n,
      balanceMicros: wallet.balanceMicros,
      heldMicros: wallet.heldMicros,
      now,
      localDay: localDayOf(now, 'UTC'),
      subteams: new Map(this.subteams),
      holds,
      usage,
    };
  }

  private commit({ state, result, version }: WalletBatch): void {
    const wallet = this.wallet(state.walletId);
    wallet.balanceMicros = result.balanceMicros;
    wallet.heldMicros = result.heldMicros;
    wallet.version = version;
    for (const hold of [...result.newHolds, ...result.changedHolds]) wallet.holds.set(hold.callId, { ...hold, isNew: false, changed: false });
    for (const entry of result.entries) {
      if (entry.usage) wallet.usage.set(entry.reference, { ...entry.usage, id: `entry-${entry.reference}` });
    }
    for (const [subteamId, subteam] of result.next.subteams) this.subteams.set(subteamId, subteam);
  }
}
