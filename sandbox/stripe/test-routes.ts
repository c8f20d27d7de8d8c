import type { FaultKind } from './faults';
import type { Params } from './form';
import { optBool, optEnum, optInt, optString, reqString } from './params';
import { Router } from './router';
import type { IntentOutcome, StripeTestServer } from './stripe-server';

const OUTCOMES = ['succeeded', 'failed'] as const;
const FAULT_KINDS: FaultKind[] = ['api_error', 'rate_limit', 'lock_timeout', 'authentication_error', 'permission_error', 'drop', 'hang', 'delay'];

/**
 * The test controls over HTTP under `/_test/`, for a server running in another process (`main.ts`, a Jest
 * globalSetup). No API key needed. Bodies may be form-encoded or JSON, with snake_case keys.
 */
export function registerTestRoutes(server: StripeTestServer): Router {
  const router = new Router();
  const outcome = (params: Params): IntentOutcome => optEnum(params, 'outcome', OUTCOMES) ?? 'succeeded';

  // GET too, so the `next_action` URL can be opened in a browser to "authenticate".
  router.get('/_test/authenticate/:id', ({ pathParams, params }) => server.completeAuthentication(pathParams.id, outcome(params)));
  router.post('/_test/authenticate/:id', ({ pathParams, params }) => server.completeAuthentication(pathParams.id, outcome(params)));
  router.post('/_test/checkout/sessions/:id/complete', ({ pathParams, params }) =>
    server.completeCheckoutSession(pathParams.id, reqString(params, 'test_payment_method'), {
      mandateAccepted: optBool(params, 'mandate_accepted') ?? true,
    }),
  );
  router.post('/_test/payment_intents/:id/settle', ({ pathParams, params }) =>
    server.settleBankDebit(pathParams.id, optEnum(params, 'outcome', OUTCOMES), optString(params, 'failure_code')),
  );
  router.post('/_test/payment_intents/:id/refund', ({ pathParams, params }) => server.refund(pathParams.id, optInt(params, 'amount')));
  router.post('/_test/payment_intents/:id/dispute', ({ pathParams, params }) =>
    server.createDispute(pathParams.id, { amount: optInt(params, 'amount'), reason: optString(params, 'reason') }),
  );
  router.post('/_test/disputes/:id/close', ({ pathParams, params }) =>
    server.closeDispute(pathParams.id, optEnum(params, 'outcome', ['won', 'lost'] as const) ?? 'lost'),
  );
  router.post('/_test/payment_methods/:id/behavior', ({ pathParams, params }) => {
    server.setPaymentMethodBehavior(pathParams.id, reqString(params, 'test_payment_method'));
    return { ok: true };
  });

  router.post('/_test/faults', ({ params }) => {
    server.injectFaults({
      kind: optEnum(params, 'kind', FAULT_KINDS) ?? 'api_error',
      path: optString(params, 'path'),
      method: optString(params, 'method'),
      times: optInt(params, 'times'),
      afterProcessing: optBool(params, 'after_processing'),
      delayMs: optInt(params, 'delay_ms'),
      shouldRetry: optBool(params, 'should_retry'),
    });
    return { ok: true };
  });
  router.delete('/_test/faults', () => {
    server.clearFaults();
    return { ok: true };
  });

  router.post('/_test/webhooks', ({ params }) => {
    server.setWebhookUrl(optString(params, 'url') || null);
    return { ok: true };
  });
  router.post('/_test/webhooks/pause', () => {
    server.pauseWebhooks();
    return { ok: true };
  });
  router.post('/_test/webhooks/resume', () => {
    server.resumeWebhooks();
    return { ok: true };
  });
  router.get('/_test/webhooks/held', () => server.heldWebhookEvents());
  router.get('/_test/webhooks/attempts', () => server.webhookAttempts());
  router.post('/_test/events/:id/deliver', ({ pathParams }) => {
    void server.deliverEvent(pathParams.id);
    return { ok: true };
  });

  router.get('/_test/requests', () => server.requests);
  router.post('/_test/reset', () => {
    server.reset();
    return { ok: true };
  });
  return router;
}
