import { LockMode } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { Database, type Tx, sql } from '../database/database';
import type { Tables } from '../database/tables';
import type { ResolvedKey } from './api-key-cache';
import type { KeyUse } from './api-key-usage';
import { ApiKey, type ApiKeySchema, type SupportUserSchema } from './api-key.entity';
import type { Principal } from './principal';

/** Every process LISTENs here; a payload is a comma-separated list of API key ids to forget. */
export const API_KEY_REVOCATIONS_CHANNEL = 'api_key_revocations';

/** A NOTIFY payload must stay under 8000 bytes: 150 ids of 37 characters is well inside. */
const IDS_PER_NOTIFICATION = 150;

export type AgencyKeyRole = 'owner' | 'subteam';
export type KeyRole = AgencyKeyRole | 'support';

export interface NewApiKey {
  role: KeyRole;
  name: string;
  agencyId?: string | null;
  subteamId?: string | null;
  supportUserId?: string | null;
  keyHash: string;
  displayPrefix: string;
  expiresAt?: Date | null;
}

export interface FoundKey extends ResolvedKey {
  /** Set when the row still holds the plain SHA-256 of the key (written before the pepper). */
  legacyHash: boolean;
}

type AuthTables = Tables<typeof ApiKeySchema | typeof SupportUserSchema>;

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: Database) {}

  /**
   * The key whose hash is `peppered` (or, for a row not yet re-keyed, `legacy`), if it works:
   * not revoked, not expired, its support user not disabled.
   */
  async findWorkingKey(peppered: string, legacy: string): Promise<FoundKey | null> {
    const row = await this.db
      .kysely<AuthTables>()
      .selectFrom('api_keys as k')
      .leftJoin('support_users as u', 'u.id', 'k.support_user_id')
      .select([
        'k.id',
        'k.role',
        'k.name',
        'k.agency_id',
        'k.subteam_id',
        'k.support_user_id',
        'k.expires_at',
        'k.key_hash_algorithm',
        'u.email as support_user_email',
      ])
      .where((eb) =>
        eb.or([
          eb.and([eb('k.key_hash', '=', peppered), eb('k.key_hash_algorithm', '=', 'hmac-sha256')]),
          eb.and([eb('k.key_hash', '=', legacy), eb('k.key_hash_algorithm', '=', 'sha256')]),
        ]),
      )
      .where('k.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('k.expires_at', 'is', null), eb('k.expires_at', '>', sql<Date>`now()`)]))
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    return { principal: principalOf(row), keyId: row.id, expiresAt: row.expires_at, legacyHash: row.key_hash_algorithm === 'sha256' };
  }

  async insert(tx: Tx, key: NewApiKey): Promise<ApiKey> {
    const created = tx.create(ApiKey, {
      id: randomUUID(),
      role: key.role,
      name: key.name,
      agencyId: key.agencyId ?? null,
      subteamId: key.subteamId ?? null,
      supportUserId: key.supportUserId ?? null,
      keyHash: key.keyHash,
      keyHashAlgorithm: 'hmac-sha256',
      displayPrefix: key.displayPrefix,
      expiresAt: key.expiresAt ?? null,
    });
    await tx.flush();
    return created;
  }

  /** An agency's keys that still work, oldest first. */
  findWorkingForAgency(agencyId: string): Promise<ApiKey[]> {
    return this.db.em().find(
      ApiKey,
      {
        agencyId,
        role: { $in: ['owner', 'subteam'] },
        revokedAt: null,
        $or: [{ expiresAt: null }, { expiresAt: { $gt: new Date() } }],
      },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
  }

  /** One of the agency's keys, whatever its state, locked for the change about to be made. */
  findForAgency(tx: Tx, agencyId: string, keyId: string): Promise<ApiKey | null> {
    return tx.findOne(ApiKey, { id: keyId, agencyId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  /** Whether the key works at the database's clock (the one every process's lookup uses). */
  async isWorking(tx: Tx, keyId: string): Promise<boolean> {
    const row = await this.db
      .kysely<AuthTables>(tx)
      .selectFrom('api_keys')
      .select((eb) =>
        eb.and([eb('revoked_at', 'is', null), eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)])]).as('working'),
      )
      .where('id', '=', keyId)
      .executeTakeFirst();
    return Boolean(row?.working);
  }

  async revoke(tx: Tx, keyIds: string[]): Promise<void> {
    if (keyIds.length === 0) return;
    await this.db
      .kysely<AuthTables>(tx)
      .updateTable('api_keys')
      .set({ revoked_at: sql<Date>`now()` })
      .where('id', '=', (eb) => eb.fn.any(eb.val(keyIds)))
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** The key keeps working for `graceSeconds` more at most (an earlier expiry stays); 0 stops it now. */
  async retire(tx: Tx, keyId: string, replacedBy: string, graceSeconds: number): Promise<Date | null> {
    const row = await this.db
      .kysely<AuthTables>(tx)
      .updateTable('api_keys')
      .set(
        graceSeconds === 0
          ? { replaced_by: replacedBy, revoked_at: sql<Date>`now()` }
          : { replaced_by: replacedBy, expires_at: sql<Date>`least(expires_at, now() + make_interval(secs => ${graceSeconds}::int))` },
      )
      .where('id', '=', keyId)
      .returning(['expires_at', 'revoked_at'])
      .executeTakeFirst();
    return row?.revoked_at ?? row?.expires_at ?? null;
  }

  /** Revokes every working key of a support user; returns their ids. */
  async revokeSupportUserKeys(tx: Tx, supportUserId: string): Promise<string[]> {
    const rows = await this.db
      .kysely<AuthTables>(tx)
      .updateTable('api_keys')
      .set({ revoked_at: sql<Date>`now()` })
      .where('support_user_id', '=', supportUserId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Tells every process to forget these keys. Sent inside the caller's transaction, so it is
   * delivered exactly when (and only if) the change commits.
   */
  async notifyRevoked(tx: Tx, keyIds: string[]): Promise<void> {
    for (let i = 0; i < keyIds.length; i += IDS_PER_NOTIFICATION) {
      const payload = keyIds.slice(i, i + IDS_PER_NOTIFICATION).join(',');
      await sql`select pg_notify(${API_KEY_REVOCATIONS_CHANNEL}, ${payload})`.execute(this.db.kysely(tx));
    }
  }

  /**
   * One statement for every noted use (and, in `rekey`, every re-keyed row): an update joined to
   * `unnest` of the arrays, which Kysely's builder cannot say, so these two stay SQL.
   */
  async recordUses(uses: KeyUse[]): Promise<void> {
    if (uses.length === 0) return;
    const ids = uses.map((use) => use.keyId);
    const times = uses.map((use) => use.usedAt.toISOString());
    await sql`
      update api_keys k set last_used_at = greatest(k.last_used_at, u.used_at)
      from unnest(${ids}::uuid[], ${times}::timestamptz[]) as u (id, used_at)
      where k.id = u.id`.execute(this.db.kysely());
  }

  /** Rows still holding a plain SHA-256 digest, a page at a time. */
  findLegacyHashes(limit: number): Promise<Array<{ id: string; keyHash: string }>> {
    return this.db
      .kysely<AuthTables>()
      .selectFrom('api_keys')
      .select(['id', 'key_hash as keyHash'])
      .where('key_hash_algorithm', '=', 'sha256')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Replaces a plain SHA-256 digest by its peppered hash; a row another process re-keyed first is left alone. */
  async rekey(rows: Array<{ id: string; legacyHash: string; pepperedHash: string }>): Promise<void> {
    if (rows.length === 0) return;
    await sql`
      update api_keys k set key_hash = r.peppered, key_hash_algorithm = 'hmac-sha256'
      from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.legacyHash)}::text[], ${rows.map((r) => r.pepperedHash)}::text[])
        as r (id, legacy, peppered)
      where k.id = r.id and k.key_hash = r.legacy and k.key_hash_algorithm = 'sha256'`.execute(this.db.kysely());
  }
}

type FoundRow = Pick<Selectable<AuthTables['api_keys']>, 'id' | 'role' | 'name' | 'agency_id' | 'subteam_id' | 'support_user_id'> & {
  support_user_email: string | null;
};

/** The table's check constraint ties each role to its ids; a row without them is a defect. */
function principalOf(row: FoundRow): Principal {
  const { id, name, agency_id: agencyId, subteam_id: subteamId, support_user_id: supportUserId } = row;
  if (row.role === 'owner' && agencyId) return { role: 'owner', id, agencyId, name };
  if (row.role === 'subteam' && agencyId && subteamId) return { role: 'subteam', id, agencyId, subteamId, name };
  if (row.role === 'support' && supportUserId) return { role: 'support', id: supportUserId, supportUserId, name: row.support_user_email ?? name };
  throw new Error(`API key ${id} (${row.role}) lacks the ids its role needs`);
}
