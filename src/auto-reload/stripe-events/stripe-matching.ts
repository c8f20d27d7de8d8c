import { formatMoney, type Micros } from '../../database/money';
import type { ReloadAttempt } from '../attempts/reload-attempts.repository';

/**
 * Whether what Stripe reports for an attempt's payment is what the attempt asked for. A difference
 * is a finding for a person, never a credit of another amount: the wallet is credited with the
 * attempt's amount, so it must be exactly what Stripe charged, in the same currency.
 */
export function paymentMismatch(
  attempt: Pick<ReloadAttempt, 'amountMicros' | 'currency'>,
  paid: { amountMicros: Micros; currency: string },
): { finding: string; detail: string } | null {
  if (paid.currency.toUpperCase() !== attempt.currency.toUpperCase()) {
    return { finding: 'currency_mismatch', detail: `Stripe charged ${paid.currency.toUpperCase()}, the attempt is in ${attempt.currency}` };
  }
  if (paid.amountMicros !== attempt.amountMicros) {
    return {
      finding: 'amount_mismatch',
      detail: `Stripe charged ${formatMoney(paid.amountMicros)} ${attempt.currency}, the attempt is for ${formatMoney(attempt.amountMicros)}`,
    };
  }
  return null;
}

/**
 * Whether a charge Stripe refunded or disputed is the one this attempt was paid with: the same
 * PaymentIntent and, once known, the same charge. Metadata alone never ties a charge to an attempt.
 */
export function isAttemptCharge(
  attempt: Pick<ReloadAttempt, 'stripePaymentIntentId' | 'stripeChargeId'>,
  charge: { id: string; paymentIntentId: string | null },
): boolean {
  if (attempt.stripeChargeId) return attempt.stripeChargeId === charge.id;
  return attempt.stripePaymentIntentId !== null && attempt.stripePaymentIntentId === charge.paymentIntentId;
}

/** An intent belongs to an attempt that names no other: metadata may be copied, an intent id is not. */
export function isAttemptIntent(attempt: Pick<ReloadAttempt, 'stripePaymentIntentId'>, intentId: string): boolean {
  return attempt.stripePaymentIntentId === null || attempt.stripePaymentIntentId === intentId;
}
