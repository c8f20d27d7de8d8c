import { Injectable, Logger } from '@nestjs/common';
import { type OutboxOutcome, recordSent } from '../outbox/outbox';
import type { AgencyEvent, AgencyEventType } from './agency-webhooks.events';
import { AgencyWebhookGateway } from './agency-webhook.gateway';
import { SIGNATURE_HEADER, signAgencyWebhook } from './agency-webhook-signature';
import { AgencyWebhooksRepository, type DeliveryRow, type TryOutcome } from './agency-webhooks.repository';
import { AgencyWebhooksService } from './agency-webhooks.service';

export type DeliveryOutcome = OutboxOutcome<{ kind: 'delivered'; statusCode: number }>;

export const EVENT_ID_HEADER = 'Agency-Wallet-Event-Id';
export const EVENT_TYPE_HEADER = 'Agency-Wallet-Event-Type';

/** The body an agency receives; built from the row, so every retry sends the same bytes. */
export function eventOf(row: DeliveryRow): AgencyEvent {
  return {
    id: row.id,
    type: row.eventType as AgencyEventType,
    createdAt: row.createdAt.toISOString(),
    agencyId: row.agencyId,
    data: row.payload,
  };
}

/**
 * Sends one outbox row: claim it, sign it with the endpoint's current secret, POST it, record
 * what the endpoint answered. A 2xx is delivered; anything else is tried again until the last
 * attempt. Whether and when to try again is Bull's business; this only says so.
 */
@Injectable()
export class AgencyWebhookDeliveryService {
  private readonly logger = new Logger(AgencyWebhookDeliveryService.name);

  constructor(
    private readonly repository: AgencyWebhooksRepository,
    private readonly webhooks: AgencyWebhooksService,
    private readonly gateway: AgencyWebhookGateway,
  ) {}

  async deliver(deliveryId: string, attempt: { final: boolean }, nowSeconds = Date.now() / 1000): Promise<DeliveryOutcome> {
    const { outbox, maxAttempts } = this.webhooks;
    const row = await this.repository.claim(deliveryId, outbox.leaseSeconds, maxAttempts);
    if (!row) return { kind: 'not-claimed' };
    // A takeover's job has a fresh count of Bull retries: the row's own count says when to stop.
    const final = attempt.final || row.attempts >= maxAttempts;
    // Should this worker stop mid-request, the takeover sends it again, with the same event id.
    return outbox.whileClaimed(row, () => this.send(row, { final }, nowSeconds));
  }

  private async send(row: DeliveryRow, attempt: { final: boolean }, nowSeconds: number): Promise<DeliveryOutcome> {
    const endpoint = await this.repository.findEndpoint(row.agencyId);
    // The owner turned the endpoint off: what was queued for it is not sent later. Their choice, not an error.
    if (!endpoint?.enabled) {
      await this.repository.markFailed(row.id, { statusCode: null, error: 'The webhook endpoint was disabled before delivery' });
      return { kind: 'failed', error: 'endpoint disabled' };
    }

    const body = JSON.stringify(eventOf(row));
    const response = await this.gateway.post({
      url: endpoint.url,
      body,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'AgencyWallet-Webhooks/1.0',
        [SIGNATURE_HEADER]: signAgencyWebhook(body, endpoint.secret, nowSeconds),
        [EVENT_ID_HEADER]: row.id,
        [EVENT_TYPE_HEADER]: row.eventType,
      },
    });
    if (response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300) {
      // It arrived: recorded through a database outage, or a takeover would send it again and,
      // on its last try, give it up as failed.
      const { statusCode } = response;
      await recordSent(() => this.repository.markDelivered(row.id, statusCode));
      return { kind: 'delivered', statusCode: response.statusCode };
    }

    const outcome =
      response.statusCode === null
        ? { statusCode: null, error: response.error }
        : { statusCode: response.statusCode, error: `The endpoint answered HTTP ${response.statusCode}` };
    if (attempt.final) return this.fail(row.id, outcome);
    this.logger.warn(`Webhook ${row.id} (${row.eventType}) to agency ${row.agencyId} not delivered, will retry: ${outcome.error}`);
    await this.repository.markRetry(row.id, outcome);
    return { kind: 'retry', error: outcome.error };
  }

  private async fail(id: string, outcome: TryOutcome): Promise<DeliveryOutcome> {
    this.logger.warn(`Webhook ${id} failed: ${outcome.error}`);
    await this.repository.markFailed(id, outcome);
    return { kind: 'failed', error: outcome.error };
  }
}
