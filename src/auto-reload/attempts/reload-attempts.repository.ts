import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Database, type Tx, sql } from '../../database/database';
import type { Micros } from '../../database/money';
import { toDate } from '../../database/values';
import type { AutoReloadPolicy, CapWindows } from '../evaluation/reload-rules';

export type ReloadTrigger = 'threshold' | 'sweep' | 'manual' | 'support_retry';
export type AttemptStatus = 'processing' | 'pending_clearance' | 'succeeded' | 'failed' | 'requires_action' | 'skipped';

export interface ReloadAttempt {
  id: string;
  seq: string;
  agencyId: string;
  walletId: string;
  trigger: ReloadTrigger;
  amountMicros: Micros;
  currency: string;
  paymentMethodId: string | null;
  status: AttemptStatus;
  declineCode: string | null;
  declineMessage: string | null;
  skipReason: string | null;
  stripePaymentIntentId: string | null;
  stripeChargeId: string | null;
  /** Refunds debited from the wallet for this attempt's charge. */
  refundedMicros: Micros;
  /** Disputes debited for this attempt's charge, less what a won dispute gave back. */
  disputedMicros: Micros;
  retryOf: string | null;
  fallbackOf: string | null;
  clientIdempotencyKey: string | null;
  requestHash: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface NewAttempt {
  agencyId: string;
  walletId: string;
  trigger: ReloadTrigger;
  amountMicros: Micros;
  currency: string;
  paymentMethodId: string | null;
  status: AttemptStatus;
  skipReason?: string | null;
  retryOf?: string | null;
  fallbackOf?: string | null;
  clientIdempotencyKey?: string | null;
  requestHash?: string | null;
}

/** Something reconciliation (or a webhook) found that differs from our records, and what was done. */
export interface Finding {
  agencyId: string | null;
  attemptId: string | null;
  intentId: string | null;
  finding: string;
  action: string;
  /** The Stripe object or event it concerns, when an intent can have several (refunds, events). */
  reference?: string | null;
}

/** Automatic triggers share the in-flight rule and the caps; manual top-ups do not. */
export const AUTOMATIC_TRIGGERS: ReloadTrigger[] = ['threshold', 'sweep', 'support_retry'];

type RawAttempt = Record<string, string | null>;

function toAttempt(raw: RawAttempt): ReloadAttempt {
  return {
    id: raw.id!,
    seq: String(raw.seq),
    agencyId: raw.agency_id!,
    walletId: raw.wallet_id!,
    trigger: raw.trigger as ReloadTrigger,
    amountMicros: BigInt(raw.amount_micros!),
    currency: raw.currency!,
    paymentMethodId: raw.payment_method_id,
    status: raw.status as AttemptStatus,
    declineCode: raw.decline_code,
    declineMessage: raw.decline_message,
    skipReason: raw.skip_reason,
    stripePaymentIntentId: raw.stripe_payment_intent_id,
    stripeChargeId: raw.stripe_charge_id,
    refundedMicros: BigInt(raw.refunded_micros ?? 0),
    disputedMicros: BigInt(raw.disputed_micros ?? 0),
    retryOf: raw.retry_of,
    fallbackOf: raw.fallback_of,
    clientIdempotencyKey: raw.client_idempotency_key,
    requestHash: raw.request_hash,
    createdAt: toDate(raw.created_at!),
    updatedAt: toDate(raw.updated_at!),
    completedAt: raw.completed_at ? toDate(raw.completed_at) : null,
  };
}

type RawPolicy = Record<string, string | boolean | number | null>;

function toPolicy(agencyId: string, raw: RawPolicy | undefined): AutoReloadPolicy {
  const big = (value: unknown) => (value === null || value === undefined ? null : BigInt(value as string));
  return {
    agencyId,
    enabled: Boolean(raw?.enabled ?? false),
    thresholdMicros: big(raw?.threshold_micros) ?? 0n,
    mode: (raw?.mode as AutoReloadPolicy['mode']) ?? 'fixed',
    amountMicros: big(raw?.amount_micros),
    targetBalanceMicros: big(raw?.target_balance_micros),
    dailyCapMicros: big(raw?.daily_cap_micros),
    monthlyCapMicros: big(raw?.monthly_cap_micros),
    fallbackToBackupMethods: raw ? Boolean(raw.fallback_to_backup_methods) : true,
    consecutiveFailures: Number(raw?.consecutive_failures ?? 0),
    suspendedAt: raw?.suspended_at ? toDate(raw.suspended_at as string) : null,
    suspendedReason: (raw?.suspended_reason as string | null) ?? null,
    lastSkipKey: (raw?.last_skip_key as string | null) ?? null,
  };
}

@Injectable()
export class AutoReloadRepository {
  constructor(private readonly db: Database) {}

