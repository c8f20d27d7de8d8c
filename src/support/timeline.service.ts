import { Inject, Injectable } from '@nestjs/common';
import { AgenciesService, type Actor } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import { ValidationError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { formatMoney } from '../database/money';
import { toDate } from '../database/values';
import { declineInWords } from '../notifications/decline-codes';
import { type TimelineCursor, type TimelineKind, TimelineRepository, type TimelineRow, type FailureQuery } from './timeline.repository';

/** "Why did it (not) reload?" in one list: every row says what happened in words, then the facts. */
@Injectable()
export class TimelineService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: TimelineRepository,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
  ) {}

  /** `audited: false` when the caller audits the whole read itself (the console's agency page). */
  async timeline(actor: Actor, agencyId: string, query: { limit: number; cursor?: string; kinds?: TimelineKind[] }, options = { audited: true }) {
    const { walletId } = await this.agencies.requireAgency(agencyId);
    const rows = await this.repository.timeline(agencyId, walletId, { ...query, limit: query.limit + 1, cursor: decodeCursor(query.cursor) });
    const page = rows.slice(0, query.limit);
    if (options.audited)
      await this.audit.recordNow({
        actor: actor.principal,
        agencyId,
        action: 'support.timeline_viewed',
        after: { kinds: query.kinds ?? 'all', cursor: query.cursor ?? null },
        requestId: actor.requestId,
      });
    return {
      data: page.map((row) => {
        const data = row.kind === 'reload_attempt' ? { ...row.data, ...this.declineInWords(row.data) } : row.data;
        return { at: row.at.toISOString(), kind: row.kind, id: displayId(row), summary: summarize({ ...row, data }), data: withMoney(data) };
      }),
      nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  async paymentFailures(actor: Actor, query: FailureQuery) {
    const rows = await this.repository.failures({ ...query, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    await this.audit.recordNow({
      actor: actor.principal,
      agencyId: query.agencyId ?? null,
      action: 'support.payment_failures_searched',
      after: { code: query.code ?? null, methodType: query.methodType ?? null, found: page.length },
      requestId: actor.requestId,
    });
    return {
      data: page.map((row) => {
        const fallback = row.fallback as { id: string; status: string } | null;
        const retry = row.retry as { id: string; status: string } | null;
        const email = row.email as { template: string; status: string } | null;
        const next = [
          fallback ? `fell back to the next payment method (${fallback.status})` : null,
          row.suspended ? 'auto-reload suspended' : null,
          retry ? `retried by support (${retry.status})` : null,
          email ? `email ${email.template} ${email.status}` : null,
        ].filter(Boolean);
        const words = this.declineInWords({ declineCode: row.decline_code, declineMessage: row.decline_message });
        const method = row.method_type ? ` on ${row.brand ?? row.method_type} ending ${row.last4}` : '';
        const what =
          row.status === 'requires_action' ? 'needed the owner to authenticate' : `failed${row.decline_code ? ` (${row.decline_code})` : ''}`;
        const summary = `${TRIGGER_WORDS[row.trigger as string] ?? String(row.trigger)} of ${formatMoney(BigInt(row.amount_micros as string))} ${row.currency}${method} ${what}, attempt ${row.attempt_number}${words.declineReason ? `: ${words.declineReason}` : '.'} Then: ${next.length ? next.join('; ') : 'nothing yet'}.`;
        return {
          attemptId: row.id,
          summary,
          agency: { id: row.agency_id, name: row.agency_name },
          trigger: row.trigger,
          status: row.status,
          amount: formatMoney(BigInt(row.amount_micros as string)),
          currency: row.currency,
          paymentMethod: row.method_type ? { type: row.method_type, brand: row.brand, last4: row.last4 } : null,
          declineCode: row.decline_code,
          declineMessage: row.decline_message,
          ...words,
          paymentIntentId: row.stripe_payment_intent_id,
          attemptNumber: row.attempt_number,
          fallbackOf: row.fallback_of,
          whatHappenedNext: next.length ? next.join('; ') : 'nothing yet',
          fallback,
          retry,
          suspended: row.suspended,
          email: row.email,
          createdAt: toDate(row.created_at).toISOString(),
        };
      }),
      nextCursor: rows.length > query.limit ? page[page.length - 1].seq : null,
    };
  }

  /** A decline in words, with the name the owner should ask the bank to allow, beside the raw code. */
  private declineInWords(data: Record<string, unknown>) {
    return declineInWords(data.declineCode as string | null, data.declineMessage as string | null, this.config.stripe.statementDescriptor);
  }
}

const TRIGGER_WORDS: Record<string, string> = {
  threshold: 'Automatic reload',
  sweep: 'Automatic reload (sweep)',
  manual: 'Top-up',
  support_retry: 'Support retry',
};

/** Sequence ids are zero-padded in SQL so they sort as text next to uuids; people see the number. */
const PADDED_KINDS: TimelineKind[] = ['ledger_entry', 'reload_event', 'settings_change', 'reconciliation'];
function displayId(row: TimelineRow): string {
  return PADDED_KINDS.includes(row.kind) ? row.id.replace(/^0+(?=\d)/, '') : row.id;
}

function encodeCursor(row: TimelineRow): string {
  return Buffer.from(JSON.stringify({ at: row.atExact, kind: row.kind, id: row.id })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): TimelineCursor | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as TimelineCursor;
    if (typeof parsed.at === 'string' && typeof parsed.kind === 'string' && typeof parsed.id === 'string' && !Number.isNaN(Date.parse(parsed.at)))
      return parsed;
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('cursor must come from a previous page', { fields: [{ path: 'cursor', message: 'unknown cursor' }] });
}

/** Money travels as micro-unit text in the row data; people read decimal strings. */
function withMoney(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) =>
      key.endsWith('Micros') ? [key.slice(0, -'Micros'.length), value === null ? null : formatMoney(BigInt(value as string))] : [key, value],
    ),
  );
}

