import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { ADMIN_KEY, type Environment } from './environment';
import { CRASHES, type FaultKind, type ScheduledFault, faultSchedule } from './faults';
import { Random } from './random';
import { type CheckResult, runChecks } from './checks';

export interface RunOptions {
  seed: number;
  /** How long the workload runs with faults (ms). */
  windowMs: number;
  log: (line: string) => void;
}

export interface Answer {
  status: number;
  // The service's JSON as received: the checks read it field by field, as a client would.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the line above
  body: any;
}

export interface AgencyUnderTest {
  id: string;
  walletId: string;
  ownerKey: string;
  profile: 'card' | 'capped' | 'bank';
  subteams: { id: string; key: string }[];
  threshold: number;
  dailyCapMicros: bigint | null;
}

export interface CallRecord {
  callId: string;
  agency: AgencyUnderTest;
  key: string;
  amount: string;
  cost: string;
  /** Planned to be released instead of settled. */
  release: boolean;
  /** What the last answer said: undefined while unknown (no answer, or 503). */
  authorized?: boolean;
  settled?: { charged: string };
  released?: boolean;
  /** Every answer, in order (`authorize 201`, `settle 0`, …): what a failing run prints for a call left open. */
  answers: string[];
}

export interface SupportAction {
  kind: 'adjustment' | 'retry';
  agencyId: string;
  key: string;
  attemptId?: string;
  amount?: string;
  acknowledged: boolean;
  replayed: boolean;
}

export interface CrashRecord {
  at: number;
  kind: FaultKind;
  target: string;
  /** ms until the process (or dependency) served again. */
  restartMs: number;
}

export interface WalletSample {
  at: number;
  available: Map<string, bigint>;
}

export interface RunResult {
  seed: number;
  schedule: ScheduledFault[];
  faults: Record<string, number>;
  checks: CheckResult[];
  passed: boolean;
  figures: {
    calls: number;
    acknowledgedSettles: number;
    stripeSuccesses: number;
    /** Of those, bank debits (a reload or top-up by ACH that settled). */
    bankDebits: number;
    emails: number;
    emailResends: number;
    webhookEvents: number;
    webhookRedeliveries: number;
    serverErrors: number;
    longestReloadWaitMs: number | null;
    reloadWaitBoundMs: number | null;
    durationMs: number;
    /** Where the run's time went (ms): setting up, the workload under faults, recovery, waiting for quiet, the checks. */
    phasesMs?: Record<'setup' | 'workload' | 'recovery' | 'quiet' | 'checks', number>;
  };
}

