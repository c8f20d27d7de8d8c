import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type Stripe from 'stripe';
import { ApiError, invalidRequest, unrecognizedUrl } from './errors';
import { expand } from './expand';
import { FaultInjector, faultError, type FaultKind, type FaultRule } from './faults';
import { parseForm, type Params } from './form';
import { IdempotencyStore, shouldSave } from './idempotency';
import { expandPaths } from './params';
import { persistStore } from './persistence';
import { NO_REQUEST, Router, type RequestContext } from './router';
import { Services, type ServerObserver } from './services';
import { handleHostedPage } from './hosted';
import type { CheckoutChoice } from './resources/checkout-sessions';
import type { StripeEvent } from './store';
import { findTestPaymentMethod } from './test-payment-methods';
import { registerTestRoutes } from './test-routes';
import { API_VERSION, clone, randomToken, stableStringify } from './util';
import { signPayload, WebhookDispatcher, type WebhookAttempt } from './webhooks';

export type { FaultKind, FaultRule } from './faults';
export type { StripeEvent } from './store';
export type { WebhookAttempt } from './webhooks';
export type { Exchange, ServerObserver } from './services';

export interface StripeServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Secret for `Stripe-Signature`; a random `whsec_…` by default. */
  webhookSecret?: string;
  /** Where events are POSTed; none by default. */
  webhookUrl?: string;
  /** Pauses before automatic webhook retries (default [100, 500, 1500] ms: three retries). */
  webhookRetryDelaysMs?: number[];
  webhookTimeoutMs?: number;
  /** Settle `processing` bank debits by themselves after this many ms (default: only via settleBankDebit). */
  bankDebitSettlementMs?: number;
  /**
   * Decline test cards attach and fail only when charged (default false: like Stripe, they fail when attached
   * or set up). For tests that need a saved card with a specific decline code.
   */
  lenientAttach?: boolean;
  /** Keep every object in this JSON file across restarts (local development); in memory only by default. */
  stateFile?: string;
  /**
   * Where a person's browser reaches this server (hosted Checkout and 3D Secure pages), e.g. when it runs
   * behind a proxy or in a container; default: the address it listens on.
   */
  publicUrl?: string;
  /** Sees every API answer and every event; the test suite validates them against Stripe's description. */
  observer?: ServerObserver;
}

export interface LoggedRequest {
  requestId: string;
  method: string;
  path: string;
  params: Params;
  idempotencyKey: string | null;
  apiKey: string | null;
  /** Undefined until answered; stays undefined for dropped or hung requests. */
  status?: number;
  replayed: boolean;
  fault?: FaultKind;
  at: Date;
}

export type IntentOutcome = 'succeeded' | 'failed';

export interface StripeTestServer {
  /** e.g. http://127.0.0.1:54321 */
  readonly url: string;
  readonly port: number;
  readonly webhookSecret: string;
  /** Every request received, oldest first (live array). */
  readonly requests: LoggedRequest[];
  close(): Promise<void>;
  /** Forgets every object, event, request, fault and idempotency key. */
  reset(): void;

  setWebhookUrl(url: string | null): void;
  /** Holds deliveries of new events until resumeWebhooks() or deliverEvent(). */
  pauseWebhooks(): void;
  /** Releases held deliveries in creation order. */
  resumeWebhooks(): void;
  heldWebhookEvents(): StripeEvent[];
  /** Drops held deliveries, as if the endpoint never received them. */
  discardHeldWebhooks(): void;
  /** One delivery attempt of any event now: redelivers duplicates, or releases held events out of order. */
  deliverEvent(eventId: string): Promise<WebhookAttempt>;
  /** Resolves when no delivery is queued or in flight (held ones excepted). */
  flushWebhooks(): Promise<void>;
  webhookAttempts(): WebhookAttempt[];
  /** Signs a payload with the webhook secret, as Stripe does. */
  signWebhookPayload(payload: string, timestamp?: number): string;

