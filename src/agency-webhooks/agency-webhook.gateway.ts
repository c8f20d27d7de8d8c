import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** What the endpoint answered: a status (any, 2xx or not), or no answer at all. */
export type WebhookResponse = { statusCode: number } | { statusCode: null; error: string };

/**
 * POSTs one signed event to an agency's endpoint with node's fetch. Redirects are not followed
 * (a 3xx counts as not delivered, as with Stripe), and the whole exchange is bounded by the timeout.
 * The response body is discarded unread: the URL is the agency's choice, and echoing what it
 * answered back through the API would let anyone read pages the worker can reach and they cannot.
 */
@Injectable()
export class AgencyWebhookGateway {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async post(request: WebhookRequest): Promise<WebhookResponse> {
    const timeoutMs = Math.round(this.config.agencyWebhooks.timeoutSeconds * 1000);
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      return { statusCode: response.status };
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return { statusCode: null, error: `No response within ${timeoutMs / 1000} s` };
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { statusCode: null, error: `Could not connect: ${cause?.code ?? cause?.message ?? (error as Error).message}` };
    }
  }
}
