import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type Stripe from 'stripe';
import { PaymentEvents, type StripeEventReceived } from './payments.events';
import type { StripeEventSource } from './stripe-event.entity';
import { StripeEventsRepository } from './stripe-events.repository';
import { StripeGateway } from './stripe.gateway';

interface Outcome {
  agencyId: string | null;
  outcome: string;
  detail?: string;
}

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
    private readonly repository: StripeEventsRepository,
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
    const stored = await this.repository.store(event, source);
    if (!stored.first && stored.outcome !== null && stored.outcome !== 'error') {
      return { duplicate: true, outcome: stored.outcome };
    }
    let result: Outcome;
    try {
      const outcomes = (await this.events.emitAsync(PaymentEvents.StripeEvent, { event } satisfies StripeEventReceived)) as Outcome[];
      // Each listener handles its own event types and ignores the rest: the one that handled it answers.
      result = outcomes.find((outcome) => outcome && outcome.outcome !== 'ignored') ??
        outcomes[0] ?? { agencyId: null, outcome: 'ignored', detail: 'no handler' };
    } catch (error) {
      await this.repository.recordOutcome(event.id, { agencyId: null, outcome: 'error', detail: String(error) });
      this.logger.error(`Stripe event ${event.id} (${event.type}) failed: ${String(error)}`);
      throw error;
    }
    await this.repository.recordOutcome(event.id, result);
    return { duplicate: false, ...result };
  }

  /** How far reconciliation has read Stripe's event list under `name` (Unix seconds of the newest event read). */
  eventCursor(name: string): Promise<number | null> {
    return this.repository.cursor(name);
  }

  saveEventCursor(name: string, lastCreated: number, lastEventId: string | null): Promise<void> {
    return this.repository.saveCursor(name, lastCreated, lastEventId);
  }
}
