import type { Pool } from 'pg';
import { parseMoney } from '../src/database/money';
import type { Environment } from './environment';
import { CRASHES, type ScheduledFault } from './faults';
import type { AgencyUnderTest, CallRecord, CrashRecord, Quiet, SupportAction, WalletSample } from './run';

export interface CheckResult {
  name: string;
  passed: boolean;
  /** What was counted, and every problem found (the first few). */
  detail: string;
}

export interface CheckInput {
  env: Environment;
  db: Pool;
  seed: number;
  agencies: AgencyUnderTest[];
  calls: CallRecord[];
  support: SupportAction[];
  topUps: { agencyId: string; key: string; acknowledged: boolean }[];
  crashes: CrashRecord[];
  samples: WalletSample[];
  inFlightViolations: string[];
  quiet: Quiet;
  serverErrors: string[];
  schedule: ScheduledFault[];
}

/** The wait for a reload after a crash may be no longer than this plus the restart time. */
export const RELOAD_WAIT_ALLOWANCE_MS = 15_000;
/** Cents (Stripe's minor unit for USD) to micro-units. */
const MICROS_PER_CENT = 10_000n;

export async function runChecks(input: CheckInput) {
  const { db, env, agencies } = input;
  const agencyIds = agencies.map((agency) => agency.id);
  const walletIds = agencies.map((agency) => agency.walletId);
  const checks: CheckResult[] = [];
  const check = (name: string, problems: string[], counted: string) =>
    checks.push({
      name,
      passed: problems.length === 0,
      detail: problems.length ? `${counted}; ${problems.length} problem(s): ${problems.slice(0, 5).join(' | ')}` : counted,
    });

  // 1. The ledger.
  {
    const rows = (
      await db.query<Record<string, string>>(
        `select w.agency_id, w.balance_micros, w.held_micros, w.pending_micros,
                coalesce((select sum(amount_micros) from ledger_entries e where e.wallet_id = w.id), 0) as entries,
                (select balance_after_micros from ledger_entries e where e.wallet_id = w.id order by id desc limit 1) as last_after,
                coalesce((select sum(amount_micros) from holds h where h.wallet_id = w.id and h.status = 'open'), 0) as open_holds,
                coalesce((select sum(amount_micros) from reload_attempts a where a.wallet_id = w.id and a.status = 'pending_clearance'), 0) as pending_attempts
           from wallets w where w.id = any($1)`,
        [walletIds],
      )
    ).rows;
    const problems: string[] = [];
    for (const row of rows) {
      if (row.balance_micros !== row.entries) problems.push(`${row.agency_id}: balance ${row.balance_micros} ≠ Σ entries ${row.entries}`);
      if (row.last_after !== null && row.last_after !== row.balance_micros)
        problems.push(`${row.agency_id}: balance ${row.balance_micros} ≠ last balanceAfter ${row.last_after}`);
      if (row.held_micros !== row.open_holds) problems.push(`${row.agency_id}: held ${row.held_micros} ≠ Σ open holds ${row.open_holds}`);
      if (row.pending_micros !== row.pending_attempts)
        problems.push(`${row.agency_id}: pending ${row.pending_micros} ≠ Σ pending attempts ${row.pending_attempts}`);
    }
    check('balance = Σ entries, held = Σ open holds', problems, `${rows.length} wallets`);
  }

  // 2. Settles: acknowledged ones charged exactly once, the others at most once.
  let acknowledgedSettles = 0;
  {
    const usage = new Map<string, bigint[]>();
    for (const row of (
      await db.query<{ reference: string; amount_micros: string }>(
        `select reference, amount_micros from ledger_entries where wallet_id = any($1) and type = 'usage'`,
        [walletIds],
      )
    ).rows) {
      usage.set(row.reference, [...(usage.get(row.reference) ?? []), BigInt(row.amount_micros)]);
    }
    const problems: string[] = [];
    const known = new Set(input.calls.map((call) => call.callId));
    for (const call of input.calls) {
      const entries = usage.get(call.callId) ?? [];
      if (entries.length > 1) problems.push(`${call.callId} charged ${entries.length} times`);
      if (call.settled) {
        acknowledgedSettles++;
        const charged = parseMoney(call.settled.charged);
        if (charged > 0n && (entries.length !== 1 || entries[0] !== -charged))
          problems.push(`${call.callId} acknowledged ${call.settled.charged}, ledger has [${entries.join(', ')}]`);
      } else if (entries.length && (call.released || call.authorized === false)) {
        problems.push(`${call.callId} ${call.released ? 'released' : 'refused'} but charged`);
      } else if (!call.released && call.authorized !== false) {
        problems.push(`${call.callId} never got an answer`);
      }
    }
    for (const reference of usage.keys()) if (!known.has(reference)) problems.push(`usage ${reference} from no call`);
    check('acknowledged settles charged once, none twice', problems, `${input.calls.length} calls, ${acknowledgedSettles} acknowledged settles`);
  }

  // 3. Stripe successes and credits.
  const intents = env.stripe.paymentIntents().filter((pi) => agencyIds.includes(pi.metadata?.agencyId ?? ''));
  const succeeded = intents.filter((pi) => pi.status === 'succeeded');
  let bankDebits: number;
  const attempts = (
    await db.query<{
      id: string;
      agency_id: string;
      trigger: string;
      status: string;
      amount_micros: string;
      stripe_payment_intent_id: string | null;
      skip_reason: string | null;
      fallback_of: string | null;
    }>(
      `select id, agency_id, trigger, status, amount_micros, stripe_payment_intent_id, skip_reason, fallback_of from reload_attempts where agency_id = any($1)`,
      [agencyIds],
    )
  ).rows;
  {
    const credits = new Map<string, bigint[]>();
    for (const row of (
      await db.query<{ reference: string; amount_micros: string }>(
        `select reference, amount_micros from ledger_entries where wallet_id = any($1) and type in ('reload', 'top_up')`,
        [walletIds],
      )
    ).rows) {
      credits.set(row.reference, [...(credits.get(row.reference) ?? []), BigInt(row.amount_micros)]);
    }
    const problems: string[] = [];
    const perAttempt = new Map<string, number>();
    for (const pi of succeeded) {
      const entries = credits.get(pi.id) ?? [];
      if (entries.length !== 1 || entries[0] !== BigInt(pi.amount) * MICROS_PER_CENT)
        problems.push(`${pi.id} (${pi.amount}¢) credited [${entries.join(', ')}]`);
      const attemptId = pi.metadata?.attemptId ?? '';
      perAttempt.set(attemptId, (perAttempt.get(attemptId) ?? 0) + 1);
      const attempt = attempts.find((candidate) => candidate.id === attemptId);
      if (attempt?.status !== 'succeeded') problems.push(`${pi.id} succeeded, attempt ${attemptId} is ${attempt?.status ?? 'missing'}`);
    }
    for (const [attemptId, count] of perAttempt) if (count > 1) problems.push(`attempt ${attemptId} charged ${count} times`);
    const backed = new Set(succeeded.map((pi) => pi.id));
    for (const reference of credits.keys()) if (!backed.has(reference)) problems.push(`credit ${reference} has no Stripe success`);
    // What Stripe took back: every refund and dispute debited once, for its amount.
    const charges = env.stripe.charges().filter((charge) => intents.some((pi) => pi.id === charge.payment_intent));
    const reversals = (
      await db.query<{ type: string; reference: string; amount_micros: string }>(
        `select type, reference, amount_micros from ledger_entries where wallet_id = any($1) and type in ('refund', 'dispute')`,
        [walletIds],
      )
    ).rows;
    for (const charge of charges) {
      if (charge.amount_refunded > 0) {
        const debited = reversals
          .filter((row) => row.type === 'refund' && row.reference.startsWith(`refund:${charge.id}:`))
          .reduce((sum, row) => sum + BigInt(row.amount_micros), 0n);
        if (debited !== -BigInt(charge.amount_refunded) * MICROS_PER_CENT)
          problems.push(`${charge.id} refunded ${charge.amount_refunded}¢, wallet debited ${debited}`);
      }
    }
    bankDebits = charges.filter((charge) => charge.status === 'succeeded' && charge.payment_method_details?.type === 'us_bank_account').length;
    const disputes = env.stripe.disputes().filter((dispute) => intents.some((pi) => pi.id === dispute.payment_intent));
    for (const dispute of disputes) {
      const debited = reversals.filter((row) => row.type === 'dispute' && row.reference === dispute.id);
      if (debited.length !== 1 || BigInt(debited[0].amount_micros) !== -BigInt(dispute.amount) * MICROS_PER_CENT)
        problems.push(`${dispute.id} (${dispute.amount}¢) debited [${debited.map((row) => row.amount_micros).join(', ')}]`);
    }
    check(
      'every Stripe success credited once, every credit backed',
      problems,
      `${succeeded.length} successes (${bankDebits} bank debits), ${charges.filter((charge) => charge.amount_refunded > 0).length} refunded, ${disputes.length} disputed`,
    );
  }

  // 4. At most one reload in flight per wallet; no charge beyond a cap.
  {
    const problems = [...input.inFlightViolations];
    for (const agency of agencies) {
      const automatic = attempts.filter(
        (attempt) => attempt.agency_id === agency.id && (attempt.trigger === 'threshold' || attempt.trigger === 'sweep'),
      );
      const charged = automatic.filter(
        (attempt) => attempt.status === 'succeeded' || attempt.status === 'pending_clearance' || attempt.status === 'processing',
      );
      const total = charged.reduce((sum, attempt) => sum + BigInt(attempt.amount_micros), 0n);
      if (agency.dailyCapMicros !== null && total > agency.dailyCapMicros)
        problems.push(`${agency.id}: ${total} reloaded under a cap of ${agency.dailyCapMicros}`);
      if (charged.length > 10) problems.push(`${agency.id}: ${charged.length} automatic reloads in a day (limit 10)`);
    }
    check('one reload in flight per wallet, no charge beyond a cap', problems, `${input.samples.length} samples`);
  }

  // 5. Nothing left unfinished.
  {
    const problems = input.quiet.reached ? [] : [`still in flight: ${input.quiet.left.join(', ')}`];
    for (const attempt of attempts)
      if (attempt.status === 'processing' || attempt.status === 'pending_clearance') problems.push(`attempt ${attempt.id} ${attempt.status}`);
    check('no attempt left unfinished', problems, `${attempts.length} attempts, quiet after ${Math.round(input.quiet.waitedMs / 1000)} s`);
  }

  // 6. Emails: each the rules call for delivered, once by Message-ID.
  let emails = 0;
  let emailResends = 0;
  {
    const rows = (
      await db.query<{ id: string; template: string; status: string; message_id: string | null; dedupe_key: string | null }>(
        `select id, template, status, message_id, dedupe_key from notifications where agency_id = any($1) and channel = 'email'`,
        [agencyIds],
      )
    ).rows;
    const bare = (id: string | null | undefined) => (id ?? '').replace(/^<|>$/g, '');
    const copies = new Map<string, number>();
    for (const message of env.smtp.messages)
      if (agencyIds.includes(message.agencyId)) copies.set(bare(message.messageId), (copies.get(bare(message.messageId)) ?? 0) + 1);
    const problems: string[] = [];
    const rowIds = new Set<string>();
    for (const row of rows) {
      const messageId = bare(row.message_id);
      rowIds.add(messageId);
      const count = copies.get(messageId) ?? 0;
      if (row.status !== 'sent') problems.push(`${row.template} ${row.id} is ${row.status}`);
      else if (count === 0) problems.push(`${row.template} ${row.id} never arrived (${messageId})`);
      if (count > 2) problems.push(`${row.template} ${row.id} arrived ${count} times`);
      if (count > 0) emails++;
      if (count > 1) emailResends += count - 1;
    }
    for (const messageId of copies.keys()) if (!rowIds.has(messageId)) problems.push(`an email (${messageId}) no notification explains`);
    // One row per recipient: its key is the rule's key, then `:email:<address>`.
    const keys = new Set(rows.map((row) => row.dedupe_key?.replace(/:email:[^:]*$/, '') ?? null));
    for (const attempt of attempts) {
      if (attempt.status === 'succeeded' && !keys.has(`reload-succeeded:${attempt.id}`)) problems.push(`no reload-succeeded email for ${attempt.id}`);
    }
    for (const agency of agencies) {
      const capped = attempts.some((attempt) => attempt.agency_id === agency.id && attempt.skip_reason === 'daily_cap_reached');
      if (capped && ![...keys].some((key) => key?.startsWith(`cap-reached:${agency.id}:`))) problems.push(`no cap email for ${agency.id}`);
    }
    check(
      'every email the rules call for delivered once (by Message-ID)',
      problems,
      `${rows.length} emails${emailResends ? `, ${emailResends} resent with the same Message-ID` : ''}`,
    );
  }

  // 7. Agency webhooks: every event delivered at least once, under one event id.
  let webhookEvents = 0;
  let webhookRedeliveries = 0;
  {
    const rows = (
      await db.query<{ id: string; event_type: string; status: string; dedupe_key: string | null }>(
        `select id, event_type, status, dedupe_key from agency_webhook_deliveries where agency_id = any($1)`,
        [agencyIds],
      )
    ).rows;
    const received = env.receiver.received().filter((request) => agencyIds.includes(request.body.agencyId));
    const problems: string[] = [];
    const ids = new Set(rows.map((row) => row.id));
    for (const row of rows) {
      const deliveries = received.filter((request) => request.body.id === row.id);
      const accepted = deliveries.filter((request) => request.answered === 200).length;
      if (row.status !== 'delivered') problems.push(`${row.event_type} ${row.id} is ${row.status}`);
      if (accepted === 0) problems.push(`${row.event_type} ${row.id} never accepted`);
      webhookEvents++;
      webhookRedeliveries += Math.max(0, accepted - 1);
    }
    for (const request of received)
      if (!ids.has(request.body.id)) problems.push(`event ${request.body.id} (${request.body.type}) no delivery explains`);
    const idsPerSubject = new Map<string, Set<string>>();
    for (const request of received) {
      const subject = `${request.body.type}:${String(request.body.data?.attemptId ?? request.body.id)}`;
      idsPerSubject.set(subject, (idsPerSubject.get(subject) ?? new Set()).add(request.body.id));
    }
    for (const [subject, set] of idsPerSubject) if (set.size > 1) problems.push(`${subject} sent under ${set.size} event ids`);
    const keys = new Set(rows.map((row) => row.dedupe_key));
    for (const attempt of attempts) {
      if (attempt.status === 'succeeded' && !keys.has(`reload.succeeded:${attempt.id}`)) problems.push(`no reload.succeeded event for ${attempt.id}`);
      if (attempt.status === 'failed' && attempt.stripe_payment_intent_id && !keys.has(`reload.failed:${attempt.id}`))
        problems.push(`no reload.failed event for ${attempt.id}`);
    }
    check('every agency webhook event delivered, one event id each', problems, `${rows.length} events, ${received.length} requests`);
  }

  // 8. The audit log: every support action that moved or tried to move money.
  {
    const problems: string[] = [];
    const audited = (
      await db.query<{ action: string; target_id: string | null; reference: string | null; new_attempt: string | null }>(
        `select a.action, a.target_id, e.reference, a.after ->> 'newAttemptId' as new_attempt
           from audit_log a left join ledger_entries e on a.action = 'wallet.adjusted' and e.id::text = a.target_id
          where a.agency_id = any($1) and a.action in ('wallet.adjusted', 'reload.retried')`,
        [agencyIds],
      )
    ).rows;
    const adjustments = (
      await db.query<{ id: string; reference: string }>(
        `select id, reference from ledger_entries where wallet_id = any($1) and type = 'adjustment'`,
        [walletIds],
      )
    ).rows;
    for (const entry of adjustments) {
      const count = audited.filter((row) => row.action === 'wallet.adjusted' && row.reference === entry.reference).length;
      if (count !== 1) problems.push(`${entry.reference} audited ${count} times`);
    }
    for (const action of input.support) {
      if (action.kind === 'adjustment' && action.acknowledged && !adjustments.some((entry) => entry.reference === `adjustment:${action.key}`))
        problems.push(`adjustment ${action.key} acknowledged, not posted`);
      if (
        action.kind === 'retry' &&
        action.acknowledged &&
        !audited.some((row) => row.action === 'reload.retried' && row.target_id === action.attemptId)
      )
        problems.push(`retry of ${action.attemptId} not audited`);
    }
    for (const attempt of attempts) {
      // A fallback to the next method continues its attempt's episode: the retry that began it is the one audited.
      if (attempt.trigger === 'support_retry' && attempt.fallback_of === null && !audited.some((row) => row.new_attempt === attempt.id))
        problems.push(`support retry ${attempt.id} not audited`);
    }
    check(
      'audit log complete for support actions',
      problems,
      `${adjustments.length} adjustments, ${input.support.filter((action) => action.kind === 'retry').length} retries`,
    );
  }

  // 9. No answer was a 500 (an outage is a 503).
  check('no 5xx other than 503', input.serverErrors, `${input.serverErrors.length} server errors`);

  // 10. How long a wallet below its threshold waited for its reload after a crash.
  const wait = reloadWaits(input);
  check(
    'reload after a crash within 15 s + restart',
    wait.problems,
    wait.longestMs === null
      ? 'no wallet below its threshold after a crash'
      : `longest ${(wait.longestMs / 1000).toFixed(1)} s (bound ${(wait.boundMs! / 1000).toFixed(1)} s)`,
  );

  return {
    checks,
    figures: {
      acknowledgedSettles,
      stripeSuccesses: succeeded.length,
      bankDebits,
      emails,
      emailResends,
      webhookEvents,
      webhookRedeliveries,
      longestReloadWaitMs: wait.longestMs,
      reloadWaitBoundMs: wait.boundMs,
    },
  };
}

