import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type Stripe from 'stripe';
import { Database, type Tx } from '../../database/database';
import { formatMoney, minMicros, type Micros } from '../../database/money';
import { fromMinorUnits } from '../../payments/currencies';
import { PaymentEvents, type StripeEventReceived } from '../../payments/payments.events';
import { type ChargeSummary, StripeGateway } from '../../payments/stripe.gateway';
import type { PostedEntry } from '../../wallet/wallet.types';
import { WalletService } from '../../wallet/wallet.service';
import { ReloadAttemptsRepository, type ReloadAttempt } from '../attempts/reload-attempts.repository';
import { type Finding, ReconciliationFindingsRepository } from '../reconciliation/reconciliation-findings.repository';
import { ReloadCharger } from '../evaluation/reload-charger';
import { isAttemptCharge, isAttemptIntent, paymentMismatch } from './stripe-matching';
import { present } from '../../common/present';

export type EventOutcome = { agencyId: string | null; outcome: string; detail?: string };

/** The events that take money back from a reload charge (or give it back), as reconciliation lists them. */
export const REVERSAL_EVENT_TYPES = [
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_reinstated',
];

const DISPUTE_EVENTS = new Set(REVERSAL_EVENT_TYPES.filter((type) => type.startsWith('charge.dispute.')));
const NEEDS_A_PERSON = 'none: needs a person';

/**
 * Applies Stripe's events to reload attempts and the ledger. Every path is idempotent, so duplicates
 * and any delivery order end in the same state: a credit is keyed by the PaymentIntent id, a refund
 * by the charge and its cumulative refunded amount, a dispute by its id. Amounts come from Stripe's
 * current objects, never from the event payload alone, and what refunds and disputes take back from
 * a charge never adds up to more than the charge.
 */
@Injectable()
export class StripeEventsHandler {
  private readonly logger = new Logger(StripeEventsHandler.name);

  constructor(
    private readonly db: Database,
    private readonly repository: ReloadAttemptsRepository,
    private readonly findings: ReconciliationFindingsRepository,
    private readonly charger: ReloadCharger,
    private readonly stripe: StripeGateway,
    private readonly wallets: WalletService,
  ) {}

  @OnEvent(PaymentEvents.StripeEvent, { promisify: true })
  async handle({ event }: StripeEventReceived): Promise<EventOutcome> {
    switch (event.type) {
      case 'payment_intent.succeeded':
      case 'payment_intent.processing':
      case 'payment_intent.payment_failed':
        return this.intentChanged(event.data.object as Stripe.PaymentIntent);
      case 'charge.refunded':
        return this.refunded(event.data.object as Stripe.Charge);
      default:
        if (DISPUTE_EVENTS.has(event.type)) return this.disputeChanged(event.data.object as Stripe.Dispute, event.type);
        return { agencyId: null, outcome: 'ignored', detail: `${event.type} is not used` };
    }
  }

  private async attemptFor(intentId: string | null | undefined, metadata?: Stripe.Metadata | null): Promise<ReloadAttempt | undefined> {
    if (metadata?.attemptId) {
      const attempt = await this.repository.attempt(metadata.attemptId);
      if (attempt) return attempt;
    }
    return intentId ? this.repository.attemptByIntent(intentId) : undefined;
  }

  /**
   * Applies where an attempt's PaymentIntent stands at Stripe now, as a webhook would: what the
   * return from 3D Secure does, so the owner sees the credit without waiting for the webhook.
   */
  applyIntentOf(attemptId: string, intentId: string): Promise<EventOutcome> {
    return this.intentChanged({ id: intentId, metadata: { attemptId } } as unknown as Stripe.PaymentIntent);
  }