  async policy(agencyId: string, tx?: Tx): Promise<AutoReloadPolicy> {
    const raw = await this.db.one(sql<RawPolicy>`select * from auto_reload_policies where agency_id = ${agencyId}`, tx);
    return toPolicy(agencyId, raw);
  }

  /** The policies of several agencies in one read (an agency without a row has the default one). */
  async policies(agencyIds: string[]): Promise<Map<string, AutoReloadPolicy>> {
    const rows = await this.db.rows(sql<RawPolicy & { agency_id: string }>`select * from auto_reload_policies where agency_id = any(${agencyIds}::uuid[])`);
    const found = new Map(rows.map((raw) => [raw.agency_id, raw]));
    return new Map(agencyIds.map((agencyId) => [agencyId, toPolicy(agencyId, found.get(agencyId))]));
  }

  /** Locks the agency's policy row (creating it if needed): evaluations serialize per agency. */
  async lockPolicy(tx: Tx, agencyId: string): Promise<AutoReloadPolicy> {
    await sql`insert into auto_reload_policies (agency_id) values (${agencyId}) on conflict do nothing`.execute(tx.getKysely());
    const raw = await this.db.one(sql<RawPolicy>`select * from auto_reload_policies where agency_id = ${agencyId} for update`, tx);
    return toPolicy(agencyId, raw);
  }

  async savePolicy(tx: Tx, policy: AutoReloadPolicy): Promise<void> {
    await sql`
      insert into auto_reload_policies (agency_id, enabled, threshold_micros, mode, amount_micros, target_balance_micros,
        daily_cap_micros, monthly_cap_micros, fallback_to_backup_methods, consecutive_failures, suspended_at, suspended_reason,
        last_skip_key, updated_at)
      values (${policy.agencyId}, ${policy.enabled}, ${policy.thresholdMicros}, ${policy.mode}, ${policy.amountMicros},
        ${policy.targetBalanceMicros}, ${policy.dailyCapMicros}, ${policy.monthlyCapMicros}, ${policy.fallbackToBackupMethods},
        ${policy.consecutiveFailures}, ${policy.suspendedAt}, ${policy.suspendedReason}, ${policy.lastSkipKey}, now())
      on conflict (agency_id) do update set enabled = excluded.enabled, threshold_micros = excluded.threshold_micros,
        mode = excluded.mode, amount_micros = excluded.amount_micros, target_balance_micros = excluded.target_balance_micros,
        daily_cap_micros = excluded.daily_cap_micros, monthly_cap_micros = excluded.monthly_cap_micros,
        fallback_to_backup_methods = excluded.fallback_to_backup_methods, consecutive_failures = excluded.consecutive_failures,
        suspended_at = excluded.suspended_at, suspended_reason = excluded.suspended_reason, last_skip_key = excluded.last_skip_key,
        updated_at = now()`.execute(tx.getKysely());
  }

  /** Enabled, unsuspended policies whose wallet is below the threshold: what the sweep looks at. */
  async walletsBelowThreshold(limit: number): Promise<{ agencyId: string; walletId: string }[]> {
    const rows = await this.db.rows(sql<{ agency_id: string; wallet_id: string }>`
      select p.agency_id, w.id as wallet_id from auto_reload_policies p join wallets w on w.agency_id = p.agency_id
      where p.enabled and p.suspended_at is null and w.balance_micros - w.held_micros < p.threshold_micros
      limit ${limit}`);
    return rows.map((row) => ({ agencyId: row.agency_id, walletId: row.wallet_id }));
  }

