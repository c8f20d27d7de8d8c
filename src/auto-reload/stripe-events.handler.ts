import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type Stripe from 'stripe';
import { Database, sql } from '../database/database';
import { formatMoney } from '../database/money';
import { fromMinorUnits, StripeGateway } from '../payments/stripe.gateway';
import { PaymentEvents, type StripeEventReceived } from '../payments/payments.events';
import { WalletRepository } from '../wallet/wallet.repository';
import { WalletService } from '../wallet/wallet.service';
import { AutoReloadRepository, type ReloadAttempt } from './auto-reload.repository';
import { ReloadCharger } from './reload-charger';

export type EventOutcome = { agencyId: string | null; outcome: string; detail?: string };

/**
 * Applies Stripe's webhook events to reload attempts and the ledger. Every path is idempotent,
 * so duplicates and any delivery order end in the same state: a credit is keyed by the
 * PaymentIntent id, a refund by the charge and its cumulative refunded amount, a dispute by its id.
 */
@Injectable()
export class StripeEventsHandler {
  constructor(
    private readonly db: Database,
    private readonly repository: AutoReloadRepository,
    private readonly charger: ReloadCharger,
    private readonly stripe: StripeGateway,
    private readonly wallets: WalletService,
    private readonly walletRows: WalletRepository,
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
      case 'charge.dispute.created':
        return this.disputed(event.data.object as Stripe.Dispute);
      default:
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

  /** The intent's current state at Stripe decides, whatever order the events arrive in. */
  private async intentChanged(intent: Stripe.PaymentIntent): Promise<EventOutcome> {
    const attempt = await this.attemptFor(intent.id, intent.metadata);
    if (!attempt) return { agencyId: null, outcome: 'ignored', detail: `no reload attempt for ${intent.id}` };
    const current = await this.stripe.retrieveIntent(intent.id);
    const agencyId = attempt.agencyId;
    switch (current.status) {
      case 'succeeded': {
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
   * A refund or dispute can arrive before the credit it takes back (its webhook delayed, our
   * credit failed): credit first when Stripe says the charge succeeded, otherwise refuse the event
   * so it is recorded as an error and delivered again, never dropped as "ignored".
   */
  private async credited(attempt: ReloadAttempt, intentId: string | null): Promise<ReloadAttempt> {
    if (attempt.status === 'succeeded') return attempt;
    const intent = await this.stripe.retrieveIntent(attempt.stripePaymentIntentId ?? intentId!);
    if (intent.status !== 'succeeded') throw new Error(`Reload attempt ${attempt.id} is ${attempt.status}: not credited yet`);
    await this.charger.complete(attempt.id, intent.id, intent.chargeId, 'refund or dispute webhook');
    return (await this.repository.attempt(attempt.id))!;
  }

  /** Refund events carry the cumulative refunded amount; the wallet is debited by what is new. */
  private async refunded(charge: Stripe.Charge): Promise<EventOutcome> {
    const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null);
    const found = (await this.attemptFor(intentId, charge.metadata)) ?? (await this.repository.attemptByCharge(charge.id));
    if (!found) return { agencyId: null, outcome: 'ignored', detail: 'not a reload charge' };
    const attempt = await this.credited(found, intentId);
    const refundedMicros = fromMinorUnits(charge.amount_refunded, attempt.currency);
    const posted = await this.db.transaction(async (tx) => {
      await this.walletRows.lockWallet(tx, attempt.walletId);
      const previous = await this.db.one(
        sql<{ total: string }>`select coalesce(-sum(amount_micros), 0)::text as total from ledger_entries
          where wallet_id = ${attempt.walletId} and type = 'refund' and reference like ${`refund:${charge.id}:%`}`,
        tx,
      );
      const newlyRefunded = refundedMicros - BigInt(previous!.total);
      if (newlyRefunded <= 0n) return null;
      return this.wallets.postEntry(tx, attempt.walletId, {
        type: 'refund',
        amountMicros: -newlyRefunded,
        reference: `refund:${charge.id}:${charge.amount_refunded}`,
        description: `Refund of reload ${attempt.stripePaymentIntentId}`,
      });
    });
    if (!posted) return { agencyId: attempt.agencyId, outcome: 'already_applied' };
    this.wallets.publishPosted(attempt.agencyId, posted, 'refund');
    return { agencyId: attempt.agencyId, outcome: posted.replayed ? 'already_applied' : 'applied', detail: `debited ${formatMoney(-posted.entry.amountMicros)}` };
  }

  private async disputed(dispute: Stripe.Dispute): Promise<EventOutcome> {
    const intentId = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : (dispute.payment_intent?.id ?? null);
    const chargeId = typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id;
    const found = (await this.attemptFor(intentId)) ?? (await this.repository.attemptByCharge(chargeId));
    if (!found) return { agencyId: null, outcome: 'ignored', detail: 'not a reload charge' };
    const attempt = await this.credited(found, intentId);
    const posted = await this.db.transaction((tx) =>
      this.wallets.postEntry(tx, attempt.walletId, {
        type: 'dispute',
        amountMicros: -fromMinorUnits(dispute.amount, attempt.currency),
        reference: dispute.id,
        description: `Dispute (${dispute.reason}) of reload ${attempt.stripePaymentIntentId}`,
      }),
    );
    this.wallets.publishPosted(attempt.agencyId, posted, 'refund');
    return { agencyId: attempt.agencyId, outcome: posted.replayed ? 'already_applied' : 'applied', detail: `debited ${formatMoney(-posted.entry.amountMicros)}` };
  }
}
