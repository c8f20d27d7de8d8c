import type { Micros } from '../database/money';

export const WalletEvents = {
  /** Emitted after a committed change to a wallet's balance or holds. */
  BalanceChanged: 'wallet.balance_changed',
} as const;

export interface BalanceChangedEvent {
  walletId: string;
  agencyId: string;
  balanceMicros: Micros;
  heldMicros: Micros;
  availableMicros: Micros;
  /** True when money left the wallet: the cue for low-balance alerts and auto-reload. */
  debited: boolean;
  cause: 'calls' | 'adjustment' | 'reload' | 'refund';
}
