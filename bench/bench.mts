/**
 * `npm run bench`: the call path's throughput and latency on this machine, printed as a table.
 *
 * It starts the built service (ROLE=api) against a fresh database, measures
 *   1. the naive hot-row baseline with pgbench (one guarded UPDATE + one INSERT per transaction),
 *   2. the HTTP ceiling: the same server's rate on a trivial authenticated route (GET /v1/me),
 *   3. settled calls per second (authorize + settle) on ONE wallet, 64 clients over 8 subteams,
 *   4. the same over 1,000 wallets,
 *   5. settled calls per second on the ONE wallet again, the 64 clients sending batches
 *      (POST /v1/calls/batch: BENCH_BATCH_SIZE authorizes in one request, then their settles in another),
 *   6. a restart: the time from starting the service (ROLE=all, as `npm start` runs it, on the
 *      migrated database) to its first `GET /ready` 200, after the previous one was killed,
 * then checks the ledger invariant for every wallet and that every acknowledged settle is in the
 * ledger. It prints figures and ratios; it asserts no timings.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BalancedPool, type Dispatcher, Pool } from 'undici';
import pg from 'pg';

const ROOT = new URL('..', import.meta.url).pathname;
const PHASE_SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
/** Each phase first runs this long unmeasured: JIT, pools and the writer's known state warm up. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const SUBTEAMS = 8;
const WALLETS = Number(process.env.BENCH_WALLETS ?? 1000);
const PG_CLIENTS = 32;
/** Which measurements to run (all by default), e.g. BENCH_PHASES=single,many while profiling. */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'baseline,ceiling,single,many,batch,restart').split(','));
/** Calls per batch request in the batch phase (at most 100, the route's limit). */
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 10);
/** Restarts measured in the restart phase. */
const RESTARTS = 5;
const ADMIN_KEY = `aw_admin_bench_${randomUUID()}`;
const PG_BASE = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

type Latencies = Map<string, number[]>;

interface Phase {
  seconds: number;
  requests: number;
  settled: number;
  errors: Map<string, number>;
  latencies: Latencies;
  /** CPU seconds used during the measured window, per process group. */
  cpu?: CpuUse;
}

interface CpuUse {
  service: number;
  postgres: number;
  bench: number;
}

interface CpuSnapshot {
  service: number;
  /** Per PostgreSQL process: backends come and go during a phase. */
  postgres: Map<string, number>;
  bench: number;
}

/** API processes serving the bench (BENCH_PROCESSES, default 1): N processes on one PostgreSQL, requests spread evenly. */
const PROCESSES = Math.max(1, Number(process.env.BENCH_PROCESSES ?? 1));

/** The servers' pids, for their CPU use; set once they are started. */
let serverPids: number[] = [];

