import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import type { Principal } from './principal';
import { NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database, type Tx } from '../database/database';
import { PgListener } from '../database/pg-listener';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeyUsage } from './api-key-usage';
import { ApiKeyRotatedError } from './api-keys.errors';
import { API_KEY_REVOCATIONS_CHANNEL, type AgencyKeyRole, ApiKeysRepository, type KeyRole, type NewApiKey } from './api-keys.repository';
import { type AgencyDirectory, agencyDirectoryIn } from './agency-directory';
import type { ApiKey } from './api-key.entity';

export interface IssuedKey {
  apiKey: string;
  keyHash: string;
  displayPrefix: string;
}

interface Actor {
  principal: Principal;
  requestId: string;
}

export function apiKeyView(key: ApiKey) {
  return {
    id: key.id,
    name: key.name,
    scope: key.role,
    subteamId: key.subteamId ?? null,
    prefix: key.displayPrefix,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
  };
}

const ADMIN: Principal = { role: 'admin', id: 'admin' };
const DAY_MS = 24 * 60 * 60 * 1000;
/** How often noted key uses are written (see ApiKeyUsage). */
const USAGE_FLUSH_MS = 10_000;

/**
 * API keys: issued and shown once, stored only as a peppered hash, resolved on every request,
 * listed, rotated and revoked by owners.
 *
 * Hashing: the stored hash is HMAC-SHA-256(API_KEY_PEPPER, hex SHA-256 of the key). Without the
 * pepper, which lives only in the service's configuration, a copy of the database cannot be used
 * to check a guessed or leaked key. Taking the HMAC of the SHA-256 digest (rather than of the key)
 * lets rows written before the pepper, which hold that digest, be re-keyed at boot without the
 * plaintext; a lookup still accepts such a row (and re-keys it) until then.
 *
 * Revocation reaches every process within milliseconds: the change NOTIFYs in its transaction and
 * each API process LISTENs on a dedicated connection (see ApiKeyCache for what happens when it is
 * lost). Expiry needs no message: a cached key never outlives its `expiresAt`.
 */
