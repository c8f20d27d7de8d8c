import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import type { Actor } from '../../agencies/agencies.service';
import { AuditService } from '../../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { NotFoundError, PaymentProviderUnavailableError, ValidationError } from '../../common/errors';
import { Database, type Tx } from '../../database/database';
import { DependencyHealth } from '../../health/dependency-health';
import { formatMoney, type Micros } from '../../database/money';
import { PaymentMethodsRepository } from '../../payments/payment-methods.repository';
import { chargeableDescription, isChargeable } from '../../payments/currencies';
import { TransientStripeError } from '../../payments/stripe.gateway';
import { paymentMethodView } from '../../payments/payment-methods.service';
import { Queues, whileRedisUp } from '../../queues/queues';
import { WalletRepository } from '../../wallet/wallet.repository';
import { AutoReloadRepository, type ReloadTrigger } from '../attempts/reload-attempts.repository';
import { ReloadCharger } from './reload-charger';
import { type ReloadNotice, ReloadNotices } from '../notices/reload-notices';
import { type AutoReloadPolicy, type ReloadDecision, capWindows, decideReload, nothingToChargeWarning } from './reload-rules';

export const EvaluateJob = 'evaluate';
/** An evaluation that failed (the database away a moment) is tried again after 1, 3 and 7 s, not left to the sweep. */
const EVALUATE_JOB: JobOptions = { attempts: 4, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: true };
export interface EvaluateJobData {
  agencyId: string;
  walletId: string;
  trigger: ReloadTrigger;
}

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
 * Decides whether a wallet reloads now. Triggers (the debit hook, the sweep, support) only queue
 * an evaluation; the evaluation runs in a worker, serialized per agency by the policy row lock,
 * and at most one automatic reload is in flight per wallet (a unique index, not a memory flag).
 */
@Injectable()
export class AutoReloadService {
  private readonly logger = new Logger(AutoReloadService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly repository: AutoReloadRepository,
    private readonly methods: PaymentMethodsRepository,
    private readonly wallets: WalletRepository,
    private readonly charger: ReloadCharger,
    private readonly notices: ReloadNotices,
    private readonly audit: AuditService,
    @InjectQueue(Queues.AutoReload) private readonly queue: Queue,
    private readonly dependencies: DependencyHealth,
  ) {}

  /**
   * Queues an evaluation. No job id dedupe: a trigger must never be dropped because an earlier
   * evaluation, which may have read the wallet before this debit committed, is still running.
   * Bursts are coalesced where they start (the debit listener) instead; extra evaluations are
   * cheap, serialized by the policy lock, and the in-flight index keeps them to one reload.
   */
  async requestEvaluation(data: EvaluateJobData): Promise<void> {
    await whileRedisUp(this.queue, () => this.queue.add(EvaluateJob, data, EVALUATE_JOB));
  }

  /** For work that already committed: Redis being away must not fail it, and the sweep evaluates the wallet later. */
  private async requestEvaluationAfterCommit(data: EvaluateJobData): Promise<void> {
    await this.dependencies.bestEffort(`Auto-reload check of wallet ${data.walletId} not queued now (the sweep will)`, this.logger, () =>
      this.requestEvaluation(data),
    );
  }

  /** Runs one evaluation: records what it decided, and queues the charge when it reloads. */
  async evaluate(data: EvaluateJobData): Promise<ReloadDecision> {
    let attemptId: string | null = null;
    const outbox: ReloadNotice[] = [];
    const decision = await this.db.transaction(async (tx) => {
      const policy = await this.repository.lockPolicy(tx, data.agencyId);
      const decision = await this.decide(tx, policy, data.walletId);
      if (decision.reload) {
        const method = (await this.methods.list(data.agencyId, tx))[0];
        const wallet = (await this.wallets.findWallet(data.walletId, tx))!;
        const attempt = await this.repository.insertAttempt(tx, {
          agencyId: data.agencyId,
          walletId: data.walletId,
          trigger: data.trigger,
          amountMicros: decision.amountMicros,
          currency: wallet.currency,
          paymentMethodId: method.id,
          status: 'processing',
        });
        await this.repository.recordEvent(tx, attempt, 'decision', { decision: 'reload', reason: decision.explanation, trigger: data.trigger });
        attemptId = attempt.id;
      } else {
        await this.recordSkip(tx, policy, data, decision, outbox);
      }
      return decision;
    });
    if (attemptId) await this.charger.enqueueCharge(attemptId);
    await this.notices.send(outbox);
    return decision;
  }