/** One seeded run: setup, a workload under faults, recovery, then every check. */
export async function runOnce(env: Environment, options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const random = new Random(options.seed);
  const workRandom = random.fork(1);
  const schedule = faultSchedule(options.seed, options.windowMs);
  const http = new Http(env);
  const agencies = await setUp(env, http, options.seed, workRandom);
  const marks = [performance.now()];
  const runAgencyIds = agencies.map((agency) => agency.id);

  const calls: CallRecord[] = [];
  const support: SupportAction[] = [];
  const topUps: { agencyId: string; key: string; acknowledged: boolean }[] = [];
  const crashes: CrashRecord[] = [];
  const samples: WalletSample[] = [];
  const inFlightViolations: string[] = [];
  const faultCounts: Record<string, number> = {};
  let t0 = performance.now();
  const now = () => performance.now() - t0;

  // Sampling: the available balance of every wallet, and how many reloads each has in flight.
  const db = await env.db();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      try {
        const at = now();
        const rows = await db.query<{ agency_id: string; available: string; in_flight: string }>(
          `select w.agency_id, w.balance_micros - w.held_micros as available,
                  (select count(*) from reload_attempts a where a.wallet_id = w.id and a.status in ('processing', 'pending_clearance') and a.trigger <> 'manual') as in_flight
             from wallets w where w.agency_id = any($1)`,
          [runAgencyIds],
        );
        samples.push({ at, available: new Map(rows.rows.map((row) => [row.agency_id, BigInt(row.available)])) });
        for (const row of rows.rows)
          if (Number(row.in_flight) > 1) inFlightViolations.push(`${row.agency_id}: ${row.in_flight} in flight at ${Math.round(at)} ms`);
      } catch {
        // PostgreSQL down: no sample.
      }
      await sleep(200);
    }
  })();

  // The workload.
  t0 = performance.now();
  let working = true;
  const callLoops = Array.from({ length: 8 }, (_, index) => callLoop(index));
  async function callLoop(index: number) {
    const loopRandom = workRandom.fork(100 + index);
    let n = 0;
    while (working) {
      const agency = loopRandom.pick(agencies);
      const subteam = loopRandom.pick(agency.subteams);
      const amountCents = loopRandom.int(50, 300);
      const costCents = loopRandom.int(0, amountCents);
      const call: CallRecord = {
        callId: `s${options.seed}-c${index}-${++n}`,
        agency,
        key: subteam.key,
        amount: cents(amountCents),
        cost: cents(costCents),
        release: loopRandom.chance(0.08),
        answers: [],
      };
      calls.push(call);
      await driveCall(http, call);
      await sleep(loopRandom.int(20, 120));
    }
  }

  const actions = (async () => {
    const actionRandom = workRandom.fork(7);
    let n = 0;
    while (working) {
      await sleep(actionRandom.int(400, 1500));
      if (!working) break;
      const roll = actionRandom.next();
      const agency = actionRandom.pick(agencies);
      try {
        if (roll < 0.2) {
          // A top-up, sometimes sent twice (a double click) under one key.
          const key = `s${options.seed}-topup-${++n}`;
          const entry = { agencyId: agency.id, key, acknowledged: false };
          topUps.push(entry);
          const send = () => http.post(`/v1/agencies/${agency.id}/wallet/top-ups`, agency.ownerKey, { amount: '10.00' }, { 'Idempotency-Key': key });
          const answers = await Promise.all(actionRandom.chance(0.3) ? [send(), send()] : [send()]);
          entry.acknowledged = answers.some((answer) => answer.status === 201);
        } else if (roll < 0.4) {
          // A support adjustment, sometimes retried under the same key.
          const key = `s${options.seed}-adj-${++n}`;
          const amount = actionRandom.chance(0.7) ? cents(actionRandom.int(100, 1500)) : `-${cents(actionRandom.int(100, 500))}`;
          const action: SupportAction = { kind: 'adjustment', agencyId: agency.id, key, amount, acknowledged: false, replayed: false };
          support.push(action);
          for (let tries = actionRandom.chance(0.3) ? 2 : 1; tries > 0; tries--) {
            const answer = await http.post(
              `/v1/support/agencies/${agency.id}/adjustments`,
              ADMIN_KEY,
              { amount, reason: 'Chaos adjustment' },
              { 'Idempotency-Key': key },
            );
            if (answer.status === 201) action.acknowledged = true;
          }
        } else if (roll < 0.55) {
          // Support retries a failed reload (the capped agency's primary card declines).
          const failed = await db
            .query<{ id: string; agency_id: string }>(
              `select id, agency_id from reload_attempts where agency_id = any($1) and status = 'failed' order by random() limit 1`,
              [runAgencyIds],
            )
            .catch(() => undefined);
          const attempt = failed?.rows[0];
          if (attempt) {
            const key = `s${options.seed}-retry-${++n}`;
            const action: SupportAction = {
              kind: 'retry',
              agencyId: attempt.agency_id,
              key,
              attemptId: attempt.id,
              acknowledged: false,
              replayed: false,
            };
            support.push(action);
            const answer = await http.post(
              `/v1/support/agencies/${attempt.agency_id}/reload-attempts/${attempt.id}/retry`,
              ADMIN_KEY,
              {},
              { 'Idempotency-Key': key },
            );
            action.acknowledged = answer.status === 201;
          }
        } else if (roll < 0.7) {
          // A refund or a dispute of a card reload (never both on one charge).
          const intents = env.stripe
            .paymentIntents()
            .filter(
              (pi) => runAgencyIds.includes(pi.metadata?.agencyId ?? '') && pi.status === 'succeeded' && pi.payment_method_types?.includes('card'),
            );
          const touched = new Set([...env.stripe.refunds().map((r) => r.payment_intent), ...env.stripe.disputes().map((d) => d.payment_intent)]);
          const candidates = intents.filter((pi) => !touched.has(pi.id));
          if (candidates.length) {
            const pi = actionRandom.pick(candidates);
            if (actionRandom.chance(0.6)) env.stripe.refund(pi.id, actionRandom.chance(0.5) ? Math.floor(pi.amount / 2) : undefined);
            else env.stripe.createDispute(pi.id);
          }
        } else if (roll < 0.85) {
          // Stripe resends an event we already had (a duplicate).
          const events = env.stripe.events().filter((event) => JSON.stringify(event.data).includes(agency.id));
          if (events.length) void env.stripe.deliverEvent(actionRandom.pick(events).id).catch(() => undefined);
        } else {
          // Stripe holds its webhooks a moment, then sends them out of order (and again in order).
          env.stripe.pauseWebhooks();
          await sleep(actionRandom.int(500, 2500));
          const held = actionRandom.shuffle(env.stripe.heldWebhookEvents().slice());
          for (const event of held) await env.stripe.deliverEvent(event.id).catch(() => undefined);
          env.stripe.resumeWebhooks();
        }
      } catch (error) {
        options.log(`  action failed: ${String(error)}`);
      }
    }
  })();

  // Bank debits settle a few seconds after they start, as ACH does (faster).
  const bank = (async () => {
    const seen = new Map<string, number>();
    while (working) {
      for (const pi of env.stripe.paymentIntents()) {
        if (pi.status !== 'processing' || !runAgencyIds.includes(pi.metadata?.agencyId ?? '')) continue;
        if (!seen.has(pi.id)) seen.set(pi.id, now() + workRandom.int(1000, 4000));
        else if (now() >= seen.get(pi.id)!) env.stripe.settleBankDebit(pi.id, 'succeeded');
      }
      await sleep(250);
    }
  })();

  // The faults, at their moments.
  const restarts: Promise<void>[] = [];
  const faultsDone = (async () => {
    for (const fault of schedule) {
      const wait = fault.at - now();
      if (wait > 0) await sleep(wait);
      faultCounts[fault.kind] = (faultCounts[fault.kind] ?? 0) + 1;
      // Never awaited here: an outage or a restart runs its course while the next fault lands.
      restarts.push(
        inject(env, fault, now, crashes, restarts, options.log).catch((error: unknown) =>
          options.log(`  fault ${fault.kind} failed: ${String(error)}`),
        ),
      );
    }
  })();

  await sleep(options.windowMs);
  await faultsDone;
  working = false;
  await Promise.all([...callLoops, actions, bank]);
  marks.push(performance.now());

  // Recovery: every dependency and process up, faults cleared, unanswered requests retried.
  env.stripe.clearFaults();
  env.smtp.failNext(0);
  // A fault may add a restart while we wait for the others.
  for (let settled = 0; settled < restarts.length; settled = restarts.length) await Promise.all(restarts);
  await ensureAllUp(env, crashes, now, options.log);
  // Each call is its own client: they retry side by side, as dialers would.
  const unresolved = calls.filter((call) => !(call.authorized === false || call.settled || call.released));
  await Promise.all(
    Array.from({ length: RESOLVING_CLIENTS }, async () => {
      for (let call = unresolved.shift(); call; call = unresolved.shift()) await resolveCall(http, call);
    }),
  );
  for (const topUp of topUps.filter((entry) => !entry.acknowledged)) {
    const agency = agencies.find((candidate) => candidate.id === topUp.agencyId)!;
    for (let tries = 0; tries < 20 && !topUp.acknowledged; tries++) {
      const answer = await http.post(
        `/v1/agencies/${agency.id}/wallet/top-ups`,
        agency.ownerKey,
        { amount: '10.00' },
        { 'Idempotency-Key': topUp.key },
      );
      topUp.acknowledged = answer.status === 201 || answer.status === 402;
      if (!topUp.acknowledged) await sleep(500);
    }
  }
  for (const action of support.filter((entry) => entry.kind === 'adjustment' && !entry.acknowledged)) {
    for (let tries = 0; tries < 20 && !action.acknowledged; tries++) {
      const answer = await http.post(
        `/v1/support/agencies/${action.agencyId}/adjustments`,
        ADMIN_KEY,
        { amount: action.amount, reason: 'Chaos adjustment' },
        { 'Idempotency-Key': action.key },
      );
      action.acknowledged = answer.status === 201;
      if (!action.acknowledged) await sleep(500);
    }
  }
  env.stripe.resumeWebhooks();
  marks.push(performance.now());
  const quiet = await waitForQuiet(env, db, runAgencyIds, now, options.log);
  if (!quiet.reached) {
    const open = await db
      .query<{ call_id: string }>(
        `select h.call_id from holds h join wallets w on w.id = h.wallet_id where w.agency_id = any($1) and h.status = 'open'`,
        [runAgencyIds],
      )
      .catch(() => ({ rows: [] as { call_id: string }[] }));
    for (const { call_id } of open.rows)
      options.log(
        `    hold open for ${call_id}: ${calls.find((call) => call.callId === call_id)?.answers.join(', ') ?? 'not a call of the workload'}`,
      );
  }
  sampling = false;
  await sampler;
  marks.push(performance.now());

  const result = await runChecks({
    env,
    db,
    seed: options.seed,
    agencies,
    calls,
    support,
    topUps,
    crashes,
    samples,
    inFlightViolations,
    quiet,
    serverErrors: http.serverErrors,
    schedule,
  });
  await db.end().catch(() => undefined);
  marks.push(performance.now());
  const [setupEnd, workloadEnd, recoveryEnd, quietEnd, checksEnd] = marks;
  const phasesMs = {
    setup: Math.round(setupEnd - started),
    workload: Math.round(workloadEnd - setupEnd),
    recovery: Math.round(recoveryEnd - workloadEnd),
    quiet: Math.round(quietEnd - recoveryEnd),
    checks: Math.round(checksEnd - quietEnd),
  };
  return {
    seed: options.seed,
    schedule,
    faults: faultCounts,
    checks: result.checks,
    passed: result.checks.every((check) => check.passed),
    figures: {
      ...result.figures,
      calls: calls.length,
      serverErrors: http.serverErrors.length,
      durationMs: Math.round(performance.now() - started),
      phasesMs,
    },
  };
}