  async insertAttempt(tx: Tx, attempt: NewAttempt): Promise<ReloadAttempt> {
    const [raw] = await this.db.rows(
      sql<RawAttempt>`
        insert into reload_attempts (id, agency_id, wallet_id, trigger, amount_micros, currency, payment_method_id, status,
          skip_reason, retry_of, fallback_of, client_idempotency_key, request_hash, completed_at)
        values (${randomUUID()}, ${attempt.agencyId}, ${attempt.walletId}, ${attempt.trigger}, ${attempt.amountMicros},
          ${attempt.currency}, ${attempt.paymentMethodId}, ${attempt.status}, ${attempt.skipReason ?? null},
          ${attempt.retryOf ?? null}, ${attempt.fallbackOf ?? null}, ${attempt.clientIdempotencyKey ?? null},
          ${attempt.requestHash ?? null}, ${attempt.status === 'skipped' ? new Date() : null})
        returning *`,
      tx,
    );
    return toAttempt(raw);
  }

  /** A manual top-up keyed by the client's Idempotency-Key: the existing attempt when the key was used. */
  async insertKeyedAttempt(tx: Tx, attempt: NewAttempt): Promise<{ attempt: ReloadAttempt; created: boolean }> {
    const [raw] = await this.db.rows(
      sql<RawAttempt>`
        insert into reload_attempts (id, agency_id, wallet_id, trigger, amount_micros, currency, payment_method_id, status,
          client_idempotency_key, request_hash)
        values (${randomUUID()}, ${attempt.agencyId}, ${attempt.walletId}, ${attempt.trigger}, ${attempt.amountMicros},
          ${attempt.currency}, ${attempt.paymentMethodId}, ${attempt.status}, ${attempt.clientIdempotencyKey!}, ${attempt.requestHash!})
        on conflict (agency_id, client_idempotency_key) do nothing
        returning *`,
      tx,
    );
    if (raw) return { attempt: toAttempt(raw), created: true };
    const existing = await this.db.one(
      sql<RawAttempt>`select * from reload_attempts where agency_id = ${attempt.agencyId} and client_idempotency_key = ${attempt.clientIdempotencyKey!}`,
      tx,
    );
    return { attempt: toAttempt(existing!), created: false };
  }

  async attempt(id: string, tx?: Tx): Promise<ReloadAttempt | undefined> {
    const raw = await this.db.one(sql<RawAttempt>`select * from reload_attempts where id = ${id}`, tx);
    return raw && toAttempt(raw);
  }

  async lockAttempt(tx: Tx, id: string): Promise<ReloadAttempt | undefined> {
    const raw = await this.db.one(sql<RawAttempt>`select * from reload_attempts where id = ${id} for update`, tx);
    return raw && toAttempt(raw);
  }

  /** The fallback chain that ends with this attempt, first try first. */
  async chain(attempt: ReloadAttempt, tx?: Tx): Promise<ReloadAttempt[]> {
    const rows = await this.db.rows(
      sql<RawAttempt & { depth: number }>`
        with recursive chain as (
          select a.*, 0 as depth from reload_attempts a where a.id = ${attempt.id}
          union all
          select r.*, c.depth + 1 from reload_attempts r join chain c on r.id = c.fallback_of)
        select * from chain order by depth desc`,
      tx,
    );
    return rows.map(toAttempt);
  }

  async attemptByIntent(intentId: string): Promise<ReloadAttempt | undefined> {
    const raw = await this.db.one(sql<RawAttempt>`select * from reload_attempts where stripe_payment_intent_id = ${intentId}`);
    return raw && toAttempt(raw);
  }

  async attemptByCharge(chargeId: string): Promise<ReloadAttempt | undefined> {
    const raw = await this.db.one(sql<RawAttempt>`select * from reload_attempts where stripe_charge_id = ${chargeId}`);
    return raw && toAttempt(raw);
  }

  async updateAttempt(
    tx: Tx,
    id: string,
    change: Partial<Pick<ReloadAttempt, 'status' | 'declineCode' | 'declineMessage' | 'stripePaymentIntentId' | 'stripeChargeId'>> & {
      completed?: boolean;
    },
  ): Promise<void> {
    await sql`
      update reload_attempts set
        status = coalesce(${change.status ?? null}, status),
        decline_code = coalesce(${change.declineCode ?? null}, decline_code),
        decline_message = coalesce(${change.declineMessage ?? null}, decline_message),
        stripe_payment_intent_id = coalesce(${change.stripePaymentIntentId ?? null}, stripe_payment_intent_id),
        stripe_charge_id = coalesce(${change.stripeChargeId ?? null}, stripe_charge_id),
        completed_at = case when ${change.completed ?? false} then now() else completed_at end,
        updated_at = now()
      where id = ${id}`.execute(tx.getKysely());
  }

