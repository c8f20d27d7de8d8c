import { Injectable } from '@nestjs/common';
import { AgenciesService, type Actor } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import { IdempotencyConflictError } from '../common/errors';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { formatMoney, type Micros } from '../database/money';
import { WalletService, entryView } from '../wallet/wallet.service';

/** Support's levers: audited, idempotent adjustments, agency search and the audit trail. */
@Injectable()
export class SupportService {
  constructor(
    private readonly agencies: AgenciesService,
    private readonly wallets: WalletService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
  ) {}

  async postAdjustment(
    actor: Actor,
    agencyId: string,
    input: { amountMicros: Micros; reason: string },
    idempotencyKey: string | undefined,
  ) {
    await this.agencies.requireAgency(agencyId);
    const walletId = await this.wallets.walletIdOf(agencyId);
    let posted;
    const response = await this.idempotency.run(
      `adjustment:${agencyId}`,
      idempotencyKey,
      { amount: input.amountMicros, reason: input.reason },
      async (tx) => {
        posted = await this.wallets.postEntry(tx, walletId, {
          type: 'adjustment',
          amountMicros: input.amountMicros,
          reference: `adjustment:${idempotencyKey}`,
          description: input.reason,
        });
        if (posted.replayed) {
          // The key's record expired but its entry stands: the same request replays, another conflicts.
          if (posted.entry.amountMicros !== input.amountMicros || posted.entry.description !== input.reason) {
            throw new IdempotencyConflictError('This Idempotency-Key was already used for a different adjustment', { key: idempotencyKey });
          }
          return { status: 201, body: entryView(posted.entry) };
        }
        await this.audit.record(tx, {
          actor: actor.principal,
          agencyId,
          action: 'wallet.adjusted',
          targetType: 'ledger_entry',
          targetId: posted.entry.id,
          before: { balance: formatMoney(posted.entry.balanceAfterMicros - input.amountMicros) },
          after: { balance: formatMoney(posted.entry.balanceAfterMicros), amount: formatMoney(input.amountMicros) },
          reason: input.reason,
          requestId: actor.requestId,
        });
        return { status: 201, body: entryView(posted.entry) };
      },
    );
    if (posted) this.wallets.publishPosted(agencyId, posted, 'adjustment');
    return response;
  }

  async searchAgencies(actor: Actor, query: string, limit: number) {
    const result = await this.agencies.searchAgencies(query, limit);
    await this.recordRead(actor, null, 'support.agencies_searched', { query, found: result.data.length });
    return result;
  }

  async auditLog(actor: Actor, query: { agencyId?: string; actor?: string; limit: number; cursor?: string }) {
    const actorId = query.actor?.includes('@')
      ? ((await this.agencies.supportUserIdByEmail(query.actor)) ?? query.actor)
      : query.actor;
    const page = await this.audit.list({ ...query, actor: actorId });
    return {
      data: page.data.map((entry) => ({
        id: String(entry.id),
        actorRole: entry.actorRole,
        actorId: entry.actorId,
        actorName: entry.actorName,
        agencyId: entry.agencyId,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        before: entry.before,
        after: entry.after,
        reason: entry.reason,
        requestId: entry.requestId,
        createdAt: entry.createdAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Support reads of an agency are audited too, so an owner can see who looked. */
  private async recordRead(actor: Actor, agencyId: string | null, action: string, details: Record<string, unknown>) {
    await this.audit.recordNow({
      actor: actor.principal,
      agencyId,
      action,
      after: details,
      requestId: actor.requestId,
    });
  }
}
