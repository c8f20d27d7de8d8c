import { writeFileSync } from 'node:fs';
import { RELOAD_WAIT_ALLOWANCE_MS } from './checks';
import { startEnvironment } from './environment';
import { FAULT_KINDS, describeFault, faultSchedule } from './faults';
import { type RunResult, runOnce } from './run';

/**
 * `npm run chaos -- --runs N --seed S [--window-ms 15000] [--minutes M] [--json file]`, or `--replay SEED` for one
 * run with its fault schedule printed. Each run's seed is S, S+1, …; a failing run prints its seed.
 */
export interface ChaosOptions {
  runs: number;
  seed: number;
  windowMs: number;
  replay: boolean;
  json?: string;
  /** Starts no new run once this many minutes have passed (a long run on a shared machine). */
  minutes?: number;
  log?: (line: string) => void;
}

export interface ChaosSummary {
  runs: RunResult[];
  faults: Record<string, number>;
  checksPassed: number;
  checksRun: number;
  failedSeeds: number[];
  longestReloadWaitMs: number | null;
  longestReloadWaitBoundMs: number | null;
  durationMs: number;
}

export async function chaos(options: ChaosOptions): Promise<ChaosSummary> {
  const log = options.log ?? ((line: string) => console.log(line));
  const began = performance.now();
  const env = await startEnvironment({ log });
  const runs: RunResult[] = [];
  try {
    for (let i = 0; i < options.runs; i++) {
      if (options.minutes !== undefined && performance.now() - began > options.minutes * 60_000) {
        log(`Stopping after ${i} runs: the ${options.minutes} minutes are up`);
        break;
      }
      const seed = options.seed + i;
      if (options.replay) {
        log(`Fault schedule of seed ${seed} (ms after the workload starts):`);
        for (const fault of faultSchedule(seed, options.windowMs)) log(`  ${describeFault(fault)}`);
      }
      log(`Run ${i + 1}/${options.runs}, seed ${seed}`);
      const result = await runOnce(env, { seed, windowMs: options.windowMs, log }).catch((error: unknown): RunResult => ({
        seed,
        schedule: faultSchedule(seed, options.windowMs),
        faults: {},
        checks: [{ name: 'the run completed', passed: false, detail: String((error as Error).stack ?? error) }],
        passed: false,
        figures: {
          calls: 0,
          acknowledgedSettles: 0,
          stripeSuccesses: 0,
          bankDebits: 0,
          emails: 0,
          emailResends: 0,
          webhookEvents: 0,
          webhookRedeliveries: 0,
          serverErrors: 0,
          longestReloadWaitMs: null,
          reloadWaitBoundMs: null,
          durationMs: 0,
        },
      }));
      runs.push(result);
      printRun(result, log);
      if (options.json) writeFileSync(options.json, JSON.stringify(summarize(runs, began), null, 2));
    }
  } finally {
    await env.close();
  }
  const summary = summarize(runs, began);
  printSummary(summary, log);
  if (options.json) writeFileSync(options.json, JSON.stringify(summary, null, 2));
  return summary;
}

function summarize(runs: RunResult[], began: number): ChaosSummary {
  const faults: Record<string, number> = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0]));
  for (const run of runs) for (const [kind, count] of Object.entries(run.faults)) faults[kind] = (faults[kind] ?? 0) + count;
  let longest: RunResult | undefined;
  for (const run of runs)
    if (run.figures.longestReloadWaitMs !== null && (longest === undefined || run.figures.longestReloadWaitMs > longest.figures.longestReloadWaitMs!))
      longest = run;
  return {
    runs,
    faults,
    checksPassed: runs.reduce((sum, run) => sum + run.checks.filter((check) => check.passed).length, 0),
    checksRun: runs.reduce((sum, run) => sum + run.checks.length, 0),
    failedSeeds: runs.filter((run) => !run.passed).map((run) => run.seed),
    longestReloadWaitMs: longest?.figures.longestReloadWaitMs ?? null,
    longestReloadWaitBoundMs: longest?.figures.reloadWaitBoundMs ?? null,
    durationMs: Math.round(performance.now() - began),
  };
}

