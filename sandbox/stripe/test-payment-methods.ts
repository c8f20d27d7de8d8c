/**
 * Stripe's documented test PaymentMethods (https://docs.stripe.com/testing,
 * https://docs.stripe.com/payments/ach-direct-debit/accept-a-payment#test-integration) and how each behaves.
 */

export interface Decline {
  code: string;
  declineCode: string;
  message: string;
  adviceCode?: string;
  param?: string;
}

export type ChargeBehavior =
  | { kind: 'succeed'; disputeAfter?: boolean }
  | { kind: 'decline'; decline: Decline }
  /**
   * 3D Secure cards. `offSession` says whether an off-session payment goes through without the customer:
   * 'never' (always needs authentication), 'when_set_up' (only after a SetupIntent saved it for off-session
   * use), or 'always' (already set up). On-session payments with these cards always need authentication.
   */
  | { kind: 'authenticate'; offSession: 'never' | 'when_set_up' | 'always' }
  /** Bank debits sit in `processing` until settled; `settles` is how they end on their own. */
  | { kind: 'bank_debit'; settles: BankOutcome | 'never'; disputeAfter?: boolean };

export type BankOutcome = { status: 'succeeded' } | { status: 'failed'; failureCode: string; failureMessage: string };

export interface CardDetails {
  brand: string;
  last4: string;
  funding: 'credit' | 'debit' | 'prepaid';
  country: string;
}

export interface BankDetails {
  bankName: string;
  last4: string;
  routingNumber: string;
  accountType: 'checking' | 'savings';
}

export interface TestPaymentMethod {
  id: string;
  type: 'card' | 'us_bank_account';
  card?: CardDetails;
  bank?: BankDetails;
  charge: ChargeBehavior;
  /**
   * Stripe validates most declining cards when they are attached or set up, and so does this server unless it
   * runs with `lenientAttach` (then attach succeeds, so a test can save a card that declines later).
   */
  declinesOnAttach?: boolean;
}

const visa = (last4: string, funding: CardDetails['funding'] = 'credit'): CardDetails => ({
  brand: 'visa',
  last4,
  funding,
  country: 'US',
});

const decline = (declineCode: string, message: string, adviceCode: string | undefined, code = 'card_declined', param?: string): ChargeBehavior => ({
  kind: 'decline',
  decline: { code, declineCode, message, adviceCode, param },
});

const DECLINED = 'Your card was declined.';

function card(id: string, details: CardDetails, charge: ChargeBehavior = { kind: 'succeed' }): TestPaymentMethod {
  return { id, type: 'card', card: details, charge, declinesOnAttach: charge.kind === 'decline' };
}

const STRIPE_TEST_BANK = 'STRIPE TEST BANK';

function bank(id: string, last4: string, settles: BankOutcome | 'never', disputeAfter = false): TestPaymentMethod {
  return {
    id,
    type: 'us_bank_account',
    bank: { bankName: STRIPE_TEST_BANK, last4, routingNumber: '110000000', accountType: 'checking' },
    charge: { kind: 'bank_debit', settles, disputeAfter },
  };
}

const bankFailure = (failureCode: string, failureMessage: string): BankOutcome => ({
  status: 'failed',
  failureCode,
  failureMessage,
});