const cents = (value: number) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;

/** Four agencies: two on a card without a cap, one whose first card declines (with a daily cap), one on a bank account. */
async function setUp(env: Environment, http: Http, seed: number, random: Random): Promise<AgencyUnderTest[]> {
  const profiles: AgencyUnderTest['profile'][] = ['card', 'card', 'capped', 'bank'];
  const agencies: AgencyUnderTest[] = [];
  for (const [index, profile] of profiles.entries()) {
    const created = await http.must(
      'POST',
      '/v1/agencies',
      ADMIN_KEY,
      { name: `Chaos ${seed}-${index}`, ownerEmail: `owner-${seed}-${index}@chaos.test` },
      201,
    );
    const agency: AgencyUnderTest = {
      id: created.body.id,
      walletId: created.body.walletId,
      ownerKey: created.body.apiKey,
      profile,
      subteams: [],
      threshold: 15,
      dailyCapMicros: profile === 'capped' ? 60_000_000n : null,
    };
    const base = `/v1/agencies/${agency.id}`;
    for (let s = 0; s < 3; s++) {
      const subteam = await http.must('POST', `${base}/subteams`, agency.ownerKey, { name: `Subteam ${s}` }, 201);
      agency.subteams.push({ id: subteam.body.id, key: subteam.body.apiKey });
    }
    if (profile === 'bank') {
      // A bank account (with its mandate) can only be saved through a Checkout Session in setup mode:
      // the owner picks the test account on Stripe's hosted page and comes back.
      const session = await http.must('POST', `${base}/payment-methods/setup-sessions`, agency.ownerKey, {}, 201);
      env.stripe.completeCheckoutSession(session.body.id, 'pm_usBankAccount_success');
      const saved = await http.must('POST', `${base}/payment-methods/setup-sessions/${session.body.id}/complete`, agency.ownerKey, {}, 200);
      if (saved.body.type !== 'us_bank_account') throw new Error(`the bank agency saved a ${saved.body.type}`);
    } else {
      const methods = profile === 'capped' ? ['pm_card_chargeCustomerFail', 'pm_card_visa'] : ['pm_card_visa'];
      for (const method of methods) await http.must('POST', `${base}/payment-methods`, agency.ownerKey, { stripePaymentMethodId: method }, 201);
    }
    await http.must('PUT', `${base}/webhook-endpoint`, agency.ownerKey, { url: env.receiver.url, enabled: true }, 200);
    await http.must('PUT', `${base}/billing-settings/low-balance-alert`, agency.ownerKey, { enabled: true, threshold: '18.00' }, 200);
    await http.must(
      'POST',
      `/v1/support/agencies/${agency.id}/adjustments`,
      ADMIN_KEY,
      { amount: profile === 'bank' ? '30.00' : `${random.int(16, 19)}.00`, reason: 'Chaos opening balance' },
      201,
      { 'Idempotency-Key': `s${seed}-open-${index}` },
    );
    await http.must(
      'PUT',
      `${base}/billing-settings/auto-reload`,
      agency.ownerKey,
      { enabled: true, threshold: '15.00', amount: '25.00', ...(agency.dailyCapMicros ? { dailyCap: '60.00' } : {}) },
      200,
    );
    agencies.push(agency);
  }
  return agencies;
}

