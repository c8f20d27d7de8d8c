import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { WalletEvents, type BalanceChangedEvent } from '../wallet/wallet.events';
import { LowBalanceAlertService } from './low-balance-alert.service';

/**
 * Events that arrive within this window of each other are checked once: a busy wallet emits one
 * event per ledger batch, and the alert only needs the latest balance.
 */
const COALESCE_MS = 50;

interface Pending {
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  dirty: boolean;
}

/**
 * Hangs the alert checks off committed balance changes without touching the call path: the
 * handler only notes the agency and returns; the check runs on a later tick, at most one at a time
 * per agency, and its failures are logged, never thrown into the emitter.
 */
@Injectable()
export class BalanceAlertListener implements OnModuleDestroy {
  private readonly logger = new Logger(BalanceAlertListener.name);
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  constructor(private readonly alerts: LowBalanceAlertService) {}

  @OnEvent(WalletEvents.BalanceChanged)
  onBalanceChanged(event: BalanceChangedEvent): void {
    if (this.closed) return;
    const pending = this.pending.get(event.agencyId);
    if (pending) {
      pending.dirty = true;
      return;
    }
    const created: Pending = { dirty: false };
    this.pending.set(event.agencyId, created);
    this.schedule(event.agencyId, created);
  }

  private schedule(agencyId: string, pending: Pending): void {
    pending.timer = setTimeout(() => void this.run(agencyId, pending), COALESCE_MS);
  }

  private async run(agencyId: string, pending: Pending): Promise<void> {
    pending.timer = undefined;
    pending.dirty = false;
    pending.running = this.alerts
      .check(agencyId)
      .catch((error) => this.logger.error(`Balance alert check failed for agency ${agencyId}: ${String(error)}`));
    await pending.running;
    pending.running = undefined;
    if (pending.dirty && !this.closed) this.schedule(agencyId, pending);
    else this.pending.delete(agencyId);
  }

  /** Lets checks in flight finish before the database closes; the worker's sweep covers the rest. */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    await Promise.all([...this.pending.values()].map((pending) => pending.running));
    this.pending.clear();
  }
}
