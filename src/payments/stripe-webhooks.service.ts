import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Database, sql } from '../database/database';
import { PaymentEvents, type StripeEventReceived } from './payments.events';
import { StripeGateway } from './stripe.gateway';

interface Outcome {
  agencyId: string | null;
  outcome: string;
  detail?: string;
}

/**
 * Receives Stripe's events: verify the signature, remember the event (a duplicate delivery is
 * counted and answered without applying it again), apply it, record the outcome. A failure to
 * apply answers 500 so Stripe delivers again.
 */
@Injectable()
export class StripeWebhooksService {
  private readonly logger = new Logger(StripeWebhooksService.name);

  constructor(
    private readonly db: Database,
    private readonly stripe: StripeGateway,
    private readonly events: EventEmitter2,
  ) {}

  async receive(rawBody: Buffer, signature: string | undefined) {
    const event = this.stripe.verifyWebhook(rawBody, signature);
    const stored = await this.db.one(
      sql<{ outcome: string | null; first: boolean }>`
        insert into stripe_events (id, type, payload) values (${event.id}, ${event.type}, ${JSON.stringify(event)}::jsonb)
        on conflict (id) do update set deliveries = stripe_events.deliveries + 1
        returning outcome, (xmax = 0) as first`,
    );
    if (!stored!.first && stored!.outcome !== null && stored!.outcome !== 'error') {
      return { received: true, duplicate: true };
    }
    let result: Outcome;
    try {
      const outcomes = (await this.events.emitAsync(PaymentEvents.StripeEvent, { event } satisfies StripeEventReceived)) as Outcome[];
      result = outcomes[0] ?? { agencyId: null, outcome: 'ignored', detail: 'no handler' };
    } catch (error) {
      await this.record(event.id, { agencyId: null, outcome: 'error', detail: String(error) });
      this.logger.error(`Stripe event ${event.id} (${event.type}) failed: ${String(error)}`);
      throw error;
    }
    await this.record(event.id, result);
    return { received: true, duplicate: false, outcome: result.outcome };
  }

  private async record(eventId: string, result: Outcome): Promise<void> {
    await this.db.rows(sql`update stripe_events set outcome = ${result.outcome}, detail = ${result.detail ?? null},
      agency_id = coalesce(${result.agencyId}::uuid, agency_id) where id = ${eventId}`);
  }
}
