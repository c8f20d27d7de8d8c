import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type Stripe from 'stripe';
import { Database, sql } from '../database/database';
import { PaymentEvents, type StripeEventReceived } from './payments.events';
import { StripeGateway } from './stripe.gateway';

interface Outcome {
  agencyId: string | null;
  outcome: string;
  detail?: string;
}

/** Who handed us the event: Stripe's webhook, or reconciliation reading Stripe's event list. */
export type StripeEventSource = 'webhook' | 'reconciliation';

export interface AppliedEvent {
  duplicate: boolean;
  outcome?: string;
  agencyId?: string | null;
  detail?: string;
}

/**
 * Receives Stripe's events: verify the signature, remember the event (a duplicate delivery is
 * counted and answered without applying it again), apply it, record the outcome. A failure to
 * apply answers an error status so Stripe delivers again. Reconciliation applies events a webhook
 * never delivered through the same path, so each is applied once whichever way it arrives.
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
    const applied = await this.apply(event, 'webhook');
    return applied.duplicate ? { received: true, duplicate: true } : { received: true, duplicate: false, outcome: applied.outcome };
  }

  /** Applies one event from Stripe once; a second arrival (either way) only counts a delivery. */
  async apply(event: Stripe.Event, source: StripeEventSource): Promise<AppliedEvent> {
    const stored = await this.db.one(
      sql<{ outcome: string | null; first: boolean }>`
        insert into stripe_events (id, type, payload, source, deliveries)
        values (${event.id}, ${event.type}, ${JSON.stringify(event)}::jsonb, ${source}, ${source === 'webhook' ? 1 : 0})
        on conflict (id) do update set deliveries = stripe_events.deliveries + ${source === 'webhook' ? 1 : 0}
        returning outcome, (xmax = 0) as first`,
    );
    if (!stored!.first && stored!.outcome !== null && stored!.outcome !== 'error') {
      return { duplicate: true, outcome: stored!.outcome };
    }
    let result: Outcome;
    try {
      const outcomes = (await this.events.emitAsync(PaymentEvents.StripeEvent, { event } satisfies StripeEventReceived)) as Outcome[];
      // Each listener handles its own event types and ignores the rest: the one that handled it answers.
      result = outcomes.find((outcome) => outcome && outcome.outcome !== 'ignored') ?? outcomes[0] ?? { agencyId: null, outcome: 'ignored', detail: 'no handler' };
    } catch (error) {
      await this.record(event.id, { agencyId: null, outcome: 'error', detail: String(error) });
      this.logger.error(`Stripe event ${event.id} (${event.type}) failed: ${String(error)}`);
      throw error;
    }
    await this.record(event.id, result);
    return { duplicate: false, ...result };
  }

  private async record(eventId: string, result: Outcome): Promise<void> {
    await this.db.rows(sql`update stripe_events set outcome = ${result.outcome}, detail = ${result.detail ?? null},
      agency_id = coalesce(${result.agencyId}::uuid, agency_id) where id = ${eventId}`);
  }
}