async function main(): Promise<void> {
  ensureBuilt();
  const database = `aw_bench_${Date.now()}`;
  const databaseUrl = withDatabase(PG_BASE, database);
  await admin(`create database ${database}`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const metricsPort = port + 1;
  const servers: ChildProcess[] = [];
  // The first process migrates the database; the others start on it.
  for (let i = 0; i < PROCESSES; i++) servers.push(await startServer(databaseUrl, port + 2 * i, metricsPort + 2 * i));
  serverPids = servers.map((started) => started.pid!);
  const origins = servers.map((_, i) => `http://127.0.0.1:${port + 2 * i}`);
  const http: Dispatcher =
    PROCESSES === 1
      ? new Pool(origins[0], { connections: CLIENTS + 8, pipelining: 1 })
      : new BalancedPool(origins, { connections: Math.ceil((CLIENTS + 8) / PROCESSES), pipelining: 1 });
  try {
    console.log(`Machine: ${machine()}${PROCESSES > 1 ? `; ${PROCESSES} API processes, requests spread evenly` : ''}`);
    console.log(`Phases of ${PHASE_SECONDS}s after ${WARMUP_SECONDS}s of warm-up, ${CLIENTS} clients; pgbench ${PG_CLIENTS} clients\n`);

    const baseline = PHASES.has('baseline') ? pgbenchBaseline(databaseUrl) : Number.NaN;
    console.log(`naive hot-row pgbench: ${baseline.toFixed(0)} debits/s`);

    const hot = await createAgency(http, SUBTEAMS, '1000000.00');
    const ceiling = !PHASES.has('ceiling')
      ? newPhase()
      : await runPhase(http, (client) => ({ name: 'me', path: '/v1/me', key: hot.subteamKeys[client % SUBTEAMS] }));
    const ceilingRate = ceiling.requests / ceiling.seconds;
    console.log(`HTTP ceiling (GET /v1/me): ${ceilingRate.toFixed(0)} req/s`);

    const single = PHASES.has('single')
      ? await runCalls(
          http,
          () => hot,
          (client) => client % SUBTEAMS,
        )
      : { ...newPhase(), acknowledged: 0 };
    console.log(`single wallet: ${(single.settled / single.seconds).toFixed(0)} settled calls/s`);

    const many = PHASES.has('many') ? await createAgencies(http, WALLETS) : [];
    const spread = PHASES.has('many')
      ? await runCalls(
          http,
          () => many[Math.floor(Math.random() * many.length)],
          () => 0,
        )
      : { ...newPhase(), acknowledged: 0 };
    console.log(`${WALLETS} wallets: ${(spread.settled / spread.seconds).toFixed(0)} settled calls/s`);

    const batched = PHASES.has('batch') ? await runBatches(http, hot) : { ...newPhase(), acknowledged: 0 };
    console.log(`single wallet, batches of ${BATCH_SIZE}: ${(batched.settled / batched.seconds).toFixed(0)} settled calls/s\n`);

    const restart = PHASES.has('restart') ? await measureRestarts(databaseUrl) : [];
    if (restart.length) console.log(`restart to ready: ${restart.map((r) => `${r.ms.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)} ms)`).join(', ')}\n`);

    const invariant = await checkLedger(databaseUrl, single.acknowledged + spread.acknowledged + batched.acknowledged);
    const batching = await batchFigures(metricsPort);
    printTable({ baseline, ceilingRate, ceiling, single, spread, batched, invariant, batching, restart });
  } finally {
    await http.close();
    for (const started of servers) {
      started.kill('SIGTERM');
      await new Promise((resolve) => started.once('exit', resolve));
    }
    if (!process.env.KEEP_BENCH_DATABASE) {
      await admin(`drop database if exists ${database} with (force)`);
      // The service connected as the least-privilege role it derives from the database's name.
      await admin(`drop role if exists ${database}_app`);
    }
  }
}