function printRun(result: RunResult, log: (line: string) => void): void {
  const faults = Object.entries(result.faults)
    .map(([kind, count]) => `${kind}×${count}`)
    .join(', ');
  const phases = result.figures.phasesMs;
  const spent = phases
    ? ` (${Object.entries(phases)
        .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)}`)
        .join(', ')})`
    : '';
  log(
    `  seed ${result.seed}: ${result.passed ? 'PASS' : 'FAIL'} in ${(result.figures.durationMs / 1000).toFixed(1)} s${spent}; faults: ${faults || 'none'}`,
  );
  for (const check of result.checks) log(`    ${check.passed ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
  const wait = result.figures.longestReloadWaitMs;
  log(`    longest reload wait after a crash: ${wait === null ? '—' : describeWait(wait, result.figures.reloadWaitBoundMs!)}`);
  if (!result.passed) log(`    replay: npm run chaos -- --replay ${result.seed}`);
}

function printSummary(summary: ChaosSummary, log: (line: string) => void): void {
  const sum = (pick: (run: RunResult) => number) => summary.runs.reduce((total, run) => total + pick(run), 0);
  log('');
  log(`Fault injection: ${summary.runs.length} runs in ${(summary.durationMs / 1000).toFixed(0)} s`);
  log(
    `  faults: ${Object.entries(summary.faults)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ')}`,
  );
  log(`  checks passed: ${summary.checksPassed}/${summary.checksRun}; failed seeds: ${summary.failedSeeds.join(', ') || 'none'}`);
  log(
    `  calls ${sum((run) => run.figures.calls)}, acknowledged settles ${sum((run) => run.figures.acknowledgedSettles)}, Stripe successes ${sum((run) => run.figures.stripeSuccesses)} (bank debits ${sum((run) => run.figures.bankDebits)}), emails ${sum((run) => run.figures.emails)} (${sum((run) => run.figures.emailResends)} resent, same Message-ID), webhook events ${sum((run) => run.figures.webhookEvents)}`,
  );
  const wait = summary.longestReloadWaitMs;
  log(`  longest reload wait after a crash: ${wait === null ? '—' : describeWait(wait, summary.longestReloadWaitBoundMs!)}`);
}

/** The wait, its bound (the restart plus 15 s), and how much of it came after the crashed part served again. */
function describeWait(waitMs: number, boundMs: number): string {
  const restartMs = boundMs - RELOAD_WAIT_ALLOWANCE_MS;
  return `${(waitMs / 1000).toFixed(1)} s (restart ${(restartMs / 1000).toFixed(1)} s + ${(Math.max(0, waitMs - restartMs) / 1000).toFixed(1)} s; bound ${(boundMs / 1000).toFixed(1)} s)`;
}

function parseArgs(argv: string[]): ChaosOptions {
  const options: ChaosOptions = { runs: 1, seed: Date.now() % 100000, windowMs: 15_000, replay: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return next;
    };
    switch (argv[i]) {
      case '--runs':
        options.runs = Number(value());
        break;
      case '--seed':
        options.seed = Number(value());
        break;
      case '--replay':
        options.seed = Number(value());
        options.runs = 1;
        options.replay = true;
        break;
      case '--window-ms':
        options.windowMs = Number(value());
        break;
      case '--json':
        options.json = value();
        break;
      case '--minutes':
        options.minutes = Number(value());
        break;
      default:
        throw new Error(`Unknown option ${argv[i]} (use --runs N --seed S, --replay SEED, --window-ms MS, --minutes M, --json FILE)`);
    }
  }
  if (!Number.isInteger(options.runs) || options.runs < 1 || !Number.isInteger(options.seed)) throw new Error('--runs and --seed take whole numbers');
  return options;
}

if (require.main === module || process.argv[2]?.endsWith('chaos/main.ts')) {
  let options: ChaosOptions;
  try {
    options = parseArgs(process.argv.slice(3));
  } catch (error) {
    console.error(String(error));
    process.exit(2);
  }
  chaos(options).then(
    (summary) => process.exit(summary.failedSeeds.length ? 1 : 0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
