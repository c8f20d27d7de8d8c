import { defineEntity, p } from '@mikro-orm/core';

/** A person of the support team: their API keys (role `support`) and console sessions name them. */
export const SupportUserSchema = defineEntity({
  name: 'SupportUser',
  tableName: 'support_users',
  properties: {
    id: p.uuid().primary(),
    email: p.text().unique(),
    isAdmin: p.boolean().default(false),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
    disabledAt: p.datetime().nullable(),
  },
});
export class SupportUser extends SupportUserSchema.class {}
SupportUserSchema.setClass(SupportUser);

/** An API key, stored only as its hash (see ApiKeysService for how it is hashed). */
export const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: {
    id: p.uuid().primary(),
    role: p.enum(['owner', 'subteam', 'support'] as const),
    agencyId: p.uuid().nullable(),
    subteamId: p.uuid().nullable(),
    supportUserId: p.uuid().nullable(),
    name: p.text().default('API key'),
    keyHash: p.text().unique(),
    keyHashAlgorithm: p.enum(['sha256', 'hmac-sha256'] as const).default('sha256'),
    displayPrefix: p.text(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    replacedBy: p.uuid().nullable(),
  },
});
export class ApiKey extends ApiKeySchema.class {}
ApiKeySchema.setClass(ApiKey);
