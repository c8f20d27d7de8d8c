import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { NotFoundError } from '../../common/errors';
import { Database, type Tx } from '../../database/database';
import { formatMoney } from '../../database/money';
import { PaymentMethodLookupService, type PaymentMethodRow } from '../../payments/payment-method-lookup.service';
import { type ChargeOutcome, StripeGateway, StripeRequestError, TransientStripeError } from '../../payments/stripe.gateway';
import { whileLeased } from '../../queues/lease';
import { Queues, whileRedisUp } from '../../queues/queues';
import type { PostedEntry } from '../../wallet/wallet.types';
import { WalletService } from '../../wallet/wallet.service';
import { ReloadAttemptsRepository, type ReloadAttempt } from '../attempts/reload-attempts.repository';
import { creditFor, isAutomatic } from '../attempts/reload-trigger';
import { AutoReloadPoliciesRepository } from '../settings/auto-reload-policies.repository';
import { type DeclinedTry, ReloadNotices } from '../notices/reload-notices';

/** Three failed attempts in a row suspend auto-reload until the owner acts. */
export const FAILURES_BEFORE_SUSPENSION = 3;

export const ChargeJob = 'charge';
export interface ChargeJobData {
  attemptId: string;
}

/** A charge job's retries: transient Stripe errors are tried again after 1, 3, 7, … seconds. */
const CHARGE_TRIES = 8;
const CHARGE_JOB: JobOptions = {
  attempts: CHARGE_TRIES,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
};

/** How long after a charge job ran out of retries its attempt is taken over and tried again. */
const AFTER_LAST_RETRY_SECONDS = 120;

/** When a charge job that just failed its `attemptsMade`-th try runs again (Bull's exponential backoff), in seconds. */
export function nextChargeRetrySeconds(attemptsMade: number): number {
  if (attemptsMade >= CHARGE_TRIES) return AFTER_LAST_RETRY_SECONDS;
  return 2 ** attemptsMade - 1;
}

type Failure = { status: 'failed' | 'requires_action'; declineCode: string; message: string; intentId: string | null };

/**
 * Moves money for one reload attempt, in phases: the attempt is already recorded (processing)
 * before Stripe is called; the charge carries an idempotency key derived from the attempt and its
 * payment method, never from the amount; the wallet is credited exactly once, by whichever comes
 * first of the synchronous answer, the webhook, or reconciliation.
 */
@Injectable()
export class ReloadCharger {
  private readonly logger = new Logger(ReloadCharger.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly repository: ReloadAttemptsRepository,
    private readonly policies: AutoReloadPoliciesRepository,
    private readonly methods: PaymentMethodLookupService,
    private readonly stripe: StripeGateway,
    private readonly wallets: WalletService,
    private readonly notices: ReloadNotices,
    @InjectQueue(Queues.AutoReload) private readonly queue: Queue,
  ) {}

  static idempotencyKey(attempt: Pick<ReloadAttempt, 'id' | 'paymentMethodId'>): string {
    return `reload-attempt:${attempt.id}:${attempt.paymentMethodId}`;
  }

  /** Queues the charge of a recorded attempt; Bull retries transient failures with backoff. */
  async enqueueCharge(attemptId: string): Promise<void> {
    // A job that used up its retries keeps its id in Bull's failed set; driving the attempt again
    // needs that id free, or the add would silently do nothing.
    await whileRedisUp(this.queue, async () => {
      const previous = await this.queue.getJob(`charge:${attemptId}`);
      if (previous && (await previous.isFailed())) await previous.remove();
      await this.queue.add(ChargeJob, { attemptId } satisfies ChargeJobData, { ...CHARGE_JOB, jobId: `charge:${attemptId}` });
    });
  }

