import { Inject, Injectable } from '@nestjs/common';
import type { LookupAddress, LookupOneOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { type WebhookTarget, WebhookTargetRefusedError, WebhookTargets } from './webhook-targets';

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** What the endpoint answered: a status (any, 2xx or not), or no answer at all. */
export type WebhookResponse = { statusCode: number } | { statusCode: null; error: string };

type Lookup = (hostname: string, options: LookupOneOptions & { all?: boolean }, callback: (...args: unknown[]) => void) => void;

/**
 * POSTs one signed event to an agency's endpoint. The host is resolved and checked first
 * (WebhookTargets), and the connection goes to that checked address: the request's `lookup`
 * answers with it instead of asking DNS again, while the Host header and TLS name stay the URL's.
 * Redirects are not followed (a 3xx counts as not delivered, as with Stripe), and the whole
 * exchange is bounded by the timeout. The response body is discarded unread: the URL is the
 * agency's choice, and echoing what it answered back through the API would let anyone read pages
 * the worker can reach and they cannot. For the same reason errors are recorded as fixed phrases
 * and error codes, never with a message that could carry an internal address.
 */
@Injectable()
export class AgencyWebhookGateway {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly targets: WebhookTargets,
  ) {}

  async post(request: WebhookRequest): Promise<WebhookResponse> {
    const timeoutMs = Math.round(this.config.agencyWebhooks.timeoutSeconds * 1000);
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const target = await Promise.race([this.targets.resolve(new URL(request.url)), aborted(signal)]);
      return { statusCode: await send(target, request, signal) };
    } catch (error) {
      if (error instanceof WebhookTargetRefusedError) return { statusCode: null, error: `Not sent: the URL ${error.reason}` };
      if (signal.aborted) return { statusCode: null, error: `No response within ${timeoutMs / 1000} s` };
      const code = (error as { code?: unknown }).code;
      return {
        statusCode: null,
        error: typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? `Could not connect: ${code}` : 'Could not connect',
      };
    }
  }
}

function send(target: WebhookTarget, request: WebhookRequest, signal: AbortSignal): Promise<number> {
  const pinned: Lookup = (_hostname, options, callback) => {
    const answer: LookupAddress = { address: target.address, family: target.family };
    if (options.all) callback(null, [answer]);
    else callback(null, answer.address, answer.family);
  };
  const body = Buffer.from(request.body, 'utf8');
  const transport = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = transport(
      target.url,
      {
        method: 'POST',
        headers: { ...request.headers, 'Content-Length': String(body.length) },
        lookup: pinned as never,
        agent: false,
        signal,
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}
