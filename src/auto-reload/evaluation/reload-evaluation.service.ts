import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { NotFoundError, PaymentProviderUnavailableError } from '../../common/errors';
import { Database, type Tx } from '../../database/database';
import { DependencyHealth } from '../../health/dependency-health';
import { formatMoney, type Micros } from '../../database/money';
import { PaymentMethodLookupService } from '../../payments/payment-method-lookup.service';
import { TransientStripeError } from '../../payments/stripe.gateway';
import { paymentMethodView } from '../../payments/payment-methods.service';
import { Queues, whileRedisUp } from '../../queues/queues';
import { WalletService } from '../../wallet/wallet.service';
import type { WalletRow } from '../../wallet/wallet.types';
import { ReloadAttemptsRepository } from '../attempts/reload-attempts.repository';
import type { AutomaticTrigger } from '../attempts/reload-trigger';
import { ReloadNotices } from '../notices/reload-notices';
import { AutoReloadPoliciesRepository } from '../settings/auto-reload-policies.repository';
import { ReloadCharger } from './reload-charger';
import { type AutoReloadPolicy, type ReloadDecision, capWindows, decideReload, nothingToChargeWarning } from './reload-rules';

export const EvaluateJob = 'evaluate';
/** An evaluation that failed (the database away a moment) is tried again after 1, 3 and 7 s, not left to the sweep. */
const EVALUATE_JOB: JobOptions = { attempts: 4, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: true };
export interface EvaluateJobData {
  agencyId: string;
  walletId: string;
  trigger: AutomaticTrigger;
}

/** The skips worth a `skipped` attempt (and an email): the others happen on every debit and explain themselves. */
const RECORDED_SKIPS = ['daily_cap_reached', 'monthly_cap_reached', 'reload_limit_reached', 'no_payment_method'];

/**
 * Decides whether a wallet reloads now. Triggers (the debit hook, the sweep, support) only queue
 * an evaluation; the evaluation runs in a worker, serialized per agency by the policy row lock,
 * and at most one automatic reload is in flight per wallet (a unique index, not a memory flag).
 */