  /**
   * Queues a charge for every processing attempt nobody attends to: its charger died (the lease
   * ran out) or its job was lost. Each takeover gets a job id of its own, since the first job may
   * still sit in Bull as active under a dead worker's lock. Workers run this at boot and every few
   * seconds; the claim in SQL hands each attempt to one of them.
   */
  async takeOverUnattended(): Promise<number> {
    const unattended = await this.repository.takeOverUnattended(this.config.recovery.leaseSeconds, 100);
    for (const { id, takeovers } of unattended) {
      this.logger.warn(`Reload attempt ${id} was left unattended (its worker stopped or its job was lost); charging it again under the same key`);
      const jobId = `charge:${id}:takeover-${takeovers}`;
      await whileRedisUp(this.queue, () => this.queue.add(ChargeJob, { attemptId: id } satisfies ChargeJobData, { ...CHARGE_JOB, jobId }));
    }
    return unattended.length;
  }

  /**
   * Calls Stripe for a processing attempt and applies the answer. Safe to repeat. The attempt is
   * charged under this call's lease, renewed while Stripe answers: a second caller meanwhile gets
   * the attempt as it is, and a caller that dies leaves it to be taken over once the lease runs out.
   * `retryInSeconds`: when the caller will try again should this try fail (a job's backoff).
   */
  async charge(attemptId: string, retryInSeconds = 0): Promise<ReloadAttempt | undefined> {
    const { leaseSeconds } = this.config.recovery;
    const owner = randomUUID();
    const attempt = await this.repository.claimLease(attemptId, owner, leaseSeconds);
    if (!attempt) return this.repository.attempt(attemptId);
    try {
      return await whileLeased(
        leaseSeconds,
        () => this.repository.renewLease(attemptId, owner, leaseSeconds),
        () => this.chargeLeased(attempt),
      );
    } finally {
      await this.repository.releaseLease(attemptId, owner, leaseSeconds + retryInSeconds).catch(() => undefined);
    }
  }

  private async chargeLeased(attempt: ReloadAttempt): Promise<ReloadAttempt | undefined> {
    const attemptId = attempt.id;
    const method = attempt.paymentMethodId ? await this.methods.findAny(attempt.paymentMethodId) : undefined;
    const customerId = await this.methods.customerIdOf(attempt.agencyId);
    if (!method || !customerId) {
      await this.fail(attempt.id, { status: 'failed', declineCode: 'no_payment_method', message: 'The payment method is gone', intentId: null });
      return this.repository.attempt(attemptId);
    }

    const idempotencyKey = ReloadCharger.idempotencyKey(attempt);
    await this.repository.recordEvent(undefined, attempt, 'stripe_request', {
      call: 'payment_intents.create',
      amount: formatMoney(attempt.amountMicros),
      currency: attempt.currency,
      paymentMethod: { id: method.id, brand: method.brand, last4: method.last4, type: method.type },
      idempotencyKey,
    });
    let outcome: ChargeOutcome;
    try {
      outcome = await this.stripe.charge({
        customerId,
        paymentMethodStripeId: method.stripeId,
        amountMicros: attempt.amountMicros,
        currency: attempt.currency,
        idempotencyKey,
        description: creditFor(attempt.trigger).chargeDescription,
        metadata: { agencyId: attempt.agencyId, walletId: attempt.walletId, attemptId: attempt.id },
      });
    } catch (error) {
      if (error instanceof StripeRequestError) {
        // Stripe refused the request itself (e.g. a payment method detached meanwhile): retrying the
        // same request cannot help, and an attempt left processing would block every later reload.
        await this.repository.recordEvent(undefined, attempt, 'stripe_error', { transient: false, message: error.message });
        await this.fail(attempt.id, {
          status: 'failed',
          declineCode: String(error.details.stripeCode ?? 'invalid_request'),
          message: error.message,
          intentId: null,
        });
        return this.repository.attempt(attemptId);
      }
      if (error instanceof TransientStripeError) {
        await this.repository.recordEvent(undefined, attempt, 'stripe_error', { transient: true, message: error.detail });
      }
      throw error;
    }
    await this.repository.recordEvent(undefined, attempt, 'stripe_response', { ...outcome });

    switch (outcome.status) {
      case 'succeeded':
        await this.complete(attempt.id, outcome.intentId, outcome.chargeId, 'charge response');
        break;
      case 'processing':
        await this.markPending(attempt.id, outcome.intentId, outcome.chargeId);
        break;
      case 'requires_action':
      case 'declined':
        await this.fail(attempt.id, {
          status: outcome.status === 'requires_action' ? 'requires_action' : 'failed',
          declineCode: outcome.declineCode,
          message: outcome.message,
          intentId: outcome.intentId,
        });
        break;
    }
    return this.repository.attempt(attemptId);
  }

