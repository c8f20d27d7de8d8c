/**
 * Stripe decline codes in plain words, with what the owner can do about each. Owners read these in
 * emails, so they name no Stripe jargon; support still sees the raw code in the timeline.
 */
export interface DeclineExplanation {
  /** What happened, as one sentence. */
  reason: string;
  /** What to do next, as one sentence. */
  nextStep: string;
}

const CONTACT_BANK = 'Contact your bank or card issuer, or add another payment method on the billing page.';
const UPDATE_CARD = 'Update the card details or add another payment method on the billing page.';
const NEW_CARD = 'Add a new payment method on the billing page; this card can no longer be used.';

const EXPLANATIONS: Record<string, DeclineExplanation> = {
  insufficient_funds: {
    reason: 'The card has insufficient funds.',
    nextStep: 'Add funds to the account behind this card, or add another payment method on the billing page.',
  },
  expired_card: { reason: 'The card has expired.', nextStep: UPDATE_CARD },
  card_declined: { reason: 'The card issuer declined the payment without giving a reason.', nextStep: CONTACT_BANK },
  generic_decline: { reason: 'The card issuer declined the payment without giving a reason.', nextStep: CONTACT_BANK },
  do_not_honor: { reason: 'The card issuer declined the payment without giving a reason.', nextStep: CONTACT_BANK },
  incorrect_cvc: { reason: 'The card’s security code (CVC) was incorrect.', nextStep: UPDATE_CARD },
  invalid_cvc: { reason: 'The card’s security code (CVC) was incorrect.', nextStep: UPDATE_CARD },
  incorrect_number: { reason: 'The card number was incorrect.', nextStep: UPDATE_CARD },
  invalid_expiry_month: { reason: 'The card’s expiry date was incorrect.', nextStep: UPDATE_CARD },
  invalid_expiry_year: { reason: 'The card’s expiry date was incorrect.', nextStep: UPDATE_CARD },
  processing_error: {
    reason: 'An error occurred while processing the card.',
    nextStep: 'This is usually temporary: try again in a few minutes, or use another payment method.',
  },
  lost_card: { reason: 'The card has been reported lost.', nextStep: NEW_CARD },
  stolen_card: { reason: 'The card has been reported stolen.', nextStep: NEW_CARD },
  pickup_card: { reason: 'The card issuer asked for this card to be withdrawn.', nextStep: NEW_CARD },
  fraudulent: { reason: 'The payment was blocked as suspected fraud.', nextStep: CONTACT_BANK },
  authentication_required: {
    reason: 'The card issuer requires you to confirm this payment (for example with 3-D Secure).',
    nextStep: 'Open the billing page and complete the confirmation, or add a card that does not require it.',
  },
  card_velocity_exceeded: {
    reason: 'The card has reached its spending limit for now.',
    nextStep: 'Contact your card issuer to raise the limit, or add another payment method on the billing page.',
  },
  withdrawal_count_limit_exceeded: {
    reason: 'The card has reached its spending limit for now.',
    nextStep: 'Contact your card issuer to raise the limit, or add another payment method on the billing page.',
  },
  currency_not_supported: {
    reason: 'The card does not support payments in this currency.',
    nextStep: 'Add a payment method that accepts this currency on the billing page.',
  },
  card_not_supported: {
    reason: 'The card does not support this kind of payment.',
    nextStep: 'Add another payment method on the billing page.',
  },
  // Bank debits (ACH) fail with return codes that Stripe reports as these.
  account_closed: { reason: 'The bank account has been closed.', nextStep: NEW_CARD },
  no_account: { reason: 'The bank account could not be found.', nextStep: UPDATE_CARD },
  debit_not_authorized: {
    reason: 'The bank refused the debit as not authorized.',
    nextStep: 'Ask your bank to allow debits from Stripe, or add another payment method on the billing page.',
  },
  // Not Stripe's: what a reload records when there was no saved method to charge.
  no_payment_method: { reason: 'No payment method was saved to charge.', nextStep: 'Add a payment method on the billing page.' },
};

const UNKNOWN: DeclineExplanation = {
  reason: 'The payment was declined.',
  nextStep: CONTACT_BANK,
};

/** A known code's explanation; an unknown one falls back to the processor's own message. */
export function explainDecline(code: string | null | undefined, processorMessage?: string | null): DeclineExplanation {
  const known = code ? EXPLANATIONS[code] : undefined;
  if (known) return known;
  const message = processorMessage?.trim();
  return message ? { reason: message.endsWith('.') ? message : `${message}.`, nextStep: UNKNOWN.nextStep } : UNKNOWN;
}

export const KNOWN_DECLINE_CODES = Object.keys(EXPLANATIONS);

/**
 * A decline as the API's attempt views and the support timeline show it beside the raw code: in
 * words, with the name the charge carries on a statement (what the owner asks the bank to allow).
 * All null for an attempt that was not declined.
 */
export function declineInWords(code: string | null, message: string | null, statementDescriptor: string | null) {
  if (!code) return { declineReason: null, declineNextStep: null, statementDescriptor: null };
  const { reason, nextStep } = explainDecline(code, message);
  return { declineReason: reason, declineNextStep: nextStep, statementDescriptor: code === 'no_payment_method' ? null : statementDescriptor };
}