  injectFaults(rules: FaultRule | FaultRule[]): void;
  clearFaults(): void;

  /** Events, oldest first, optionally of one type. */
  events(type?: string): StripeEvent[];
  waitForEvent(type: string, predicate?: (event: StripeEvent) => boolean, timeoutMs?: number): Promise<StripeEvent>;
  paymentIntents(): Stripe.PaymentIntent[];
  setupIntents(): Stripe.SetupIntent[];
  customers(): Stripe.Customer[];
  paymentMethods(): Stripe.PaymentMethod[];
  charges(): Stripe.Charge[];
  refunds(): Stripe.Refund[];
  disputes(): Stripe.Dispute[];

  /** Ends a `processing` bank debit; by default the way its test account says (success, or its failure code). */
  settleBankDebit(paymentIntentId: string, outcome?: IntentOutcome, failureCode?: string): Stripe.PaymentIntent;
  /** The customer completing (or failing) 3D Secure on a PaymentIntent or SetupIntent in `requires_action`. */
  completeAuthentication(intentId: string, outcome?: IntentOutcome): Stripe.PaymentIntent | Stripe.SetupIntent;
  /** A refund made outside the API (e.g. in the Dashboard): refund.created + charge.refunded. */
  refund(paymentIntentId: string, amount?: number): Stripe.Refund;
  /** The cardholder disputes the payment: charge.dispute.created + charge.dispute.funds_withdrawn. */
  createDispute(paymentIntentId: string, options?: { amount?: number; reason?: string }): Stripe.Dispute;
  closeDispute(disputeId: string, outcome: 'won' | 'lost'): Stripe.Dispute;
  /** Makes a stored PaymentMethod behave like a test one from now on (e.g. a saved card starts declining). */
  setPaymentMethodBehavior(paymentMethodId: string, testPaymentMethodId: string): void;
  checkoutSessions(): Stripe.Checkout.Session[];
  mandates(): Stripe.Mandate[];
  /**
   * What a person does on the hosted Checkout page: picks a test card or bank account (accepting the mandate
   * for a bank account) and submits. Returns where Stripe sends the browser (the success URL); a decline throws
   * Stripe's error and leaves the session open.
   */
  completeCheckoutSession(sessionId: string, testPaymentMethod: string, options?: Partial<CheckoutChoice>): { redirectUrl: string };
}

