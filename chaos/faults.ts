import { Random } from './random';

/** The faults a run injects, each at a seeded moment of its fault window. */
export const FAULT_KINDS = [
  'kill_api',
  'kill_worker',
  'postgres_restart',
  'postgres_kill',
  'redis_restart',
  'redis_flush',
  'stripe_500',
  'stripe_timeout',
  'stripe_drop',
  'stripe_slow',
  'smtp_refusing',
  'agency_webhook_failing',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface ScheduledFault {
  /** ms after the workload started. */
  at: number;
  kind: FaultKind;
  /** Which process (kills), how long (outages), how many requests (Stripe, SMTP, webhooks). */
  target?: string;
  durationMs?: number;
  times?: number;
}

/** Crash kinds count for the reload-wait figure (a process or a dependency died). */
export const CRASHES: ReadonlySet<FaultKind> = new Set([
  'kill_api',
  'kill_worker',
  'postgres_kill',
  'postgres_restart',
  'redis_restart',
  'redis_flush',
]);

/** Kills weigh more: they are what the recovery guarantees are about. */
const WEIGHTS: Record<FaultKind, number> = {
  kill_api: 3,
  kill_worker: 4,
  postgres_restart: 1,
  postgres_kill: 1,
  redis_restart: 1,
  redis_flush: 1,
  stripe_500: 2,
  stripe_timeout: 1,
  stripe_drop: 2,
  stripe_slow: 2,
  smtp_refusing: 2,
  agency_webhook_failing: 2,
};

/** The fault schedule of a seed: the same seed always gives the same one (`--replay` prints it). */
export function faultSchedule(seed: number, windowMs: number): ScheduledFault[] {
  const random = new Random(seed).fork(0xfa17);
  const count = random.int(4, 7);
  const total = Object.values(WEIGHTS).reduce((sum, weight) => sum + weight, 0);
  const faults: ScheduledFault[] = [];
  for (let i = 0; i < count; i++) {
    let roll = random.next() * total;
    const kind = FAULT_KINDS.find((candidate) => (roll -= WEIGHTS[candidate]) < 0) ?? 'kill_worker';
    const at = random.int(1000, Math.max(1500, windowMs - 3000));
    const fault: ScheduledFault = { at, kind };
    if (kind === 'kill_api') fault.target = random.pick(['api-1', 'api-2']);
    if (kind === 'kill_worker') fault.target = random.pick(['worker-1', 'worker-2']);
    if (kind === 'postgres_restart' || kind === 'postgres_kill' || kind === 'redis_restart') fault.durationMs = random.int(500, 3000);
    if (kind === 'stripe_500' || kind === 'stripe_drop') fault.times = random.int(1, 4);
    if (kind === 'stripe_timeout') fault.times = 1;
    if (kind === 'stripe_slow') {
      fault.times = random.int(1, 4);
      fault.durationMs = random.int(1000, 5000);
    }
    if (kind === 'smtp_refusing') fault.times = random.int(1, 4);
    if (kind === 'agency_webhook_failing') fault.durationMs = random.int(1000, 4000);
    faults.push(fault);
  }
  return faults.sort((a, b) => a.at - b.at);
}

export function describeFault(fault: ScheduledFault): string {
  const details = [
    fault.target,
    fault.durationMs !== undefined ? `${fault.durationMs} ms` : undefined,
    fault.times !== undefined ? `×${fault.times}` : undefined,
  ].filter(Boolean);
  return `${String(fault.at).padStart(6)} ms  ${fault.kind}${details.length ? ` (${details.join(', ')})` : ''}`;
}
