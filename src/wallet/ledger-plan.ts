import type { KnownState } from './known-wallets';
import { applyLedgerOps, type BatchResult, type LedgerOp, type WalletState } from './ledger-batch';

/** Ids for new holds and wallet versions; the writer is given one so its specs can be deterministic. */
export type NewId = () => string;

/** One wallet's part of a batch, planned and ready to write. */
export interface WalletBatch {
  /** The state the batch was applied to, as it was (the next state is `result.next`). */
  state: WalletState;
  result: BatchResult;
  /** The wallet's version the batch was applied to, and the version its write leaves. */
  readVersion: string;
  version: string;
}

/**
 * Plans a batch on a state read under the wallet's lock: its write always happens, and leaves a
 * new version.
 */
export function planLocked(state: WalletState, ops: LedgerOp[], readVersion: string, newId: NewId): WalletBatch {
  return { state, result: applyLedgerOps(state, ops, newId), readVersion, version: newId() };
}

/**
 * Plans a batch on the state this process's own last batch left, or answers undefined when the
 * batch must be read under the lock instead.
 *
 * Calls and usage this process has not seen are assumed new: a wrong guess that writes is refused
 * by a unique key, but one that is refused writes nothing, so it would answer a replay with a
 * refusal (a retried authorize → 402 while its hold is open). So a batch that would refuse an
 * unseen operation is read under the lock.
 */
export function planKnown(known: KnownState, ops: LedgerOp[], newId: NewId): WalletBatch | undefined {
  const { state } = known;
  const result = applyLedgerOps(state, ops, newId);
  // `state` is unchanged by the batch, so "unseen" is asked of what was known before it.
  const refusedUnseen = result.outcomes.some((outcome, index) => {
    if (outcome.ok) return false;
    const op = ops[index];
    return op.kind === 'debit' || (op.kind === 'authorize' && !state.holds.has(op.callId));
  });
  if (refusedUnseen) return undefined;
  return { state, result, readVersion: known.version, version: newId() };
}