/**
 * Below-threshold periods of the wallets on a working card without a cap, from the samples; for
 * every crash, the periods open when it happened or begun while the crashed part restarted: the
 * wait is from the crash (or the dip) to the reload. A Stripe fault that holds a charge (a timeout
 * or a slow answer) within that wait excuses it from the bound, and is printed as such.
 */
function reloadWaits(input: CheckInput): { longestMs: number | null; boundMs: number | null; problems: string[] } {
  const problems: string[] = [];
  const end = input.samples.at(-1)?.at ?? 0;
  let longestMs: number | null = null;
  let boundMs: number | null = null;
  for (const agency of input.agencies.filter((candidate) => candidate.profile === 'card')) {
    const threshold = BigInt(agency.threshold) * 1_000_000n;
    const periods: { from: number; to: number }[] = [];
    let open: { from: number; to: number } | undefined;
    for (const sample of input.samples) {
      const available = sample.available.get(agency.id);
      if (available === undefined) continue;
      if (available < threshold && !open) open = { from: sample.at, to: end };
      if (available >= threshold && open) {
        open.to = sample.at;
        periods.push(open);
        open = undefined;
      }
    }
    if (open) periods.push(open);
    for (const crash of input.crashes) {
      if (!CRASHES.has(crash.kind)) continue;
      for (const period of periods) {
        if (period.to <= crash.at || period.from > crash.at + crash.restartMs) continue;
        const from = Math.max(period.from, crash.at);
        const waited = period.to - from;
        // Until everything that was down during this wait serves again: crashes overlap (a worker
        // killed, Redis flushed 30 ms later), and the wait is bounded by the last one back.
        const allUpAt = input.crashes
          .filter((other) => CRASHES.has(other.kind) && other.at <= period.to && other.at + other.restartMs >= from)
          .reduce((latest, other) => Math.max(latest, other.at + other.restartMs), crash.at + crash.restartMs);
        const bound = allUpAt - crash.at + RELOAD_WAIT_ALLOWANCE_MS;
        const excused = input.schedule.some(
          (fault) => (fault.kind === 'stripe_timeout' || fault.kind === 'stripe_slow') && fault.at <= period.to && fault.at >= from - 25_000,
        );
        if (excused) continue;
        if (longestMs === null || waited > longestMs) {
          longestMs = waited;
          boundMs = bound;
        }
        if (waited > bound)
          problems.push(
            `${agency.id} waited ${(waited / 1000).toFixed(1)} s after ${crash.kind} ${crash.target} at ${Math.round(crash.at)} ms (everything back ${((allUpAt - crash.at) / 1000).toFixed(1)} s later)`,
          );
      }
    }
  }
  return { longestMs, boundMs, problems };
}