  async inFlight(walletId: string, tx?: Tx): Promise<ReloadAttempt | undefined> {
    const raw = await this.db.one(
      sql<RawAttempt>`select * from reload_attempts where wallet_id = ${walletId} and trigger <> 'manual'
        and status in ('processing', 'pending_clearance') limit 1`,
      tx,
    );
    return raw && toAttempt(raw);
  }

  /** Automatic reloads succeeded or in flight in the caps' windows: the trailing 24 h (sum and count) and the agency's local month. */
  async reloadedTotals(walletId: string, windows: CapWindows, tx?: Tx): Promise<{ last24hMicros: Micros; last24hCount: number; thisMonthMicros: Micros }> {
    const { dailySince: since24h, monthlySince: monthStart } = windows;
    const row = await this.db.one(
      sql<{ day: string; day_count: number; month: string }>`
        select coalesce(sum(amount_micros) filter (where created_at > ${since24h}), 0)::text as day,
               (count(*) filter (where created_at > ${since24h}))::int as day_count,
               coalesce(sum(amount_micros) filter (where created_at >= ${monthStart}), 0)::text as month
        from reload_attempts
        where wallet_id = ${walletId} and trigger <> 'manual' and status in ('processing', 'pending_clearance', 'succeeded')
          and created_at >= least(${since24h}::timestamptz, ${monthStart}::timestamptz)`,
      tx,
    );
    return { last24hMicros: BigInt(row!.day), last24hCount: Number(row!.day_count), thisMonthMicros: BigInt(row!.month) };
  }

  /** When the latest automatic attempt failed, when it ended: the start of the cool-down. */
  async lastAutomaticFailure(walletId: string, tx?: Tx): Promise<Date | null> {
    const row = await this.db.one(
      sql<{ status: string; updated_at: string }>`
        select status, updated_at from reload_attempts where wallet_id = ${walletId} and trigger <> 'manual' and status <> 'skipped'
        order by seq desc limit 1`,
      tx,
    );
    return row && (row.status === 'failed' || row.status === 'requires_action') ? toDate(row.updated_at) : null;
  }

  async list(agencyId: string, query: { status?: AttemptStatus; limit: number; cursor?: string }): Promise<ReloadAttempt[]> {
    const rows = await this.db.rows(sql<RawAttempt>`
      select * from reload_attempts where agency_id = ${agencyId}
        ${query.status ? sql`and status = ${query.status}` : sql``}
        ${query.cursor ? sql`and seq < ${query.cursor}::bigint` : sql``}
      order by seq desc limit ${query.limit}`);
    return rows.map(toAttempt);
  }

  /**
   * Every attempt still waiting for Stripe's final word: processing ones that have an intent, and
   * bank debits pending clearance (which take up to 14 days), whatever their age.
   */
  async unfinished(limit: number): Promise<ReloadAttempt[]> {
    const rows = await this.db.rows(sql<RawAttempt>`
      select * from reload_attempts
      where status = 'pending_clearance' or (status = 'processing' and stripe_payment_intent_id is not null)
      order by updated_at limit ${limit}`);
    return rows.map(toAttempt);
  }

  /** Counts what Stripe took back from an attempt's charge, with the ledger entry that takes it from the wallet. */
  async addReversal(tx: Tx, attemptId: string, change: { refundedMicros?: Micros; disputedMicros?: Micros; chargeId?: string | null }): Promise<void> {
    await sql`
      update reload_attempts set
        refunded_micros = refunded_micros + ${change.refundedMicros ?? 0n},
        -- Never below zero, even for a dispute debited before these counters existed.
        disputed_micros = greatest(disputed_micros + ${change.disputedMicros ?? 0n}, 0),
        stripe_charge_id = coalesce(stripe_charge_id, ${change.chargeId ?? null}),
        updated_at = now()
      where id = ${attemptId}`.execute(tx.getKysely());
  }

  /** Records a finding once (per intent, kind and reference); true when it is new. */
  async recordFinding(finding: Finding, tx?: Tx): Promise<boolean> {
    const rows = await this.db.rows(
      sql<{ id: string }>`
        insert into reconciliation_findings (agency_id, attempt_id, stripe_payment_intent_id, finding, action, reference)
        values (${finding.agencyId}, ${finding.attemptId}, ${finding.intentId}, ${finding.finding}, ${finding.action}, ${finding.reference ?? null})
        on conflict do nothing returning id`,
      tx,
    );
    return rows.length > 0;
  }

