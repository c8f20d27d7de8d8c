import { ApiError } from './errors';

export type FaultKind =
  /** 500 `api_error`. The SDK retries it (when maxNetworkRetries > 0). */
  | 'api_error'
  /** 429 `rate_limit`. The SDK does not retry it unless `shouldRetry` is set. */
  | 'rate_limit'
  /** 429 `lock_timeout` with `Stripe-Should-Retry: true`, which the SDK retries. */
  | 'lock_timeout'
  /** 401: the API key is wrong or revoked (the SDK throws StripeAuthenticationError). */
  | 'authentication_error'
  /** 403: a restricted key lacks a permission (the SDK throws StripePermissionError). */
  | 'permission_error'
  /** The connection is destroyed without a response (the client sees ECONNRESET). */
  | 'drop'
  /** No response at all until the server closes: the client times out. */
  | 'hang'
  /** The response comes after `delayMs`. */
  | 'delay';

export interface FaultRule {
  kind: FaultKind;
  /** Path prefix, e.g. '/v1/payment_intents'. Default: every path. */
  path?: string;
  /** HTTP method, e.g. 'POST'. Default: any. */
  method?: string;
  /** How many matching requests to affect. Default 1; Infinity for all. */
  times?: number;
  /**
   * Run the request first (its side effects and idempotency record happen), then fail the response.
   * This is how a client ends up retrying something that already succeeded.
   */
  afterProcessing?: boolean;
  /** For 'delay' (default 1000). */
  delayMs?: number;
  /** Adds `Stripe-Should-Retry: true|false` to error responses. */
  shouldRetry?: boolean;
}

export interface ActiveFault {
  readonly rule: FaultRule;
  remaining: number;
  hits: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(rule: FaultRule): ActiveFault {
    const fault: ActiveFault = { rule, remaining: rule.times ?? 1, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  /** The first rule matching this request, consuming one of its uses. */
  take(method: string, path: string): FaultRule | undefined {
    const fault = this.faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (!candidate.rule.method || candidate.rule.method.toUpperCase() === method) &&
        (!candidate.rule.path || path.startsWith(candidate.rule.path)),
    );
    if (!fault) return undefined;
    fault.remaining--;
    fault.hits++;
    this.faults = this.faults.filter((candidate) => candidate.remaining > 0);
    return fault.rule;
  }

  clear(): void {
    this.faults = [];
  }
}

/** The error response a fault answers with, for the kinds that answer at all. */
export function faultError(rule: FaultRule): ApiError | undefined {
  const retryHeader: Record<string, string> = rule.shouldRetry === undefined ? {} : { 'Stripe-Should-Retry': String(rule.shouldRetry) };
  switch (rule.kind) {
    case 'api_error':
      return new ApiError(500, { type: 'api_error', message: 'An unknown error occurred (injected by the Stripe test server).' }, retryHeader);
    case 'rate_limit':
      return new ApiError(
        429,
        {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
          doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
        },
        retryHeader,
      );
    case 'lock_timeout':
      return new ApiError(
        429,
        {
          type: 'invalid_request_error',
          code: 'lock_timeout',
          message:
            'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request.',
          doc_url: 'https://stripe.com/docs/error-codes/lock-timeout',
        },
        { 'Stripe-Should-Retry': String(rule.shouldRetry ?? true) },
      );
    case 'authentication_error':
      return new ApiError(401, {
        type: 'invalid_request_error',
        message: 'Invalid API Key provided: sk_test_****************************wxyz',
      });
    case 'permission_error':
      return new ApiError(403, {
        type: 'invalid_request_error',
        code: 'secret_key_required',
        message:
          "The provided key 'rk_test_****wxyz' does not have the required permissions for this endpoint on account 'acct_1TestServer'. Having the 'rak_payment_intent_write' permission would allow this request to continue.",
      });
    default:
      return undefined;
  }
}