  /** The intent's current state at Stripe decides, whatever order the events arrive in. */
  private async intentChanged(intent: Stripe.PaymentIntent): Promise<EventOutcome> {
    const attempt = await this.attemptFor(intent.id, intent.metadata);
    if (!attempt) return { agencyId: null, outcome: 'ignored', detail: `no reload attempt for ${intent.id}` };
    const agencyId = attempt.agencyId;
    if (!isAttemptIntent(attempt, intent.id)) {
      await this.found({
        agencyId,
        attemptId: attempt.id,
        intentId: intent.id,
        finding: 'intent_of_another_attempt',
        action: `not applied: ${NEEDS_A_PERSON}`,
      });
      return { agencyId, outcome: 'ignored', detail: `attempt ${attempt.id} was paid by ${attempt.stripePaymentIntentId}` };
    }
    const current = await this.stripe.retrieveIntent(intent.id);
    switch (current.status) {
      case 'succeeded': {
        const mismatch = paymentMismatch(attempt, current);
        if (mismatch) {
          await this.found({
            agencyId,
            attemptId: attempt.id,
            intentId: current.id,
            finding: mismatch.finding,
            action: `not credited (${mismatch.detail}): ${NEEDS_A_PERSON}`,
          });
          return { agencyId, outcome: 'mismatch', detail: mismatch.detail };
        }
        const credited = await this.charger.complete(attempt.id, current.id, current.chargeId, 'webhook');
        return { agencyId, outcome: credited ? 'applied' : 'already_applied', detail: 'credited' };
      }
      case 'processing':
        await this.charger.markPending(attempt.id, current.id, current.chargeId);
        return { agencyId, outcome: 'applied', detail: 'pending clearance' };
      case 'requires_payment_method':
      case 'canceled':
        await this.charger.fail(attempt.id, {
          status: 'failed',
          declineCode: current.failureCode ?? 'payment_failed',
          message: current.failureMessage ?? 'The payment failed',
          intentId: current.id,
        });
        return { agencyId, outcome: 'applied', detail: `failed: ${current.failureCode ?? 'payment_failed'}` };
      default:
        return { agencyId, outcome: 'ignored', detail: `intent is ${current.status}` };
    }
  }

  /**
   * The attempt a charge may have paid for, from what the event names: by its charge id, its
   * PaymentIntent, or (for an attempt whose answer from Stripe was lost, so it knows no intent yet)
   * the attempt the intent's metadata at Stripe names. `namedAttemptId` null: the event names no
   * attempt, so Stripe is not asked (most refunds are of other charges). Only a hint: what is
   * applied is then checked against Stripe's own charge.
   */
  private async candidateFor(chargeId: string | null, intentId: string | null, namedAttemptId?: string | null): Promise<ReloadAttempt | undefined> {
    const byCharge = chargeId ? await this.repository.attemptByCharge(chargeId) : undefined;
    if (byCharge) return byCharge;
    const byIntent = intentId ? await this.repository.attemptByIntent(intentId) : undefined;
    if (byIntent) return byIntent;
    if (!intentId || namedAttemptId === null) return undefined;
    const intent = await this.stripe.retrieveIntent(intentId);
    const named = intent.attemptId ? await this.repository.attempt(intent.attemptId) : undefined;
    return named && named.stripePaymentIntentId === null ? named : undefined;
  }

  /**
   * A refund or dispute can arrive before the credit it takes back (its webhook delayed, our
   * credit failed): credit first when Stripe says the charge succeeded, otherwise refuse the event
   * so it is recorded as an error and delivered again, never dropped as "ignored". Null when the
   * payment does not match the attempt (nothing was credited, so nothing is taken back).
   */
  private async credited(attempt: ReloadAttempt, intentId: string | null): Promise<ReloadAttempt | null> {
    if (attempt.status === 'succeeded') return attempt;
    const intent = await this.stripe.retrieveIntent(
      present(attempt.stripePaymentIntentId ?? intentId, `the payment intent of reload attempt ${attempt.id}`),
    );
    if (intent.status !== 'succeeded') throw new Error(`Reload attempt ${attempt.id} is ${attempt.status}: not credited yet`);
    const mismatch = paymentMismatch(attempt, intent);
    if (mismatch) {
      await this.found({
        agencyId: attempt.agencyId,
        attemptId: attempt.id,
        intentId: intent.id,
        finding: mismatch.finding,
        action: `not credited (${mismatch.detail}): ${NEEDS_A_PERSON}`,
      });
      return null;
    }
    await this.charger.complete(attempt.id, intent.id, intent.chargeId, 'refund or dispute webhook');
    return this.repository.current(attempt.id);
  }