  /** Agencies with a non-skipped attempt created since then: whose Stripe intents reconciliation lists. */
  async agenciesWithAttemptsSince(since: Date): Promise<string[]> {
    const rows = await this.db.rows(sql<{ agency_id: string }>`
      select distinct agency_id from reload_attempts where created_at > ${since} and status <> 'skipped'`);
    return rows.map((row) => row.agency_id);
  }

  /** How far reconciliation has read Stripe's event list (Unix seconds of the newest event it read). */
  async eventCursor(name: string): Promise<number | null> {
    const row = await this.db.one(sql<{ last_created: string }>`select last_created::text from stripe_event_cursors where name = ${name}`);
    return row ? Number(row.last_created) : null;
  }

  async saveEventCursor(name: string, lastCreated: number, lastEventId: string | null): Promise<void> {
    await this.db.rows(sql`
      insert into stripe_event_cursors (name, last_created, last_event_id) values (${name}, ${lastCreated}, ${lastEventId})
      on conflict (name) do update set last_created = greatest(stripe_event_cursors.last_created, excluded.last_created),
        last_event_id = case when excluded.last_created >= stripe_event_cursors.last_created then excluded.last_event_id
          else stripe_event_cursors.last_event_id end,
        updated_at = now()`);
  }

  /**
   * Takes a processing attempt for charging under `owner`'s lease: when nobody holds it, or its
   * holder let the lease run out. Undefined when the attempt is done or another process holds it.
   */
  async claimLease(id: string, owner: string, leaseSeconds: number): Promise<ReloadAttempt | undefined> {
    const raw = await this.db.one(sql<RawAttempt>`
      update reload_attempts set lease_owner = ${owner}, lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
      where id = ${id} and status = 'processing' and (lease_owner is null or lease_expires_at < now())
      returning *`);
    return raw && toAttempt(raw);
  }

  async renewLease(id: string, owner: string, leaseSeconds: number): Promise<void> {
    await this.db.rows(sql`
      update reload_attempts set lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
      where id = ${id} and lease_owner = ${owner}`);
  }

  /**
   * Lets go of the lease. `unattendedAfterSeconds` is how long the attempt may then wait for its
   * next try (a job's backoff) before workers count it as unattended and take it over.
   */
  async releaseLease(id: string, owner: string, unattendedAfterSeconds: number): Promise<void> {
    await this.db.rows(sql`
      update reload_attempts set lease_owner = null, lease_expires_at = now() + make_interval(secs => ${unattendedAfterSeconds})
      where id = ${id} and lease_owner = ${owner}`);
  }

  /**
   * Processing attempts nobody is attending to: their holder's lease ran out (it died), or no one
   * claimed them in time (a job lost, or never added because the process died after the commit).
   * Each is handed to one caller per lease: the deadline moves on and `takeovers` counts it.
   */
  async takeOverUnattended(leaseSeconds: number, limit: number): Promise<{ id: string; takeovers: number }[]> {
    return this.db.rows(sql<{ id: string; takeovers: number }>`
      update reload_attempts set lease_owner = null, lease_expires_at = now() + make_interval(secs => ${leaseSeconds}),
        takeovers = takeovers + 1
      where id in (
        select id from reload_attempts
        where status = 'processing' and coalesce(lease_expires_at, created_at + make_interval(secs => ${leaseSeconds})) < now()
        order by created_at limit ${limit}
        for update skip locked)
      returning id, takeovers`);
  }

  async recordEvent(tx: Tx | undefined, attempt: Pick<ReloadAttempt, 'id' | 'agencyId'>, kind: string, detail: Record<string, unknown>): Promise<void> {
    await this.db.rows(
      sql`insert into reload_attempt_events (attempt_id, agency_id, kind, detail)
        values (${attempt.id}, ${attempt.agencyId}, ${kind}, ${JSON.stringify(detail)}::jsonb)`,
      tx,
    );
  }

  async adjustPending(tx: Tx, walletId: string, deltaMicros: Micros): Promise<void> {
    await sql`update wallets set pending_micros = pending_micros + ${deltaMicros}, updated_at = now() where id = ${walletId}`.execute(
      tx.getKysely(),
    );
  }
}