  /** What a trigger would do now, charging nothing. */
  async dryRun(agencyId: string) {
    const walletId = (await this.wallets.findWalletIdByAgency(agencyId))!;
    const policy = await this.repository.policy(agencyId);
    const decision = await this.decide(undefined, policy, walletId);
    const methods = await this.methods.list(agencyId);
    const method = methods[0];
    const warning = nothingToChargeWarning(policy, methods.length > 0);
    return {
      wouldReload: decision.reload,
      reason: decision.reload ? 'below_threshold' : decision.reason,
      explanation: decision.explanation,
      amount: decision.amountMicros === null ? null : formatMoney(decision.amountMicros),
      paymentMethod: method ? paymentMethodView(method, 0) : null,
      dailyCapRemaining: decision.dailyCapRemainingMicros === null ? null : formatMoney(decision.dailyCapRemainingMicros),
      warnings: warning ? [warning] : [],
    };
  }

  async getPolicy(agencyId: string) {
    return policyView(await this.repository.policy(agencyId));
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
    const outbox: ReloadNotice[] = [];
    const saved = await this.db.transaction(async (tx) => {
      const before = await this.repository.lockPolicy(tx, agencyId);
      const input = build(before);
      const walletId = await this.wallets.findWalletIdByAgency(agencyId, tx);
      const wallet = walletId ? await this.wallets.findWallet(walletId, tx) : undefined;
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
      await this.repository.savePolicy(tx, after);
      const [viewBefore, viewAfter] = [policyView(before), policyView(after)];
      const changes = (Object.keys(viewAfter) as (keyof typeof viewAfter)[])
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
      outbox.push(await this.notices.settingsUpdated(tx, agencyId, changes));
      if (after.enabled && !before.enabled && !(await this.methods.list(agencyId, tx)).length) {
        outbox.push(await this.nothingToCharge(tx, after, 'enabled'));
      }
      return after;
    });
    await this.notices.send(outbox);
    const walletId = await this.wallets.findWalletIdByAgency(agencyId);
    if (walletId && saved.enabled) await this.requestEvaluationAfterCommit({ agencyId, walletId, trigger: 'threshold' });
    return policyView(saved);
  }

  /**
   * A new or reordered payment method lifts a suspension (the owner fixed what failed) and, when the
   * wallet is below its threshold, lets the reload happen now with the new order.
   */
  async paymentMethodsChanged(agencyId: string): Promise<void> {
    const walletId = await this.db.transaction(async (tx) => {
      const policy = await this.repository.lockPolicy(tx, agencyId);
      if (policy.suspendedAt) {
        await this.repository.savePolicy(tx, { ...withoutSuspension(policy), lastSkipKey: null });
      }
      return policy.enabled ? this.wallets.findWalletIdByAgency(agencyId, tx) : undefined;
    });
    if (walletId) await this.requestEvaluation({ agencyId, walletId, trigger: 'threshold' });
  }

