import { formatMoney } from '../../database/money';
import { declineInWords } from '../../notifications/decline-codes';
import type { PaymentMethodRow } from '../../payments/payment-method-lookup.service';
import type { ReloadAttempt } from './reload-attempts.repository';

/** `statementDescriptor` is the name charges carry on statements (config), shown beside a decline. */
export function reloadAttemptView(attempt: ReloadAttempt, method?: PaymentMethodRow, statementDescriptor: string | null = null) {
  return {
    id: attempt.id,
    trigger: attempt.trigger,
    amount: formatMoney(attempt.amountMicros),
    currency: attempt.currency,
    status: attempt.status,
    paymentMethod: method ? { id: method.id, type: method.type, brand: method.brand, last4: method.last4 } : null,
    declineCode: attempt.declineCode,
    declineMessage: attempt.declineMessage,
    ...declineInWords(attempt.declineCode, attempt.declineMessage, statementDescriptor),
    skipReason: attempt.skipReason,
    stripePaymentIntentId: attempt.stripePaymentIntentId,
    retryOf: attempt.retryOf,
    fallbackOf: attempt.fallbackOf,
    createdAt: attempt.createdAt.toISOString(),
    updatedAt: attempt.updatedAt.toISOString(),
    completedAt: attempt.completedAt?.toISOString() ?? null,
  };
}
