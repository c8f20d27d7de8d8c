import { clearTimeout, setTimeout } from 'node:timers';
import { noSuch } from '../errors';
import type { Params } from '../form';
import { paginate } from '../list';
import { allowOnly, createdFilter, optBool, optString, optStringArray } from '../params';
import type { RequestContext, Router } from '../router';
import type { Store, StripeEvent } from '../store';
import { API_VERSION, clone, newId, nowSeconds } from '../util';
import type { WebhookDispatcher } from '../webhooks';
import type { ServerObserver } from '../services';

interface Waiter {
  matches: (event: StripeEvent) => boolean;
  resolve: (event: StripeEvent) => void;
}

const LIST_PARAMS = ['created', 'delivery_success', 'ending_before', 'expand', 'limit', 'starting_after', 'type', 'types'];

export class Events {
  private waiters: Waiter[] = [];

  constructor(
    private readonly store: Store,
    private readonly webhooks: WebhookDispatcher,
    private readonly observer?: ServerObserver,
  ) {}

  routes(router: Router): void {
    router.get('/v1/events', ({ params }) => this.list(params));
    router.get('/v1/events/:id', ({ pathParams, params }) => {
      allowOnly(params, ['expand']);
      return this.require(pathParams.id);
    });
  }

  /** Records an event with a snapshot of `object` and hands it to the webhook endpoint. */
  emit(ctx: RequestContext, type: string, object: object, previousAttributes?: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = {
      id: newId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: nowSeconds(),
      data: { object: clone(object), ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
      livemode: false,
      pending_webhooks: 0,
      request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey },
      type,
    };
    this.store.events.set(event.id, event);
    this.observer?.event?.(clone(event));
    this.webhooks.enqueue(event);
    this.notifyWaiters(event);
    return event;
  }

  require(id: string): StripeEvent {
    const event = this.store.events.get(id);
    if (!event) throw noSuch('event', id);
    return event;
  }

  /** Resolves with the first event (already emitted or future) that matches. */
  waitFor(matches: (event: StripeEvent) => boolean, timeoutMs: number): Promise<StripeEvent> {
    const existing = [...this.store.events.values()].find(matches);
    if (existing) return Promise.resolve(clone(existing));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(clone(event));
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
        reject(new Error(`No matching Stripe event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private notifyWaiters(event: StripeEvent): void {
    const matched = this.waiters.filter((waiter) => waiter.matches(event));
    this.waiters = this.waiters.filter((waiter) => !matched.includes(waiter));
    for (const waiter of matched) waiter.resolve(event);
  }

  private list(params: Params) {
    allowOnly(params, LIST_PARAMS);
    const type = optString(params, 'type');
    const types = optStringArray(params, 'types');
    const deliverySuccess = optBool(params, 'delivery_success');
    const created = createdFilter(params);
    const matches = (event: StripeEvent) =>
      (!type || typeMatches(type, event.type)) &&
      (!types || types.includes(event.type)) &&
      (deliverySuccess === undefined || (event.pending_webhooks === 0) === deliverySuccess) &&
      created(event.created);
    return paginate([...this.store.events.values()].filter(matches), params, '/v1/events', 'event');
  }
}

/** `type` accepts a `*` wildcard, e.g. `charge.dispute.*`. */
function typeMatches(pattern: string, type: string): boolean {
  if (!pattern.includes('*')) return pattern === type;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`);
  return regex.test(type);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