@Injectable()
export class ReloadEvaluationService {
  private readonly logger = new Logger(ReloadEvaluationService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly attempts: ReloadAttemptsRepository,
    private readonly policies: AutoReloadPoliciesRepository,
    private readonly methods: PaymentMethodLookupService,
    private readonly wallets: WalletService,
    private readonly charger: ReloadCharger,
    private readonly notices: ReloadNotices,
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
  async requestEvaluationAfterCommit(data: EvaluateJobData): Promise<void> {
    await this.dependencies.bestEffort(`Auto-reload check of wallet ${data.walletId} not queued now (the sweep will)`, this.logger, () =>
      this.requestEvaluation(data),
    );
  }

  /** Runs one evaluation: records what it decided, and queues the charge when it reloads. */
  async evaluate(data: EvaluateJobData): Promise<ReloadDecision> {
    let attemptId: string | null = null;
    const decision = await this.db.transaction(async (tx) => {
      const policy = await this.policies.lockPolicy(tx, data.agencyId);
      const wallet = await this.wallet(data.walletId, tx);
      const decision = await this.decide(tx, policy, wallet);
      if (!decision.reload) {
        await this.recordSkip(tx, policy, data, wallet, decision);
        return decision;
      }
      // A reload is decided only with a payment method to charge: the first is the default.
      const [method] = await this.methods.list(data.agencyId, tx);
      const attempt = await this.attempts.insertAttempt(tx, {
        agencyId: data.agencyId,
        walletId: data.walletId,
        trigger: data.trigger,
        amountMicros: decision.amountMicros,
        currency: wallet.currency,
        paymentMethodId: method.id,
        status: 'processing',
      });
      await this.attempts.recordEvent(tx, attempt, 'decision', { decision: 'reload', reason: decision.explanation, trigger: data.trigger });
      attemptId = attempt.id;
      return decision;
    });
    if (attemptId) await this.charger.enqueueCharge(attemptId);
    return decision;
  }

  /** What a trigger would do now, charging nothing. */
  async dryRun(agencyId: string) {
    const walletId = await this.wallets.findWalletId(agencyId);
    if (!walletId) throw new NotFoundError('Wallet');
    const policy = await this.policies.policy(agencyId);
    const decision = await this.decide(undefined, policy, await this.wallet(walletId));
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

  /**
   * Support's retry: a new attempt linked to the old one, under the same rules as any trigger.
   * `audit` runs inside the transaction that records the retry (or its refusal), so a retry is never
   * committed without its audit entry, whatever happens to the process or the database after.
   */
  async retry(
    agencyId: string,
    attemptId: string,
    audit?: (tx: Tx, outcome: { attemptId: string | null; decision: ReloadDecision }) => Promise<void>,
  ) {
    const previous = await this.attempts.attempt(attemptId);
    if (!previous || previous.agencyId !== agencyId) throw new NotFoundError('Reload attempt');
    let created: string | null = null;
    const decision = await this.db.transaction(async (tx) => {
      const policy = await this.policies.lockPolicy(tx, agencyId);
      // A support retry is a deliberate act: it skips the threshold and the cool-down, not the caps.
      const decision = await this.decide(tx, { ...policy, enabled: true, suspendedAt: null }, await this.wallet(previous.walletId, tx), {
        ignoreThreshold: true,
        amountMicros: previous.amountMicros,
      });
      if (!decision.reload) {
        await audit?.(tx, { attemptId: null, decision });
        return decision;
      }
      const [method] = await this.methods.list(agencyId, tx);
      const attempt = await this.attempts.insertAttempt(tx, {
        agencyId,
        walletId: previous.walletId,
        trigger: 'support_retry',
        amountMicros: decision.amountMicros,
        currency: previous.currency,
        paymentMethodId: method.id,
        status: 'processing',
        retryOf: previous.id,
      });
      await this.attempts.recordEvent(tx, attempt, 'decision', { decision: 'support_retry', retryOf: previous.id });
      await audit?.(tx, { attemptId: attempt.id, decision });
      created = attempt.id;
      return decision;
    });
    if (!created) return { attempt: null, decision, unavailable: null };
    const retryId: string = created;
    try {
      await this.charger.charge(retryId);
    } catch (error) {
      if (!(error instanceof TransientStripeError)) throw error;
      // Stripe is unreachable right now: the worker keeps trying under the same key (and takes the
      // attempt over after its lease, should Redis be away too), and the caller hears 503 rather
      // than an answer that is not one yet.
      await this.dependencies.bestEffort(`Retry of attempt ${retryId} not queued (it is taken over once its lease runs out)`, this.logger, () =>
        this.charger.enqueueCharge(retryId),
      );
      return {
        attempt: await this.attempts.current(retryId),
        decision,
        unavailable: new PaymentProviderUnavailableError(
          error.retryAfterSeconds,
          { attemptId: retryId, status: 'processing' },
          'Stripe is unavailable right now; the retry is recorded and keeps trying in the background',
        ),
      };
    }
    return { attempt: await this.attempts.current(retryId), decision, unavailable: null };
  }

  private async wallet(walletId: string, tx?: Tx): Promise<WalletRow> {
    const wallet = await this.wallets.walletRow(walletId, tx);
    if (!wallet) throw new NotFoundError('Wallet');
    return wallet;
  }

  private async decide(
    tx: Tx | undefined,
    policy: AutoReloadPolicy,
    wallet: WalletRow,
    override: { ignoreThreshold?: boolean; amountMicros?: Micros } = {},
  ): Promise<ReloadDecision> {
    const now = new Date();
    const [inFlight, totals, methods, lastFailure] = await Promise.all([
      this.attempts.inFlight(wallet.id, tx),
      this.attempts.reloadedTotals(wallet.id, capWindows(now, wallet.timeZone), tx),
      this.methods.list(policy.agencyId, tx),
      override.ignoreThreshold ? null : this.attempts.lastAutomaticFailure(wallet.id, tx),
    ]);
    const effective: AutoReloadPolicy = override.ignoreThreshold
      ? {
          ...policy,
          thresholdMicros: wallet.balanceMicros - wallet.heldMicros + 1n,
          mode: 'fixed',
          amountMicros: override.amountMicros ?? policy.amountMicros,
        }
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
    wallet: WalletRow,
    decision: Extract<ReloadDecision, { reload: false }>,
  ) {
    if (!RECORDED_SKIPS.includes(decision.reason)) return;
    const windows = capWindows(new Date(), wallet.timeZone);
    const skipKey = `${decision.reason}:${decision.reason === 'monthly_cap_reached' ? windows.month : windows.day}`;
    if (policy.lastSkipKey === skipKey) return;
    const attempt = await this.attempts.insertAttempt(tx, {
      agencyId: data.agencyId,
      walletId: data.walletId,
      trigger: data.trigger,
      amountMicros: decision.amountMicros ?? 0n,
      currency: wallet.currency,
      paymentMethodId: null,
      status: 'skipped',
      skipReason: decision.reason,
    });
    await this.attempts.recordEvent(tx, attempt, 'decision', { decision: 'skipped', reason: decision.explanation });
    await this.policies.savePolicy(tx, { ...policy, lastSkipKey: skipKey });
    const attemptedMicros = decision.amountMicros ?? 0n;
    if (decision.reason === 'reload_limit_reached') {
      const totals = await this.attempts.reloadedTotals(data.walletId, windows, tx);
      await this.notices.reloadLimitReached(tx, data.agencyId, {
        limit: this.config.autoReload.maxPerDay,
        reloadsInWindow: totals.last24hCount,
        attemptedMicros,
        windowKey: skipKey,
      });
    }
    if (decision.reason === 'no_payment_method') await this.notices.nothingToCharge(tx, policy, 'reload_due', decision.amountMicros);
    const capMicros =
      decision.reason === 'daily_cap_reached' ? policy.dailyCapMicros : decision.reason === 'monthly_cap_reached' ? policy.monthlyCapMicros : null;
    if (capMicros !== null) {
      const totals = await this.attempts.reloadedTotals(data.walletId, windows, tx);
      const daily = decision.reason === 'daily_cap_reached';
      await this.notices.capReached(tx, data.agencyId, {
        window: daily ? 'daily' : 'monthly',
        capMicros,
        reloadedMicros: daily ? totals.last24hMicros : totals.thisMonthMicros,
        attemptedMicros,
        windowKey: skipKey,
      });
    }
  }
}