  /**
   * Support lifts a suspension without touching the settings: audited with the reason, and when
   * auto-reload is on the wallet is evaluated at once. Lifting a policy that is not suspended
   * changes nothing and records nothing (`changed: false`).
   */
  async liftSuspension(actor: Actor, agencyId: string, reason: string) {
    const { policy, changed } = await this.db.transaction(async (tx) => {
      const before = await this.repository.lockPolicy(tx, agencyId);
      if (!before.suspendedAt) return { policy: before, changed: false };
      const after = { ...withoutSuspension(before), lastSkipKey: null };
      await this.repository.savePolicy(tx, after);
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
    const walletId = changed && policy.enabled ? await this.wallets.findWalletIdByAgency(agencyId) : undefined;
    if (walletId) await this.requestEvaluationAfterCommit({ agencyId, walletId, trigger: 'threshold' });
    return { ...policyView(policy), changed };
  }

  /** The last payment method was removed: with auto-reload on, the owner hears at once that nothing can be charged. */
  async lastPaymentMethodRemoved(agencyId: string): Promise<void> {
    const outbox: ReloadNotice[] = [];
    await this.db.transaction(async (tx) => {
      const policy = await this.repository.lockPolicy(tx, agencyId);
      if (!policy.enabled || (await this.methods.list(agencyId, tx)).length) return;
      outbox.push(await this.nothingToCharge(tx, policy, 'removed'));
    });
    await this.notices.send(outbox);
  }

  /** Support's retry: a new attempt linked to the old one, under the same rules as any trigger. */
  /**
   * `audit` runs inside the transaction that records the retry (or its refusal), so a retry is never
   * committed without its audit entry, whatever happens to the process or the database after.
   */
  async retry(agencyId: string, attemptId: string, audit?: (tx: Tx, outcome: { attemptId: string | null; decision: ReloadDecision }) => Promise<void>) {
    const previous = await this.repository.attempt(attemptId);
    if (!previous || previous.agencyId !== agencyId) throw new NotFoundError('Reload attempt');
    let created: string | null = null;
    const decision = await this.db.transaction(async (tx) => {
      const policy = await this.repository.lockPolicy(tx, agencyId);
      // A support retry is a deliberate act: it skips the threshold and the cool-down, not the caps.
      const decision = await this.decide(tx, { ...policy, enabled: true, suspendedAt: null }, previous.walletId, {
        ignoreThreshold: true,
        amountMicros: previous.amountMicros,
      });
      if (!decision.reload) {
        await audit?.(tx, { attemptId: null, decision });
        return decision;
      }
      const method = (await this.methods.list(agencyId, tx))[0];
      const attempt = await this.repository.insertAttempt(tx, {
        agencyId,
        walletId: previous.walletId,
        trigger: 'support_retry',
        amountMicros: decision.amountMicros,
        currency: previous.currency,
        paymentMethodId: method.id,
        status: 'processing',
        retryOf: previous.id,
      });
      await this.repository.recordEvent(tx, attempt, 'decision', { decision: 'support_retry', retryOf: previous.id });
      await audit?.(tx, { attemptId: attempt.id, decision });
      created = attempt.id;
      return decision;
    });
    if (!created) return { attempt: null, decision, unavailable: null };
    try {
      await this.charger.charge(created);
    } catch (error) {
      if (!(error instanceof TransientStripeError)) throw error;
      // Stripe is unreachable right now: the worker keeps trying under the same key (and takes the
      // attempt over after its lease, should Redis be away too), and the caller hears 503 rather
      // than an answer that is not one yet.
      await this.dependencies.bestEffort(`Retry of attempt ${created} not queued (it is taken over once its lease runs out)`, this.logger, () =>
        this.charger.enqueueCharge(created!),
      );
      return {
        attempt: await this.repository.attempt(created),
        decision,
        unavailable: new PaymentProviderUnavailableError(
          error.retryAfterSeconds,
          { attemptId: created, status: 'processing' },
          'Stripe is unavailable right now; the retry is recorded and keeps trying in the background',
        ),
      };
    }
    return { attempt: await this.repository.attempt(created), decision, unavailable: null };
  }

  private async decide(
    tx: Tx | undefined,
    policy: AutoReloadPolicy,
    walletId: string,
    override: { ignoreThreshold?: boolean; amountMicros?: Micros } = {},
  ): Promise<ReloadDecision> {
    const now = new Date();
    const wallet = await this.wallets.findWallet(walletId, tx);
    if (!wallet) throw new NotFoundError('Wallet');
    const [inFlight, totals, methods, lastFailure] = await Promise.all([
      this.repository.inFlight(walletId, tx),
      this.repository.reloadedTotals(walletId, capWindows(now, wallet.timeZone), tx),
      this.methods.list(policy.agencyId, tx),
      override.ignoreThreshold ? null : this.repository.lastAutomaticFailure(walletId, tx),
    ]);
    const effective: AutoReloadPolicy = override.ignoreThreshold
      ? { ...policy, thresholdMicros: wallet.balanceMicros - wallet.heldMicros + 1n, mode: 'fixed', amountMicros: override.amountMicros ?? policy.amountMicros }
      : policy;
    return decideReload({
      policy: effective,
      availableMicros: wallet.balanceMicros - wallet.heldMicros,
      inFlight: inFlight !== undefined,
      hasPaymentMethod: methods.length > 0,
      reloadedLast24hMicros: totals.last24hMicros,
      reloadedThisMonthMicros: totals.thisMonthMicros,
      reloadsLast24h: totals.last24hCount,
      maxReloadsPerDay: this.config.autoReload.maxPerDay,
      coolingDownUntil: lastFailure ? new Date(lastFailure.getTime() + this.config.autoReload.failureCoolDownSeconds * 1000) : null,
      maxReloadMicros: this.config.money.maxReloadMicros,
      currency: wallet.currency,
      now,
    });
  }

  /**
   * Skips worth explaining are recorded as `skipped` attempts, once per reason and window (the
   * agency's local day, or month for the monthly cap), so support can answer "why didn't it
   * reload?" without a row for every debit. Cap skips email the owner once per window; a reload
   * due with no payment method to charge, at most once a local day while it lasts.
   */
  private async recordSkip(
    tx: Tx,
    policy: AutoReloadPolicy,
    data: EvaluateJobData,
    decision: Extract<ReloadDecision, { reload: false }>,
    outbox: ReloadNotice[],
  ) {
    const recorded = ['daily_cap_reached', 'monthly_cap_reached', 'reload_limit_reached', 'no_payment_method'];
    if (!recorded.includes(decision.reason)) return;
    const wallet = (await this.wallets.findWallet(data.walletId, tx))!;
    const windows = capWindows(new Date(), wallet.timeZone);
    const skipKey = `${decision.reason}:${decision.reason === 'monthly_cap_reached' ? windows.month : windows.day}`;
    if (policy.lastSkipKey === skipKey) return;
    const attempt = await this.repository.insertAttempt(tx, {
      agencyId: data.agencyId,
      walletId: data.walletId,
      trigger: data.trigger,
      amountMicros: decision.amountMicros ?? 0n,
      currency: wallet.currency,
      paymentMethodId: null,
      status: 'skipped',
      skipReason: decision.reason,
    });
    await this.repository.recordEvent(tx, attempt, 'decision', { decision: 'skipped', reason: decision.explanation });
    await this.repository.savePolicy(tx, { ...policy, lastSkipKey: skipKey });
    if (decision.reason === 'reload_limit_reached') {
      const totals = await this.repository.reloadedTotals(data.walletId, windows, tx);
      outbox.push(await this.notices.reloadLimitReached(tx, data.agencyId, {
        limit: this.config.autoReload.maxPerDay,
        reloadsInWindow: totals.last24hCount,
        attemptedMicros: decision.amountMicros ?? 0n,
        windowKey: skipKey,
      }));
    }
    if (decision.reason === 'no_payment_method') outbox.push(await this.nothingToCharge(tx, policy, 'reload_due', decision.amountMicros));
    if (decision.reason === 'daily_cap_reached' || decision.reason === 'monthly_cap_reached') {
      const totals = await this.repository.reloadedTotals(data.walletId, windows, tx);
      const daily = decision.reason === 'daily_cap_reached';
      outbox.push(await this.notices.capReached(tx, data.agencyId, {
        window: daily ? 'daily' : 'monthly',
        capMicros: (daily ? policy.dailyCapMicros : policy.monthlyCapMicros)!,
        reloadedMicros: daily ? totals.last24hMicros : totals.thisMonthMicros,
        attemptedMicros: decision.amountMicros ?? 0n,
        windowKey: skipKey,
      }));
    }
  }

  /** Writes the `no-payment-method` email; the agency's local day bounds how often the sweep may send it. */
  private async nothingToCharge(tx: Tx, policy: AutoReloadPolicy, cause: 'enabled' | 'removed' | 'reload_due', amountMicros: Micros | null = null) {
    const walletId = (await this.wallets.findWalletIdByAgency(policy.agencyId, tx))!;
    const wallet = (await this.wallets.findWallet(walletId, tx))!;
    const day = capWindows(new Date(), wallet.timeZone).day;
    return this.notices.noPaymentMethod(tx, policy.agencyId, { cause, amountMicros, thresholdMicros: policy.thresholdMicros }, day);
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
  for (const [path, cap] of [['dailyCap', input.dailyCapMicros], ['monthlyCap', input.monthlyCapMicros]] as const) {
    if (cap !== undefined && cap !== null && !wholeCents(cap)) problems.push({ path, message: 'must be whole cents' });
  }
  if (problems.length) {
    throw new ValidationError(`Invalid auto-reload settings: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { fields: problems });
  }
}
