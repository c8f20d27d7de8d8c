import { DomainError } from '../common/errors';

/** The owner tried to turn off every channel of a kind that must reach them. */
export class RequiredNotificationError extends DomainError {
  readonly code = 'notification_required';
  readonly status = 409;
}

/** No code was sent to this person's number, or it was already used. */
export class VerificationNotPendingError extends DomainError {
  readonly code = 'verification_not_pending';
  readonly status = 409;
}

export class VerificationExpiredError extends DomainError {
  readonly code = 'verification_expired';
  readonly status = 410;
}

/** Five wrong codes: this code is spent; ask for a new one. */
export class VerificationLockedError extends DomainError {
  readonly code = 'verification_locked';
  readonly status = 429;
}

export class InvalidVerificationCodeError extends DomainError {
  readonly code = 'invalid_code';
  readonly status = 422;
}