  /**
   * Credits the wallet for a succeeded charge, once. The ledger entry's reference is the
   * PaymentIntent id, unique per wallet and type, so a second caller changes nothing.
   */
  async complete(attemptId: string, intentId: string, chargeId: string | null, source: string): Promise<boolean> {
    let posted: { entry: PostedEntry; agencyId: string } | undefined;
    await this.db.transaction(async (tx) => {
      const attempt = await this.repository.lockAttempt(tx, attemptId);
      if (!attempt || attempt.status === 'succeeded') return;
      if (attempt.status === 'pending_clearance') await this.wallets.adjustPending(tx, attempt.walletId, -attempt.amountMicros);
      const credit = creditFor(attempt.trigger);
      const entry = await this.wallets.postEntry(tx, attempt.walletId, {
        type: credit.type,
        amountMicros: attempt.amountMicros,
        reference: intentId,
        description: credit.description,
      });
      posted = { entry, agencyId: attempt.agencyId };
      await this.repository.updateAttempt(tx, attempt.id, {
        status: 'succeeded',
        stripePaymentIntentId: intentId,
        stripeChargeId: chargeId ?? undefined,
        completed: true,
      });
      const balanceAfterMicros = entry.entry.balanceAfterMicros;
      await this.repository.recordEvent(tx, attempt, 'credited', { source, intentId, balanceAfter: formatMoney(balanceAfterMicros) });
      if (isAutomatic(attempt.trigger)) {
        const policy = await this.policies.lockPolicy(tx, attempt.agencyId);
        await this.policies.savePolicy(tx, { ...policy, consecutiveFailures: 0, lastSkipKey: null });
      }
      const method = attempt.paymentMethodId ? await this.methods.findAny(attempt.paymentMethodId, tx) : undefined;
      await this.notices.reloadSucceeded(tx, attempt, method, balanceAfterMicros);
      if (attempt.fallbackOf) {
        const declined = await this.declinedTries(tx, attempt);
        if (declined.length) await this.notices.recoveredAfterDeclines(tx, attempt, method, declined, balanceAfterMicros);
      }
    });
    if (posted) this.wallets.publishPosted(posted.agencyId, posted.entry, 'reload');
    return posted !== undefined;
  }

