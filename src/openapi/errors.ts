import { z } from 'zod';

/**
 * Every error code the API answers, with its HTTP status(es) (SPEC.md "Errors" and README's list).
 * `retryAfter`: the response carries `Retry-After` (seconds).
 */
export const ERROR_CODES = {
  validation_error: {
    statuses: [422, 400],
    description:
      'A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400).',
  },
  unauthorized: { statuses: [401], description: 'No API key, or one that is unknown, revoked or expired.' },
  forbidden: { statuses: [403], description: "This API key's role may not do that, or it belongs to another agency or subteam." },
  not_found: { statuses: [404, 405], description: 'No such resource (or route).' },
  idempotency_conflict: { statuses: [409], description: 'The same idempotency key (or call id) was used with a different request.' },
  paused: { statuses: [409], description: 'The agency or subteam is paused.' },
  api_key_rotated: { statuses: [409], description: 'This API key was already rotated; rotate its replacement (`details.replacedBy`).' },
  call_released: { statuses: [409], description: 'The call is no longer in progress (released, settled or expired).' },
  insufficient_funds: { statuses: [402], description: 'The available balance does not cover the amount.' },
  spend_limit_exceeded: { statuses: [402], description: "The subteam's daily or monthly spend limit would be exceeded." },
  payment_failed: { statuses: [402], description: 'The card or bank declined the top-up; `details` explains the decline.' },
  card_declined: {
    statuses: [402],
    description: 'The bank declined the card while Stripe saved it; nothing was saved and `details` explains the decline in words.',
  },
  cost_exceeds_authorization: {
    statuses: [422],
    description: "The cost is above the hold by more than the agency's `maxCallOverrun`; nothing was charged.",
  },
  unsupported_media_type: { statuses: [415], description: 'The body is not JSON (`Content-Type: application/json`).' },
  rate_limited: {
    statuses: [429],
    retryAfter: true,
    description: 'Too many requests for this key, agency or address; retry after `Retry-After` seconds.',
  },
  overloaded: { statuses: [503], retryAfter: true, description: "The wallet's writer queue is full; retry after `Retry-After` seconds." },
  payment_provider_unavailable: {
    statuses: [503],
    retryAfter: true,
    description: 'Stripe is unreachable or failing; nothing was lost, retry later.',
  },
  notification_required: {
    statuses: [409],
    description: 'The owner keeps payment failures and auto-reload suspensions by email or SMS: both channels cannot be turned off.',
  },
  verification_not_pending: {
    statuses: [409],
    description: 'No verification code is waiting for this number (never sent, or already used): add the number again.',
  },
  verification_expired: { statuses: [410], description: 'The verification code expired (10 minutes): add the number again for a new one.' },
  verification_locked: { statuses: [429], description: 'Five wrong codes: add the number again for a new one.' },
  invalid_code: { statuses: [422], description: 'Not the code that was texted; `details.attemptsLeft` says how many tries remain.' },
  adjustment_limit_exceeded: {
    statuses: [422],
    description: "A support user's adjustments would pass their daily total (`SUPPORT_ADJUSTMENT_DAILY_LIMIT`); `details`: limit, used, remaining.",
  },
  adjustment_decided: { statuses: [409], description: 'The adjustment waiting for approval was already rejected (or approved) the other way.' },
  internal_error: { statuses: [500], description: 'A fault on our side, logged; the body never holds a stack trace or SQL.' },
  service_unavailable: {
    statuses: [503],
    retryAfter: true,
    description: 'The database or another dependency is down; nothing was done, retry later.',
  },
} as const satisfies Record<string, { statuses: readonly number[]; description: string; retryAfter?: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as ErrorCode[];

/** SPEC.md "Errors": every error body. A 5xx body never contains a stack trace or SQL. */
export const errorBody = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(ERROR_CODE_NAMES).meta({ description: 'Stable, machine-readable; see the list of codes' }),
      message: z.string().meta({ description: 'For people; may change' }),
      details: z
        .record(z.string(), z.unknown())
        .meta({ description: 'Structured context, e.g. `fields` for validation errors, `retryAfterSeconds`' }),
    }),
  })
  .meta({ id: 'Error' });

export const statusesOf = (code: ErrorCode): readonly number[] => ERROR_CODES[code].statuses;
