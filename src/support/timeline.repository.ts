import { Injectable } from '@nestjs/common';
import { Database, sql } from '../database/database';

export const TIMELINE_KINDS = [
  'ledger_entry',
  'hold_opened',
  'hold_closed',
  'reload_attempt',
  'reload_event',
  'notification',
  'settings_change',
  'stripe_webhook',
  'reconciliation',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineRow {
  at: Date;
  /** `at` to the microsecond, as PostgreSQL compares it: what the cursor carries. */
  atExact: string;
  kind: TimelineKind;
  id: string;
  data: Record<string, unknown>;
}

export interface TimelineCursor {
  at: string;
  kind: string;
  id: string;
}

export interface FailureQuery {
  agencyId?: string;
  code?: string;
  methodType?: string;
  since?: Date;
  until?: Date;
  limit: number;
  cursor?: string;
}

/** One timeline entry as PostgreSQL builds it (`at` arrives as a Date, like every timestamptz). */
type TimelineSqlRow = { at: Date; at_exact: string; kind: TimelineKind; id: string; data: Record<string, unknown> };

/**
 * One agency's money history from every table that explains it, merged in time order by
 * PostgreSQL (UNION ALL, keyset-paged on time, kind and id).
 *
 * Both reads stay SQL on purpose. The timeline is nine differently shaped tables of five modules
 * folded into one (time, kind, id, jsonb) shape, and the failure search a recursive chain and
 * five correlated subqueries: written in the query builder they would be longer and harder to
 * check against the plan, and their result is one small row type either way.
 */
@Injectable()
export class TimelineRepository {
  constructor(private readonly db: Database) {}

  async timeline(
    agencyId: string,
    walletId: string,
    query: { limit: number; cursor?: TimelineCursor; kinds?: TimelineKind[] },
  ): Promise<TimelineRow[]> {
    const kinds = query.kinds?.length ? query.kinds : [...TIMELINE_KINDS];
    const rows = await this.db.rows(sql<TimelineSqlRow>`
      select at, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_exact, kind, id, data from (
        select e.created_at as at, 'ledger_entry' as kind, lpad(e.id::text, 20, '0') as id,
          jsonb_build_object('type', e.type, 'source', e.source, 'amountMicros', e.amount_micros::text,
            'balanceAfterMicros', e.balance_after_micros::text, 'reference', e.reference, 'description', e.description,
            'overrunMicros', e.overrun_micros::text, 'subteamId', e.subteam_id) as data
        from ledger_entries e where e.wallet_id = ${walletId}
        union all
        select h.created_at, 'hold_opened', h.id::text,
          jsonb_build_object('callId', h.call_id, 'subteamId', h.subteam_id, 'amountMicros', h.initial_amount_micros::text, 'expiresAt', h.expires_at)
        from holds h where h.wallet_id = ${walletId}
        union all
        select h.closed_at, 'hold_closed', h.id::text,
          jsonb_build_object('callId', h.call_id, 'status', h.status, 'authorizedMicros', h.amount_micros::text,
            'chargedMicros', h.charged_micros::text, 'releasedMicros', h.released_micros::text)
        from holds h where h.wallet_id = ${walletId} and h.closed_at is not null
        union all
        select a.created_at, 'reload_attempt', a.id::text,
          jsonb_build_object('trigger', a.trigger, 'status', a.status, 'amountMicros', a.amount_micros::text, 'declineCode', a.decline_code,
            'declineMessage', a.decline_message, 'skipReason', a.skip_reason, 'paymentIntentId', a.stripe_payment_intent_id,
            'paymentMethod', (select jsonb_build_object('brand', p.brand, 'last4', p.last4, 'type', p.type) from payment_methods p where p.id = a.payment_method_id),
            'retryOf', a.retry_of, 'fallbackOf', a.fallback_of, 'completedAt', a.completed_at)
        from reload_attempts a where a.agency_id = ${agencyId}
        union all
        select v.created_at, 'reload_event', lpad(v.id::text, 20, '0'), v.detail || jsonb_build_object('event', v.kind, 'attemptId', v.attempt_id)
        from reload_attempt_events v where v.agency_id = ${agencyId}
        union all
        select n.created_at, 'notification', n.id::text,
          jsonb_build_object('template', n.template, 'channel', n.channel, 'recipients', n.recipients, 'subject', n.subject, 'status', n.status,
            'attempts', n.attempts, 'lastError', n.last_error, 'sentAt', n.sent_at, 'deliveryStatus', n.delivery_status,
            'deliveryErrorCode', n.delivery_error_code, 'resendOf', n.resend_of)
        from notifications n where n.agency_id = ${agencyId}
        union all
        select l.created_at, 'settings_change', lpad(l.id::text, 20, '0'),
          jsonb_build_object('action', l.action, 'actorRole', l.actor_role, 'actorId', l.actor_id, 'actorName', l.actor_name, 'before', l.before, 'after', l.after, 'reason', l.reason, 'requestId', l.request_id)
        from audit_log l where l.agency_id = ${agencyId} and l.action not like 'support.%'
        union all
        select s.received_at, 'stripe_webhook', s.id,
          jsonb_build_object('type', s.type, 'outcome', s.outcome, 'detail', s.detail, 'deliveries', s.deliveries, 'source', s.source)
        from stripe_events s where s.agency_id = ${agencyId}
        union all
        select f.created_at, 'reconciliation', lpad(f.id::text, 20, '0'),
          jsonb_build_object('finding', f.finding, 'action', f.action, 'attemptId', f.attempt_id, 'paymentIntentId', f.stripe_payment_intent_id,
            'reference', f.reference)
        from reconciliation_findings f where f.agency_id = ${agencyId}
      ) t
      where kind = any(${kinds}::text[])
        ${query.cursor ? sql`and (at, kind, id) < (${query.cursor.at}::timestamptz, ${query.cursor.kind}, ${query.cursor.id})` : sql``}
      order by at desc, kind desc, id desc
      limit ${query.limit}`);
    return rows.map(({ at_exact, ...row }) => ({ ...row, atExact: at_exact }));
  }

  async failures(query: FailureQuery) {
    return this.db.rows(sql<Record<string, unknown> & { seq: string; created_at: Date }>`
      select a.seq::text as seq, a.id, a.agency_id, ag.name as agency_name, a.trigger, a.status, a.amount_micros::text as amount_micros,
        a.currency, a.decline_code, a.decline_message, a.stripe_payment_intent_id, a.created_at, a.fallback_of, a.retry_of,
        p.type as method_type, p.brand, p.last4,
        (with recursive chain as (
           select id, fallback_of, 1 as depth from reload_attempts where id = a.id
           union all select r.id, r.fallback_of, c.depth + 1 from reload_attempts r join chain c on r.id = c.fallback_of)
         select max(depth) from chain) as attempt_number,
        (select jsonb_build_object('id', f.id, 'status', f.status) from reload_attempts f where f.fallback_of = a.id limit 1) as fallback,
        (select jsonb_build_object('id', r.id, 'status', r.status) from reload_attempts r where r.retry_of = a.id order by r.seq desc limit 1) as retry,
        exists (select 1 from reload_attempt_events v where v.attempt_id = a.id and v.kind = 'decision' and v.detail->>'decision' = 'suspended') as suspended,
        (select jsonb_build_object('template', n.template, 'status', n.status, 'sentAt', n.sent_at) from notifications n
          where n.agency_id = a.agency_id and (n.dedupe_key in ('payment-failed:' || a.id, 'requires-action:' || a.id)
            -- one row per recipient and channel: payment-failed:<attempt>:email:<address>
            or n.dedupe_key like 'payment-failed:' || a.id || ':%' or n.dedupe_key like 'requires-action:' || a.id || ':%')
          order by n.seq limit 1) as email
      from reload_attempts a
      join agencies ag on ag.id = a.agency_id
      left join payment_methods p on p.id = a.payment_method_id
      where a.status in ('failed', 'requires_action')
        ${query.agencyId ? sql`and a.agency_id = ${query.agencyId}` : sql``}
        ${query.code ? sql`and a.decline_code = ${query.code}` : sql``}
        ${query.methodType ? sql`and p.type = ${query.methodType}` : sql``}
        ${query.since ? sql`and a.created_at >= ${query.since}` : sql``}
        ${query.until ? sql`and a.created_at < ${query.until}` : sql``}
        ${query.cursor ? sql`and a.seq < ${query.cursor}::bigint` : sql``}
      order by a.seq desc
      limit ${query.limit}`);
  }
}