function money(value: unknown): string {
  return value === null || value === undefined ? '?' : formatMoney(BigInt(value as string));
}

function summarize(row: TimelineRow): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the timeline's rows carry nine kinds of JSON, each read by its own case below
  const d = row.data as Record<string, any>;
  switch (row.kind) {
    case 'ledger_entry':
      return `${d.type} ${money(d.amountMicros)} → balance ${money(d.balanceAfterMicros)}${d.description ? ` (${d.description})` : ''}`;
    case 'hold_opened':
      return `hold of ${money(d.amountMicros)} for call ${d.callId}`;
    case 'hold_closed':
      return `hold for call ${d.callId} (authorized ${money(d.authorizedMicros)}) ${d.status}: charged ${money(d.chargedMicros)}, released ${money(
        d.releasedMicros,
      )}`;
    case 'reload_attempt':
      return `reload attempt (${d.trigger}) of ${money(d.amountMicros)}: ${d.status}${d.skipReason ? ` (${d.skipReason})` : ''}${
        d.declineCode ? ` (${d.declineCode}: ${d.declineMessage})` : ''
      }${d.paymentMethod ? ` on ${d.paymentMethod.brand ?? d.paymentMethod.type} ${d.paymentMethod.last4}` : ''}${
        d.declineReason ? `. ${d.declineReason} ${d.declineNextStep}` : ''
      }${d.statementDescriptor ? ` Name on the statement, for the bank to allow: ${d.statementDescriptor}.` : ''}`;
    case 'reload_event':
      switch (d.event) {
        case 'decision':
          return `decision: ${d.decision}${d.reason ? ` because ${d.reason}` : ''}`;
        case 'stripe_request':
          return `Stripe request ${d.call} for ${d.amount} ${d.currency} (key ${d.idempotencyKey})`;
        case 'stripe_response':
          return `Stripe answered ${d.status}${d.intentId ? ` (${d.intentId})` : ''}${d.declineCode ? `: ${d.declineCode}` : ''}`;
        case 'stripe_error':
          return `Stripe unreachable or failing, will retry: ${d.message}`;
        case 'credited':
          return `wallet credited from ${d.source} (${d.intentId}), balance ${d.balanceAfter}`;
        default:
          return String(d.event);
      }
    case 'notification':
      return `${d.resendOf ? `resend of email ${d.resendOf}: ` : ''}email ${d.template} to ${(d.recipients as string[]).join(', ')}: ${d.status}${d.lastError ? ` (${d.lastError})` : ''}`;
    case 'settings_change':
      return `${d.action} by ${d.actorRole}${d.actorName ? ` (${d.actorName})` : ''}${d.reason ? `: ${d.reason}` : ''}`;
    case 'stripe_webhook':
      if (d.source === 'reconciliation') {
        return `Stripe event ${d.type} read by reconciliation (its webhook had not arrived): ${d.outcome ?? 'received'}${d.deliveries > 0 ? ` (the webhook came later${d.deliveries > 1 ? `, ${d.deliveries} times` : ''}: ignored)` : ''}`;
      }
      return `webhook ${d.type}: ${d.outcome ?? 'received'}${d.deliveries > 1 ? ` (delivered ${d.deliveries} times, duplicates ignored)` : ''}`;
    case 'reconciliation':
      return `reconciliation found ${d.finding}: ${d.action}`;
  }
}
