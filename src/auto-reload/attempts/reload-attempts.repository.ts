import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { randomUUID } from 'node:crypto';
import { Database, type Tx, sql } from '../../database/database';
import type { Micros } from '../../database/money';
import type { Tables } from '../../database/tables';
import type { CapWindows } from '../evaluation/reload-rules';
import { type AttemptStatus, type ReloadAttemptEventSchema, type ReloadAttemptSchema } from './reload-attempt.entity';
import { TOP_UP_TRIGGER, type ReloadTrigger } from './reload-trigger';

export type { AttemptStatus } from './reload-attempt.entity';
export type { ReloadTrigger } from './reload-trigger';

type AttemptTables = Tables<typeof ReloadAttemptSchema | typeof ReloadAttemptEventSchema>;
type AttemptRow = Selectable<AttemptTables['reload_attempts']>;

/**
 * The statuses of an attempt Stripe has not given its last word on. Only automatic reloads (not
 * top-ups: `TOP_UP_TRIGGER`) count for the in-flight rule, the caps and the cool-down.
 */
const IN_FLIGHT: AttemptStatus[] = ['processing', 'pending_clearance'];

/** An attempt as the rest of auto-reload sees it; `seq` is the API's page cursor, a string. */
function toAttempt(row: AttemptRow) {
  return {
    id: row.id,
    seq: String(row.seq),
    agencyId: row.agency_id,
    walletId: row.wallet_id,
    trigger: row.trigger,
    amountMicros: row.amount_micros,
    currency: row.currency,
    paymentMethodId: row.payment_method_id,
    status: row.status,
    declineCode: row.decline_code,
    declineMessage: row.decline_message,
    skipReason: row.skip_reason,
    stripePaymentIntentId: row.stripe_payment_intent_id,
    stripeChargeId: row.stripe_charge_id,
    refundedMicros: row.refunded_micros,
    disputedMicros: row.disputed_micros,
    retryOf: row.retry_of,
    fallbackOf: row.fallback_of,
    clientIdempotencyKey: row.client_idempotency_key,
    requestHash: row.request_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  };
}
export type ReloadAttempt = ReturnType<typeof toAttempt>;

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
}

/** A top-up, keyed by the client's Idempotency-Key and the hash of what it asked. */
export interface NewKeyedAttempt extends NewAttempt {
  clientIdempotencyKey: string;
  requestHash: string;
}

/** The columns of a new attempt (a skipped one is complete at once). */
function newAttemptRow(attempt: NewAttempt) {
  return {
    id: randomUUID(),
    agency_id: attempt.agencyId,
    wallet_id: attempt.walletId,
    trigger: attempt.trigger,
    amount_micros: attempt.amountMicros,
    currency: attempt.currency,
    payment_method_id: attempt.paymentMethodId,
    status: attempt.status,
    skip_reason: attempt.skipReason ?? null,
    retry_of: attempt.retryOf ?? null,
    fallback_of: attempt.fallbackOf ?? null,
    completed_at: attempt.status === 'skipped' ? new Date() : null,
  };
}

/** The record of every charge for a wallet (automatic reloads and top-ups), its leases and its timeline of events. */
@Injectable()
export class ReloadAttemptsRepository {
  constructor(private readonly db: Database) {}

  private query(tx?: Tx) {
    return this.db.kysely<AttemptTables>(tx);
  }

  async insertAttempt(tx: Tx, attempt: NewAttempt): Promise<ReloadAttempt> {
    const row = await this.query(tx).insertInto('reload_attempts').values(newAttemptRow(attempt)).returningAll().executeTakeFirstOrThrow();
    return toAttempt(row);
  }

