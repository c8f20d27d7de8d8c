import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AgenciesService, type Actor } from '../agencies/agencies.service';
import { SupportUsersService } from '../auth/support-users.service';
import { AuditService } from '../audit/audit.service';
import { AutoReloadService } from '../auto-reload/auto-reload.service';
import { AdjustmentDecidedError, AdjustmentLimitExceededError, ForbiddenError, IdempotencyConflictError, NotFoundError } from '../common/errors';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database, type Tx } from '../database/database';
import { formatMoney, type Micros } from '../database/money';
import { notificationView, NotificationsService } from '../notifications/notifications.service';
import type { PostedEntry } from '../wallet/wallet.types';
import { WalletService, entryView } from '../wallet/wallet.service';
import { type SupportAdjustment, type SupportAdjustmentStatus, SupportAdjustmentsRepository } from './support-adjustments.repository';

const abs = (value: Micros): Micros => (value < 0n ? -value : value) as Micros;

/**
 * Support's levers: audited, idempotent adjustments (a support user's within a daily total, large
 * ones approved by a second support user), lifting a suspension, pausing, resending an email, the
 * dry run, agency search and the audit trail. Every action carries a reason and is audited in the
 * transaction that makes it; every read support makes of an agency or the logs is audited too.
 */
@Injectable()
export class SupportService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly agencies: AgenciesService,
    private readonly supportUsers: SupportUsersService,
    private readonly wallets: WalletService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly adjustments: SupportAdjustmentsRepository,
    private readonly autoReload: AutoReloadService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Posts an adjustment, or (a support user's above `SUPPORT_ADJUSTMENT_APPROVAL_OVER`) records it
   * as `pending_approval` (202). A support user's adjustments, posted or pending, stay within
   * `SUPPORT_ADJUSTMENT_DAILY_LIMIT` per trailing 24 hours. Admin keys are held to neither.
   */
  async postAdjustment(actor: Actor, agencyId: string, input: { amountMicros: Micros; reason: string }, idempotencyKey: string | undefined) {
    await this.agencies.requireAgency(agencyId);
    const walletId = await this.wallets.walletIdOf(agencyId);
    const principal = actor.principal;
    let posted: PostedEntry | undefined;
    const response = await this.idempotency.run<object>(
      `adjustment:${agencyId}`,
      idempotencyKey,
      { amount: input.amountMicros, reason: input.reason },
      async (tx, key) => {
        const bySupport = principal.role === 'support';
        if (bySupport) {
          const { dailyLimitMicros, approvalOverMicros } = this.config.supportAdjustments;
          const used = await this.adjustments.lockAuthorTotal(tx, principal.id);
          if (used + abs(input.amountMicros) > dailyLimitMicros) {
            throw new AdjustmentLimitExceededError(
              `Your adjustments would pass your daily total of ${formatMoney(dailyLimitMicros)} (used in the last 24 hours: ${formatMoney(used)}); ask another support user or an admin`,
              { limit: formatMoney(dailyLimitMicros), used: formatMoney(used), remaining: formatMoney((dailyLimitMicros - used) as Micros) },
            );
          }
          if (abs(input.amountMicros) > approvalOverMicros) {
            const pending = await this.adjustments.insert(tx, {
              id: randomUUID(),
              agencyId,
              walletId,
              amountMicros: input.amountMicros,
              reason: input.reason,
              idempotencyKey: key,
              status: 'pending_approval',
              requestedBy: principal.id,
              requestedByName: principal.name ?? null,
              ledgerEntryId: null,
            });
            await this.audit.record(tx, {
              actor: principal,
              agencyId,
              action: 'wallet.adjustment_requested',
              targetType: 'support_adjustment',
              targetId: pending.id,
              after: { amount: formatMoney(input.amountMicros), status: 'pending_approval' },
              reason: input.reason,
              requestId: actor.requestId,
            });
            return { status: 202, body: adjustmentView(pending, actor) };
          }
        }
        posted = await this.postEntry(tx, walletId, input.amountMicros, input.reason, key);
        if (posted.replayed) {
          // The key's record expired but its entry stands: the same request replays, another conflicts.
          if (posted.entry.amountMicros !== input.amountMicros || posted.entry.description !== input.reason) {
            throw new IdempotencyConflictError('This Idempotency-Key was already used for a different adjustment', { key: idempotencyKey });
          }
          return { status: 201, body: entryView(posted.entry) };
        }
        if (bySupport) {
          await this.adjustments.insert(tx, {
            id: randomUUID(),
            agencyId,
            walletId,
            amountMicros: input.amountMicros,
            reason: input.reason,
            idempotencyKey: key,
            status: 'posted',
            requestedBy: principal.id,
            requestedByName: principal.name ?? null,
            ledgerEntryId: posted.entry.id,
          });
        }
        await this.audit.record(tx, {
          actor: principal,
          agencyId,
          action: 'wallet.adjusted',
          targetType: 'ledger_entry',
          targetId: posted.entry.id,
          before: { balance: formatMoney((posted.entry.balanceAfterMicros - input.amountMicros) as Micros) },
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

  async listAdjustments(actor: Actor, query: { status?: SupportAdjustmentStatus; agencyId?: string; limit: number; cursor?: string }) {
    const rows = await this.adjustments.list({ ...query, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    return { data: page.map((row) => adjustmentView(row, actor)), nextCursor: rows.length > query.limit ? page[page.length - 1].seq : null };
  }

  /**
   * A second support user (or an admin) approves an adjustment that waits: it posts once, under the
   * key it was asked with. Its author may not approve it (403). Approving it again replays the
   * answer; approving a rejected one is 409 `adjustment_decided`.
   */
  async approveAdjustment(actor: Actor, adjustmentId: string, reason: string) {
    let posted: PostedEntry | undefined;
    let agencyId = '';
    const result = await this.db.transaction(async (tx) => {
      const row = await this.lockForDecision(tx, actor, adjustmentId, 'approve');
      if (row.status === 'posted') return { body: adjustmentView(row, actor), replayed: true };
      if (row.status === 'rejected') throw new AdjustmentDecidedError('This adjustment was rejected; ask for a new one', { status: row.status });
      posted = await this.postEntry(tx, row.walletId, row.amountMicros, row.reason, row.idempotencyKey);
      agencyId = row.agencyId;
      const decided = await this.adjustments.decide(tx, row.id, {
        status: 'posted',
        decidedBy: actor.principal.id,
        decidedByName: actor.principal.name ?? null,
        reason,
        ledgerEntryId: posted.entry.id,
      });
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId: row.agencyId,
        action: 'wallet.adjustment_approved',
        targetType: 'support_adjustment',
        targetId: row.id,
        before: { status: 'pending_approval', balance: formatMoney((posted.entry.balanceAfterMicros - row.amountMicros) as Micros) },
        after: {
          status: 'posted',
          balance: formatMoney(posted.entry.balanceAfterMicros),
          amount: formatMoney(row.amountMicros),
          ledgerEntryId: posted.entry.id,
          requestedBy: row.requestedByName ?? row.requestedBy,
        },
        reason,
        requestId: actor.requestId,
      });
      return { body: adjustmentView(decided, actor), replayed: false };
    });
    if (posted) this.wallets.publishPosted(agencyId, posted, 'adjustment');
    return result;
  }

  /** Turns a waiting adjustment down (its author may withdraw it too): nothing is posted. Again: replayed. */
  async rejectAdjustment(actor: Actor, adjustmentId: string, reason: string) {
    return this.db.transaction(async (tx) => {
      const row = await this.lockForDecision(tx, actor, adjustmentId, 'reject');
      if (row.status === 'rejected') return { body: adjustmentView(row, actor), replayed: true };
      if (row.status === 'posted') throw new AdjustmentDecidedError('This adjustment was already approved and posted', { status: row.status });
      const decided = await this.adjustments.decide(tx, row.id, {
        status: 'rejected',
        decidedBy: actor.principal.id,
        decidedByName: actor.principal.name ?? null,
        reason,
        ledgerEntryId: null,
      });
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId: row.agencyId,
        action: 'wallet.adjustment_rejected',
        targetType: 'support_adjustment',
        targetId: row.id,
        before: { status: 'pending_approval' },
        after: { status: 'rejected', amount: formatMoney(row.amountMicros), requestedBy: row.requestedByName ?? row.requestedBy },
        reason,
        requestId: actor.requestId,
      });
      return { body: adjustmentView(decided, actor), replayed: false };
    });
  }

  private async lockForDecision(tx: Tx, actor: Actor, adjustmentId: string, decision: 'approve' | 'reject') {
    const row = await this.adjustments.lock(tx, adjustmentId);
    if (!row) throw new NotFoundError('Adjustment');
    if (decision === 'approve' && actor.principal.role === 'support' && row.requestedBy === actor.principal.id) {
      throw new ForbiddenError('An adjustment is approved by another support user, never by its author');
    }
    return row;
  }

  private postEntry(tx: Tx, walletId: string, amountMicros: Micros, reason: string, idempotencyKey: string) {
    return this.wallets.postEntry(tx, walletId, { type: 'adjustment', amountMicros, reference: `adjustment:${idempotencyKey}`, description: reason });
  }

  /** Lifts an auto-reload suspension (the rule is auto-reload's own). */
  liftSuspension(actor: Actor, agencyId: string, reason: string) {
    return this.autoReload.liftSuspension(actor, agencyId, reason);
  }

  /** Pauses or resumes an agency through the owner's own change (same rule, audited with the reason). */
  setAgencyPaused(actor: Actor, agencyId: string, paused: boolean, reason: string) {
    return this.agencies.updateAgency(actor, agencyId, { paused }, { reason, skipUnchanged: true });
  }

  setSubteamPaused(actor: Actor, agencyId: string, subteamId: string, paused: boolean, reason: string) {
    return this.agencies.updateSubteam(actor, agencyId, subteamId, { paused }, { reason, skipUnchanged: true });
  }

  /** A new send of the same email, recorded as a resend of the original and audited with the reason. */
  async resendNotification(actor: Actor, agencyId: string, notificationId: string, reason: string, idempotencyKey: string | undefined) {
    return this.idempotency.run(`notification-resend:${agencyId}`, idempotencyKey, { notificationId, reason }, async (tx) => {
      const resent = await this.notifications.resend(tx, agencyId, notificationId);
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'notification.resent',
        targetType: 'notification',
        targetId: resent.row.id,
        before: {
          notificationId,
          template: resent.original.template,
          status: resent.original.status,
          sentAt: resent.original.sentAt?.toISOString() ?? null,
        },
        after: { notificationId: resent.row.id, resendOf: notificationId, status: resent.row.status },
        reason,
        requestId: actor.requestId,
      });
      return { status: 201, body: notificationView(resent.row) };
    });
  }

  /** The dry run, for support: auto-reload's own answer, with a sentence, audited as a read. */
  async dryRun(actor: Actor, agencyId: string) {
    const result = await this.autoReload.dryRun(agencyId);
    await this.recordRead(actor, agencyId, 'support.dry_run', { wouldReload: result.wouldReload, reason: result.reason });
    return { ...result, answer: dryRunSentence(result) };
  }

  async searchAgencies(actor: Actor, query: string, limit: number) {
    const result = await this.agencies.searchAgencies(query, limit);
    await this.recordRead(actor, null, 'support.agencies_searched', { query, found: result.data.length });
    return result;
  }

  async auditLog(actor: Actor, query: { agencyId?: string; actor?: string; limit: number; cursor?: string }) {
    const actorId = query.actor?.includes('@') ? ((await this.supportUsers.idByEmail(query.actor)) ?? query.actor) : query.actor;
    const page = await this.audit.list({ ...query, actor: actorId });
    await this.recordRead(actor, query.agencyId ?? null, 'support.audit_log_viewed', { actor: query.actor ?? null, cursor: query.cursor ?? null });
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

  /** Support reads of an agency and of the logs are audited too, so an owner can see who looked. */
  async recordRead(actor: Actor, agencyId: string | null, action: string, details: Record<string, unknown>) {
    await this.audit.recordNow({ actor: actor.principal, agencyId, action, after: details, requestId: actor.requestId });
  }
}

export function adjustmentView(row: SupportAdjustment, viewer: Actor) {
  return {
    id: row.id,
    agency: { id: row.agencyId, name: row.agencyName },
    amount: formatMoney(row.amountMicros),
    reason: row.reason,
    status: row.status,
    requestedBy: { id: row.requestedBy, email: row.requestedByName },
    decidedBy: row.decidedBy ? { id: row.decidedBy, email: row.decidedByName } : null,
    decisionReason: row.decisionReason,
    ledgerEntryId: row.ledgerEntryId,
    /** Whether the caller may approve it: pending, and not theirs. */
    mayApprove: row.status === 'pending_approval' && !(viewer.principal.role === 'support' && viewer.principal.id === row.requestedBy),
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

/** "Why not?" in one sentence. */
export function dryRunSentence(result: {
  wouldReload: boolean;
  explanation: string;
  amount: string | null;
  paymentMethod: { brand?: string | null; type?: string; last4?: string | null } | null;
  warnings: string[];
}): string {
  const method = result.paymentMethod ? ` on ${result.paymentMethod.brand ?? result.paymentMethod.type} ending ${result.paymentMethod.last4}` : '';
  const head = result.wouldReload
    ? `It would reload ${result.amount}${method} now: ${result.explanation}.`
    : `It would not reload now: ${result.explanation}.`;
  return [head, ...result.warnings].join(' ');
}