  /** A bank debit Stripe accepted but has not cleared: the amount shows as pending until it does. */
  async markPending(attemptId: string, intentId: string, chargeId: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      const attempt = await this.repository.lockAttempt(tx, attemptId);
      if (!attempt || attempt.status !== 'processing') return;
      await this.repository.updateAttempt(tx, attempt.id, {
        status: 'pending_clearance',
        stripePaymentIntentId: intentId,
        stripeChargeId: chargeId ?? undefined,
      });
      await this.wallets.adjustPending(tx, attempt.walletId, attempt.amountMicros);
      const method = attempt.paymentMethodId ? await this.methods.findAny(attempt.paymentMethodId, tx) : undefined;
      await this.notices.fundsPending(tx, attempt, method);
    });
  }

  /**
   * Records a decline (or a bank debit that failed later), then decides what comes next: the next
   * payment method when fallback is on, or suspension after three failures in a row.
   */
  async fail(attemptId: string, failure: Failure): Promise<void> {
    let fallbackId: string | null = null;
    await this.db.transaction(async (tx) => {
      const attempt = await this.repository.lockAttempt(tx, attemptId);
      if (!attempt || !['processing', 'pending_clearance'].includes(attempt.status)) return;
      if (attempt.status === 'pending_clearance') await this.wallets.adjustPending(tx, attempt.walletId, -attempt.amountMicros);
      await this.repository.updateAttempt(tx, attempt.id, {
        status: failure.status,
        declineCode: failure.declineCode,
        declineMessage: failure.message,
        stripePaymentIntentId: failure.intentId ?? undefined,
        completed: true,
      });
      const method = attempt.paymentMethodId ? await this.methods.findAny(attempt.paymentMethodId, tx) : undefined;
      const wallet = await this.wallets.walletRow(attempt.walletId, tx);
      if (!wallet) throw new NotFoundError('Wallet');
      // A top-up that fails is told and ends there: no fallback, and it counts for no suspension.
      if (!isAutomatic(attempt.trigger)) {
        await this.notices.paymentFailed(tx, attempt, method, failure, 'none', wallet.balanceMicros, await this.declinedTries(tx, attempt));
        return;
      }
      const next = await this.nextStep(tx, attempt, failure);
      fallbackId = next.fallback?.id ?? null;
      // One email per episode: while a fallback goes on, the owner hears when it ends.
      const declined = next.step === 'fallback' ? null : await this.declinedTries(tx, attempt);
      await this.notices.paymentFailed(tx, attempt, method, failure, next.step, wallet.balanceMicros, declined);
    });
    if (fallbackId) await this.enqueueCharge(fallbackId);
  }

  private async nextStep(tx: Tx, attempt: ReloadAttempt, failure: Failure) {
    const policy = await this.policies.lockPolicy(tx, attempt.agencyId);
    const failures = policy.consecutiveFailures + 1;
    if (failures >= FAILURES_BEFORE_SUSPENSION) {
      const reason = `${failures} failed attempts in a row (last: ${failure.declineCode})`;
      await this.policies.savePolicy(tx, { ...policy, consecutiveFailures: failures, suspendedAt: new Date(), suspendedReason: reason });
      await this.repository.recordEvent(tx, attempt, 'decision', { decision: 'suspended', reason });
      await this.notices.suspended(tx, attempt, failures, failure);
      return { step: 'suspended' as const, fallback: null };
    }
    await this.policies.savePolicy(tx, { ...policy, consecutiveFailures: failures });
    // Authentication is not a decline: the owner may still complete it, and a fallback charge on
    // top of that would fund the wallet twice. Only a decline falls back.
    const backup = policy.fallbackToBackupMethods && failure.status === 'failed' ? await this.backupAfter(tx, attempt) : null;
    if (!backup) return { step: 'none' as const, fallback: null };
    const fallback = await this.repository.insertAttempt(tx, {
      agencyId: attempt.agencyId,
      walletId: attempt.walletId,
      trigger: attempt.trigger,
      amountMicros: attempt.amountMicros,
      currency: attempt.currency,
      paymentMethodId: backup.id,
      status: 'processing',
      fallbackOf: attempt.id,
      retryOf: attempt.retryOf,
    });
    await this.repository.recordEvent(tx, attempt, 'decision', {
      decision: 'fallback',
      reason: `${failure.declineCode} on ${backup.brand ?? backup.type}; trying the next payment method`,
      nextAttemptId: fallback.id,
      nextPaymentMethod: { id: backup.id, brand: backup.brand, last4: backup.last4 },
    });
    return { step: 'fallback' as const, fallback };
  }

  /** The declined tries of the episode (fallback chain) that ends with this attempt, first first. */
  private async declinedTries(tx: Tx, attempt: ReloadAttempt): Promise<DeclinedTry[]> {
    const declined: DeclinedTry[] = [];
    for (const tried of await this.repository.chain(attempt, tx)) {
      if (tried.status !== 'failed') continue;
      const method = tried.paymentMethodId ? await this.methods.findAny(tried.paymentMethodId, tx) : undefined;
      declined.push({ attemptId: tried.id, method, declineCode: tried.declineCode, declineMessage: tried.declineMessage });
    }
    return declined;
  }

  /** The next method in priority order that this reload has not tried yet. */
  private async backupAfter(tx: Tx, attempt: ReloadAttempt): Promise<PaymentMethodRow | null> {
    const methods = await this.methods.list(attempt.agencyId, tx);
    const tried = new Set<string>();
    for (let current: ReloadAttempt | undefined = attempt; current;) {
      if (current.paymentMethodId) tried.add(current.paymentMethodId);
      current = current.fallbackOf ? await this.repository.attempt(current.fallbackOf, tx) : undefined;
    }
    return methods.find((method) => !tried.has(method.id)) ?? null;
  }
}
