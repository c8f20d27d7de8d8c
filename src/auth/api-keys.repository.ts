import { LockMode } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from './principal';
import { Database, type Tx, sql } from '../database/database';
import type { ResolvedKey } from './api-key-cache';
import type { KeyUse } from './api-key-usage';
import { ApiKey } from './api-key.entity';

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

interface KeyRow {
  id: string;
  role: KeyRole;
  name: string;
  agency_id: string | null;
  subteam_id: string | null;
  support_user_id: string | null;
  support_user_email: string | null;
  /** Raw queries get timestamps as text. */
  expires_at: string | null;
  key_hash_algorithm: 'sha256' | 'hmac-sha256';
}

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: Database) {}

  /**
   * The key whose hash is `peppered` (or, for a row not yet re-keyed, `legacy`), if it works:
   * not revoked, not expired, its support user not disabled.
   */
  async findWorkingKey(peppered: string, legacy: string): Promise<FoundKey | null> {
    const row = await this.db.one(sql<KeyRow>`
      select k.id, k.role, k.name, k.agency_id, k.subteam_id, k.support_user_id, k.expires_at, k.key_hash_algorithm,
             u.email as support_user_email
      from api_keys k
      left join support_users u on u.id = k.support_user_id
      where ((k.key_hash = ${peppered} and k.key_hash_algorithm = 'hmac-sha256')
          or (k.key_hash = ${legacy} and k.key_hash_algorithm = 'sha256'))
        and k.revoked_at is null
        and (k.expires_at is null or k.expires_at > now())
        and u.disabled_at is null`);
    if (!row) return null;
    return {
      principal: principalOf(row),
      keyId: row.id,
      expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
      legacyHash: row.key_hash_algorithm === 'sha256',
    };
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
    const row = await this.db.one(
      sql<{ working: boolean }>`
        select revoked_at is null and (expires_at is null or expires_at > now()) as working from api_keys where id = ${keyId}`,
      tx,
    );
    return row?.working ?? false;
  }

  async revoke(tx: Tx, keyIds: string[]): Promise<void> {
    if (keyIds.length === 0) return;
    await this.db.rows(sql`update api_keys set revoked_at = now() where id = any(${keyIds}::uuid[]) and revoked_at is null`, tx);
  }

  /** The key keeps working for `graceSeconds` more at most (an earlier expiry stays). */
  async retire(tx: Tx, keyId: string, replacedBy: string, graceSeconds: number): Promise<Date | null> {
    const row = await this.db.one(
      sql<{ expires_at: string | null; revoked_at: string | null }>`
        update api_keys set
          replaced_by = ${replacedBy},
          revoked_at = case when ${graceSeconds}::int = 0 then now() else revoked_at end,
          expires_at = case when ${graceSeconds}::int = 0 then expires_at
                            else least(expires_at, now() + make_interval(secs => ${graceSeconds}::int)) end
        where id = ${keyId}
        returning expires_at, revoked_at`,
      tx,
    );
    const stopsAt = row?.revoked_at ?? row?.expires_at ?? null;
    return stopsAt === null ? null : new Date(stopsAt);
  }

  /** Revokes every working key of a support user; returns their ids. */
  async revokeSupportUserKeys(tx: Tx, supportUserId: string): Promise<string[]> {
    const rows = await this.db.rows(
      sql<{ id: string }>`
        update api_keys set revoked_at = now() where support_user_id = ${supportUserId} and revoked_at is null returning id`,
      tx,
    );
    return rows.map((row) => row.id);
  }

  /**
   * Tells every process to forget these keys. Sent inside the caller's transaction, so it is
   * delivered exactly when (and only if) the change commits.
   */
  async notifyRevoked(tx: Tx, keyIds: string[]): Promise<void> {
    for (let i = 0; i < keyIds.length; i += IDS_PER_NOTIFICATION) {
      const payload = keyIds.slice(i, i + IDS_PER_NOTIFICATION).join(',');
      await this.db.rows(sql`select pg_notify(${API_KEY_REVOCATIONS_CHANNEL}, ${payload})`, tx);
    }
  }

  async recordUses(uses: KeyUse[]): Promise<void> {
    if (uses.length === 0) return;
    const ids = uses.map((use) => use.keyId);
    const times = uses.map((use) => use.usedAt.toISOString());
    await this.db.rows(sql`
      update api_keys k set last_used_at = greatest(k.last_used_at, u.used_at)
      from unnest(${ids}::uuid[], ${times}::timestamptz[]) as u (id, used_at)
      where k.id = u.id`);
  }

  /** Rows still holding a plain SHA-256 digest, a page at a time. */
  findLegacyHashes(limit: number): Promise<Array<{ id: string; keyHash: string }>> {
    return this.db.rows(
      sql<{ id: string; keyHash: string }>`
        select id, key_hash as "keyHash" from api_keys where key_hash_algorithm = 'sha256' order by id limit ${limit}`,
    );
  }

  /** Replaces a plain SHA-256 digest by its peppered hash; a row another process re-keyed first is left alone. */
  async rekey(rows: Array<{ id: string; legacyHash: string; pepperedHash: string }>): Promise<void> {
    if (rows.length === 0) return;
    await this.db.rows(sql`
      update api_keys k set key_hash = r.peppered, key_hash_algorithm = 'hmac-sha256'
      from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.legacyHash)}::text[], ${rows.map((r) => r.pepperedHash)}::text[])
        as r (id, legacy, peppered)
      where k.id = r.id and k.key_hash = r.legacy and k.key_hash_algorithm = 'sha256'`);
  }
}

function principalOf(row: KeyRow): Principal {
  switch (row.role) {
    case 'owner':
      return { role: 'owner', id: row.id, agencyId: row.agency_id!, name: row.name };
    case 'subteam':
      return { role: 'subteam', id: row.id, agencyId: row.agency_id!, subteamId: row.subteam_id!, name: row.name };
    case 'support':
      return { role: 'support', id: row.support_user_id!, supportUserId: row.support_user_id!, name: row.support_user_email ?? row.name };
  }
}
