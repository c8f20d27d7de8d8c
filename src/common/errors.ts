/**
 * Domain errors. Services throw these, never HttpException (queue processors have no HTTP);
 * the one exception filter maps each code to its HTTP status and the SPEC error body.
 */
export type ErrorDetails = Record<string, unknown>;

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  constructor(
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly code = 'validation_error';
  readonly status = 422;
}

/** A webhook whose signature does not verify: SPEC.md asks for 400, and nothing changes. */
export class BadSignatureError extends DomainError {
  readonly code = 'validation_error';
  readonly status = 400;
}

export class UnauthorizedError extends DomainError {
  readonly code = 'unauthorized';
  readonly status = 401;
  constructor(message = 'A valid API key is required: Authorization: Bearer <api key>') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
  readonly status = 403;
  constructor(message = 'This API key may not do that') {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  readonly status = 404;
  constructor(what: string) {
    super(`${what} not found`);
  }
}

export class IdempotencyConflictError extends DomainError {
  readonly code = 'idempotency_conflict';
  readonly status = 409;
}

export class PausedError extends DomainError {
  readonly code = 'paused';
  readonly status = 409;
}

export class InsufficientFundsError extends DomainError {
  readonly code = 'insufficient_funds';
  readonly status = 402;
}

export class SpendLimitExceededError extends DomainError {
  readonly code = 'spend_limit_exceeded';
  readonly status = 402;
}

/**
 * The call is closed: a released call (it never connected) cannot be settled, and a call that is no
 * longer in progress (released, settled or expired) cannot be extended.
 */
export class CallReleasedError extends DomainError {
  readonly code = 'call_released';
  readonly status = 409;
}

/** A settle whose cost is above the hold by more than the agency's `maxCallOverrun`: nothing is charged. */
export class CostExceedsAuthorizationError extends DomainError {
  readonly code = 'cost_exceeds_authorization';
  readonly status = 422;
}

export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited';
  readonly status = 429;
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests for this API key; retry shortly',
  ) {
    super(message, { retryAfterSeconds });
  }
}

/** A body that is not JSON on an API route (SPEC: JSON bodies only). */
export class UnsupportedMediaTypeError extends DomainError {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
  constructor() {
    super('Send the body as JSON: Content-Type: application/json');
  }
}

/**
 * A dependency the request needs is down (PostgreSQL, Redis for the queues or a shared limit), or
 * refused the work for a passing reason (a deadlock that outlived the retries): nothing was done,
 * retry later. `dependency` names PostgreSQL or Redis when one is away, for the outage log.
 */
export class ServiceUnavailableError extends DomainError {
  readonly code = 'service_unavailable';
  readonly status = 503;
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    readonly dependency?: 'PostgreSQL' | 'Redis',
    cause?: unknown,
  ) {
    super(message, { retryAfterSeconds });
    this.cause = cause;
  }

  /** PostgreSQL or Redis cannot be reached. */
  static dependencyDown(dependency: 'PostgreSQL' | 'Redis', retryAfterSeconds = 2, cause?: unknown): ServiceUnavailableError {
    const what = dependency === 'PostgreSQL' ? 'The database' : 'The job queue';
    return new ServiceUnavailableError(`${what} is unavailable right now; retry shortly`, retryAfterSeconds, dependency, cause);
  }
}

export class PaymentFailedError extends DomainError {
  readonly code = 'payment_failed';
  readonly status = 402;
}

/** The bank refused a card while it was being saved (Stripe checks cards when they are attached). */
export class CardDeclinedError extends DomainError {
  readonly code = 'card_declined';
  readonly status = 402;
}

/** The ledger writer's queue for one wallet is full: the client should retry shortly. */
export class OverloadedError extends DomainError {
  readonly code = 'overloaded';
  readonly status = 503;
  readonly retryAfterSeconds = 1;
  constructor() {
    super('The wallet is busy; retry shortly');
  }
}

/**
 * Stripe cannot be reached, answers 5xx, or refuses our own credentials: nothing the caller did
 * wrong, so no Stripe text reaches them, and the same request may be sent again later.
 */
export class PaymentProviderUnavailableError extends DomainError {
  readonly code = 'payment_provider_unavailable';
  readonly status = 503;
  constructor(
    readonly retryAfterSeconds = 5,
    details: ErrorDetails = {},
    message = 'Payments are unavailable right now; nothing was lost, retry shortly',
  ) {
    super(message, details);
  }
}

/** A support user's adjustments would pass `SUPPORT_ADJUSTMENT_DAILY_LIMIT` in the trailing 24 hours: nothing is posted. */
export class AdjustmentLimitExceededError extends DomainError {
  readonly code = 'adjustment_limit_exceeded';
  readonly status = 422;
}

/** An adjustment awaiting approval was already approved or rejected the other way. */
export class AdjustmentDecidedError extends DomainError {
  readonly code = 'adjustment_decided';
  readonly status = 409;
}
