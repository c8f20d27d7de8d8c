import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { Principal } from '../common/auth/principal';
import { AgenciesRepository } from './agencies.repository';

export interface IssuedKey {
  apiKey: string;
  keyHash: string;
  displayPrefix: string;
}

/**
 * API keys are shown once and stored only as SHA-256 hashes. Resolved principals are cached
 * briefly so the call path does not query PostgreSQL for every request; pausing and limits are
 * checked inside the ledger transaction, so the cache never lets money move wrongly.
 */
@Injectable()
export class ApiKeysService {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly adminHash: Buffer;
  private readonly knownAgencies = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: AgenciesRepository,
  ) {
    this.adminHash = sha256(config.adminApiKey);
  }

  issue(role: 'owner' | 'subteam' | 'support'): IssuedKey {
    const apiKey = `aw_${role}_${randomBytes(24).toString('base64url')}`;
    return { apiKey, keyHash: sha256(apiKey).toString('hex'), displayPrefix: apiKey.slice(0, role.length + 8) };
  }

  async authenticate(token: string | undefined): Promise<Principal | null> {
    if (!token) return null;
    const hash = sha256(token);
    if (timingSafeEqual(hash, this.adminHash)) return { role: 'admin', id: 'admin' };

    const keyHash = hash.toString('hex');
    const cached = this.cache.get(keyHash);
    if (cached && cached.until > Date.now()) return cached.principal;

    const principal = await this.repository.findPrincipalByKeyHash(keyHash);
    this.remember(keyHash, principal);
    return principal;
  }

  /** Agencies are never deleted, so a positive answer is cached for the life of the process. */
  async agencyExists(agencyId: string): Promise<boolean> {
    if (this.knownAgencies.has(agencyId)) return true;
    const exists = await this.repository.agencyExists(agencyId);
    if (exists) this.knownAgencies.add(agencyId);
    return exists;
  }

  private remember(keyHash: string, principal: Principal | null): void {
    const ttl = this.config.auth.cacheSeconds * 1000;
    if (ttl === 0) return;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(keyHash, { principal, until: Date.now() + ttl });
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
