import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { LowBalanceAlertService } from '../alerts/low-balance-alert.service';
import { NotFoundError, ValidationError } from '../common/errors';
import type { SqlTx, Tx } from '../database/database';
import { formatMoney, type Micros } from '../database/money';
import { addDays, localDayOf, monthStart, startOfLocalDay } from '../common/time-zones';
import { entriesCsv, entryPages, firstPageRead } from './entries-csv';
import { type SpendWindow, spendWindows } from './ledger-batch';
import { LedgerBatchRepository } from './ledger-batch.repository';
import type { LedgerEntryType } from './wallet.entity';
import { WalletEvents, type BalanceChangedEvent } from './wallet.events';
import { WalletRepository, type EntryRow, type ImportedHistory, type PostedEntry, type WalletRow } from './wallet.repository';

export type WalletStatus = 'active' | 'low' | 'depleted' | 'paused';

export interface WalletView {
  balance: string;
  held: string;
  available: string;
  pending: string;
  currency: string;
  status: WalletStatus;
}

export interface SpendWindowView {
  spent: string;
  limit: string | null;
  /** What a call may still take in this window (never below zero); null without a limit. */
  remaining: string | null;
}

export interface SubteamSpendView {
  timeZone: string;
  /** Open holds, counted against both windows. */
  held: string;
  today: { date: string } & SpendWindowView;
  month: { from: string } & SpendWindowView;
}

function windowView(window: SpendWindow): SpendWindowView {
  return {
    spent: formatMoney(window.spentMicros),
    limit: window.limitMicros === null ? null : formatMoney(window.limitMicros),
    remaining: window.headroomMicros === null ? null : formatMoney(window.headroomMicros > 0n ? window.headroomMicros : 0n),
  };
}

/** What selects ledger entries: days are the agency's local days (`YYYY-MM-DD`), instants ISO 8601. */
export interface EntryQuery {
  subteamId?: string;
  type?: LedgerEntryType;
  from?: string;
  to?: string;
}

export type EntryView = ReturnType<typeof entryView>;