  /** The candidate attempt credited, if Stripe's charge is the one that paid it; or why nothing is applied. */
  private async creditedAttemptOf(
    found: ReloadAttempt | undefined,
    charge: ChargeSummary,
    what: string,
  ): Promise<{ attempt: ReloadAttempt } | { outcome: EventOutcome }> {
    if (!found) return { outcome: { agencyId: null, outcome: 'ignored', detail: 'not a reload charge' } };
    const agencyId = found.agencyId;
    const attempt = await this.credited(found, charge.paymentIntentId);
    if (!attempt) return { outcome: { agencyId, outcome: 'mismatch', detail: `the charge's payment does not match attempt ${found.id}` } };
    if (!isAttemptCharge(attempt, charge)) {
      await this.found({
        agencyId,
        attemptId: attempt.id,
        intentId: attempt.stripePaymentIntentId,
        finding: `${what}_of_another_charge`,
        action: `not debited: ${NEEDS_A_PERSON}`,
        reference: charge.id,
      });
      return { outcome: { agencyId, outcome: 'ignored', detail: `${charge.id} is not the charge of attempt ${attempt.id}` } };
    }
    if (charge.currency !== attempt.currency.toUpperCase()) {
      await this.found({
        agencyId,
        attemptId: attempt.id,
        intentId: attempt.stripePaymentIntentId,
        finding: 'currency_mismatch',
        action: `${what} not debited: ${NEEDS_A_PERSON}`,
        reference: charge.id,
      });
      return { outcome: { agencyId, outcome: 'mismatch', detail: `${what} in ${charge.currency}, wallet in ${attempt.currency}` } };
    }
    return { attempt };
  }

  /**
   * Stripe's charge carries the cumulative refunded amount: the wallet is debited by what is new,
   * and by no more than what the charge left after earlier refunds and disputes.
   */
  private async refunded(event: Stripe.Charge): Promise<EventOutcome> {
    const found = await this.candidateFor(event.id, idOf(event.payment_intent), event.metadata?.attemptId ?? null);
    if (!found) return { agencyId: null, outcome: 'ignored', detail: 'not a reload charge' };
    const charge = await this.stripe.retrieveCharge(event.id);
    const matched = await this.creditedAttemptOf(found, charge, 'refund');
    if ('outcome' in matched) return matched.outcome;
    const { attempt } = matched;
    const refundedMicros = fromMinorUnits(charge.amountRefundedMinor, charge.currency);
    const chargedMicros = minMicros(attempt.amountMicros, fromMinorUnits(charge.amountMinor, charge.currency));
    const posted = await this.db.transaction(async (tx) => {
      const locked = await this.repository.lockExisting(tx, attempt.id);
      const wanted = refundedMicros - locked.refundedMicros;
      if (wanted <= 0n) return null;
      const room = chargedMicros - locked.refundedMicros - locked.disputedMicros;
      const debit = minMicros(wanted, room);
      if (debit < wanted) await this.overReversal(tx, locked, 'refund', charge.id, wanted, debit);
      if (debit <= 0n) return null;
      const entry = await this.wallets.postEntry(tx, attempt.walletId, {
        type: 'refund',
        amountMicros: -debit,
        reference: `refund:${charge.id}:${charge.amountRefundedMinor}`,
        description: `Refund of reload ${attempt.stripePaymentIntentId}`,
      });
      if (!entry.replayed) await this.repository.addReversal(tx, attempt.id, { refundedMicros: debit, chargeId: charge.id });
      return entry;
    });
    return this.outcomeOf(attempt, posted, 'debited');
  }

