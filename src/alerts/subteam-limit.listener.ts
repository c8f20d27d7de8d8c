import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { WalletEvents, type BalanceChangedEvent } from '../wallet/wallet.events';
import { BatchedLookup } from '../common/batched-lookup';
import { SubteamLimitAlertService } from './subteam-limit-alert.service';

/** Calls of one agency settled within this window are checked once. */
const COALESCE_MS = 50;
/** How long a process trusts what it read of whether an agency has a subteam with a limit. */
const LIMITS_CACHE_MS = 5000;
/** Agencies asked about within this window are read together, in one query. */
const LIMITS_READ_WINDOW_MS = 10;

/**
 * Checks subteam limit alerts after committed call spend, off the call path: the handler notes the
 * agency and returns; the check runs on a later tick, one at a time per agency, and its failures
 * are logged, never thrown into the emitter. Whether an agency has limits is read for many agencies
 * at once and trusted for 5 s: a thousand busy agencies without limits cost a query a few times a
 * second, not hundreds.
 */
@Injectable()
export class SubteamLimitListener implements OnModuleDestroy {
  private readonly logger = new Logger(SubteamLimitListener.name);
  private readonly pending = new Map<string, { running?: Promise<void>; dirty: boolean; timer?: NodeJS.Timeout }>();
  private readonly limited: BatchedLookup<boolean>;
  private closed = false;

  constructor(private readonly alerts: SubteamLimitAlertService) {
    this.limited = new BatchedLookup(
      async (agencyIds) => {
        const withLimits = await this.alerts.withLimits(agencyIds);
        return new Map(agencyIds.map((agencyId) => [agencyId, withLimits.has(agencyId)]));
      },
      { ttlMs: LIMITS_CACHE_MS, windowMs: LIMITS_READ_WINDOW_MS, missing: () => false },
    );
  }

  @OnEvent(WalletEvents.BalanceChanged)
  onBalanceChanged(event: BalanceChangedEvent): void {
    if (this.closed || event.cause !== 'calls' || !event.debited) return;
    if (this.limited.peek(event.agencyId) === false) return;
    const pending = this.pending.get(event.agencyId);
    if (pending) {
      pending.dirty = true;
      return;
    }
    const created = { dirty: false } as { running?: Promise<void>; dirty: boolean; timer?: NodeJS.Timeout };
    this.pending.set(event.agencyId, created);
    created.timer = setTimeout(() => void this.run(event.agencyId, created), COALESCE_MS);
  }

  private async run(agencyId: string, pending: { running?: Promise<void>; dirty: boolean; timer?: NodeJS.Timeout }): Promise<void> {
    pending.timer = undefined;
    pending.dirty = false;
    pending.running = (async () => {
      if (await this.limited.get(agencyId)) await this.alerts.check(agencyId);
    })().catch((error) => this.logger.error(`Subteam limit check failed for agency ${agencyId}: ${String(error)}`));
    await pending.running;
    pending.running = undefined;
    if (pending.dirty && !this.closed) pending.timer = setTimeout(() => void this.run(agencyId, pending), COALESCE_MS);
    else this.pending.delete(agencyId);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    await Promise.all([...this.pending.values()].map((pending) => pending.running));
    this.pending.clear();
  }
}
