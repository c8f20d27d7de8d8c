import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../agencies/agencies.service';
import { AgenciesService } from '../../agencies/agencies.service';
import { AuditService } from '../../audit/audit.service';
import { IdempotencyService } from '../../common/idempotency/idempotency.service';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { NotFoundError, ValidationError } from '../../common/errors';
import { PaymentMethodLookupService } from '../../payments/payment-method-lookup.service';
import { StripeGateway } from '../../payments/stripe.gateway';
import { StripeEventsHandler } from '../stripe-events/stripe-events.handler';
import { ReloadAttemptsRepository, type AttemptStatus } from './reload-attempts.repository';
import { ReloadEvaluationService } from '../evaluation/reload-evaluation.service';
import { reloadAttemptView } from './reload-attempt.view';
import { randomUUID } from 'node:crypto';

@Injectable()
export class ReloadAttemptsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ReloadAttemptsRepository,
    private readonly methods: PaymentMethodLookupService,
    private readonly agencies: AgenciesService,
    private readonly evaluation: ReloadEvaluationService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly stripe: StripeGateway,
    private readonly intents: StripeEventsHandler,
  ) {}

  /**
   * A reload the bank wants the cardholder to confirm (3D Secure): confirms its PaymentIntent with
   * the cardholder present and answers where to send them (the bank's page); Stripe sends them back
   * to `returnUrl` (the console's authenticate page by default), where `finishAuthentication` runs.
   */
  async startAuthentication(actor: Actor, agencyId: string, attemptId: string, returnUrl?: string) {
    const attempt = await this.attemptOf(agencyId, attemptId);
    if (attempt.status !== 'requires_action' || !attempt.stripePaymentIntentId) {
      throw new ValidationError(`This reload is ${attempt.status}: there is nothing to authenticate`, { status: attempt.status });
    }
    const method = attempt.paymentMethodId ? await this.methods.findAny(attempt.paymentMethodId) : undefined;
    if (!method) throw new ValidationError('The card this reload used is gone: add a payment method and reload again');
    const back = returnUrl ?? `${this.config.publicBaseUrl}/billing/${agencyId}/reload-attempts/${attemptId}/authenticate`;
    const started = await this.stripe.startAuthentication(
      attempt.stripePaymentIntentId,
      method.stripeId,
      back,
      `authenticate:${attempt.id}:${randomUUID()}`,
    );
    await this.audit.recordNow({
      actor: actor.principal,
      agencyId,
      action: 'reload.authentication_started',
      targetType: 'reload_attempt',
      targetId: attemptId,
      after: { status: started.status },
      requestId: actor.requestId,
    });
    if (started.status !== 'requires_action') {
      const finished = await this.finishAuthentication(agencyId, attemptId);
      return { ...finished, redirectUrl: null, message: started.message };
    }
    return {
      status: 'requires_action' as const,
      redirectUrl: started.redirectUrl,
      credited: false,
      attempt: await this.view(attemptId),
      message: null,
    };
  }

  /**
   * Back from the bank's page: applies where the payment stands at Stripe. A succeeded payment
   * credits the wallet once (the webhook may have done it already; the ledger keys the credit on
   * the PaymentIntent). `credited` says whether this call did.
   */
  async finishAuthentication(agencyId: string, attemptId: string) {
    const attempt = await this.attemptOf(agencyId, attemptId);
    if (!attempt.stripePaymentIntentId) throw new ValidationError('This reload has no payment at Stripe to authenticate');
    const applied = attempt.status === 'requires_action' ? await this.intents.applyIntentOf(attempt.id, attempt.stripePaymentIntentId) : null;
    const intent = await this.stripe.retrieveIntent(attempt.stripePaymentIntentId);
    const now = await this.view(attemptId);
    const status =
      now.status === 'succeeded'
        ? 'succeeded'
        : intent.status === 'requires_action'
          ? 'requires_action'
          : intent.status === 'processing'
            ? 'processing'
            : 'failed';
    return {
      status: status as 'succeeded' | 'requires_action' | 'processing' | 'failed',
      credited: applied?.outcome === 'applied' && now.status === 'succeeded',
      attempt: now,
      message: status === 'failed' ? (intent.failureMessage ?? 'The bank did not confirm the payment') : null,
    };
  }

  private async attemptOf(agencyId: string, attemptId: string) {
    const attempt = await this.repository.attempt(attemptId);
    if (!attempt || attempt.agencyId !== agencyId) throw new NotFoundError('Reload attempt');
    return attempt;
  }

  private async view(attemptId: string) {
    const attempt = await this.repository.current(attemptId);
    const method = attempt.paymentMethodId ? await this.methods.findAny(attempt.paymentMethodId) : undefined;
    return reloadAttemptView(attempt, method, this.config.stripe.statementDescriptor);
  }

  async list(agencyId: string, query: { status?: AttemptStatus; limit: number; cursor?: string }) {
    await this.agencies.requireAgency(agencyId);
    const rows = await this.repository.list(agencyId, { ...query, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const methods = new Map((await this.methods.list(agencyId)).map((method) => [method.id, method]));
    for (const attempt of page) {
      if (attempt.paymentMethodId && !methods.has(attempt.paymentMethodId)) {
        const method = await this.methods.findAny(attempt.paymentMethodId);
        if (method) methods.set(method.id, method);
      }
    }
    return {
      data: page.map((attempt) =>
        reloadAttemptView(
          attempt,
          attempt.paymentMethodId ? methods.get(attempt.paymentMethodId) : undefined,
          this.config.stripe.statementDescriptor,
        ),
      ),
      nextCursor: rows.length > query.limit ? page[page.length - 1].seq : null,
    };
  }

  /**
   * Support's retry, audited: a new attempt linked to the old one, or the reason it did not start.
   * With an Idempotency-Key the answer is kept, so asking again (a double click, a timeout) replays
   * it, whatever it was, instead of retrying the retry.
   */
  async retry(
    actor: Actor,
    agencyId: string,
    attemptId: string,
    idempotencyKey?: string,
    reason?: string,
  ): Promise<{ body: RetryAnswer; replayed: boolean }> {
    if (idempotencyKey === undefined) return { body: await this.retryOnce(actor, agencyId, attemptId, reason), replayed: false };
    const stored = await this.idempotency.runOnce(`reload-retry:${agencyId}`, idempotencyKey, { attemptId }, async () => ({
      status: 201,
      body: await this.retryOnce(actor, agencyId, attemptId, reason),
    }));
    return { body: stored.body, replayed: stored.replayed };
  }

  private async retryOnce(actor: Actor, agencyId: string, attemptId: string, reason?: string) {
    // Audited in the transaction that records the retry: a crash or an outage right after it (or
    // during the charge that follows) cannot leave a retry without its entry (found by the
    // fault-injection suite, seed 1014).
    const { attempt, decision, unavailable } = await this.evaluation.retry(agencyId, attemptId, (tx, outcome) =>
      this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'reload.retried',
        targetType: 'reload_attempt',
        targetId: attemptId,
        after: { newAttemptId: outcome.attemptId, status: outcome.attemptId ? 'processing' : null, decision: outcome.decision.explanation },
        reason: reason ?? null,
        requestId: actor.requestId,
      }),
    );
    if (unavailable) throw unavailable;
    const method = attempt?.paymentMethodId ? await this.methods.findAny(attempt.paymentMethodId) : undefined;
    return {
      started: attempt !== null && attempt !== undefined,
      reason: decision.reload ? null : decision.reason,
      explanation: decision.explanation,
      attempt: attempt ? reloadAttemptView(attempt, method, this.config.stripe.statementDescriptor) : null,
    };
  }
}

export type RetryAnswer = Awaited<ReturnType<ReloadAttemptsService['retryOnce']>>;
