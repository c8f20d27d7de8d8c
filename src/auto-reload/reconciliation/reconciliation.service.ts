import { Injectable, Logger } from '@nestjs/common';
import { PaymentMethodLookupService } from '../../payments/payment-method-lookup.service';
import { StripeWebhooksService } from '../../payments/stripe-webhooks.service';
import { StripeGateway, type IntentSummary } from '../../payments/stripe.gateway';
import { ReloadAttemptsRepository, type ReloadAttempt } from '../attempts/reload-attempts.repository';
import { type Finding, ReconciliationFindingsRepository } from './reconciliation-findings.repository';
import { ReloadCharger } from '../evaluation/reload-charger';
import { REVERSAL_EVENT_TYPES } from '../stripe-events/stripe-events.handler';
import { isAttemptIntent, paymentMismatch } from '../stripe-events/stripe-matching';

/** How far back reconciliation compares Stripe's intents with our attempts. */
const LOOK_BACK_MS = 48 * 3600 * 1000;
/** Unfinished attempts followed up per run, oldest news first. */
const FOLLOW_UP_LIMIT = 500;
/** Where reading Stripe's event list starts the first time: Stripe keeps events for 30 days. */
const FIRST_EVENTS_LOOK_BACK_SECONDS = 30 * 24 * 3600;
/** Events are read again from a minute before the newest one read, in case one was listed late. */
const EVENT_OVERLAP_SECONDS = 60;
const REVERSALS_CURSOR = 'reversals';

export interface ReconciliationReport {
  findings: { agencyId: string | null; attemptId: string | null; intentId: string | null; finding: string; action: string }[];
}

