import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DependencyHealth } from '../health/dependency-health';
import { PaymentEvents, type MethodRemovedEvent, type MethodsChangedEvent } from '../payments/payments.events';
import { WalletEvents, type BalanceChangedEvent } from '../wallet/wallet.events';
import { AutoReloadRepository } from './auto-reload.repository';
import { AutoReloadService } from './auto-reload.service';
import type { Micros } from '../database/money';

/** How long a process trusts its cached view of a policy; the sweep covers what it misses. */
const POLICY_CACHE_MS = 5000;
/** Debits of one wallet within this window share one evaluation, queued after the last of them. */
const COALESCE_MS = 25;

/**
 * The event hook: after a committed debit, queue an evaluation when available is below the
 * threshold. It never blocks the call path (the ledger writer has already answered) and never
 * throws into it.
 */
@Injectable()
export class AutoReloadListener {
  private readonly logger = new Logger(AutoReloadListener.name);
  private readonly policies = new Map<string, { thresholdMicros: Micros | null; until: number }>();
  private readonly scheduled = new Set<string>();

  constructor(
    private readonly repository: AutoReloadRepository,
    private readonly autoReload: AutoReloadService,
    private readonly dependencies: DependencyHealth,
  ) {}

  @OnEvent(WalletEvents.BalanceChanged)
  async onBalanceChanged(event: BalanceChangedEvent): Promise<void> {
    if (!event.debited) return;
    try {
      const threshold = await this.activeThreshold(event.agencyId);
      if (threshold === null || event.availableMicros >= threshold || this.scheduled.has(event.walletId)) return;
      // The evaluation is queued after this debit committed, so it reads at least this balance.
      this.scheduled.add(event.walletId);
      setTimeout(() => {
        this.scheduled.delete(event.walletId);
        // Redis away: one line per outage, not one per debit; the sweep evaluates the wallet later.
        void this.dependencies.bestEffort(`Could not queue an auto-reload check for wallet ${event.walletId}`, this.logger, () =>
          this.autoReload.requestEvaluation({ agencyId: event.agencyId, walletId: event.walletId, trigger: 'threshold' }),
        );
      }, COALESCE_MS).unref();
    } catch (error) {
      this.logger.warn(`Could not queue an auto-reload check for wallet ${event.walletId}: ${String(error)}`);
    }
  }

  @OnEvent(PaymentEvents.MethodsChanged, { async: true })
  async onMethodsChanged(event: MethodsChangedEvent): Promise<void> {
    this.policies.delete(event.agencyId);
    try {
      await this.autoReload.paymentMethodsChanged(event.agencyId);
    } catch (error) {
      this.logger.warn(`Could not re-evaluate agency ${event.agencyId} after a payment method change: ${String(error)}`);
    }
  }

  @OnEvent(PaymentEvents.MethodRemoved, { async: true })
  async onMethodRemoved(event: MethodRemovedEvent): Promise<void> {
    if (event.remaining > 0) return;
    try {
      await this.autoReload.lastPaymentMethodRemoved(event.agencyId);
    } catch (error) {
      this.logger.warn(`Could not tell agency ${event.agencyId} that auto-reload has nothing to charge: ${String(error)}`);
    }
  }

  forget(agencyId: string): void {
    this.policies.delete(agencyId);
  }

  private async activeThreshold(agencyId: string): Promise<Micros | null> {
    const cached = this.policies.get(agencyId);
    if (cached && cached.until > Date.now()) return cached.thresholdMicros;
    const policy = await this.repository.policy(agencyId);
    const thresholdMicros = policy.enabled && !policy.suspendedAt ? policy.thresholdMicros : null;
    this.policies.set(agencyId, { thresholdMicros, until: Date.now() + POLICY_CACHE_MS });
    return thresholdMicros;
  }
}
