/** Stripe's error object, as documented at https://docs.stripe.com/api/errors. */
export interface StripeErrorBody {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';
  message: string;
  code?: string;
  decline_code?: string;
  advice_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  setup_intent?: unknown;
  request_log_url?: string;
}

/** Thrown by handlers; the server turns it into `{ error: body }` with this status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
}

interface InvalidRequestOptions {
  param?: string;
  code?: string;
  status?: number;
  extra?: Partial<StripeErrorBody>;
}

export function invalidRequest(message: string, options: InvalidRequestOptions = {}): ApiError {
  const { param, code, status = 400, extra } = options;
  return new ApiError(status, {
    type: 'invalid_request_error',
    message,
    ...(code ? { code, doc_url: docUrl(code) } : {}),
    ...(param ? { param } : {}),
    ...extra,
  });
}

/**
 * "No such customer: 'cus_x'". A missing object named in the URL is a 404 on param `id`; one named in a
 * parameter is a 400 on that parameter — that is how Stripe reports each.
 */
export function noSuch(kind: string, id: string, param?: string): ApiError {
  return invalidRequest(`No such ${kind}: '${id}'`, {
    code: 'resource_missing',
    param: param ?? 'id',
    status: param ? 400 : 404,
  });
}

export function parameterMissing(param: string): ApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

export function parameterUnknown(param: string): ApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });
}

export function unrecognizedUrl(method: string, path: string): ApiError {
  return invalidRequest(
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    { status: 404 },
  );
}

export function unexpectedState(
  code: 'payment_intent_unexpected_state' | 'setup_intent_unexpected_state',
  message: string,
  extra: Partial<StripeErrorBody> = {},
): ApiError {
  return invalidRequest(message, { code, extra });
}
