import { ApiError } from './errors';

export interface StoredResponse {
  status: number;
  body: string;
  requestId: string;
  fingerprint: string;
}

/**
 * Stripe's idempotency layer: the first response for a key is replayed for any retry with the same
 * endpoint and parameters; other parameters under the same key are an idempotency_error. Keys are scoped
 * to the API key. Results are only saved once the endpoint started executing (see shouldSave).
 */
export class IdempotencyStore {
  private readonly saved = new Map<string, StoredResponse>();
  private readonly inFlight = new Set<string>();

  /** The stored response to replay, or undefined when the request should run. */
  check(apiKey: string, key: string, fingerprint: string): StoredResponse | undefined {
    const scoped = scope(apiKey, key);
    const stored = this.saved.get(scoped);
    if (stored) {
      if (stored.fingerprint !== fingerprint) throw mismatch(key);
      return stored;
    }
    if (this.inFlight.has(scoped)) throw inUse(key);
    return undefined;
  }

  begin(apiKey: string, key: string): void {
    this.inFlight.add(scope(apiKey, key));
  }

  finish(apiKey: string, key: string, response?: StoredResponse): void {
    const scoped = scope(apiKey, key);
    this.inFlight.delete(scoped);
    if (response) this.saved.set(scoped, response);
  }

  clear(): void {
    this.saved.clear();
    this.inFlight.clear();
  }
}

/**
 * Successes and card errors happen after the endpoint began executing, so they are saved and replayed.
 * Validation errors (400/404) are not: the request can be fixed and retried under the same key.
 */
export function shouldSave(status: number): boolean {
  return status < 400 || status === 402;
}

function scope(apiKey: string, key: string): string {
  return `${apiKey}\u0000${key}`;
}

function mismatch(key: string): ApiError {
  return new ApiError(400, {
    type: 'idempotency_error',
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  });
}

function inUse(key: string): ApiError {
  return new ApiError(409, {
    type: 'invalid_request_error',
    code: 'idempotency_key_in_use',
    message: `There is currently another in-progress request using this Stripe idempotency key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
  });
}
