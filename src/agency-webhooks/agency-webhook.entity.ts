import { defineEntity, p } from '@mikro-orm/core';

/** One endpoint per agency: where its events go, and the secret they are signed with. */
export const AgencyWebhookEndpointSchema = defineEntity({
  name: 'AgencyWebhookEndpoint',
  tableName: 'agency_webhook_endpoints',
  checks: [{ name: 'agency_webhook_endpoints_url_check', expression: 'char_length(url) <= 2000' }],
  properties: {
    agencyId: p.uuid().primary(),
    url: p.text(),
    enabled: p.boolean(),
    /** Kept in the clear: signing needs it, so it cannot be hashed like an API key. */
    secret: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export class AgencyWebhookEndpoint extends AgencyWebhookEndpointSchema.class {}
AgencyWebhookEndpointSchema.setClass(AgencyWebhookEndpoint);

export const DELIVERY_STATUSES = ['queued', 'sending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The outbox of agency webhooks: one row per event, written in the transaction of the event it
 * announces and sent by the worker (see `outbox/outbox.ts`).
 */
export const AgencyWebhookDeliverySchema = defineEntity({
  name: 'AgencyWebhookDelivery',
  tableName: 'agency_webhook_deliveries',
  indexes: [
    {
      name: 'agency_webhook_deliveries_agency_idx',
      expression: 'create index agency_webhook_deliveries_agency_idx on agency_webhook_deliveries (agency_id, seq desc)',
    },
    {
      name: 'agency_webhook_deliveries_unsent_idx',
      expression: "create index agency_webhook_deliveries_unsent_idx on agency_webhook_deliveries (created_at) where status in ('queued', 'sending')",
    },
  ],
  properties: {
    id: p.uuid().primary(),
    /** Orders pages and serves as the list cursor; the uuid alone has no order. */
    seq: p.bigint().autoincrement().generated('identity').unique('agency_webhook_deliveries_seq_key'),
    agencyId: p.uuid(),
    eventType: p.text(),
    payload: p.json<Record<string, unknown>>(),
    status: p.enum(DELIVERY_STATUSES).default('queued'),
    attempts: p.integer().default(0),
    lastStatusCode: p.integer().nullable(),
    lastError: p.text().nullable(),
    claimedAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    deliveredAt: p.datetime().nullable(),
    dedupeKey: p.text().nullable().unique('agency_webhook_deliveries_dedupe_key_key'),
  },
});
export class AgencyWebhookDelivery extends AgencyWebhookDeliverySchema.class {}
AgencyWebhookDeliverySchema.setClass(AgencyWebhookDelivery);
