import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { LowBalanceAlertService } from '../alerts/low-balance-alert.service';
import { NotFoundError } from '../common/errors';
import type { Tx } from '../database/database';
import { formatMoney, type Micros } from '../database/money';
import type { LedgerEntryType } from './wallet.entity';
import { WalletEvents, type BalanceChangedEvent } from './wallet.events';
import { WalletRepository, type EntryRow, type PostedEntry, type WalletRow } from './wallet.repository';

export type WalletStatus = 'active' | 'low' | 'depleted' | 'paused';

export interface WalletView {
  balance: string;
  held: string;
  available: string;
  pending: string;
  currency: string;
  status: WalletStatus;
}

export function entryView(entry: EntryRow) {
  return {
    id: entry.id,
    walletId: entry.walletId,
    subteamId: entry.subteamId,
    type: entry.type,
    source: entry.source,
    amount: formatMoney(entry.amountMicros),
    balanceAfter: formatMoney(entry.balanceAfterMicros),
    reference: entry.reference,
    description: entry.description,
    overrun: entry.overrunMicros === null ? null : formatMoney(entry.overrunMicros),
    createdAt: entry.createdAt.toISOString(),
  };
}


@Injectable()
export class WalletService {
  private readonly walletIds = new Map<string, string>();

  constructor(
    private readonly repository: WalletRepository,
    private readonly events: EventEmitter2,
    private readonly alerts: LowBalanceAlertService,
  ) {}

  /** Agency → wallet never changes, so the mapping is cached for the call path. */
  async walletIdOf(agencyId: string): Promise<string> {
    const cached = this.walletIds.get(agencyId);
    if (cached) return cached;
    const walletId = await this.repository.findWalletIdByAgency(agencyId);
    if (!walletId) throw new NotFoundError('Agency');
    this.walletIds.set(agencyId, walletId);
    return walletId;
  }

  /** The wallet as its owner sees it; `low` is judged against the alert threshold unless one is given. */
  async getWallet(agencyId: string, lowThresholdMicros?: Micros | null): Promise<WalletView & { row: WalletRow }> {
    const walletId = await this.walletIdOf(agencyId);
    const [wallet, threshold] = await Promise.all([
      this.repository.findWallet(walletId),
      lowThresholdMicros === undefined ? this.alerts.thresholdMicros(agencyId) : lowThresholdMicros,
    ]);
    if (!wallet) throw new NotFoundError('Agency');
    const available = wallet.balanceMicros - wallet.heldMicros;
    return {
      balance: formatMoney(wallet.balanceMicros),
      held: formatMoney(wallet.heldMicros),
      available: formatMoney(available),
      pending: formatMoney(wallet.pendingMicros),
      currency: wallet.currency,
      status: walletStatus(wallet.agencyPaused, available, threshold),
      row: wallet,
    };
  }

  async listEntries(
    agencyId: string,
    query: { limit: number; cursor?: string; subteamId?: string; type?: LedgerEntryType },
  ) {
    const walletId = await this.walletIdOf(agencyId);
    const rows = await this.repository.listEntries({
      walletId,
      limit: query.limit + 1,
      cursor: query.cursor ? BigInt(query.cursor) : undefined,
      subteamId: query.subteamId,
      type: query.type,
    });
    const page = rows.slice(0, query.limit);
    return {
      data: page.map(entryView),
      nextCursor: rows.length > query.limit ? page[page.length - 1].id : null,
    };
  }

  walletRow(walletId: string, tx?: Tx): Promise<WalletRow | undefined> {
    return this.repository.findWallet(walletId, tx);
  }

  /** Posts one entry inside the caller's transaction; publish the change after it commits. */
  async postEntry(
    tx: Tx,
    walletId: string,
    entry: { type: LedgerEntryType; amountMicros: Micros; reference: string; description: string | null },
  ): Promise<PostedEntry> {
    const posted = await this.repository.postEntry(tx, walletId, entry);
    if (!posted) throw new NotFoundError('Wallet');
    return posted;
  }

  publishPosted(agencyId: string, posted: PostedEntry, cause: BalanceChangedEvent['cause']): void {
    if (posted.replayed) return;
    const event: BalanceChangedEvent = {
      walletId: posted.entry.walletId,
      agencyId,
      balanceMicros: posted.wallet.balanceMicros,
      heldMicros: posted.wallet.heldMicros,
      availableMicros: posted.wallet.balanceMicros - posted.wallet.heldMicros,
      debited: posted.entry.amountMicros < 0n,
      cause,
    };
    this.events.emit(WalletEvents.BalanceChanged, event);
  }
}

export function walletStatus(paused: boolean, availableMicros: Micros, lowThresholdMicros: Micros | null): WalletStatus {
  if (paused) return 'paused';
  if (availableMicros <= 0n) return 'depleted';
  if (lowThresholdMicros !== null && availableMicros < lowThresholdMicros) return 'low';
  return 'active';
}