const CATALOG: TestPaymentMethod[] = [
  card('pm_card_visa', visa('4242')),
  card('pm_card_visa_debit', visa('5556', 'debit')),
  card('pm_card_mastercard', { brand: 'mastercard', last4: '4444', funding: 'credit', country: 'US' }),
  card('pm_card_mastercard_debit', { brand: 'mastercard', last4: '8210', funding: 'debit', country: 'US' }),
  card('pm_card_mastercard_prepaid', { brand: 'mastercard', last4: '5100', funding: 'prepaid', country: 'US' }),
  card('pm_card_amex', { brand: 'amex', last4: '8431', funding: 'credit', country: 'US' }),
  card('pm_card_discover', { brand: 'discover', last4: '1117', funding: 'credit', country: 'US' }),
  card('pm_card_jcb', { brand: 'jcb', last4: '0505', funding: 'credit', country: 'JP' }),
  card('pm_card_createDispute', visa('0259'), { kind: 'succeed', disputeAfter: true }),

  card('pm_card_visa_chargeDeclined', visa('0002'), decline('generic_decline', DECLINED, 'try_again_later')),
  card(
    'pm_card_visa_chargeDeclinedInsufficientFunds',
    visa('9995'),
    decline('insufficient_funds', 'Your card has insufficient funds.', 'try_again_later'),
  ),
  card('pm_card_visa_chargeDeclinedLostCard', visa('9987'), decline('lost_card', DECLINED, 'do_not_try_again')),
  card('pm_card_visa_chargeDeclinedStolenCard', visa('9979'), decline('stolen_card', DECLINED, 'do_not_try_again')),
  card(
    'pm_card_chargeDeclinedExpiredCard',
    visa('0069'),
    decline('expired_card', 'Your card has expired.', 'confirm_card_data', 'expired_card', 'exp_month'),
  ),
  card(
    'pm_card_chargeDeclinedIncorrectCvc',
    visa('0127'),
    decline('incorrect_cvc', "Your card's security code is incorrect.", 'confirm_card_data', 'incorrect_cvc', 'cvc'),
  ),
  card(
    'pm_card_chargeDeclinedProcessingError',
    visa('0119'),
    decline('processing_error', 'An error occurred while processing your card. Try again in a little bit.', 'try_again_later', 'processing_error'),
  ),
  card('pm_card_chargeDeclinedFraudulent', visa('0019'), decline('fraudulent', DECLINED, undefined)),
  card(
    'pm_card_visa_chargeDeclinedVelocityLimitExceeded',
    visa('6975'),
    decline(
      'card_velocity_exceeded',
      'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
      'try_again_later',
    ),
  ),
  // Documented as "attaching succeeds, charging fails", whatever the attach mode.
  {
    ...card('pm_card_chargeCustomerFail', visa('0341'), decline('generic_decline', DECLINED, 'try_again_later')),
    declinesOnAttach: false,
  },

  card('pm_card_authenticationRequired', visa('3184'), { kind: 'authenticate', offSession: 'never' }),
  card('pm_card_threeDSecure2Required', visa('3220'), { kind: 'authenticate', offSession: 'never' }),
  card('pm_card_authenticationRequiredOnSetup', visa('3155'), { kind: 'authenticate', offSession: 'when_set_up' }),
  card('pm_card_authenticationRequiredSetupForOffSession', visa('0446'), {
    kind: 'authenticate',
    offSession: 'always',
  }),

  bank('pm_usBankAccount_success', '6789', { status: 'succeeded' }),
  bank(
    'pm_usBankAccount_insufficientFunds',
    '2227',
    bankFailure('insufficient_funds', "The customer's account has insufficient funds to cover this payment."),
  ),
  bank('pm_usBankAccount_accountClosed', '1113', bankFailure('account_closed', "The customer's bank account has been closed.")),
  bank('pm_usBankAccount_noAccount', '1116', bankFailure('no_account', "The customer's bank account could not be located.")),
  bank(
    'pm_usBankAccount_debitNotAuthorized',
    '3335',
    bankFailure('debit_not_authorized', 'The customer has notified their bank that this payment was unauthorized.'),
  ),
  bank('pm_usBankAccount_dispute', '5559', { status: 'succeeded' }, true),
  bank('pm_usBankAccount_processing', '0009', 'never'),
];

/** Other spellings found in Stripe's docs over the years, mapped to the canonical id above. */
const ALIASES: Record<string, string> = {
  pm_card_chargeDeclined: 'pm_card_visa_chargeDeclined',
  pm_card_chargeDeclinedInsufficientFunds: 'pm_card_visa_chargeDeclinedInsufficientFunds',
  pm_card_chargeDeclinedLostCard: 'pm_card_visa_chargeDeclinedLostCard',
  pm_card_chargeDeclinedStolenCard: 'pm_card_visa_chargeDeclinedStolenCard',
  pm_card_visa_chargeDeclinedExpiredCard: 'pm_card_chargeDeclinedExpiredCard',
  pm_card_visa_chargeDeclinedIncorrectCvc: 'pm_card_chargeDeclinedIncorrectCvc',
  pm_card_visa_chargeDeclinedProcessingError: 'pm_card_chargeDeclinedProcessingError',
  pm_card_visa_chargeDeclinedFraudulent: 'pm_card_chargeDeclinedFraudulent',
  pm_card_chargeDeclinedVelocityLimitExceeded: 'pm_card_visa_chargeDeclinedVelocityLimitExceeded',
};

const BY_ID = new Map(CATALOG.map((entry) => [entry.id, entry]));

export function findTestPaymentMethod(id: string): TestPaymentMethod | undefined {
  return BY_ID.get(ALIASES[id] ?? id);
}

export function testPaymentMethodIds(): { id: string; aliases: string[] }[] {
  return CATALOG.map((entry) => ({
    id: entry.id,
    aliases: Object.keys(ALIASES).filter((alias) => ALIASES[alias] === entry.id),
  }));
}

/** `tok_visa` → `pm_card_visa`, for `card[token]` on PaymentMethod creation. */
export function testPaymentMethodForToken(token: string): TestPaymentMethod | undefined {
  return token.startsWith('tok_') ? findTestPaymentMethod(`pm_card_${token.slice(4)}`) : undefined;
}

const BANK_ACCOUNT_NUMBERS: Record<string, string> = {
  '000123456789': 'pm_usBankAccount_success',
  '000222222227': 'pm_usBankAccount_insufficientFunds',
  '000111111113': 'pm_usBankAccount_accountClosed',
  '000111111116': 'pm_usBankAccount_noAccount',
  '000333333335': 'pm_usBankAccount_debitNotAuthorized',
  '000555555559': 'pm_usBankAccount_dispute',
  '000000000009': 'pm_usBankAccount_processing',
};

/** Stripe's test account numbers (routing 110000000) for `us_bank_account[account_number]`. */
export function testPaymentMethodForBankAccount(accountNumber: string): TestPaymentMethod | undefined {
  const id = BANK_ACCOUNT_NUMBERS[accountNumber];
  return id ? findTestPaymentMethod(id) : undefined;
}