/**
 * Compares Stripe with our reload attempts and the ledger, and repairs what a missed webhook or a
 * killed worker left behind. Every unfinished attempt is asked about at Stripe on every run until it
 * resolves (bank debits take up to 14 days), so a lost webhook never leaves a reload in flight
 * forever; recent intents of each customer are compared with the attempts; refunds and disputes are
 * read from Stripe's event list and applied through the webhook path. A succeeded intent is
 * credited (exactly once, as everywhere) only when its amount and currency are the attempt's; a
 * difference is a finding for a person. Every finding is recorded and shows on support's timeline.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    private readonly repository: ReloadAttemptsRepository,
    private readonly findings: ReconciliationFindingsRepository,
    private readonly methods: PaymentMethodLookupService,
    private readonly stripe: StripeGateway,
    private readonly charger: ReloadCharger,
    private readonly webhooks: StripeWebhooksService,
  ) {}

  async run(now = new Date()): Promise<ReconciliationReport> {
    // A processing attempt whose worker died is not waited for here: its lease runs out within
    // seconds and a worker takes it over (ReloadCharger.takeOverUnattended).
    const report: ReconciliationReport = { findings: [] };
    for (const attempt of await this.repository.unfinished(FOLLOW_UP_LIMIT)) {
      try {
        await this.compare(report, attempt, await this.stripe.retrieveIntent(attempt.stripePaymentIntentId));
      } catch (error) {
        this.logger.warn(`Reconciliation of attempt ${attempt.id} failed; next run retries: ${String(error)}`);
      }
    }
    for (const agencyId of await this.repository.agenciesWithAttemptsSince(new Date(now.getTime() - LOOK_BACK_MS))) {
      try {
        await this.reconcileAgency(agencyId, now, report);
      } catch (error) {
        this.logger.warn(`Reconciliation of agency ${agencyId} failed; next run retries: ${String(error)}`);
      }
    }
    try {
      await this.replayReversals(now, report);
    } catch (error) {
      this.logger.warn(`Reading Stripe's refunds and disputes failed; next run retries: ${String(error)}`);
    }
    return report;
  }

  private async reconcileAgency(agencyId: string, now: Date, report: ReconciliationReport): Promise<void> {
    const customerId = await this.methods.customerIdOf(agencyId);
    if (!customerId) return;
    for (const intent of await this.stripe.listIntents(customerId, new Date(now.getTime() - LOOK_BACK_MS))) {
      const attempt = intent.attemptId ? await this.repository.attempt(intent.attemptId) : await this.repository.attemptByIntent(intent.id);
      if (!attempt) {
        await this.record(report, {
          agencyId,
          attemptId: null,
          intentId: intent.id,
          finding: 'intent_without_attempt',
          action: 'none: needs a person',
        });
        continue;
      }
      await this.compare(report, attempt, intent);
    }
  }

  private async compare(report: ReconciliationReport, attempt: ReloadAttempt, intent: IntentSummary): Promise<void> {
    const unfinished = ['processing', 'pending_clearance'].includes(attempt.status);
    const base = { agencyId: attempt.agencyId, attemptId: attempt.id, intentId: intent.id };
    if (!isAttemptIntent(attempt, intent.id)) {
      // A second intent for one attempt (its metadata copied, or a charge repeated after Stripe
      // forgot the idempotency key): the attempt keeps its own; a person looks at this one.
      if (intent.status === 'succeeded' || intent.status === 'processing') {
        await this.record(report, { ...base, finding: 'intent_of_another_attempt', action: `not applied (${intent.status}): none: needs a person` });
      }
      return;
    }
    const mismatch = paymentMismatch(attempt, intent);
    if (mismatch && (unfinished || (intent.status === 'succeeded' && attempt.status !== 'succeeded'))) {
      // Never credit another amount than the attempt's: a person decides what this payment was.
      await this.record(report, { ...base, finding: mismatch.finding, action: `not credited (${mismatch.detail}): none: needs a person` });
      return;
    }
    if (intent.status === 'succeeded' && attempt.status !== 'succeeded') {
      const credited = await this.charger.complete(attempt.id, intent.id, intent.chargeId, 'reconciliation');
      if (credited) await this.record(report, { ...base, finding: `succeeded_at_stripe_but_${attempt.status}`, action: 'credited' });
    } else if (intent.status === 'processing' && attempt.status === 'processing') {
      await this.charger.markPending(attempt.id, intent.id, intent.chargeId);
      await this.record(report, { ...base, finding: 'processing_at_stripe', action: 'marked pending clearance' });
    } else if (['requires_payment_method', 'canceled'].includes(intent.status) && unfinished) {
      await this.charger.fail(attempt.id, {
        status: 'failed',
        declineCode: intent.failureCode ?? 'payment_failed',
        message: intent.failureMessage ?? 'The payment failed',
        intentId: intent.id,
      });
      await this.record(report, { ...base, finding: `failed_at_stripe_but_${attempt.status}`, action: 'marked failed' });
    }
  }

  /**
   * Refund and dispute events since the newest one read last time, oldest first, applied through
   * the webhook path (so each is applied once, however it arrives). An event that cannot be applied
   * now stops the reading there; the next run starts again from it.
   */
  private async replayReversals(now: Date, report: ReconciliationReport): Promise<void> {
    const cursor = await this.webhooks.eventCursor(REVERSALS_CURSOR);
    const since = cursor === null ? Math.floor(now.getTime() / 1000) - FIRST_EVENTS_LOOK_BACK_SECONDS : cursor - EVENT_OVERLAP_SECONDS;
    let newest: { created: number; id: string } | null = null;
    for (const event of await this.stripe.listEvents(REVERSAL_EVENT_TYPES, since)) {
      let applied;
      try {
        applied = await this.webhooks.apply(event, 'reconciliation');
      } catch (error) {
        this.logger.warn(`Stripe event ${event.id} (${event.type}) could not be applied; next run retries: ${String(error)}`);
        break;
      }
      newest = { created: event.created, id: event.id };
      if (applied.duplicate || applied.outcome !== 'applied') continue;
      const object = event.data.object as { payment_intent?: string | { id: string } | null };
      const intentId = typeof object.payment_intent === 'string' ? object.payment_intent : (object.payment_intent?.id ?? null);
      await this.record(report, {
        agencyId: applied.agencyId ?? null,
        attemptId: null,
        intentId,
        finding: 'missed_webhook',
        action: `${event.type} ${event.id} applied: ${applied.detail ?? 'done'}`,
        reference: event.id,
      });
    }
    if (newest) await this.webhooks.saveEventCursor(REVERSALS_CURSOR, newest.created, newest.id);
  }

  private async record(report: ReconciliationReport, finding: Finding) {
    report.findings.push({
      agencyId: finding.agencyId,
      attemptId: finding.attemptId,
      intentId: finding.intentId,
      finding: finding.finding,
      action: finding.action,
    });
    const recorded = await this.findings.recordFinding(finding);
    if (recorded && (finding.attemptId || finding.reference)) {
      this.logger.warn(
        `Reconciliation: ${finding.finding} for ${finding.attemptId ?? finding.reference} (${finding.intentId ?? '-'}): ${finding.action}`,
      );
    }
  }
}
