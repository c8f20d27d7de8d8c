import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../agencies/agencies.service';
import { AuditService } from '../../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { ValidationError } from '../../common/errors';
import { Database } from '../../database/database';
import { formatMoney, type Micros } from '../../database/money';
import { PaymentMethodLookupService } from '../../payments/payment-method-lookup.service';
import { chargeableDescription, isChargeable } from '../../payments/currencies';
import { WalletService } from '../../wallet/wallet.service';
import { ReloadEvaluationService } from '../evaluation/reload-evaluation.service';
import type { AutoReloadPolicy } from '../evaluation/reload-rules';
import { ReloadNotices } from '../notices/reload-notices';
import { AutoReloadPoliciesRepository } from './auto-reload-policies.repository';

export interface PolicyInput {
  enabled: boolean;
  thresholdMicros: Micros;
  mode: 'fixed' | 'to_target';
  amountMicros?: Micros;
  targetBalanceMicros?: Micros;
  dailyCapMicros?: Micros | null;
  monthlyCapMicros?: Micros | null;
  fallbackToBackupMethods?: boolean;
}

export function policyView(policy: AutoReloadPolicy) {
  const money = (value: Micros | null) => (value === null ? null : formatMoney(value));
  return {
    enabled: policy.enabled,
    threshold: formatMoney(policy.thresholdMicros),
    mode: policy.mode,
    amount: money(policy.amountMicros),
    targetBalance: money(policy.targetBalanceMicros),
    dailyCap: money(policy.dailyCapMicros),
    monthlyCap: money(policy.monthlyCapMicros),
    fallbackToBackupMethods: policy.fallbackToBackupMethods,
    suspended: policy.suspendedAt !== null,
    suspendedAt: policy.suspendedAt?.toISOString() ?? null,
    suspendedReason: policy.suspendedReason,
    consecutiveFailures: policy.consecutiveFailures,
  };
}

/** A suspension lifted, whoever lifts it (the owner's new settings or payment method, support): the failure count starts again. */
function withoutSuspension(policy: AutoReloadPolicy): AutoReloadPolicy {
  return { ...policy, suspendedAt: null, suspendedReason: null, consecutiveFailures: 0 };
}

/**
 * The owner's auto-reload settings (PUT, PATCH), and what lifts a suspension: new settings, a new
 * or reordered payment method, support. A change that may make a reload due asks for an evaluation.
 */
