import { defineEntity, p } from '@mikro-orm/core';
import { AgencySchema } from '../agencies/agency.entity';

/** Who handed us the event: Stripe's webhook, or reconciliation reading Stripe's event list. */
export const STRIPE_EVENT_SOURCES = ['webhook', 'reconciliation'] as const;
export type StripeEventSource = (typeof STRIPE_EVENT_SOURCES)[number];

/** Every Stripe event received, once, with how many times it came and what applying it did. */
export const StripeEventSchema = defineEntity({
  name: 'StripeEvent',
  tableName: 'stripe_events',
  indexes: [{ name: 'stripe_events_agency_idx', properties: ['agency', 'receivedAt'] }],
  properties: {
    id: p.text().primary(),
    type: p.text(),
    agency: () =>
      p.manyToOne(AgencySchema).nullable().mapToPk().foreignKeyName('stripe_events_agency_id_fkey').updateRule('no action').deleteRule('no action'),
    payload: p.json<object>(),
    receivedAt: p.datetime().defaultRaw('now()'),
    deliveries: p.integer().default(1),
    outcome: p.text().nullable(),
    detail: p.text().nullable(),
    source: p.enum(STRIPE_EVENT_SOURCES).default('webhook'),
  },
});
export class StripeEvent extends StripeEventSchema.class {}
StripeEventSchema.setClass(StripeEvent);

/** How far a reader of Stripe's event list got (Unix seconds of the newest event read). */
export const StripeEventCursorSchema = defineEntity({
  name: 'StripeEventCursor',
  tableName: 'stripe_event_cursors',
  properties: {
    name: p.text().primary(),
    lastCreated: p.bigint(),
    lastEventId: p.text().nullable(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export class StripeEventCursor extends StripeEventCursorSchema.class {}
StripeEventCursorSchema.setClass(StripeEventCursor);