/** Authorize then settle (or release) one call; an unanswered step stays unknown for recovery. */
async function driveCall(http: Http, call: CallRecord): Promise<void> {
  const authorized = await http.post('/v1/calls/authorize', call.key, { callId: call.callId, amount: call.amount });
  call.answers.push(`authorize ${authorized.status}`);
  if (authorized.status === 201) call.authorized = true;
  else if (authorized.status >= 400 && authorized.status < 500) call.authorized = false;
  if (!call.authorized) return;
  if (call.release) {
    const released = await http.post(`/v1/calls/${call.callId}/release`, call.key, {});
    call.answers.push(`release ${released.status}`);
    if (released.status === 200) call.released = true;
    return;
  }
  const settled = await http.post(`/v1/calls/${call.callId}/settle`, call.key, { cost: call.cost });
  call.answers.push(`settle ${settled.status}`);
  if (settled.status === 200) call.settled = { charged: settled.body.charged };
}

/** Calls retried at once after the faults. */
const RESOLVING_CLIENTS = 16;

/**
 * After the faults: a client retries whatever it got no answer for, until it gets one. It waits
 * 250 ms before a retry when the service gave no answer (or a 5xx/429), 50 ms after a 4xx; a settle
 * follows its authorize at once.
 */
async function resolveCall(http: Http, call: CallRecord): Promise<void> {
  for (let tries = 0; tries < 40; tries++) {
    if (call.authorized === false || call.settled || call.released) return;
    let answer: Answer;
    if (call.authorized === undefined) {
      answer = await http.post('/v1/calls/authorize', call.key, { callId: call.callId, amount: call.amount });
      call.answers.push(`authorize ${answer.status}${answer.status >= 400 ? ` ${answer.body?.error?.code ?? ''}` : ''}`);
      if (answer.status === 201) call.authorized = true;
      else if (answer.status >= 400 && answer.status < 500) call.authorized = false;
    } else if (call.release) {
      answer = await http.post(`/v1/calls/${call.callId}/release`, call.key, {});
      call.answers.push(`release ${answer.status}${answer.status >= 400 ? ` ${answer.body?.error?.code ?? ''}` : ''}`);
      if (answer.status === 200) call.released = true;
    } else {
      answer = await http.post(`/v1/calls/${call.callId}/settle`, call.key, { cost: call.cost });
      call.answers.push(`settle ${answer.status}${answer.status >= 400 ? ` ${answer.body?.error?.code ?? ''}` : ''}`);
      if (answer.status === 200) call.settled = { charged: answer.body.charged };
    }
    if (call.authorized === false || call.settled || call.released || answer.status === 201) continue;
    await sleep(answer.status === 0 || answer.status >= 500 || answer.status === 429 ? 250 : 50);
  }
}

