import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../agencies/agencies.service';
import { AgenciesService } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { PaymentMethodsRepository } from '../payments/payment-methods.repository';
import { AutoReloadRepository, type AttemptStatus } from './auto-reload.repository';
import { AutoReloadService } from './auto-reload.service';
import { reloadAttemptView } from './reload-attempt.view';

@Injectable()
export class ReloadAttemptsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: AutoReloadRepository,
    private readonly methods: PaymentMethodsRepository,
    private readonly agencies: AgenciesService,
    private readonly autoReload: AutoReloadService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

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
        reloadAttemptView(attempt, attempt.paymentMethodId ? methods.get(attempt.paymentMethodId) : undefined, this.config.stripe.statementDescriptor),
      ),
      nextCursor: rows.length > query.limit ? page[page.length - 1].seq : null,
    };
  }

  /**
   * Support's retry, audited: a new attempt linked to the old one, or the reason it did not start.
   * With an Idempotency-Key the answer is kept, so asking again (a double click, a timeout) replays
   * it, whatever it was, instead of retrying the retry.
   */
  async retry(actor: Actor, agencyId: string, attemptId: string, idempotencyKey?: string): Promise<{ body: RetryAnswer; replayed: boolean }> {
    if (idempotencyKey === undefined) return { body: await this.retryOnce(actor, agencyId, attemptId), replayed: false };
    const stored = await this.idempotency.runOnce(`reload-retry:${agencyId}`, idempotencyKey, { attemptId }, async () => ({
      status: 201,
      body: await this.retryOnce(actor, agencyId, attemptId),
    }));
    return { body: stored.body, replayed: stored.replayed };
  }

  private async retryOnce(actor: Actor, agencyId: string, attemptId: string) {
    const { attempt, decision, unavailable } = await this.autoReload.retry(agencyId, attemptId);
    await this.audit.recordNow({
      actor: actor.principal,
      agencyId,
      action: 'reload.retried',
      targetType: 'reload_attempt',
      targetId: attemptId,
      after: { newAttemptId: attempt?.id ?? null, status: attempt?.status ?? null, decision: decision.explanation },
      requestId: actor.requestId,
    });
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
