import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { WalletEvents, type BalanceChangedEvent } from '../wallet/wallet.events';
import type { WalletAlertState } from './low-balance-alert.repository';
import { AlertEvents, LowBalanceAlertService, pendingTransitions } from './low-balance-alert.service';

/**
 * Events that arrive within this window of each other are checked once: a busy wallet emits one
 * event per ledger batch, and the alert only needs the latest balance.
 */
const COALESCE_MS = 50;
/**
 * How long a process trusts the alert state it last read. Within it, a balance change that calls
 * for no transition costs no query; a stale view can only delay a transition by this long (the
 * worker's sweep is the backstop), never send one twice (the transitions are atomic in SQL).
 */
const STATE_CACHE_MS = 5000;

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
  private readonly known = new Map<string, { alert: WalletAlertState['alert']; until: number }>();
  private closed = false;

  constructor(private readonly alerts: LowBalanceAlertService) {}

  @OnEvent(AlertEvents.SettingsChanged)
  onSettingsChanged({ agencyId }: { agencyId: string }): void {
    this.known.delete(agencyId);
  }

  @OnEvent(WalletEvents.BalanceChanged)
  onBalanceChanged(event: BalanceChangedEvent): void {
    if (this.closed) return;
    const known = this.known.get(event.agencyId);
    if (known && known.until > Date.now()) {
      const due = pendingTransitions({ availableMicros: event.availableMicros, alert: known.alert });
      if (!Object.values(due).some(Boolean)) return;
    }
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
      .then(async () => {
        const state = await this.alerts.state(agencyId);
        if (state) this.known.set(agencyId, { alert: state.alert, until: Date.now() + STATE_CACHE_MS });
      })
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