export async function startStripeServer(options: StripeServerOptions = {}): Promise<StripeTestServer> {
  let baseUrl = '';
  const webhooks = new WebhookDispatcher({
    url: options.webhookUrl ?? null,
    secret: options.webhookSecret ?? `whsec_${randomToken(32)}`,
    retryDelaysMs: options.webhookRetryDelaysMs ?? [100, 500, 1500],
    timeoutMs: options.webhookTimeoutMs ?? 5000,
  });
  const services = new Services(
    {
      lenientAttach: options.lenientAttach ?? false,
      bankDebitSettlementMs: options.bankDebitSettlementMs,
      baseUrl: () => baseUrl,
      publicUrl: () => (options.publicUrl ?? baseUrl).replace(/\/+$/, ''),
      observer: options.observer,
    },
    webhooks,
  );
  const api = new Router();
  services.routes(api);
  const state: ServerState = {
    services,
    api,
    webhooks,
    faults: new FaultInjector(),
    idempotency: new IdempotencyStore(),
    requests: [],
  };
  const tracked = createHttpServer(state);
  const controls = createControls(state, tracked, () => baseUrl);
  state.testRoutes = registerTestRoutes(controls);
  if (options.stateFile) {
    const persisted = persistStore(services.store, options.stateFile, tracked.server);
    const close = controls.close;
    controls.close = async () => {
      await close();
      persisted.save();
    };
  }

  await new Promise<void>((resolve, reject) => {
    tracked.server.once('error', reject);
    tracked.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = tracked.server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  baseUrl = `http://${host}:${address.port}`;
  return controls;
}

interface ServerState {
  services: Services;
  api: Router;
  webhooks: WebhookDispatcher;
  faults: FaultInjector;
  idempotency: IdempotencyStore;
  requests: LoggedRequest[];
  testRoutes?: Router;
}

interface TrackedServer {
  server: http.Server;
  sockets: Set<Socket>;
}

function createHttpServer(state: ServerState): TrackedServer {
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    handle(state, request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        const message = error instanceof Error ? error.message : String(error);
        send(response, { status: 500, body: errorJson({ type: 'api_error', message }), headers: {} });
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { server, sockets };
}

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string>;
}

async function handle(state: ServerState, request: http.IncomingMessage, response: http.ServerResponse) {
  const rawBody = await readBody(request);
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/_test/')) return handleTestRoute(state, method, url, rawBody, request, response);
  const hosted = handleHostedPage(state.services, method, url, rawBody, header(request, 'user-agent'));
  if (hosted) return send(response, hosted);

  const requestId = `req_${randomToken(14)}`;
  const idempotencyKey = method === 'POST' ? header(request, 'idempotency-key') : null;
  const entry: LoggedRequest = {
    requestId,
    method,
    path: url.pathname,
    params: {},
    idempotencyKey,
    apiKey: null,
    replayed: false,
    at: new Date(),
  };
  state.requests.push(entry);

  const fault = state.faults.take(method, url.pathname);
  if (fault) entry.fault = fault.kind;
  const before = fault && !fault.afterProcessing ? fault : undefined;
  if (before && before.kind !== 'delay' && (await applyFault(before, response, entry))) return;
  const delayMs = before?.kind === 'delay' ? (before.delayMs ?? 1000) : 0;

  const reply = await processRequest(state, { method, url, rawBody, request, entry, delayMs });
  reply.headers['Request-Id'] = requestId;
  reply.headers['Stripe-Version'] = header(request, 'stripe-version') ?? API_VERSION;
  if (idempotencyKey) reply.headers['Idempotency-Key'] = idempotencyKey;

  if (fault?.afterProcessing && (await applyFault(fault, response, entry))) return;
  entry.status = reply.status;
  state.services.settings.observer?.response?.({
    method,
    path: url.pathname,
    params: entry.params,
    status: reply.status,
    body: JSON.parse(reply.body) as unknown,
  });
  send(response, reply);
}

interface Incoming {
  method: string;
  url: URL;
  rawBody: string;
  request: http.IncomingMessage;
  entry: LoggedRequest;
  /** A slow request: its idempotency key stays in use meanwhile, so a concurrent retry gets a 409. */
  delayMs: number;
}

/** Authentication, idempotency, then the endpoint. Every failure becomes Stripe's error shape. */
async function processRequest(state: ServerState, incoming: Incoming): Promise<Reply> {
  const { method, url, rawBody, request, entry, delayMs } = incoming;
  const slowly = async () => {
    if (delayMs > 0) await sleep(delayMs);
  };
  try {
    entry.params = parseParams(method, url, rawBody, header(request, 'content-type'));
    const apiKey = authenticate(header(request, 'authorization'));
    entry.apiKey = apiKey;
    const ctx: RequestContext = { requestId: entry.requestId, idempotencyKey: entry.idempotencyKey };
    const key = entry.idempotencyKey;
    if (!key) {
      await slowly();
      return run(state, method, url.pathname, entry.params, ctx);
    }

    const fingerprint = `${method} ${url.pathname} ${stableStringify(entry.params)}`;
    const stored = state.idempotency.check(apiKey, key, fingerprint);
    if (stored) {
      entry.replayed = true;
      return {
        status: stored.status,
        body: stored.body,
        headers: { 'Idempotent-Replayed': 'true', 'Original-Request': stored.requestId },
      };
    }
    state.idempotency.begin(apiKey, key);
    let reply: Reply | undefined;
    try {
      await slowly();
      reply = run(state, method, url.pathname, entry.params, ctx);
      reply.headers['Original-Request'] = entry.requestId;
      return reply;
    } finally {
      const save = reply && shouldSave(reply.status);
      state.idempotency.finish(apiKey, key, save ? { status: reply!.status, body: reply!.body, requestId: entry.requestId, fingerprint } : undefined);
    }
  } catch (error) {
    return errorReply(error);
  }
}

function run(state: ServerState, method: string, path: string, params: Params, ctx: RequestContext): Reply {
  try {
    const route = state.api.match(method, path);
    if (!route) throw unrecognizedUrl(method, path);
    const result = route.handler({ method, path, params, pathParams: route.pathParams, ctx });
    const expanded = expand(result, expandPaths(params), (id) => state.services.store.lookup(id));
    return { status: 200, body: JSON.stringify(expanded, null, 2), headers: {} };
  } catch (error) {
    return errorReply(error);
  }
}

function errorReply(error: unknown): Reply {
  if (error instanceof ApiError) return { status: error.status, body: errorJson(error.body), headers: { ...error.headers } };
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: errorJson({ type: 'api_error', message: `Stripe test server error: ${message}` }), headers: {} };
}

function errorJson(body: object): string {
  return JSON.stringify({ error: body }, null, 2);
}

/** Answers with the fault instead of the real response; false when the real response should follow ('delay'). */
async function applyFault(rule: FaultRule, response: http.ServerResponse, entry: LoggedRequest): Promise<boolean> {
  switch (rule.kind) {
    case 'drop':
      response.socket?.destroy();
      return true;
    case 'hang':
      return true;
    case 'delay':
      await sleep(rule.delayMs ?? 1000);
      return false;
    default: {
      const error = faultError(rule)!;
      const reply = errorReply(error);
      reply.headers['Request-Id'] = entry.requestId;
      entry.status = reply.status;
      send(response, reply);
      return true;
    }
  }
}

const SECRET_KEY = /^(sk|rk)_test_\w+$/;

function authenticate(authorization: string | null): string {
  if (!authorization) {
    throw invalidRequest(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      { status: 401 },
    );
  }
  const [scheme, credentials = ''] = authorization.split(' ');
  // curl -u sk_test_…: sends Basic auth with the key as the user name.
  const key = scheme.toLowerCase() === 'basic' ? Buffer.from(credentials, 'base64').toString().split(':')[0] : credentials.trim();
  if (!SECRET_KEY.test(key)) {
    throw invalidRequest(`Invalid API Key provided: ${redact(key)}`, { status: 401 });
  }
  return key;
}

function redact(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : key;
}

function parseParams(method: string, url: URL, rawBody: string, contentType: string | null): Params {
  try {
    const query = parseForm(url.search.slice(1));
    if (method !== 'POST' || !rawBody) return query;
    const body = contentType?.includes('application/json') ? (JSON.parse(rawBody) as Params) : parseForm(rawBody);
    return { ...query, ...body };
  } catch {
    throw invalidRequest('Invalid request body: could not be parsed.');
  }
}

function header(request: http.IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: http.ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(reply.body),
    'Cache-Control': 'no-cache, no-store',
    ...reply.headers,
  });
  response.end(reply.body);
}

