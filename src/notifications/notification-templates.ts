/**
 * The emails and the data each one needs. Money is a decimal string in the wallet currency ("50.00"),
 * times are ISO 8601 strings. `notify()` adds the fields every email shares (CommonTemplateData), so
 * callers pass only the domain data below.
 */
export const TEMPLATE_NAMES = [
  'payment-failed',
  'requires-action',
  'low-balance',
  'reload-succeeded',
  'daily-cap-reached',
  'reload-limit-reached',
  'auto-reload-suspended',
  'settings-updated',
  'service-paused',
  'funds-pending',
  'card-expiring',
  'no-payment-method',
  'subteam-limit-warning',
  'subteam-limit-reached',
] as const;

export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/**
 * Emails to one person rather than about one agency: they carry none of CommonTemplateData, and
 * go to the address that asked (a sign-in link, or the invitation an owner sends a new member).
 */
export const PERSON_TEMPLATE_NAMES = ['sign-in'] as const;

export type PersonTemplateName = (typeof PERSON_TEMPLATE_NAMES)[number];

export type EmailTemplateName = TemplateName | PersonTemplateName;

export interface PersonTemplateData {
  'sign-in': {
    /** `${PUBLIC_BASE_URL}/sign-in/<token>`: one use, `validMinutes` long. */
    signInUrl: string;
    validMinutes: number;
    /** Set when an owner invited this person: who, to which agency, with which role. */
    invitation: { agencyName: string; invitedBy: string; role: 'owner' | 'viewer' } | null;
  };
}

/** The domain data an email template takes. */
export type EmailDataOf<T extends EmailTemplateName> = T extends TemplateName
  ? TemplateData[T]
  : T extends PersonTemplateName
    ? PersonTemplateData[T]
    : never;

export interface CommonTemplateData {
  agencyName: string;
  agencyId: string;
  /** ISO 4217 code of the wallet. */
  currency: string;
  /** `${PUBLIC_BASE_URL}/billing/<agencyId>`. */
  billingUrl: string;
  /** The recipient's one-click preferences link; every email to a person carries one. */
  preferencesUrl?: string;
}

/** A subteam's spend against one of its limits, in the agency's local day or month. */
export interface SubteamLimitData {
  subteamId: string;
  subteamName: string;
  window: 'daily' | 'monthly';
  /** The local day (YYYY-MM-DD) or month (YYYY-MM) the spend counts in. */
  windowLabel: string;
  spent: string;
  limit: string;
  /** Whole percent of the limit spent (floored). */
  percentUsed: number;
}

/** Brand and last four only: nothing else about a payment method ever goes into an email. */
export interface PaymentMethodSummary {
  brand: string;
  last4: string;
  /** Stripe's payment method type: `card`, `us_bank_account`, … */
  type: string;
}

export interface TemplateData {
  /**
   * One email per failure episode: the first try (`paymentMethod`, `declineCode`), every declined
   * try in order (`tried`), and how the episode ended (`nextStep`).
   */
  'payment-failed': {
    amount: string;
    paymentMethod: PaymentMethodSummary;
    declineCode: string | null;
    declineMessage: string | null;
    attemptId: string;
    /** How it ended: a backup method was charged instead, auto-reload is suspended, or nothing more. */
    nextStep?: 'fallback' | 'suspended' | 'none';
    balance: string;
    tried: { paymentMethod: PaymentMethodSummary; declineCode: string | null; declineMessage: string | null }[];
    /** The method charged instead when `nextStep` is `fallback`, else null. */
    chargedInstead: PaymentMethodSummary | null;
    /** The name the charge carries on a card statement (`STRIPE_STATEMENT_DESCRIPTOR_*`): what to ask the bank to allow. */
    statementDescriptor: string;
  };
  'requires-action': {
    amount: string;
    paymentMethod: PaymentMethodSummary;
    authenticationUrl: string;
    attemptId: string;
  };
  'low-balance': { available: string; threshold: string; runwayHours?: number | null };
  'reload-succeeded': { amount: string; paymentMethod: PaymentMethodSummary; balance: string; attemptId: string };
  'daily-cap-reached': { window: 'daily' | 'monthly'; cap: string; reloadedInWindow: string; attemptedAmount: string };
  /** AUTO_RELOAD_MAX_PER_DAY automatic reloads ran in 24 h without a daily cap: the next one is held back. */
  'reload-limit-reached': { limit: number; reloadsInWindow: number; attemptedAmount: string };
  'auto-reload-suspended': { failures: number; lastDeclineCode: string | null; lastDeclineMessage: string | null; statementDescriptor: string };
  'settings-updated': { section: string; changes: SettingChange[] };
  'service-paused': { available: string };
  'funds-pending': { amount: string; paymentMethod: PaymentMethodSummary; expectedBy?: string | null };
  'card-expiring': {
    paymentMethod: PaymentMethodSummary;
    /** "MM/YYYY", as printed on the card. */
    expiry: string;
    /** The card's last valid day, YYYY-MM-DD. */
    expiresOn: string;
    /** Days from the agency's local today to that day (30 or fewer, 0 on the day itself). */
    daysLeft: number;
    autoReloadEnabled: boolean;
    /** `${PUBLIC_BASE_URL}/billing/<agencyId>/payment-methods`. */
    paymentMethodsUrl: string;
  };
  'no-payment-method': {
    /** Auto-reload was just turned on, the last method was removed, or a reload fell due. */
    cause: 'enabled' | 'removed' | 'reload_due';
    /** The reload that fell due (only for `reload_due`). */
    amount: string | null;
    threshold: string;
    paymentMethodsUrl: string;
  };
  /** A subteam crossed the share of its limit its alert is set at (once per window). */
  'subteam-limit-warning': SubteamLimitData & { percent: number };
  /** A subteam's spend reached its limit: its calls are refused for the rest of the window. */
  'subteam-limit-reached': SubteamLimitData;
}

export interface SettingChange {
  field: string;
  before: unknown;
  after: unknown;
}

export function isTemplateName(value: string): value is EmailTemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(value) || (PERSON_TEMPLATE_NAMES as readonly string[]).includes(value);
}