/** Outages of one dependency run one after the other (never a stop of a server already stopped). */
const outages = { postgres: Promise.resolve(), redis: Promise.resolve() };

async function inject(
  env: Environment,
  fault: ScheduledFault,
  now: () => number,
  crashes: CrashRecord[],
  pending: Promise<void>[],
  log: (line: string) => void,
): Promise<void> {
  const at = now();
  const record = (target: string, restartMs: number) => crashes.push({ at, kind: fault.kind, target, restartMs });
  switch (fault.kind) {
    case 'kill_api':
    case 'kill_worker': {
      const slot = [...env.apis, ...env.workers].find((candidate) => candidate.name === fault.target)!;
      await slot.kill('SIGKILL');
      if (slot.kind === 'api' && env.webhookTarget === slot) {
        // The load balancer takes the dead process out of rotation a moment later.
        const other = env.apis.find((candidate) => candidate !== slot)!;
        setTimeout(() => env.pointWebhooksAt(other), 1000);
      }
      // Restarted in the background (a supervisor's job); the schedule goes on meanwhile.
      pending.push(
        slot.restart().then(() => {
          record(slot.name, now() - at);
          log(`  ${fault.kind} ${slot.name} at ${Math.round(at)} ms: serving again ${Math.round(now() - at)} ms later`);
        }),
      );
      return;
    }
    case 'postgres_restart':
    case 'postgres_kill': {
      // One outage at a time: a second one that lands during the first waits for it to end.
      await (outages.postgres = outages.postgres
        .catch(() => undefined)
        .then(async () => {
          await env.pg.stop(fault.kind === 'postgres_kill' ? 'immediate' : 'fast');
          await sleep(fault.durationMs ?? 1000);
          await env.pg.start();
        }));
      record('postgres', now() - at);
      return;
    }
    case 'redis_restart': {
      await (outages.redis = outages.redis
        .catch(() => undefined)
        .then(async () => {
          await env.redis.stop();
          await sleep(fault.durationMs ?? 1000);
          await env.redis.start();
        }));
      record('redis', now() - at);
      return;
    }
    case 'redis_flush':
      await env.redis.flush();
      record('redis', 0);
      return;
    case 'stripe_500':
      env.stripe.injectFaults({ kind: 'api_error', method: 'POST', path: '/v1/payment_intents', times: fault.times });
      return;
    case 'stripe_timeout':
      env.stripe.injectFaults({ kind: 'hang', method: 'POST', path: '/v1/payment_intents', times: fault.times });
      return;
    case 'stripe_drop':
      env.stripe.injectFaults({ kind: 'drop', method: 'POST', path: '/v1/payment_intents', times: fault.times, afterProcessing: true });
      return;
    case 'stripe_slow':
      env.stripe.injectFaults({ kind: 'delay', path: '/v1/', times: fault.times, delayMs: fault.durationMs, afterProcessing: true });
      return;
    case 'smtp_refusing':
      env.smtp.failNext(fault.times ?? 1);
      return;
    case 'agency_webhook_failing':
      env.receiver.failFor(fault.durationMs ?? 2000, 503);
      return;
  }
}

