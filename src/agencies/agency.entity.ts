import { defineEntity, p } from '@mikro-orm/core';
import { createdAtColumn, updatedAtColumn } from '../database/columns';

/** How far a call's cost may exceed its hold and still be charged, unless the agency sets its own. */
export const DEFAULT_MAX_CALL_OVERRUN_MICROS = 5_000_000n;

export const AgencySchema = defineEntity({
  name: 'Agency',
  tableName: 'agencies',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    ownerEmail: p.text(),
    billingEmails: p.array().defaultRaw("'{}'"),
    paused: p.boolean().default(false),
    stripeCustomerId: p.text().nullable(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    maxCallOverrunMicros: p.bigint().defaultRaw(String(DEFAULT_MAX_CALL_OVERRUN_MICROS)),
    /** IANA name; the agency's days and months (spend limits, monthly cap, daily figures) count here. */
    timeZone: p.text().default('UTC'),
  },
});
export class Agency extends AgencySchema.class {}
AgencySchema.setClass(Agency);

export const SubteamSchema = defineEntity({
  name: 'Subteam',
  tableName: 'subteams',
  properties: {
    id: p.uuid().primary(),
    agencyId: p.uuid(),
    name: p.text(),
    paused: p.boolean().default(false),
    dailySpendLimitMicros: p.bigint().nullable(),
    monthlySpendLimitMicros: p.bigint().nullable(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
});
export class Subteam extends SubteamSchema.class {}
SubteamSchema.setClass(Subteam);