@Injectable()
export class ApiKeysService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly adminDigests: Buffer[];
  private readonly cache: ApiKeyCache;
  private readonly usage: ApiKeyUsage;
  private readonly listener: PgListener;
  private usageTimer?: NodeJS.Timeout;
  /** Found when first needed: agencies/ provides it (see AgencyDirectory). */
  private readonly agencies = (): AgencyDirectory => agencyDirectoryIn(this.modules);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly repository: ApiKeysRepository,
    private readonly audit: AuditService,
    private readonly modules: ModuleRef,
  ) {
    this.adminDigests = config.adminApiKeys.map(sha256);
    this.cache = new ApiKeyCache(config.auth.cacheSeconds * 1000);
    this.usage = new ApiKeyUsage((uses) => this.repository.recordUses(uses));
    this.listener = new PgListener(config.database.url, API_KEY_REVOCATIONS_CHANNEL, {
      message: (payload) => this.cache.invalidate(payload.split(',')),
      connected: () => this.cache.reset(true),
      lost: () => this.cache.reset(false),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.rekeyLegacyHashes();
    // A worker authenticates nobody: it needs neither the listener's connection nor the cache.
    if (this.config.role === 'worker') return;
    await this.listener.start();
    this.usageTimer = setInterval(() => void this.flushUsage(), USAGE_FLUSH_MS);
    this.usageTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.usageTimer);
    await this.listener.stop();
    await this.flushUsage();
  }

  issue(role: KeyRole): IssuedKey {
    const apiKey = `aw_${role}_${randomBytes(24).toString('base64url')}`;
    return { apiKey, keyHash: this.pepper(sha256(apiKey).toString('hex')), displayPrefix: apiKey.slice(0, role.length + 8) };
  }

  /** Stores an issued key (inside the transaction creating what it belongs to). */
  store(tx: Tx, key: IssuedKey, row: Omit<NewApiKey, 'keyHash' | 'displayPrefix'>): Promise<ApiKey> {
    return this.repository.insert(tx, { ...row, keyHash: key.keyHash, displayPrefix: key.displayPrefix });
  }

  async authenticate(token: string | undefined): Promise<Principal | null> {
    if (!token) return null;
    const digest = sha256(token);
    if (this.isAdminKey(digest)) return ADMIN;

    const hex = digest.toString('hex');
    const cached = this.cache.get(hex);
    if (cached !== undefined) {
      if (cached) this.usage.touch(cached.keyId);
      return cached?.principal ?? null;
    }
    const startedAt = this.cache.lookupStarted();
    const peppered = this.pepper(hex);
    const found = await this.repository.findWorkingKey(peppered, hex);
    if (found?.legacyHash) await this.repository.rekey([{ id: found.keyId, legacyHash: hex, pepperedHash: peppered }]);
    this.cache.set(hex, found && { principal: found.principal, keyId: found.keyId, expiresAt: found.expiresAt }, startedAt);
    if (found) this.usage.touch(found.keyId);
    return found?.principal ?? null;
  }

  async list(agencyId: string) {
    return { data: (await this.repository.findWorkingForAgency(agencyId)).map(apiKeyView) };
  }

  async create(actor: Actor, agencyId: string, input: { name: string; scope: AgencyKeyRole; subteamId?: string; expiresInDays?: number }) {
    const key = this.issue(input.scope);
    const created = await this.db.transaction(async (tx) => {
      if (input.scope === 'subteam' && !(input.subteamId && (await this.agencies().subteamOf(tx, agencyId, input.subteamId)))) {
        throw new NotFoundError('Subteam');
      }
      const created = await this.store(tx, key, {
        role: input.scope,
        name: input.name,
        agencyId,
        subteamId: input.scope === 'subteam' ? input.subteamId : null,
        expiresAt: input.expiresInDays === undefined ? null : new Date(Date.now() + input.expiresInDays * DAY_MS),
      });
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: created.id,
        after: apiKeyView(created),
        requestId: actor.requestId,
      });
      return created;
    });
    return { ...apiKeyView(created), apiKey: key.apiKey };
  }

  /**
   * A new key with the old one's name, scope and lifetime; the old one keeps working for
   * `graceSeconds` (0: stops now), so a deploy can switch over without failed requests.
   */
  async rotate(actor: Actor, agencyId: string, keyId: string, graceSeconds: number) {
    const rotated = await this.db.transaction(async (tx) => {
      const old = await this.repository.findForAgency(tx, agencyId, keyId);
      if (!old || !(await this.repository.isWorking(tx, keyId))) throw new NotFoundError('API key');
      if (old.replacedBy) throw new ApiKeyRotatedError(old.id, old.replacedBy);
      const key = this.issue(old.role);
      // Rotation ends the old key at the latest after the grace, so only a key never rotated has
      // the lifetime it was created with.
      const lifetimeMs = old.expiresAt ? old.expiresAt.getTime() - old.createdAt.getTime() : null;
      const created = await this.store(tx, key, {
        role: old.role,
        name: old.name,
        agencyId,
        subteamId: old.subteamId,
        expiresAt: lifetimeMs === null ? null : new Date(Date.now() + lifetimeMs),
      });
      const oldStopsAt = await this.repository.retire(tx, old.id, created.id, graceSeconds);
      await this.repository.notifyRevoked(tx, [old.id]);
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'api_key.rotated',
        targetType: 'api_key',
        targetId: old.id,
        before: apiKeyView(old),
        after: { ...apiKeyView(created), replaces: old.id, graceSeconds, oldKeyStopsAt: oldStopsAt?.toISOString() ?? null },
        requestId: actor.requestId,
      });
      return { created, apiKey: key.apiKey };
    });
    this.forget([keyId]);
    return { ...apiKeyView(rotated.created), apiKey: rotated.apiKey };
  }

  /** Revoking a key already revoked (or expired) changes nothing and is not an error. */
  async revoke(actor: Actor, agencyId: string, keyId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const key = await this.repository.findForAgency(tx, agencyId, keyId);
      if (!key) throw new NotFoundError('API key');
      if (key.revokedAt) return;
      await this.repository.revoke(tx, [key.id]);
      await this.repository.notifyRevoked(tx, [key.id]);
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'api_key.revoked',
        targetType: 'api_key',
        targetId: key.id,
        before: apiKeyView(key),
        requestId: actor.requestId,
      });
    });
    this.forget([keyId]);
  }

  /**
   * Inside the transaction disabling a support user: their keys stop working on every process.
   * Returns their ids, for `forget` once the transaction committed.
   */
  async revokeSupportUserKeys(tx: Tx, supportUserId: string): Promise<string[]> {
    const revoked = await this.repository.revokeSupportUserKeys(tx, supportUserId);
    await this.repository.notifyRevoked(tx, revoked);
    return revoked;
  }

  /**
   * After a revocation commits, this process forgets the keys before it answers: its own
   * notification arrives a moment later, and the caller's next request must not beat it.
   */
  forget(keyIds: string[]): void {
    this.cache.invalidate(keyIds);
  }

  /** Writes the key uses noted since the last flush (on a timer; tests call it directly). */
  async flushUsage(): Promise<void> {
    await this.usage.flush().catch((error: Error) => this.logger.warn(`Could not record API key use: ${error.message}`));
  }

  /** Whether revocations are arriving, so cached keys are trusted (tests wait for it). */
  get listening(): boolean {
    return this.listener.listening;
  }

  /** The LISTEN connection's application_name, to find it in pg_stat_activity. */
  get listenerName(): string {
    return this.listener.applicationName;
  }

  /**
   * Replaces every plain SHA-256 digest left from before the pepper by its peppered hash. Every
   * process does this at boot; they may race, and each row is re-keyed once.
   */
  private async rekeyLegacyHashes(): Promise<void> {
    let total = 0;
    for (;;) {
      const rows = await this.repository.findLegacyHashes(500);
      await this.repository.rekey(rows.map((row) => ({ id: row.id, legacyHash: row.keyHash, pepperedHash: this.pepper(row.keyHash) })));
      total += rows.length;
      if (rows.length < 500) break;
    }
    if (total > 0) this.logger.log(`Re-keyed ${total} API key hash(es) with the pepper`);
  }

  private pepper(sha256Hex: string): string {
    return createHmac('sha256', this.config.auth.apiKeyPepper).update(sha256Hex).digest('hex');
  }

  /** Compared with every admin key, in constant time each, whichever matches. */
  private isAdminKey(digest: Buffer): boolean {
    let match = false;
    for (const admin of this.adminDigests) match = timingSafeEqual(admin, digest) || match;
    return match;
  }
}

/** One call into OpenSSL (`crypto.hash`), not a Hash object per request. */
function sha256(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}