/** Whatever a fault left down is started again (a process that died at boot, say). */
async function ensureAllUp(env: Environment, crashes: CrashRecord[], now: () => number, log: (line: string) => void): Promise<void> {
  for (const slot of [...env.apis, ...env.workers]) {
    if (slot.up) continue;
    log(`  ${slot.name} was down after the faults; starting it`);
    const at = now();
    await slot.restart();
    crashes.push({ at, kind: slot.kind === 'api' ? 'kill_api' : 'kill_worker', target: slot.name, restartMs: now() - at });
  }
}

/** Looks a second apart with nothing in flight before a run is quiet (see waitForQuiet). */
const QUIET_LOOKS = 7;

export interface Quiet {
  reached: boolean;
  waitedMs: number;
  left: string[];
}

/**
 * Waits until nothing is left to do: no reload, email, webhook or bank debit in flight, after a
 * reconciliation tick, for seven looks a second apart: longer than the sweep and reconciliation
 * intervals (5 s), so work a sweep still finds (an evaluation a killed worker never ran, and the
 * cap email it sends) shows up before the checks read (seed 7301 read such an email mid-send).
 */
async function waitForQuiet(
  env: Environment,
  db: import('pg').Pool,
  agencyIds: string[],
  now: () => number,
  log: (line: string) => void,
): Promise<Quiet> {
  const began = performance.now();
  let calm = 0;
  let left: string[] = [];
  // At least one reconciliation (every 5 s) and one sweep after the faults.
  await sleep(6000);
  while (performance.now() - began < 120_000) {
    for (const pi of env.stripe.paymentIntents()) {
      if (pi.status === 'processing' && agencyIds.includes(pi.metadata?.agencyId ?? '')) env.stripe.settleBankDebit(pi.id, 'succeeded');
    }
    try {
      const row = (
        await db.query<Record<string, string>>(
          `select
             (select count(*) from reload_attempts where agency_id = any($1) and status in ('processing', 'pending_clearance')) as attempts,
             (select count(*) from notifications where agency_id = any($1) and status in ('queued', 'sending')) as emails,
             (select count(*) from agency_webhook_deliveries where agency_id = any($1) and status in ('queued', 'sending')) as webhooks,
             (select count(*) from holds h join wallets w on w.id = h.wallet_id where w.agency_id = any($1) and h.status = 'open') as holds`,
          [agencyIds],
        )
      ).rows[0];
      left = Object.entries(row)
        .filter(([, count]) => Number(count) > 0)
        .map(([what, count]) => `${count} ${what}`);
      const webhooksBusy = env.stripe.heldWebhookEvents().length > 0;
      if (webhooksBusy) left.push(`${env.stripe.heldWebhookEvents().length} Stripe events held`);
      calm = left.length === 0 ? calm + 1 : 0;
      if (calm >= QUIET_LOOKS) return { reached: true, waitedMs: performance.now() - began, left: [] };
    } catch (error) {
      left = [`the database did not answer: ${String(error)}`];
      calm = 0;
    }
    await sleep(1000);
  }
  log(`  not quiet after 120 s: ${left.join(', ')} (at ${Math.round(now())} ms)`);
  for (const line of await describeStuckJobs(env, db, agencyIds).catch((error: unknown) => [`could not describe the stuck jobs: ${String(error)}`]))
    log(`    ${line}`);
  return { reached: false, waitedMs: performance.now() - began, left };
}

