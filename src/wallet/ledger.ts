/**
 * The call path's write API: the ledger writer and the operations it takes. calls/ submits to the
 * writer directly, as no wrapper may add a step to every call; the batch planner and the
 * repositories behind it stay wallet's own.
 */
export { LedgerWriter } from './ledger-writer';
export type { HoldRecord, LedgerOp, OpValue } from './ledger-batch';
