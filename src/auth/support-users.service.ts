import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { IdempotencyConflictError, NotFoundError } from '../common/errors';
import { Database } from '../database/database';
import type { SupportUser } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';
import type { Principal } from './principal';
import { SupportUsersRepository } from './support-users.repository';

interface Actor {
  principal: Principal;
  requestId: string;
}

function supportUserView(user: SupportUser) {
  return {
    id: user.id,
    email: user.email,
    isAdmin: user.isAdmin,
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt?.toISOString() ?? null,
  };
}

/** The support team's people: created with their key, listed, disabled (their keys with them). */
@Injectable()
export class SupportUsersService {
  constructor(
    private readonly db: Database,
    private readonly repository: SupportUsersRepository,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, email: string, isAdmin = false) {
    const key = this.apiKeys.issue('support');
    const user = await this.db.transaction(async (tx) => {
      if (await this.repository.findByEmail(tx, email)) {
        throw new IdempotencyConflictError('A support user with this email already exists', { email });
      }
      const user = await this.repository.create(tx, email, isAdmin);
      await this.apiKeys.store(tx, key, { role: 'support', name: 'Support key', supportUserId: user.id });
      await this.audit.record(tx, {
        actor: actor.principal,
        action: 'support_user.created',
        targetType: 'support_user',
        targetId: user.id,
        after: { id: user.id, email, isAdmin },
        requestId: actor.requestId,
      });
      return user;
    });
    return { id: user.id, email: user.email, apiKey: key.apiKey, createdAt: user.createdAt.toISOString() };
  }

  async list() {
    return { data: (await this.repository.findAll()).map(supportUserView) };
  }

  /**
   * A disabled support user's keys stop working on every process at once; the user stays, so the
   * audit log still names them. Disabling twice changes nothing.
   */
  async disable(actor: Actor, supportUserId: string): Promise<void> {
    const revoked = await this.db.transaction(async (tx) => {
      const user = await this.repository.findForUpdate(tx, supportUserId);
      if (!user) throw new NotFoundError('Support user');
      if (user.disabledAt) return [];
      const before = supportUserView(user);
      user.disabledAt = new Date();
      await tx.flush();
      const revoked = await this.apiKeys.revokeSupportUserKeys(tx, user.id);
      await this.audit.record(tx, {
        actor: actor.principal,
        action: 'support_user.disabled',
        targetType: 'support_user',
        targetId: user.id,
        before,
        after: supportUserView(user),
        requestId: actor.requestId,
      });
      return revoked;
    });
    this.apiKeys.forget(revoked);
  }

  /** Support users are named by email in the audit log's filter; the log stores their id. */
  async idByEmail(email: string): Promise<string | undefined> {
    return (await this.repository.findByEmail(this.db.em(), email))?.id;
  }
}