/** The client side: each request goes to a live API process, as a load balancer would send it. */
export class Http {
  readonly serverErrors: string[] = [];
  private next = 0;

  constructor(private readonly env: Environment) {}

  async request(method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const live = this.env.liveApis();
    if (!live.length) {
      await sleep(100);
      return { status: 0, body: null };
    }
    const base = live[this.next++ % live.length];
    try {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      if (res.status >= 500 && res.status !== 503) this.serverErrors.push(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
      return { status: res.status, body: parsed };
    } catch {
      return { status: 0, body: null };
    }
  }

  post(path: string, key: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return this.request('POST', path, key, body, headers);
  }

  /** Setup requests, made with every process up: retried a little, then they must give `status`. */
  async must(method: string, path: string, key: string, body: unknown, status: number, headers: Record<string, string> = {}): Promise<Answer> {
    let answer: Answer = { status: 0, body: null };
    for (let tries = 0; tries < 20; tries++) {
      answer = await this.request(method, path, key, body, headers);
      if (answer.status === status) return answer;
      if (answer.status !== 0 && answer.status !== 503) break;
      await sleep(300);
    }
    throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

export { CRASHES };

/** Where Bull holds each outbox row still unfinished: for a failing run's report (what was stuck, and who was listening). */
async function describeStuckJobs(env: Environment, db: import('pg').Pool, agencyIds: string[]): Promise<string[]> {
  const rows = (
    await db.query<{ queue: string; id: string; status: string }>(
      `select 'notifications' as queue, id::text, status from notifications where agency_id = any($1) and status in ('queued', 'sending')
       union all
       select 'agency-webhooks', id::text, status from agency_webhook_deliveries where agency_id = any($1) and status in ('queued', 'sending')`,
      [agencyIds],
    )
  ).rows;
  const redis = new Redis(env.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const lines: string[] = [];
    for (const row of rows) {
      const base = `chaos:${row.queue}`;
      const places: string[] = [];
      for (const list of ['wait', 'active', 'paused']) if ((await redis.lrange(`${base}:${list}`, 0, -1)).includes(row.id)) places.push(list);
      for (const set of ['delayed', 'completed', 'failed']) {
        const score = await redis.zscore(`${base}:${set}`, row.id);
        if (score !== null) places.push(set === 'delayed' ? `delayed until +${Math.round(Number(score) / 4096 - Date.now())} ms` : set);
      }
      const job = await redis.hgetall(`${base}:${row.id}`);
      const lock = await redis.exists(`${base}:${row.id}:lock`);
      lines.push(
        `${row.queue} ${row.id} (${row.status}): job ${Object.keys(job).length ? `attemptsMade ${job.attemptsMade ?? 0}` : 'absent'}, in ${places.join(', ') || 'no list'}${lock ? ', locked' : ''}`,
      );
    }
    for (const queue of ['notifications', 'agency-webhooks']) {
      lines.push(
        `${queue}: wait ${await redis.llen(`chaos:${queue}:wait`)}, active ${await redis.llen(`chaos:${queue}:active`)}, delayed ${await redis.zcard(`chaos:${queue}:delayed`)}`,
      );
    }
    const blocked = ((await redis.client('LIST')) as string).split('\n').filter((line) => /cmd=(brpoplpush|blmove)/.test(line)).length;
    lines.push(`clients blocked waiting for jobs: ${blocked}`);
    return lines;
  } finally {
    redis.disconnect();
  }
}