function ensureBuilt(): void {
  if (!existsSync(join(ROOT, 'dist/src/main.js')) || process.env.BENCH_BUILD !== '0') {
    execFileSync('npx', ['--no-install', 'nest', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_BASE });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function startServer(databaseUrl: string, port: number, metricsPort: number): Promise<ChildProcess> {
  const server = spawn(
    process.execPath,
    [...(process.env.SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), join(ROOT, 'dist/src/main.js')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ROLE: 'api',
        PORT: String(port),
        HOST: '127.0.0.1',
        METRICS_PORT: String(metricsPort),
        DATABASE_URL: databaseUrl,
        ADMIN_API_KEY: ADMIN_KEY,
        LOG_LEVEL: 'warn',
        STRIPE_SANDBOX: 'false',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/ready`);
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  server.kill('SIGKILL');
  throw new Error('The service did not become ready');
}

interface Restart {
  /** From the spawn to the first /ready 200. */
  ms: number;
  /** CPU the process used until then: steadier than the wall time on a shared machine. */
  cpuMs: number;
}

/**
 * How long a restart keeps the service away: `node dist/src/main.js` with ROLE=all (API and worker,
 * what `npm start` runs, minus its build check) on the migrated database, from the spawn to the
 * first `GET /ready` 200 (polled every 10 ms), then killed with SIGKILL as a crash would.
 */
async function measureRestarts(databaseUrl: string): Promise<Restart[]> {
  const times: Restart[] = [];
  for (let run = 0; run < RESTARTS; run++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const started = performance.now();
    const server = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        ROLE: 'all',
        PORT: String(port),
        HOST: '127.0.0.1',
        METRICS_PORT: String(port + 1),
        DATABASE_URL: databaseUrl,
        ADMIN_API_KEY: ADMIN_KEY,
        LOG_LEVEL: 'warn',
        STRIPE_SANDBOX: 'false',
        QUEUE_PREFIX: `aw-bench-restart-${process.pid}`,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    try {
      for (;;) {
        if (server.exitCode !== null) throw new Error('The service exited during a restart');
        if (performance.now() - started > 60_000) throw new Error('The service did not become ready within 60 s');
        const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
          (res) => res.ok,
          () => false,
        );
        if (ready) break;
        await sleep(10);
      }
      times.push({ ms: performance.now() - started, cpuMs: 1000 * cpuSecondsOf(server.pid!) });
    } finally {
      server.kill('SIGKILL');
      await new Promise((resolve) => (server.exitCode !== null || server.signalCode !== null ? resolve(null) : server.once('exit', resolve)));
    }
  }
  return times;
}

/** pgbench: each transaction debits the one hot wallet and inserts one ledger row. */
function pgbenchBaseline(databaseUrl: string): number {
  const psql = (sql: string) => execFileSync('psql', [databaseUrl, '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: 'pipe' });
  psql(`create table bench_wallet (id int primary key, balance bigint not null);
        create table bench_ledger (id bigserial primary key, wallet_id int not null references bench_wallet(id), amount bigint not null, created_at timestamptz not null default now());
        insert into bench_wallet values (1, 1000000000000000)`);
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-'));
  const script = join(dir, 'debit.sql');
  writeFileSync(
    script,
    `BEGIN;
UPDATE bench_wallet SET balance = balance - 300000 WHERE id = 1 AND balance >= 300000;
INSERT INTO bench_ledger (wallet_id, amount) VALUES (1, -300000);
COMMIT;
`,
  );
  const output = execFileSync(
    'pgbench',
    ['-n', '-c', String(PG_CLIENTS), '-j', '2', '-T', String(Math.min(PHASE_SECONDS, 10)), '-f', script, databaseUrl],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  psql('drop table bench_ledger; drop table bench_wallet');
  const match = /tps = ([\d.]+)/.exec(output);
  if (!match) throw new Error(`pgbench printed no tps:\n${output}`);
  return Number(match[1]);
}

interface BenchAgency {
  agencyId: string;
  ownerKey: string;
  subteamKeys: string[];
}

async function call(http: Dispatcher, method: 'GET' | 'POST', path: string, key: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await http.request({
    method,
    path,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : null };
}

async function createAgency(http: Dispatcher, subteams: number, funds: string): Promise<BenchAgency> {
  const agency = await call(http, 'POST', '/v1/agencies', ADMIN_KEY, { name: `Bench ${randomUUID()}`, ownerEmail: 'bench@agency.test' });
  if (agency.status !== 201) throw new Error(`create agency: ${agency.status} ${JSON.stringify(agency.body)}`);
  const subteamKeys: string[] = [];
  for (let i = 0; i < subteams; i++) {
    const subteam = await call(http, 'POST', `/v1/agencies/${agency.body.id}/subteams`, agency.body.apiKey, { name: `Team ${i}` });
    subteamKeys.push(subteam.body.apiKey);
  }
  await call(
    http,
    'POST',
    `/v1/support/agencies/${agency.body.id}/adjustments`,
    ADMIN_KEY,
    { amount: funds, reason: 'Benchmark funds' },
    { 'idempotency-key': randomUUID() },
  );
  return { agencyId: agency.body.id, ownerKey: agency.body.apiKey, subteamKeys };
}

async function createAgencies(http: Dispatcher, count: number): Promise<BenchAgency[]> {
  const agencies: BenchAgency[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        next++;
        agencies.push(await createAgency(http, 1, '100000.00'));
      }
    }),
  );
  return agencies;
}

interface CallsPhase extends Phase {
  acknowledged: number;
}

/** Each client loops authorize → settle with fresh call ids until the phase ends. */
async function runCalls(http: Dispatcher, pickAgency: () => BenchAgency, pickSubteam: (client: number) => number): Promise<CallsPhase> {
  const { phase, current, finish } = measuredWindow();
  let acknowledged = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let target = current(); target; target = current()) {
        const agency = pickAgency();
        const key = agency.subteamKeys[pickSubteam(client)];
        const callId = randomUUID();
        const auth = await timed(target, 'authorize', () => call(http, 'POST', '/v1/calls/authorize', key, { callId, amount: '0.30' }));
        if (auth.status !== 201) continue;
        const settle = await timed(target, 'settle', () => call(http, 'POST', `/v1/calls/${callId}/settle`, key, { cost: '0.30' }));
        if (settle.status === 200) {
          target.settled++;
          acknowledged++;
        }
      }
    }),
  );
  finish();
  return { ...phase, acknowledged };
}

interface BatchResult {
  status: number;
  body: { error?: { code: string } };
}

/**
 * Each client loops: one request authorizing BATCH_SIZE fresh calls on the one wallet, then one
 * settling those that were authorized. A refused operation is counted among the errors like a
 * refused request (`batch authorize 402 insufficient_funds`).
 */
async function runBatches(http: Dispatcher, agency: BenchAgency): Promise<CallsPhase> {
  const { phase, current, finish } = measuredWindow();
  let acknowledged = 0;
  const count = (target: Phase, name: string, results: BatchResult[]) => {
    for (const result of results.filter((result) => result.status >= 400)) {
      const code = `${name} ${result.status} ${result.body.error?.code ?? ''}`.trim();
      target.errors.set(code, (target.errors.get(code) ?? 0) + 1);
    }
  };
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const key = agency.subteamKeys[client % SUBTEAMS];
      for (let target = current(); target; target = current()) {
        const callIds = Array.from({ length: BATCH_SIZE }, () => randomUUID());
        const authorize = await timed(target, 'batch authorize', () =>
          call(http, 'POST', '/v1/calls/batch', key, { operations: callIds.map((callId) => ({ op: 'authorize', callId, amount: '0.30' })) }),
        );
        if (authorize.status !== 200) continue;
        const authorized: BatchResult[] = authorize.body.results;
        count(target, 'batch authorize', authorized);
        const held = callIds.filter((_, index) => authorized[index].status === 201);
        if (!held.length) continue;
        const settle = await timed(target, 'batch settle', () =>
          call(http, 'POST', '/v1/calls/batch', key, { operations: held.map((callId) => ({ op: 'settle', callId, cost: '0.30' })) }),
        );
        if (settle.status !== 200) continue;
        const settled: BatchResult[] = settle.body.results;
        count(target, 'batch settle', settled);
        const ok = settled.filter((result) => result.status === 200).length;
        target.settled += ok;
        acknowledged += ok;
      }
    }),
  );
  finish();
  return { ...phase, acknowledged };
}

async function runPhase(http: Dispatcher, request: (client: number) => { name: string; path: string; key: string }): Promise<Phase> {
  const { phase, current, finish } = measuredWindow();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const { name, path, key } = request(client);
      for (let target = current(); target; target = current()) await timed(target, name, () => call(http, 'GET', path, key));
    }),
  );
  finish();
  return phase;
}

/**
 * A warm-up of WARMUP_SECONDS whose requests count nowhere, then PHASE_SECONDS measured:
 * `current()` names where a request starting now is recorded, or null once the phase is over.
 */
function measuredWindow(): { phase: Phase; current: () => Phase | null; finish: () => void } {
  const phase = newPhase();
  const warmup = newPhase();
  const measureFrom = performance.now() + WARMUP_SECONDS * 1000;
  const deadline = measureFrom + PHASE_SECONDS * 1000;
  let cpuAtStart: CpuSnapshot | undefined;
  const timer = setTimeout(() => (cpuAtStart = cpuUse()), WARMUP_SECONDS * 1000);
  return {
    phase,
    current: () => {
      const now = performance.now();
      return now >= deadline ? null : now >= measureFrom ? phase : warmup;
    },
    finish: () => {
      clearTimeout(timer);
      phase.seconds = (performance.now() - measureFrom) / 1000;
      const end = cpuUse();
      if (cpuAtStart) {
        const start = cpuAtStart;
        let postgres = 0;
        for (const [pid, seconds] of end.postgres) postgres += seconds - (start.postgres.get(pid) ?? 0);
        phase.cpu = { service: end.service - start.service, postgres, bench: end.bench - start.bench };
      }
    },
  };
}

/** CPU seconds so far of the service, of each PostgreSQL process, and of this load generator. */
function cpuUse(): CpuSnapshot {
  const seconds = cpuSecondsOf;
  const postgres = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') postgres.set(pid, seconds(pid));
    } catch {
      // the process ended while we looked
    }
  }
  const own = process.cpuUsage();
  return { service: serverPids.reduce((sum, pid) => sum + seconds(pid), 0), postgres, bench: (own.user + own.system) / 1e6 };
}

/** CPU seconds a process has used so far (user + system). */
function cpuSecondsOf(pid: number | string): number {
  const ticks = 100; // USER_HZ on Linux
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime
}

function newPhase(): Phase {
  return { seconds: 0, requests: 0, settled: 0, errors: new Map(), latencies: new Map() };
}

async function timed<T extends { status: number; body: { error?: { code: string } } | null }>(
  phase: Phase,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  const start = performance.now();
  const result = await work();
  const elapsed = performance.now() - start;
  phase.requests++;
  if (!phase.latencies.has(name)) phase.latencies.set(name, []);
  phase.latencies.get(name)!.push(elapsed);
  if (result.status >= 400) {
    const code = `${name} ${result.status} ${result.body?.error?.code ?? ''}`.trim();
    phase.errors.set(code, (phase.errors.get(code) ?? 0) + 1);
  }
  return result;
}

interface LedgerCheck {
  wallets: number;
  broken: number;
  settleEntries: number;
  acknowledged: number;
}

async function checkLedger(databaseUrl: string, acknowledged: number): Promise<LedgerCheck> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const broken = await client.query(`
      select count(*)::int as n from wallets w
      where w.balance_micros <> (select coalesce(sum(amount_micros), 0) from ledger_entries e where e.wallet_id = w.id)
         or w.held_micros <> (select coalesce(sum(amount_micros), 0) from holds h where h.wallet_id = w.id and h.status = 'open')
         or w.balance_micros < 0`);
    const wallets = await client.query('select count(*)::int as n from wallets');
    const entries = await client.query(`select count(*)::int as n from ledger_entries where type = 'usage' and source = 'call'`);
    return { wallets: wallets.rows[0].n, broken: broken.rows[0].n, settleEntries: entries.rows[0].n, acknowledged };
  } finally {
    await client.end();
  }
}

/** Mean batch size and transaction time over the whole run, from the service's own metrics (on METRICS_PORT). */
async function batchFigures(metricsPort: number): Promise<string> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const size = metric('ledger_batch_size_sum') / metric('ledger_batch_size_count');
  const ms = (1000 * metric('ledger_batch_duration_seconds_sum')) / metric('ledger_batch_duration_seconds_count');
  const path = (name: string) => metric(`ledger_batches_total\\{path="${name}"\\}`) || 0;
  return `${size.toFixed(1)} operations, ${ms.toFixed(1)} ms; ${path('known')} known / ${path('known_refused')} refused / ${path('locked')} locked`;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function printTable(r: {
  baseline: number;
  ceilingRate: number;
  ceiling: Phase;
  single: CallsPhase;
  spread: CallsPhase;
  batched: CallsPhase;
  invariant: LedgerCheck;
  batching: string;
  restart: Restart[];
}): void {
  const singleRate = r.single.settled / r.single.seconds;
  const spreadRate = r.spread.settled / r.spread.seconds;
  const batchedRate = r.batched.settled / r.batched.seconds;
  const rows: [string, string][] = [
    ['naive hot-row baseline (pgbench, 32 clients)', `${r.baseline.toFixed(0)} debits/s`],
    ['HTTP ceiling (GET /v1/me)', `${r.ceilingRate.toFixed(0)} req/s`],
    ['settled calls/s, one wallet (64 clients, 8 subteams)', singleRate.toFixed(0)],
    [`settled calls/s, ${WALLETS} wallets`, spreadRate.toFixed(0)],
    ['ratio: one wallet / naive baseline (goal ≥ 5×)', `${(singleRate / r.baseline).toFixed(1)}×`],
    // Each call is two requests, so no call path can beat half the ceiling: the first ratio's bound here.
    ['  bound: HTTP ceiling ÷ 2 / naive baseline', `${(r.ceilingRate / 2 / r.baseline).toFixed(1)}×`],
    ['ratio: call requests / HTTP ceiling (goal ≥ 50%)', `${((100 * 2 * singleRate) / r.ceilingRate).toFixed(0)}%`],
    [`ratio: ${WALLETS} wallets / one wallet (goal ≥ 1.0)`, (spreadRate / singleRate).toFixed(2)],
    [`settled calls/s, one wallet, batches of ${BATCH_SIZE} (POST /v1/calls/batch)`, batchedRate.toFixed(0)],
    ['ratio: batched one wallet / naive baseline', `${(batchedRate / r.baseline).toFixed(1)}×`],
  ];
  const batchedLabel = `one wallet, batches of ${BATCH_SIZE}`;
  for (const [label, phase] of [
    ['one wallet', r.single],
    [`${WALLETS} wallets`, r.spread],
    [batchedLabel, r.batched],
  ] as const) {
    for (const [name, values] of phase.latencies) {
      const sorted = [...values].sort((a, b) => a - b);
      rows.push([`${name} latency, ${label} (p50 / p95 / p99)`, [50, 95, 99].map((p) => `${percentile(sorted, p).toFixed(1)} ms`).join(' / ')]);
    }
    for (const [code, count] of phase.errors) rows.push([`responses ${code}, ${label}`, String(count)]);
  }
  for (const [label, phase] of [
    ['HTTP ceiling', r.ceiling],
    ['one wallet', r.single],
    [`${WALLETS} wallets`, r.spread],
    [batchedLabel, r.batched],
  ] as const) {
    if (!phase.cpu || !phase.requests) continue;
    const share = (seconds: number) => `${((100 * seconds) / phase.seconds).toFixed(0)}%`;
    rows.push([
      `CPU, ${label}: service / PostgreSQL / load generator (% of a core); service per request`,
      `${share(phase.cpu.service)} / ${share(phase.cpu.postgres)} / ${share(phase.cpu.bench)}; ${((1e6 * phase.cpu.service) / phase.requests).toFixed(0)} µs`,
    ]);
  }
  if (r.restart.length) {
    const wall = r.restart.map((restart) => restart.ms).sort((a, b) => a - b);
    const cpu = r.restart.map((restart) => restart.cpuMs).sort((a, b) => a - b);
    rows.push([
      `restart: process start to GET /ready 200, ROLE=all (median of ${wall.length}, min–max; CPU used)`,
      `${percentile(wall, 50).toFixed(0)} ms (${wall[0].toFixed(0)}–${wall[wall.length - 1].toFixed(0)} ms); CPU ${percentile(cpu, 50).toFixed(0)} ms`,
    ]);
  }
  rows.push(
    [
      'wallets checked: balance = Σ entries, held = Σ open holds, never negative',
      `${r.invariant.wallets - r.invariant.broken} / ${r.invariant.wallets} hold`,
    ],
    ['acknowledged settles / settle entries in the ledger', `${r.invariant.acknowledged} / ${r.invariant.settleEntries}`],
    ['mean ledger batch (size, first statement to COMMIT; paths)', r.batching],
  );
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n'));
}

function machine(): string {
  const cpus = execFileSync('nproc', { encoding: 'utf8' }).trim();
  const model = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
  return `${cpus} cores (${model}), Node ${process.version}, PostgreSQL ${execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim().split(' ').pop()}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
