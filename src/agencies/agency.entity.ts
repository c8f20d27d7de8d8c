import { defineEntity, p } from '@mikro-orm/core';

/** How far a call's cost may exceed its hold and still be charged, unless the agency sets its own. */
export const DEFAULT_MAX_CALL_OVERRUN_MICROS = 5_000_000n;

export const AgencySchema = defineEntity({
  name: 'Agency',
  tableName: 'agencies',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    ownerEmail: p.text(),
    billingEmails: p.array().default([]),
    paused: p.boolean().default(false),
    maxCallOverrunMicros: p.bigint(),
    /** IANA name; the agency's days and months (spend limits, monthly cap, daily figures) count here. */
    timeZone: p.text(),
    stripeCustomerId: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export class Agency extends AgencySchema.class {}
AgencySchema.setClass(Agency);

const SubteamSchema = defineEntity({
  name: 'Subteam',
  tableName: 'subteams',
  properties: {
    id: p.uuid().primary(),
    agencyId: p.uuid(),
    name: p.text(),
    paused: p.boolean().default(false),
    dailySpendLimitMicros: p.bigint().nullable(),
    monthlySpendLimitMicros: p.bigint().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export class Subteam extends SubteamSchema.class {}
SubteamSchema.setClass(Subteam);

const SupportUserSchema = defineEntity({
  name: 'SupportUser',
  tableName: 'support_users',
  properties: {
    id: p.uuid().primary(),
    email: p.text(),
    isAdmin: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    disabledAt: p.datetime().nullable(),
  },
});
export class SupportUser extends SupportUserSchema.class {}
SupportUserSchema.setClass(SupportUser);

const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: {
    id: p.uuid().primary(),
    role: p.enum(['owner', 'subteam', 'support'] as const),
    agencyId: p.uuid().nullable(),
    subteamId: p.uuid().nullable(),
    supportUserId: p.uuid().nullable(),
    name: p.text(),
    keyHash: p.text(),
    keyHashAlgorithm: p.enum(['sha256', 'hmac-sha256'] as const),
    displayPrefix: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    replacedBy: p.uuid().nullable(),
  },
});
export class ApiKey extends ApiKeySchema.class {}
ApiKeySchema.setClass(ApiKey);