function instantOf(value: string, timeZone: string, dayOffset: 0 | 1): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? startOfLocalDay(addDays(value, dayOffset), timeZone) : new Date(value);
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
    private readonly batches: LedgerBatchRepository,
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

  async listEntries(agencyId: string, query: EntryQuery & { limit: number; cursor?: string }) {
    const { walletId, filter } = await this.entryFilter(agencyId, query);
    const rows = await this.repository.listEntries({
      ...filter,
      walletId,
      limit: query.limit + 1,
      cursor: query.cursor ? BigInt(query.cursor) : undefined,
    });
    const page = rows.slice(0, query.limit);
    return {
      data: page.map(entryView),
      nextCursor: rows.length > query.limit ? page[page.length - 1].id : null,
    };
  }

  /**
   * Every entry the filter selects as CSV text, newest first, read in keyset pages while the
   * text is consumed. The agency is checked, the filter resolved and the first page read before
   * the first line.
   */
  async exportEntries(agencyId: string, query: EntryQuery): Promise<{ currency: string; lines: AsyncIterable<string> }> {
    const { walletId, currency, filter } = await this.entryFilter(agencyId, query);
    const pages = await firstPageRead(
      entryPages(async (cursor, limit) => (await this.repository.listEntries({ ...filter, walletId, cursor, limit })).map(entryView)),
    );
    return { currency, lines: entriesCsv(pages, currency) };
  }

  /**
   * A calendar day in a filter is the agency's local day: `from` takes in the whole of its day
   * and `to` the whole of its own; an instant is taken as it is (`from` inclusive, `to` exclusive).
   */
  private async entryFilter(agencyId: string, query: EntryQuery) {
    const walletId = await this.walletIdOf(agencyId);
    const wallet = await this.repository.findWallet(walletId);
    if (!wallet) throw new NotFoundError('Agency');
    const from = query.from === undefined ? undefined : instantOf(query.from, wallet.timeZone, 0);
    const to = query.to === undefined ? undefined : instantOf(query.to, wallet.timeZone, 1);
    if (from && to && from >= to) {
      throw new ValidationError('Invalid request: from: must be before to', { fields: [{ path: 'from', message: 'must be before to' }] });
    }
    return { walletId, currency: wallet.currency, filter: { subteamId: query.subteamId, type: query.type, from, to } };
  }

  /**
   * Each subteam's spend today and this month (the agency's local day and month) against its
   * limits, counted as the call path counts them, and what a call may still take.
   */
  async subteamSpend(agencyId: string, now = new Date()): Promise<Map<string, SubteamSpendView>> {
    const wallet = await this.repository.findWallet(await this.walletIdOf(agencyId));
    if (!wallet) throw new NotFoundError('Agency');
    const today = localDayOf(now, wallet.timeZone).day;
    const subteams = await this.batches.subteamSpend(agencyId, today);
    const views = new Map<string, SubteamSpendView>();
    for (const [subteamId, subteam] of subteams) {
      const [daily, monthly] = spendWindows(subteam).map(windowView);
      views.set(subteamId, {
        timeZone: wallet.timeZone,
        held: formatMoney(subteam.openHeldMicros),
        today: { date: today, ...daily },
        month: { from: monthStart(today), ...monthly },
      });
    }
    return views;
  }

  /** Opens the wallet of a new agency, inside the agency's transaction. */
  async createWallet(tx: Tx, agencyId: string, currency: string): Promise<{ id: string; currency: string }> {
    const wallet = { id: randomUUID(), agencyId, currency };
    await this.repository.insertWallet(tx, wallet);
    return { id: wallet.id, currency };
  }

  /** The agency's wallet: its id and currency. */
  async walletOfAgency(agencyId: string, tx?: Tx): Promise<{ id: string; currency: string }> {
    const wallet = await this.repository.findWalletOfAgency(agencyId, tx);
    if (!wallet) throw new NotFoundError('Agency');
    return wallet;
  }

  /**
   * Moves the wallet's pending amount (reloads charged but not yet cleared) inside the caller's
   * transaction. For auto-reload's charger, which must not write the wallet row itself.
   */
  adjustPending(tx: Tx, walletId: string, deltaMicros: Micros): Promise<void> {
    return this.repository.adjustPending(tx, walletId, deltaMicros);
  }

  /** Writes a history of settled calls as the ledger writer would have (the demo seed's week). */
  importHistory(tx: Tx | SqlTx, walletId: string, history: ImportedHistory): Promise<void> {
    return this.repository.importHistory(tx, walletId, history, randomUUID);
  }

  walletRow(walletId: string, tx?: Tx): Promise<WalletRow | undefined> {
    return this.repository.findWallet(walletId, tx);
  }

  /** The agency's wallet id, read now (inside `tx` when given), unlike the cached `walletIdOf`; undefined for an unknown agency. */
  findWalletId(agencyId: string, tx?: Tx): Promise<string | undefined> {
    return this.repository.findWalletIdByAgency(agencyId, tx);
  }

  /** The agency's wallet row, read now (inside `tx` when given); undefined for an unknown agency. */
  async walletRowOfAgency(agencyId: string, tx?: Tx): Promise<WalletRow | undefined> {
    const walletId = await this.repository.findWalletIdByAgency(agencyId, tx);
    return walletId ? this.repository.findWallet(walletId, tx) : undefined;
  }

  /** The entry of this type and reference, if one was posted (inside `tx` when given). */
  findEntry(walletId: string, type: LedgerEntryType, reference: string, tx?: Tx): Promise<EntryRow | undefined> {
    return this.repository.findEntry(walletId, type, reference, tx);
  }

  /** A subteam's spend per local day, from `from` to `to` inclusive ('YYYY-MM-DD'). */
  subteamUsage(subteamId: string, from: string, to: string): Promise<{ day: string; spentMicros: Micros }[]> {
    return this.repository.subteamUsage(subteamId, from, to);
  }

  /** Open holds past their expiry, oldest first, for the expiry sweep to submit to the ledger writer. */
  findExpiredHolds(limit: number): Promise<{ walletId: string; callId: string }[]> {
    return this.repository.findExpiredHolds(limit);
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
