import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StripeEvent } from './store';
import { nowSeconds } from './util';

/** The `Stripe-Signature` header: `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`. */
export function signPayload(payload: string, secret: string, timestamp = nowSeconds()): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export interface WebhookAttempt {
  eventId: string;
  eventType: string;
  url: string;
  /** 1 for the first try, 2+ for automatic retries. */
  attempt: number;
  /** True when a test asked for it with deliverEvent(). */
  manual: boolean;
  status: number | null;
  error?: string;
  responseBody?: string;
  at: Date;
}

export interface WebhookOptions {
  url: string | null;
  secret: string;
  /** Pause before each automatic retry; its length is the number of retries. */
  retryDelaysMs: number[];
  timeoutMs: number;
}

/**
 * Sends events to one endpoint, in creation order, one at a time, retrying failures with a short backoff.
 * Tests can hold deliveries (pause) and release them in any order (deliverNow) or all at once (resume).
 */
export class WebhookDispatcher {
  readonly attempts: WebhookAttempt[] = [];
  private readonly queue: StripeEvent[] = [];
  private readonly held: StripeEvent[] = [];
  private paused = false;
  private draining: Promise<void> | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly options: WebhookOptions) {}

  get url(): string | null {
    return this.options.url;
  }

  get secret(): string {
    return this.options.secret;
  }

  setUrl(url: string | null): void {
    this.options.url = url;
  }

  /** Like Stripe, only endpoints configured when the event happens receive it. */
  enqueue(event: StripeEvent): void {
    if (!this.options.url) return;
    event.pending_webhooks = 1;
    if (this.paused) this.held.push(event);
    else this.queue.push(event);
    this.pump();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.queue.push(...this.held.splice(0));
    this.pump();
  }

  heldEvents(): StripeEvent[] {
    return [...this.held];
  }

  /** Drops held deliveries, as if the endpoint never got them (the events stay listable). */
  discardHeld(): void {
    this.held.splice(0);
  }

  /** One delivery attempt right now, whether or not the event was delivered before or is held. */
  async deliverNow(event: StripeEvent): Promise<WebhookAttempt> {
    const heldIndex = this.held.indexOf(event);
    if (heldIndex !== -1) this.held.splice(heldIndex, 1);
    const attempt = await this.send(event, 1, true);
    if (isSuccess(attempt)) event.pending_webhooks = 0;
    return attempt;
  }

  /** Resolves once nothing is queued or being sent (held deliveries stay held). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Forgets queued and held deliveries and past attempts. */
  reset(): void {
    this.queue.splice(0);
    this.held.splice(0);
    this.attempts.splice(0);
  }

  close(): void {
    this.abort.abort();
    this.queue.splice(0);
    this.held.splice(0);
  }

  private pump(): void {
    if (this.draining || this.paused || this.queue.length === 0) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      this.pump();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.paused && !this.abort.signal.aborted) {
      await this.deliverWithRetries(this.queue.shift()!);
    }
  }

  private async deliverWithRetries(event: StripeEvent): Promise<void> {
    const delays = this.options.retryDelaysMs;
    for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
      if (attempt > 1 && !(await this.wait(delays[attempt - 2]))) return;
      if (isSuccess(await this.send(event, attempt, false))) {
        event.pending_webhooks = 0;
        return;
      }
    }
  }

  private async wait(ms: number): Promise<boolean> {
    try {
      // node:timers rather than the global, so Jest fake timers in a test cannot stall deliveries.
      await sleep(ms, undefined, { signal: this.abort.signal });
      return true;
    } catch {
      return false;
    }
  }

  private async send(event: StripeEvent, attempt: number, manual: boolean): Promise<WebhookAttempt> {
    const url = this.options.url;
    const record: WebhookAttempt = {
      eventId: event.id,
      eventType: event.type,
      url: url ?? '',
      attempt,
      manual,
      status: null,
      at: new Date(),
    };
    this.attempts.push(record);
    if (!url) {
      record.error = 'no webhook URL configured';
      return record;
    }
    const payload = JSON.stringify(event, null, 2);
    try {
      const response = await postJson(url, payload, signPayload(payload, this.options.secret), this.options.timeoutMs);
      record.status = response.status;
      record.responseBody = response.body;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    return record;
  }
}

function isSuccess(attempt: WebhookAttempt): boolean {
  return attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
}

function postJson(url: string, payload: string, signature: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(payload),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signature,
          Accept: '*/*; q=0.5, application/xml',
          'Cache-Control': 'no-cache',
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}
