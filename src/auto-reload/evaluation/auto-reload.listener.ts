import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DependencyHealth } from '../../health/dependency-health';
import { PaymentEvents, type MethodRemovedEvent, type MethodsChangedEvent } from '../../payments/payments.events';
import { WalletEvents, type BalanceChangedEvent } from '../../wallet/wallet.events';
import { AutoReloadPoliciesRepository } from '../settings/auto-reload-policies.repository';
import { AutoReloadSettingsService } from '../settings/auto-reload-settings.service';
import { ReloadEvaluationService } from './reload-evaluation.service';
import type { Micros } from '../../database/money';
import { BatchedLookup } from '../../common/batched-lookup';
import type { AutoReloadPolicy } from './reload-rules';

/** How long a process trusts its cached view of a policy; the sweep covers what it misses. */
const POLICY_CACHE_MS = 5000;
/** Policies asked for within this window are read together, in one query. */
const POLICY_READ_WINDOW_MS = 10;
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
  /** Each agency's active threshold (null: auto-reload off or suspended), read in batches. */
  private readonly thresholds: BatchedLookup<Micros | null>;
  private readonly scheduled = new Set<string>();

  constructor(
    private readonly policies: AutoReloadPoliciesRepository,
    private readonly evaluation: ReloadEvaluationService,
    private readonly settings: AutoReloadSettingsService,
    private readonly dependencies: DependencyHealth,
  ) {
    this.thresholds = new BatchedLookup(
      async (agencyIds) => new Map([...(await this.policies.policies(agencyIds))].map(([agencyId, policy]) => [agencyId, activeThreshold(policy)])),
      { ttlMs: POLICY_CACHE_MS, windowMs: POLICY_READ_WINDOW_MS, missing: () => null },
    );
  }

  @OnEvent(WalletEvents.BalanceChanged)
  async onBalanceChanged(event: BalanceChangedEvent): Promise<void> {
    if (!event.debited) return;
    try {
      const threshold = await this.thresholds.get(event.agencyId);
      if (threshold === null || event.availableMicros >= threshold || this.scheduled.has(event.walletId)) return;
      // The evaluation is queued after this debit committed, so it reads at least this balance.
      this.scheduled.add(event.walletId);
      setTimeout(() => {
        this.scheduled.delete(event.walletId);
        // Redis away: one line per outage, not one per debit; the sweep evaluates the wallet later.
        void this.dependencies.bestEffort(`Could not queue an auto-reload check for wallet ${event.walletId}`, this.logger, () =>
          this.evaluation.requestEvaluation({ agencyId: event.agencyId, walletId: event.walletId, trigger: 'threshold' }),
        );
      }, COALESCE_MS).unref();
    } catch (error) {
      this.logger.warn(`Could not queue an auto-reload check for wallet ${event.walletId}: ${String(error)}`);
    }
  }

  @OnEvent(PaymentEvents.MethodsChanged, { async: true })
  async onMethodsChanged(event: MethodsChangedEvent): Promise<void> {
    this.thresholds.delete(event.agencyId);
    try {
      await this.settings.paymentMethodsChanged(event.agencyId);
    } catch (error) {
      this.logger.warn(`Could not re-evaluate agency ${event.agencyId} after a payment method change: ${String(error)}`);
    }
  }

  @OnEvent(PaymentEvents.MethodRemoved, { async: true })
  async onMethodRemoved(event: MethodRemovedEvent): Promise<void> {
    if (event.remaining > 0) return;
    try {
      await this.settings.lastPaymentMethodRemoved(event.agencyId);
    } catch (error) {
      this.logger.warn(`Could not tell agency ${event.agencyId} that auto-reload has nothing to charge: ${String(error)}`);
    }
  }

  forget(agencyId: string): void {
    this.thresholds.delete(agencyId);
  }
}

/** The threshold that triggers a reload, or null when auto-reload is off or suspended. */
function activeThreshold(policy: AutoReloadPolicy): Micros | null {
  return policy.enabled && !policy.suspendedAt ? policy.thresholdMicros : null;
}
