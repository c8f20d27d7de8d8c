/**
 * The wallet's rows as other modules receive them from `WalletService`. Declared beside the
 * queries that produce them (wallet.repository.ts, which stays wallet's own) and re-exported here.
 */
export type { EntryRow, ImportedHistory, PostedEntry, WalletRow } from './wallet.repository';