  /** A top-up keyed by the client's Idempotency-Key: the existing attempt when the key was used. */
  async insertKeyedAttempt(tx: Tx, attempt: NewKeyedAttempt): Promise<{ attempt: ReloadAttempt; created: boolean }> {
    const inserted = await this.query(tx)
      .insertInto('reload_attempts')
      .values({ ...newAttemptRow(attempt), client_idempotency_key: attempt.clientIdempotencyKey, request_hash: attempt.requestHash })
      .onConflict((conflict) => conflict.columns(['agency_id', 'client_idempotency_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { attempt: toAttempt(inserted), created: true };
    const existing = await this.query(tx)
      .selectFrom('reload_attempts')
      .selectAll()
      .where('agency_id', '=', attempt.agencyId)
      .where('client_idempotency_key', '=', attempt.clientIdempotencyKey)
      .executeTakeFirstOrThrow();
    return { attempt: toAttempt(existing), created: false };
  }

  async attempt(id: string, tx?: Tx): Promise<ReloadAttempt | undefined> {
    const row = await this.query(tx).selectFrom('reload_attempts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAttempt(row);
  }

  /** An attempt known to exist (it was just written or read): its current state. */
  async current(id: string, tx?: Tx): Promise<ReloadAttempt> {
    return toAttempt(await this.query(tx).selectFrom('reload_attempts').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  }

  async lockAttempt(tx: Tx, id: string): Promise<ReloadAttempt | undefined> {
    const row = await this.query(tx).selectFrom('reload_attempts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    return row && toAttempt(row);
  }

  /** Locks an attempt known to exist (its caller read it a moment ago). */
  async lockExisting(tx: Tx, id: string): Promise<ReloadAttempt> {
    return toAttempt(await this.query(tx).selectFrom('reload_attempts').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow());
  }

  /**
   * The fallback chain that ends with this attempt, first try first, as they stand now (the last
   * one included: its caller may just have changed it). As long as the agency's list of payment
   * methods, at most.
   */
  async chain(attempt: Pick<ReloadAttempt, 'id'>, tx?: Tx): Promise<ReloadAttempt[]> {
    const chain: ReloadAttempt[] = [];
    for (let id: string | null = attempt.id; id;) {
      const tried = await this.attempt(id, tx);
      if (!tried) break;
      chain.unshift(tried);
      id = tried.fallbackOf;
    }
    return chain;
  }

  async attemptByIntent(intentId: string): Promise<ReloadAttempt | undefined> {
    const row = await this.query().selectFrom('reload_attempts').selectAll().where('stripe_payment_intent_id', '=', intentId).executeTakeFirst();
    return row && toAttempt(row);
  }

  async attemptByCharge(chargeId: string): Promise<ReloadAttempt | undefined> {
    const row = await this.query().selectFrom('reload_attempts').selectAll().where('stripe_charge_id', '=', chargeId).executeTakeFirst();
    return row && toAttempt(row);
  }

  /** Sets the fields given (a null or missing one keeps its value); `completed` stamps the end. */
  async updateAttempt(
    tx: Tx,
    id: string,
    change: Partial<Pick<ReloadAttempt, 'status' | 'declineCode' | 'declineMessage' | 'stripePaymentIntentId' | 'stripeChargeId'>> & {
      completed?: boolean;
    },
  ): Promise<void> {
    await this.query(tx)
      .updateTable('reload_attempts')
      .set({
        status: change.status ?? undefined,
        decline_code: change.declineCode ?? undefined,
        decline_message: change.declineMessage ?? undefined,
        stripe_payment_intent_id: change.stripePaymentIntentId ?? undefined,
        stripe_charge_id: change.stripeChargeId ?? undefined,
        completed_at: change.completed ? sql<Date>`now()` : undefined,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .execute();
  }

  async inFlight(walletId: string, tx?: Tx): Promise<ReloadAttempt | undefined> {
    const row = await this.query(tx)
      .selectFrom('reload_attempts')
      .selectAll()
      .where('wallet_id', '=', walletId)
      .where('trigger', '<>', TOP_UP_TRIGGER)
      .where('status', 'in', IN_FLIGHT)
      .limit(1)
      .executeTakeFirst();
    return row && toAttempt(row);
  }

  /** Automatic reloads succeeded or in flight in the caps' windows: the trailing 24 h (sum and count) and the agency's local month. */
  async reloadedTotals(
    walletId: string,
    windows: CapWindows,
    tx?: Tx,
  ): Promise<{ last24hMicros: Micros; last24hCount: number; thisMonthMicros: Micros }> {
    const { dailySince, monthlySince } = windows;
    const row = await this.query(tx)
      .selectFrom('reload_attempts')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<string>('amount_micros').filterWhere('created_at', '>', dailySince), eb.val('0')).as('day'),
        eb.fn.countAll<bigint>().filterWhere('created_at', '>', dailySince).as('day_count'),
        eb.fn.coalesce(eb.fn.sum<string>('amount_micros').filterWhere('created_at', '>=', monthlySince), eb.val('0')).as('month'),
      ])
      .where('wallet_id', '=', walletId)
      .where('trigger', '<>', TOP_UP_TRIGGER)
      .where('status', 'in', [...IN_FLIGHT, 'succeeded'])
      .where('created_at', '>=', dailySince < monthlySince ? dailySince : monthlySince)
      .executeTakeFirstOrThrow();
    return { last24hMicros: BigInt(row.day), last24hCount: Number(row.day_count), thisMonthMicros: BigInt(row.month) };
  }

  /** Automatic reloads succeeded or in flight for the agency since then. */
  async automaticReloadsSince(agencyId: string, since: Date): Promise<number> {
    const row = await this.query()
      .selectFrom('reload_attempts')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .where('agency_id', '=', agencyId)
      .where('trigger', '<>', TOP_UP_TRIGGER)
      .where('status', 'in', [...IN_FLIGHT, 'succeeded'])
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** When the latest automatic attempt failed, when it ended: the start of the cool-down. */
  async lastAutomaticFailure(walletId: string, tx?: Tx): Promise<Date | null> {
    const row = await this.query(tx)
      .selectFrom('reload_attempts')
      .select(['status', 'updated_at'])
      .where('wallet_id', '=', walletId)
      .where('trigger', '<>', TOP_UP_TRIGGER)
      .where('status', '<>', 'skipped')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && (row.status === 'failed' || row.status === 'requires_action') ? row.updated_at : null;
  }

  async list(agencyId: string, query: { status?: AttemptStatus; limit: number; cursor?: string }): Promise<ReloadAttempt[]> {
    let select = this.query().selectFrom('reload_attempts').selectAll().where('agency_id', '=', agencyId);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.cursor) select = select.where('seq', '<', BigInt(query.cursor));
    const rows = await select.orderBy('seq', 'desc').limit(query.limit).execute();
    return rows.map(toAttempt);
  }

  /**
   * Every attempt still waiting for Stripe's final word: processing ones that have an intent, and
   * bank debits pending clearance (which take up to 14 days), whatever their age.
   */
  async unfinished(limit: number): Promise<(ReloadAttempt & { stripePaymentIntentId: string })[]> {
    const rows = await this.query()
      .selectFrom('reload_attempts')
      .selectAll()
      .where((eb) =>
        eb.or([eb('status', '=', 'pending_clearance'), eb.and([eb('status', '=', 'processing'), eb('stripe_payment_intent_id', 'is not', null)])]),
      )
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    return rows.map(toAttempt).flatMap((attempt) => {
      const { stripePaymentIntentId } = attempt;
      return stripePaymentIntentId === null ? [] : [{ ...attempt, stripePaymentIntentId }];
    });
  }

  /** Counts what Stripe took back from an attempt's charge, with the ledger entry that takes it from the wallet. */
  async addReversal(
    tx: Tx,
    attemptId: string,
    change: { refundedMicros?: Micros; disputedMicros?: Micros; chargeId?: string | null },
  ): Promise<void> {
    await this.query(tx)
      .updateTable('reload_attempts')
      .set((eb) => ({
        refunded_micros: eb('refunded_micros', '+', change.refundedMicros ?? 0n),
        // Never below zero, even for a dispute debited before these counters existed.
        disputed_micros: eb.fn<bigint>('greatest', [eb('disputed_micros', '+', change.disputedMicros ?? 0n), eb.val(0n)]),
        stripe_charge_id: eb.fn.coalesce('stripe_charge_id', eb.val(change.chargeId ?? null)),
        updated_at: sql<Date>`now()`,
      }))
      .where('id', '=', attemptId)
      .execute();
  }

  /** Agencies with a non-skipped attempt created since then: whose Stripe intents reconciliation lists. */
  async agenciesWithAttemptsSince(since: Date): Promise<string[]> {
    const rows = await this.query()
      .selectFrom('reload_attempts')
      .select('agency_id')
      .distinct()
      .where('created_at', '>', since)
      .where('status', '<>', 'skipped')
      .execute();
    return rows.map((row) => row.agency_id);
  }

  /**
   * Takes a processing attempt for charging under `owner`'s lease: when nobody holds it, or its
   * holder let the lease run out. Undefined when the attempt is done or another process holds it.
   */
  async claimLease(id: string, owner: string, leaseSeconds: number): Promise<ReloadAttempt | undefined> {
    const row = await this.query()
      .updateTable('reload_attempts')
      .set({ lease_owner: owner, lease_expires_at: secondsFromNow(leaseSeconds) })
      .where('id', '=', id)
      .where('status', '=', 'processing')
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<', sql<Date>`now()`)]))
      .returningAll()
      .executeTakeFirst();
    return row && toAttempt(row);
  }

  async renewLease(id: string, owner: string, leaseSeconds: number): Promise<void> {
    await this.query()
      .updateTable('reload_attempts')
      .set({ lease_expires_at: secondsFromNow(leaseSeconds) })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /**
   * Lets go of the lease. `unattendedAfterSeconds` is how long the attempt may then wait for its
   * next try (a job's backoff) before workers count it as unattended and take it over.
   */
  async releaseLease(id: string, owner: string, unattendedAfterSeconds: number): Promise<void> {
    await this.query()
      .updateTable('reload_attempts')
      .set({ lease_owner: null, lease_expires_at: secondsFromNow(unattendedAfterSeconds) })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /**
   * Processing attempts nobody is attending to: their holder's lease ran out (it died), or no one
   * claimed them in time (a job lost, or never added because the process died after the commit).
   * Each is handed to one caller per lease: the deadline moves on and `takeovers` counts it.
   */
  async takeOverUnattended(leaseSeconds: number, limit: number): Promise<{ id: string; takeovers: number }[]> {
    return this.query()
      .updateTable('reload_attempts')
      .set((eb) => ({ lease_owner: null, lease_expires_at: secondsFromNow(leaseSeconds), takeovers: eb('takeovers', '+', 1) }))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('reload_attempts')
          .select('id')
          .where('status', '=', 'processing')
          .where(sql<Date>`coalesce(lease_expires_at, created_at + make_interval(secs => ${leaseSeconds}))`, '<', sql<Date>`now()`)
          .orderBy('created_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'takeovers'])
      .execute();
  }

  async recordEvent(
    tx: Tx | undefined,
    attempt: Pick<ReloadAttempt, 'id' | 'agencyId'>,
    kind: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.query(tx).insertInto('reload_attempt_events').values({ attempt_id: attempt.id, agency_id: attempt.agencyId, kind, detail }).execute();
  }
}

function secondsFromNow(seconds: number) {
  return sql<Date>`now() + make_interval(secs => ${seconds})`;
}
