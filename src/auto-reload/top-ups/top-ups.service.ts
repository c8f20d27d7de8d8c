import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { IdempotencyConflictError, NotFoundError, PaymentFailedError, PaymentProviderUnavailableError, ValidationError } from '../../common/errors';
import { requireIdempotencyKey } from '../../common/idempotency/idempotency.service';
import { replayedError } from '../../common/replay';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Database } from '../../database/database';
import type { Micros } from '../../database/money';
import { PaymentMethodLookupService } from '../../payments/payment-method-lookup.service';
import { WalletService } from '../../wallet/wallet.service';
import { ReloadAttemptsRepository, type ReloadAttempt } from '../attempts/reload-attempts.repository';
import { TOP_UP_TRIGGER } from '../attempts/reload-trigger';
import { chargeableDescription, isChargeable } from '../../payments/currencies';
import { TransientStripeError } from '../../payments/stripe.gateway';
import { ReloadCharger } from '../evaluation/reload-charger';
import { reloadAttemptView } from '../attempts/reload-attempt.view';

const SETTLE_WAIT_MS = 5000;
const POLL_MS = 100;

/**
 * Top-ups: charge the default payment method now, once (see `attempts/reload-trigger.ts`). The attempt row, keyed by the client's
 * Idempotency-Key, is the idempotency record: a retry finds it and (if it is still processing)
 * drives the same Stripe charge again under the same Stripe key, which replays.
 */
@Injectable()
export class TopUpsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly repository: ReloadAttemptsRepository,
    private readonly methods: PaymentMethodLookupService,
    private readonly wallets: WalletService,
    private readonly charger: ReloadCharger,
  ) {}

  /** Charges `paymentMethodId` when given (one of the agency's saved methods), else the default one. */
  async topUp(agencyId: string, amountMicros: Micros, key: string | undefined, paymentMethodId?: string) {
    const idempotencyKey = requireIdempotencyKey(key);
    const request = paymentMethodId ? `top-up:${amountMicros}:${paymentMethodId}` : `top-up:${amountMicros}`;
    const requestHash = createHash('sha256').update(request).digest('hex');
    const methods = await this.methods.list(agencyId);
    const method = paymentMethodId ? methods.find((candidate) => candidate.id === paymentMethodId) : methods[0];
    if (paymentMethodId && !method) {
      throw new ValidationError('Invalid request: paymentMethodId: not a saved payment method of this agency', {
        fields: [{ path: 'paymentMethodId', message: 'not a saved payment method of this agency' }],
      });
    }
    const wallet = await this.wallets.walletRowOfAgency(agencyId);
    if (!wallet) throw new NotFoundError('Wallet');
    if (!isChargeable(amountMicros, wallet.currency)) {
      // Charged exactly as credited: an amount Stripe would round is refused, not rounded.
      throw new ValidationError(`Invalid request: amount: must be ${chargeableDescription(wallet.currency)} in this ${wallet.currency} wallet`, {
        fields: [{ path: 'amount', message: `must be ${chargeableDescription(wallet.currency)}` }],
      });
    }

    const { attempt, created } = await this.db.transaction((tx) =>
      this.repository.insertKeyedAttempt(tx, {
        agencyId,
        walletId: wallet.id,
        trigger: TOP_UP_TRIGGER,
        amountMicros,
        currency: wallet.currency,
        paymentMethodId: method?.id ?? null,
        status: method ? 'processing' : 'failed',
        clientIdempotencyKey: idempotencyKey,
        requestHash,
      }),
    );
    if (!created && attempt.requestHash !== requestHash) {
      throw new IdempotencyConflictError('This Idempotency-Key was already used with a different request', { key: idempotencyKey });
    }
    if (!attempt.paymentMethodId) {
      if (created)
        await this.db.transaction((tx) =>
          this.repository.updateAttempt(tx, attempt.id, {
            declineCode: 'no_payment_method',
            declineMessage: 'No saved payment method',
            completed: true,
          }),
        );
      throw new ValidationError('Add a payment method before topping up', { fields: [{ path: 'paymentMethod', message: 'none saved' }] });
    }
    const replayed = !created;
    try {
      const settled = attempt.status === 'processing' ? await this.drive(attempt) : attempt;
      return { replayed, body: await this.view(settled) };
    } catch (error) {
      // A declined top-up asked again is the same answer again, and says so.
      throw error instanceof PaymentFailedError ? replayedError(error, replayed) : error;
    }
  }

  /**
   * Charges the attempt. When Stripe cannot answer now (down, or still busy with a concurrent
   * retry of this very request), the answer is whatever the attempt becomes within a few seconds;
   * one still processing after that is answered 503 (the same Idempotency-Key later tells the
   * outcome) and is taken over by a worker once its lease runs out, charged again under the same
   * Stripe key, so it is never lost.
   */
  private async drive(attempt: ReloadAttempt): Promise<ReloadAttempt> {
    try {
      return (await this.charger.charge(attempt.id)) ?? attempt;
    } catch (error) {
      if (!(error instanceof TransientStripeError)) throw error;
      for (let waited = 0; waited < SETTLE_WAIT_MS; waited += POLL_MS) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const current = await this.repository.current(attempt.id);
        if (current.status !== 'processing') return current;
      }
      throw new PaymentProviderUnavailableError(
        error.retryAfterSeconds,
        { attemptId: attempt.id, status: 'processing' },
        'Stripe is unavailable right now; the top-up is recorded: send the same request with the same Idempotency-Key to learn its outcome',
      );
    }
  }

  private async view(attempt: ReloadAttempt) {
    const method = attempt.paymentMethodId ? await this.methods.findAny(attempt.paymentMethodId) : undefined;
    const view = reloadAttemptView(attempt, method, this.config.stripe.statementDescriptor);
    if (attempt.status === 'failed' || attempt.status === 'requires_action') {
      throw new PaymentFailedError(
        attempt.status === 'requires_action'
          ? 'The bank asks the cardholder to authenticate this payment'
          : `The payment was declined: ${attempt.declineMessage ?? attempt.declineCode}`,
        { attempt: view, declineCode: attempt.declineCode },
      );
    }
    return view;
  }
}
