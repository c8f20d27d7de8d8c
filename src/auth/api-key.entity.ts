import { defineEntity, p } from '@mikro-orm/core';
import { createdAtColumn } from '../database/columns';

/** A person of the support team: their API keys (role `support`) and console sessions name them. */
export const SupportUserSchema = defineEntity({
  name: 'SupportUser',
  tableName: 'support_users',
  properties: {
    id: p.uuid().primary(),
    email: p.text().unique('support_users_email_key'),
    isAdmin: p.boolean().default(false),
    createdAt: createdAtColumn(),
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
    keyHash: p.text().unique('api_keys_key_hash_key'),
    keyHashAlgorithm: p.enum(['sha256', 'hmac-sha256'] as const).default('sha256'),
    displayPrefix: p.text(),
    createdAt: createdAtColumn(),
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    replacedBy: p.uuid().nullable(),
  },
  indexes: [
    { name: 'api_keys_agency_idx', expression: 'create index api_keys_agency_idx on api_keys (agency_id, created_at) where agency_id is not null' },
    {
      name: 'api_keys_support_user_idx',
      expression: 'create index api_keys_support_user_idx on api_keys (support_user_id) where support_user_id is not null',
    },
    { name: 'api_keys_legacy_hash_idx', expression: "create index api_keys_legacy_hash_idx on api_keys (id) where key_hash_algorithm = 'sha256'" },
  ],
  checks: [
    {
      name: 'api_keys_check',
      expression:
        "(role = 'owner' and agency_id is not null and subteam_id is null) or (role = 'subteam' and agency_id is not null and subteam_id is not null) or (role = 'support' and support_user_id is not null and agency_id is null)",
    },
  ],
});
export class ApiKey extends ApiKeySchema.class {}
ApiKeySchema.setClass(ApiKey);
