import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { Database, sql } from '../database/database';
import type { Tables } from '../database/tables';
import type { StripeEventCursorSchema, StripeEventSchema, StripeEventSource } from './stripe-event.entity';

type EventTables = Tables<typeof StripeEventSchema | typeof StripeEventCursorSchema>;

/** Stripe's events as received (each once, with its deliveries and outcome), and how far readers of Stripe's event list got. */
@Injectable()
export class StripeEventsRepository {
  constructor(private readonly db: Database) {}

  private query() {
    return this.db.kysely<EventTables>();
  }

  /**
   * Remembers an event; a second arrival counts one more delivery when it comes by webhook.
   * `first`: this call stored it. `outcome`: what applying it did, if it was applied.
   */
  async store(event: Stripe.Event, source: StripeEventSource): Promise<{ first: boolean; outcome: string | null }> {
    const delivery = source === 'webhook' ? 1 : 0;
    return (
      this.query()
        .insertInto('stripe_events')
        .values({ id: event.id, type: event.type, payload: event, source, deliveries: delivery })
        .onConflict((conflict) => conflict.column('id').doUpdateSet((eb) => ({ deliveries: eb('stripe_events.deliveries', '+', delivery) })))
        // xmax is 0 only on a row this statement inserted: PostgreSQL's way to tell an insert from an update.
        .returning(['outcome', sql<boolean>`(xmax = 0)`.as('first')])
        .executeTakeFirstOrThrow()
    );
  }

  async recordOutcome(eventId: string, result: { agencyId: string | null; outcome: string; detail?: string }): Promise<void> {
    await this.query()
      .updateTable('stripe_events')
      .set((eb) => ({ outcome: result.outcome, detail: result.detail ?? null, agency_id: eb.fn.coalesce(eb.val(result.agencyId), 'agency_id') }))
      .where('id', '=', eventId)
      .execute();
  }

  /** How far a reader has read Stripe's event list (Unix seconds of the newest event it read). */
  async cursor(name: string): Promise<number | null> {
    const row = await this.query().selectFrom('stripe_event_cursors').select('last_created').where('name', '=', name).executeTakeFirst();
    return row ? Number(row.last_created) : null;
  }

  /** Moves a reader's cursor forward (never back). */
  async saveCursor(name: string, lastCreated: number, lastEventId: string | null): Promise<void> {
    await this.query()
      .insertInto('stripe_event_cursors')
      .values({ name, last_created: BigInt(lastCreated), last_event_id: lastEventId })
      .onConflict((conflict) =>
        conflict.column('name').doUpdateSet((eb) => ({
          last_created: eb.fn<bigint>('greatest', ['stripe_event_cursors.last_created', 'excluded.last_created']),
          last_event_id: eb
            .case()
            .when('excluded.last_created', '>=', eb.ref('stripe_event_cursors.last_created'))
            .then(eb.ref('excluded.last_event_id'))
            .else(eb.ref('stripe_event_cursors.last_event_id'))
            .end(),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}