function handleTestRoute(
  state: ServerState,
  method: string,
  url: URL,
  rawBody: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): void {
  try {
    const params = parseParams(method, url, rawBody, header(request, 'content-type'));
    const route = state.testRoutes!.match(method, url.pathname);
    if (!route) throw unrecognizedUrl(method, url.pathname);
    const result = route.handler({ method, path: url.pathname, params, pathParams: route.pathParams, ctx: NO_REQUEST });
    send(response, { status: 200, body: JSON.stringify(result, null, 2), headers: {} });
  } catch (error) {
    const reply = error instanceof ApiError ? errorReply(error) : errorReply(invalidRequest(error instanceof Error ? error.message : String(error)));
    send(response, reply);
  }
}

function createControls(state: ServerState, tracked: TrackedServer, baseUrl: () => string): StripeTestServer {
  const { services, webhooks, faults, idempotency, requests } = state;
  const { store } = services;
  const all = <T>(collection: Map<string, T>) => [...collection.values()].map(clone);
  const latestCharge = (paymentIntentId: string) => {
    const intent = services.paymentIntents.require(paymentIntentId);
    if (!intent.latest_charge) throw new Error(`PaymentIntent ${paymentIntentId} has no charge`);
    return services.charges.require(intent.latest_charge as string);
  };

  return {
    get url() {
      return baseUrl();
    },
    get port() {
      return (tracked.server.address() as AddressInfo).port;
    },
    webhookSecret: webhooks.secret,
    requests,

    async close() {
      webhooks.close();
      services.paymentIntents.close();
      for (const socket of tracked.sockets) socket.destroy();
      await new Promise<void>((resolve) => tracked.server.close(() => resolve()));
    },
    reset() {
      store.clear();
      idempotency.clear();
      faults.clear();
      requests.splice(0);
      webhooks.reset();
    },

    setWebhookUrl: (url) => webhooks.setUrl(url),
    pauseWebhooks: () => webhooks.pause(),
    resumeWebhooks: () => webhooks.resume(),
    heldWebhookEvents: () => webhooks.heldEvents().map(clone),
    discardHeldWebhooks: () => webhooks.discardHeld(),
    deliverEvent: (eventId) => webhooks.deliverNow(services.events.require(eventId)),
    flushWebhooks: () => webhooks.flush(),
    webhookAttempts: () => [...webhooks.attempts],
    signWebhookPayload: (payload, timestamp) => signPayload(payload, webhooks.secret, timestamp),

    injectFaults(rules) {
      for (const rule of Array.isArray(rules) ? rules : [rules]) faults.add(rule);
    },
    clearFaults: () => faults.clear(),

    events: (type) => all(store.events).filter((event) => !type || event.type === type),
    waitForEvent: (type, predicate = () => true, timeoutMs = 5000) =>
      services.events.waitFor((event) => event.type === type && predicate(event), timeoutMs),
    paymentIntents: () => all(store.paymentIntents),
    setupIntents: () => all(store.setupIntents),
    customers: () => all(store.customers),
    paymentMethods: () => all(store.paymentMethods),
    charges: () => all(store.charges),
    refunds: () => all(store.refunds),
    disputes: () => all(store.disputes),

    settleBankDebit: (paymentIntentId, outcome, failureCode) => services.paymentIntents.settleBankDebit(paymentIntentId, outcome, failureCode),
    completeAuthentication(intentId, outcome = 'succeeded') {
      return intentId.startsWith('seti_')
        ? services.setupIntents.completeAction(intentId, outcome)
        : services.paymentIntents.completeAction(intentId, outcome);
    },
    refund: (paymentIntentId, amount) => services.refunds.create({ paymentIntent: paymentIntentId, amount }, NO_REQUEST),
    createDispute: (paymentIntentId, options = {}) => services.disputes.open(latestCharge(paymentIntentId), options),
    closeDispute: (disputeId, outcome) => services.disputes.close(disputeId, outcome),
    checkoutSessions: () => all(store.checkoutSessions),
    mandates: () => all(store.mandates),
    completeCheckoutSession(sessionId, testPaymentMethod, options = {}) {
      const { redirectUrl } = services.checkoutSessions.complete(sessionId, { mandateAccepted: true, ...options, testPaymentMethod }, NO_REQUEST);
      return { redirectUrl };
    },
    setPaymentMethodBehavior(paymentMethodId, testPaymentMethodId) {
      const behavior = findTestPaymentMethod(testPaymentMethodId);
      if (!behavior) throw new Error(`Unknown test PaymentMethod ${testPaymentMethodId}`);
      services.paymentMethods.state(paymentMethodId).behavior = behavior;
    },
  };
}