  /**
   * A dispute takes its amount from the wallet when it opens (an inquiry, `warning_*`, takes
   * nothing), capped by what the charge has left; a dispute won gives back what it took, once.
   * Stripe's current dispute decides, so the events may come in any order or not at all.
   */
  private async disputeChanged(event: Stripe.Dispute, eventType: string): Promise<EventOutcome> {
    const found = await this.candidateFor(idOf(event.charge), idOf(event.payment_intent));
    if (!found) return { agencyId: null, outcome: 'ignored', detail: 'not a reload charge' };
    const dispute = await this.stripe.retrieveDispute(event.id);
    const charge = await this.stripe.retrieveCharge(dispute.chargeId);
    const matched = await this.creditedAttemptOf(found, charge, 'dispute');
    if ('outcome' in matched) return matched.outcome;
    const { attempt } = matched;
    if (dispute.status.startsWith('warning_')) {
      return { agencyId: attempt.agencyId, outcome: 'ignored', detail: `inquiry (${dispute.status}): no funds withdrawn` };
    }
    const won = dispute.status === 'won' || eventType === 'charge.dispute.funds_reinstated';
    const disputedMicros = fromMinorUnits(dispute.amountMinor, dispute.currency);
    const chargedMicros = minMicros(attempt.amountMicros, fromMinorUnits(charge.amountMinor, charge.currency));
    const posted: PostedEntry[] = [];
    await this.db.transaction(async (tx) => {
      const locked = await this.repository.lockExisting(tx, attempt.id);
      const withdrawn = await this.wallets.findEntry(attempt.walletId, 'dispute', dispute.id, tx);
      // What this dispute holds back of the wallet: a charge is disputed at most once.
      let heldMicros = withdrawn ? -withdrawn.amountMicros : 0n;
      if (!withdrawn) {
        const room = chargedMicros - locked.refundedMicros - locked.disputedMicros;
        const debit = room > 0n ? minMicros(disputedMicros, room) : 0n;
        if (debit < disputedMicros) await this.overReversal(tx, locked, 'dispute', dispute.id, disputedMicros, debit);
        if (debit > 0n) {
          posted.push(
            await this.wallets.postEntry(tx, attempt.walletId, {
              type: 'dispute',
              amountMicros: -debit,
              reference: dispute.id,
              description: `Dispute (${dispute.reason}) of reload ${attempt.stripePaymentIntentId}`,
            }),
          );
          await this.repository.addReversal(tx, attempt.id, { disputedMicros: debit, chargeId: charge.id });
          heldMicros = debit;
        }
      }
      if (!won || heldMicros <= 0n) return;
      const reinstated = await this.wallets.postEntry(tx, attempt.walletId, {
        type: 'dispute',
        amountMicros: heldMicros,
        reference: `${dispute.id}:won`,
        description: `Dispute won (${dispute.reason}) for reload ${attempt.stripePaymentIntentId}: funds reinstated`,
      });
      if (!reinstated.replayed) {
        posted.push(reinstated);
        await this.repository.addReversal(tx, attempt.id, { disputedMicros: -heldMicros });
      }
    });
    for (const entry of posted) this.wallets.publishPosted(attempt.agencyId, entry, 'refund');
    if (!posted.length) return { agencyId: attempt.agencyId, outcome: 'already_applied', detail: `dispute ${dispute.status}` };
    const moved = posted.map(
      (entry) =>
        `${entry.entry.amountMicros < 0n ? 'debited' : 'credited'} ${formatMoney(entry.entry.amountMicros < 0n ? -entry.entry.amountMicros : entry.entry.amountMicros)}`,
    );
    return { agencyId: attempt.agencyId, outcome: 'applied', detail: `dispute ${dispute.status}: ${moved.join(', ')}` };
  }

  /** Stripe says more was taken back than the charge has left: only the rest is debited, and a person looks. */
  private async overReversal(tx: Tx, attempt: ReloadAttempt, what: string, reference: string, wantedMicros: Micros, debitedMicros: Micros) {
    const debited = debitedMicros > 0n ? debitedMicros : 0n;
    await this.found(
      {
        agencyId: attempt.agencyId,
        attemptId: attempt.id,
        intentId: attempt.stripePaymentIntentId,
        finding: `${what}_exceeds_charge`,
        action: `debited ${formatMoney(debited)} of ${formatMoney(wantedMicros)}: refunds and disputes never take more than the ${formatMoney(attempt.amountMicros)} charged`,
        reference,
      },
      tx,
    );
  }

  private outcomeOf(attempt: ReloadAttempt, posted: PostedEntry | null, verb: string): EventOutcome {
    if (!posted || posted.replayed) return { agencyId: attempt.agencyId, outcome: 'already_applied' };
    this.wallets.publishPosted(attempt.agencyId, posted, 'refund');
    return { agencyId: attempt.agencyId, outcome: 'applied', detail: `${verb} ${formatMoney(-posted.entry.amountMicros)}` };
  }

  private async found(finding: Finding, tx?: Tx): Promise<void> {
    if (await this.findings.recordFinding(finding, tx)) {
      this.logger.warn(
        `Stripe finding ${finding.finding} for attempt ${finding.attemptId ?? '-'} (${finding.reference ?? finding.intentId ?? '-'}): ${finding.action}`,
      );
    }
  }
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}
