import { Injectable, Logger } from '@nestjs/common';
import { Database, sql } from '../database/database';
import { PaymentMethodsRepository } from '../payments/payment-methods.repository';
import { StripeGateway, type IntentSummary } from '../payments/stripe.gateway';
import { AutoReloadRepository, type ReloadAttempt } from './auto-reload.repository';
import { ReloadCharger } from './reload-charger';

/** An attempt still processing after this long lost its worker or its job: drive it again. */
const STALE_AFTER_MS = 2 * 60 * 1000;
/** How far back reconciliation compares Stripe's intents with our attempts. */
const LOOK_BACK_MS = 48 * 3600 * 1000;

export interface ReconciliationReport {
  redriven: number;
  findings: { agencyId: string | null; attemptId: string | null; intentId: string | null; finding: string; action: string }[];
}

/**
 * Compares recent Stripe PaymentIntents of our customers with reload attempts and ledger credits,
 * and repairs what a missed webhook or a killed worker left behind: a succeeded intent is credited
 * (exactly once, as everywhere), a failed one marks its attempt failed, and a processing attempt
 * is driven again under its own idempotency key. Every difference is recorded.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    private readonly db: Database,
    private readonly repository: AutoReloadRepository,
    private readonly methods: PaymentMethodsRepository,
    private readonly stripe: StripeGateway,
    private readonly charger: ReloadCharger,
  ) {}

  async run(now = new Date()): Promise<ReconciliationReport> {
    const report: ReconciliationReport = { redriven: 0, findings: [] };
    for (const attempt of await this.repository.stale(new Date(now.getTime() - STALE_AFTER_MS), 200)) {
      if (attempt.status === 'processing') {
        await this.charger.enqueueCharge(attempt.id);
        report.redriven++;
      }
    }
    const agencies = await this.db.rows(sql<{ agency_id: string }>`
      select distinct agency_id from reload_attempts where created_at > ${new Date(now.getTime() - LOOK_BACK_MS)} and status <> 'skipped'`);
    for (const { agency_id: agencyId } of agencies) {
      try {
        await this.reconcileAgency(agencyId, now, report);
      } catch (error) {
        this.logger.warn(`Reconciliation of agency ${agencyId} failed; next run retries: ${String(error)}`);
      }
    }
    return report;
  }

  private async reconcileAgency(agencyId: string, now: Date, report: ReconciliationReport): Promise<void> {
    const customerId = await this.methods.customerIdOf(agencyId);
    if (!customerId) return;
    for (const intent of await this.stripe.listIntents(customerId, new Date(now.getTime() - LOOK_BACK_MS))) {
      const attempt = intent.attemptId ? await this.repository.attempt(intent.attemptId) : await this.repository.attemptByIntent(intent.id);
      if (!attempt) {
        await this.record(report, agencyId, null, intent, 'intent_without_attempt', 'none: needs a person');
        continue;
      }
      await this.compare(report, attempt, intent);
    }
  }

  private async compare(report: ReconciliationReport, attempt: ReloadAttempt, intent: IntentSummary): Promise<void> {
    if (intent.status === 'succeeded' && attempt.status !== 'succeeded') {
      const credited = await this.charger.complete(attempt.id, intent.id, intent.chargeId, 'reconciliation');
      if (credited) await this.record(report, attempt.agencyId, attempt.id, intent, `succeeded_at_stripe_but_${attempt.status}`, 'credited');
    } else if (intent.status === 'processing' && attempt.status === 'processing') {
      await this.charger.markPending(attempt.id, intent.id, intent.chargeId);
      await this.record(report, attempt.agencyId, attempt.id, intent, 'processing_at_stripe', 'marked pending clearance');
    } else if (['requires_payment_method', 'canceled'].includes(intent.status) && ['processing', 'pending_clearance'].includes(attempt.status)) {
      await this.charger.fail(attempt.id, {
        status: 'failed',
        declineCode: intent.failureCode ?? 'payment_failed',
        message: intent.failureMessage ?? 'The payment failed',
        intentId: intent.id,
      });
      await this.record(report, attempt.agencyId, attempt.id, intent, `failed_at_stripe_but_${attempt.status}`, 'marked failed');
    }
  }

  private async record(report: ReconciliationReport, agencyId: string | null, attemptId: string | null, intent: IntentSummary, finding: string, action: string) {
    report.findings.push({ agencyId, attemptId, intentId: intent.id, finding, action });
    await this.db.rows(sql`
      insert into reconciliation_findings (agency_id, attempt_id, stripe_payment_intent_id, finding, action)
      values (${agencyId}, ${attemptId}, ${intent.id}, ${finding}, ${action}) on conflict do nothing`);
    if (attemptId) this.logger.warn(`Reconciliation: ${finding} for attempt ${attemptId} (${intent.id}): ${action}`);
  }
}