@Injectable()
export class AutoReloadSettingsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly policies: AutoReloadPoliciesRepository,
    private readonly methods: PaymentMethodLookupService,
    private readonly wallets: WalletService,
    private readonly evaluation: ReloadEvaluationService,
    private readonly notices: ReloadNotices,
    private readonly audit: AuditService,
  ) {}

  async getPolicy(agencyId: string) {
    return policyView(await this.policies.policy(agencyId));
  }

  /** PUT: the whole policy. Saving it enabled also lifts a suspension: the owner has looked at it. */
  async savePolicy(actor: Actor, agencyId: string, input: PolicyInput) {
    return this.changePolicy(actor, agencyId, () => input, input.enabled);
  }

  /**
   * PATCH: only the fields sent change; the merged policy is validated as a PUT of it would be.
   * It lifts a suspension only when it turns auto-reload on (`enabled: true`), as the owner's answer.
   */
  async patchPolicy(actor: Actor, agencyId: string, patch: Partial<PolicyInput>) {
    const sent = <K extends keyof PolicyInput>(field: K) => patch[field] !== undefined;
    return this.changePolicy(
      actor,
      agencyId,
      (before) => ({
        enabled: patch.enabled ?? before.enabled,
        thresholdMicros: patch.thresholdMicros ?? before.thresholdMicros,
        mode: patch.mode ?? before.mode,
        amountMicros: sent('amountMicros') ? patch.amountMicros : (before.amountMicros ?? undefined),
        targetBalanceMicros: sent('targetBalanceMicros') ? patch.targetBalanceMicros : (before.targetBalanceMicros ?? undefined),
        dailyCapMicros: sent('dailyCapMicros') ? patch.dailyCapMicros : before.dailyCapMicros,
        monthlyCapMicros: sent('monthlyCapMicros') ? patch.monthlyCapMicros : before.monthlyCapMicros,
        fallbackToBackupMethods: patch.fallbackToBackupMethods ?? before.fallbackToBackupMethods,
      }),
      patch.enabled === true,
    );
  }

  private async changePolicy(actor: Actor, agencyId: string, build: (before: AutoReloadPolicy) => PolicyInput, liftSuspension: boolean) {
    const saved = await this.db.transaction(async (tx) => {
      const before = await this.policies.lockPolicy(tx, agencyId);
      const input = build(before);
      const wallet = await this.wallets.walletRowOfAgency(agencyId, tx);
      validatePolicy(input, this.config.money.maxReloadMicros, wallet?.currency ?? 'USD');
      const after: AutoReloadPolicy = {
        ...before,
        enabled: input.enabled,
        thresholdMicros: input.thresholdMicros,
        mode: input.mode,
        amountMicros: input.amountMicros ?? null,
        targetBalanceMicros: input.targetBalanceMicros ?? null,
        dailyCapMicros: input.dailyCapMicros ?? null,
        monthlyCapMicros: input.monthlyCapMicros ?? null,
        fallbackToBackupMethods: input.fallbackToBackupMethods ?? true,
        lastSkipKey: null,
      };
      if (liftSuspension) Object.assign(after, withoutSuspension(after));
      await this.policies.savePolicy(tx, after);
      const [viewBefore, viewAfter] = [policyView(before), policyView(after)];
      const fields = Object.keys(viewAfter) as (keyof typeof viewAfter)[];
      const changes = fields
        .filter((field) => JSON.stringify(viewBefore[field]) !== JSON.stringify(viewAfter[field]))
        .map((field) => ({ field, before: viewBefore[field], after: viewAfter[field] }));
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'auto_reload.updated',
        targetType: 'auto_reload_policy',
        targetId: agencyId,
        before: viewBefore,
        after: viewAfter,
        requestId: actor.requestId,
      });
      await this.notices.settingsUpdated(tx, agencyId, changes);
      if (after.enabled && !before.enabled && !(await this.methods.list(agencyId, tx)).length) {
        await this.notices.nothingToCharge(tx, after, 'enabled');
      }
      return after;
    });
    const walletId = await this.wallets.findWalletId(agencyId);
    if (walletId && saved.enabled) await this.evaluation.requestEvaluationAfterCommit({ agencyId, walletId, trigger: 'threshold' });
    return policyView(saved);
  }

  /**
   * A new or reordered payment method lifts a suspension (the owner fixed what failed) and, when the
   * wallet is below its threshold, lets the reload happen now with the new order.
   */
  async paymentMethodsChanged(agencyId: string): Promise<void> {
    const walletId = await this.db.transaction(async (tx) => {
      const policy = await this.policies.lockPolicy(tx, agencyId);
      if (policy.suspendedAt) {
        await this.policies.savePolicy(tx, { ...withoutSuspension(policy), lastSkipKey: null });
      }
      return policy.enabled ? this.wallets.findWalletId(agencyId, tx) : undefined;
    });
    if (walletId) await this.evaluation.requestEvaluation({ agencyId, walletId, trigger: 'threshold' });
  }

  /**
   * Support lifts a suspension without touching the settings: audited with the reason, and when
   * auto-reload is on the wallet is evaluated at once. Lifting a policy that is not suspended
   * changes nothing and records nothing (`changed: false`).
   */
  async liftSuspension(actor: Actor, agencyId: string, reason: string) {
    const { policy, changed } = await this.db.transaction(async (tx) => {
      const before = await this.policies.lockPolicy(tx, agencyId);
      if (!before.suspendedAt) return { policy: before, changed: false };
      const after = { ...withoutSuspension(before), lastSkipKey: null };
      await this.policies.savePolicy(tx, after);
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'auto_reload.suspension_lifted',
        targetType: 'auto_reload_policy',
        targetId: agencyId,
        before: policyView(before),
        after: policyView(after),
        reason,
        requestId: actor.requestId,
      });
      return { policy: after, changed: true };
    });
    const walletId = changed && policy.enabled ? await this.wallets.findWalletId(agencyId) : undefined;
    if (walletId) await this.evaluation.requestEvaluationAfterCommit({ agencyId, walletId, trigger: 'threshold' });
    return { ...policyView(policy), changed };
  }

  /** The last payment method was removed: with auto-reload on, the owner hears at once that nothing can be charged. */
  async lastPaymentMethodRemoved(agencyId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const policy = await this.policies.lockPolicy(tx, agencyId);
      if (!policy.enabled || (await this.methods.list(agencyId, tx)).length) return;
      await this.notices.nothingToCharge(tx, policy, 'removed');
    });
  }
}

function validatePolicy(input: PolicyInput, maxReloadMicros: Micros, currency: string): void {
  const problems: { path: string; message: string }[] = [];
  const wholeCents = (value: Micros) => value % 10_000n === 0n;
  if (input.mode === 'fixed') {
    if (input.amountMicros === undefined) problems.push({ path: 'amount', message: 'required when mode is fixed' });
    else if (input.amountMicros < 1_000_000n || input.amountMicros > maxReloadMicros || !wholeCents(input.amountMicros)) {
      problems.push({ path: 'amount', message: `must be whole cents from "1.00" to "${formatMoney(maxReloadMicros)}"` });
    } else if (!isChargeable(input.amountMicros, currency)) {
      problems.push({ path: 'amount', message: `must be ${chargeableDescription(currency)}: the wallet is in ${currency}` });
    }
  } else if (input.targetBalanceMicros === undefined) {
    problems.push({ path: 'targetBalance', message: 'required when mode is to_target' });
  } else if (input.targetBalanceMicros <= input.thresholdMicros) {
    problems.push({ path: 'targetBalance', message: 'must be above the threshold' });
  }
  for (const [path, cap] of [
    ['dailyCap', input.dailyCapMicros],
    ['monthlyCap', input.monthlyCapMicros],
  ] as const) {
    if (cap !== undefined && cap !== null && !wholeCents(cap)) problems.push({ path, message: 'must be whole cents' });
  }
  if (problems.length) {
    throw new ValidationError(`Invalid auto-reload settings: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { fields: problems });
  }
}
