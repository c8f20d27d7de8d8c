import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { WalletEvents, type BalanceChangedEvent } from '../wallet/wallet.events';
import { BatchedLookup } from '../common/batched-lookup';
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
/** Alerts asked for within this window are read together, in one query. */
const STATE_READ_WINDOW_MS = 10;

type Alert = WalletAlertState['alert'];

interface Pending {
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  dirty: boolean;
  /** The available balance of the latest change. */
  availableMicros: bigint;
}

/**
 * Hangs the alert checks off committed balance changes without touching the call path: the
 * handler only notes the agency and returns; the check runs on a later tick, at most one at a time
 * per agency, and its failures are logged, never thrown into the emitter. The alert settings are
 * read for many agencies at once (a thousand busy agencies cost a query a few times a second, not
 * one each), and the check, which takes a transaction, runs only when a transition is due.
 */
@Injectable()
export class BalanceAlertListener implements OnModuleDestroy {
  private readonly logger = new Logger(BalanceAlertListener.name);
  private readonly pending = new Map<string, Pending>();
  private readonly known: BatchedLookup<Alert>;
  private closed = false;

  constructor(private readonly alerts: LowBalanceAlertService) {
    this.known = new BatchedLookup((agencyIds) => this.alerts.alertsOf(agencyIds), {
      ttlMs: STATE_CACHE_MS,
      windowMs: STATE_READ_WINDOW_MS,
      missing: () => null,
    });
  }

  @OnEvent(AlertEvents.SettingsChanged)
  onSettingsChanged({ agencyId }: { agencyId: string }): void {
    this.known.delete(agencyId);
  }

  @OnEvent(WalletEvents.BalanceChanged)
  onBalanceChanged(event: BalanceChangedEvent): void {
    if (this.closed) return;
    const alert = this.known.peek(event.agencyId);
    if (alert !== undefined && !isDue(event.availableMicros, alert)) return;
    const pending = this.pending.get(event.agencyId);
    if (pending) {
      pending.dirty = true;
      pending.availableMicros = event.availableMicros;
      return;
    }
    const created: Pending = { dirty: false, availableMicros: event.availableMicros };
    this.pending.set(event.agencyId, created);
    this.schedule(event.agencyId, created);
  }

  private schedule(agencyId: string, pending: Pending): void {
    pending.timer = setTimeout(() => void this.run(agencyId, pending), COALESCE_MS);
  }

  private async run(agencyId: string, pending: Pending): Promise<void> {
    pending.timer = undefined;
    pending.dirty = false;
    pending.running = (async () => {
      if (!isDue(pending.availableMicros, await this.known.get(agencyId))) return;
      await this.alerts.check(agencyId);
      const state = await this.alerts.state(agencyId);
      if (state) this.known.set(agencyId, state.alert);
    })().catch((error) => this.logger.error(`Balance alert check failed for agency ${agencyId}: ${String(error)}`));
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

/** Whether the alert (or, with none set, the depletion email) calls for a transition at this available balance. */
function isDue(availableMicros: bigint, alert: Alert): boolean {
  return Object.values(pendingTransitions({ availableMicros, alert })).some(Boolean);
}
