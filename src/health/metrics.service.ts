import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
/** A scrape must answer while Redis is away: counts it cannot read in time are left as they were. */
const QUEUE_COUNT_TIMEOUT_MS = 1000;

/** The Prometheus registry and the call path's instruments. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly batchSize = new Histogram({
    name: 'ledger_batch_size',
    help: 'Operations applied per ledger transaction',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [this.registry],
  });

  readonly batchDuration = new Histogram({
    name: 'ledger_batch_duration_seconds',
    help: 'Time to write one ledger batch, from its first statement to its commit',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  readonly ledgerBatches = new Counter({
    name: 'ledger_batches_total',
    help: 'Ledger writes by path: known (one guarded statement), known_refused (fell back), locked (lock, read, write)',
    labelNames: ['path'] as const,
    registers: [this.registry],
  });

  readonly queueDepth = new Gauge({
    name: 'ledger_queue_depth',
    help: 'Operations waiting for the ledger writer, all wallets of this process',
    registers: [this.registry],
  });

  readonly ledgerOps = new Counter({
    name: 'ledger_operations_total',
    help: 'Call-path operations by kind and outcome',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly watchedQueues = new Map<string, Queue>();

  /** Jobs waiting, active, delayed and failed per Bull queue, read from Redis when scraped (worker processes). */
  readonly queueJobs = new Gauge({
    name: 'queue_jobs',
    help: 'Jobs in each Bull queue by state (waiting, active, delayed, failed), read from Redis at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
    collect: () => this.countQueues(),
  });

  readonly jobOutcomes = new Counter({
    name: 'queue_job_outcomes_total',
    help: 'Background jobs this process finished, by queue and outcome (completed, failed)',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly stripeRequests = new Counter({
    name: 'stripe_requests_total',
    help: 'Calls to Stripe by operation and outcome (ok, declined, requires_action, transient, credentials, refused)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly emailDeliveries = new Counter({
    name: 'email_deliveries_total',
    help: 'Owner email send attempts by template and outcome (sent, retry, failed, skipped)',
    labelNames: ['template', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'agency_webhook_deliveries_total',
    help: "Deliveries to agencies' webhook endpoints by outcome (delivered, retry, failed)",
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A queue whose depth and job outcomes this process reports (its processors call this). */
  watchQueue(queue: Queue): void {
    this.watchedQueues.set(queue.name, queue);
  }

  /** A finished job of a watched queue. */
  jobFinished(queue: string, outcome: 'completed' | 'failed'): void {
    this.jobOutcomes.inc({ queue, outcome });
  }

  private async countQueues(): Promise<void> {
    await Promise.all(
      [...this.watchedQueues.values()].map(async (queue) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), QUEUE_COUNT_TIMEOUT_MS)));
        try {
          const counts = await Promise.race([queue.getJobCounts().catch(() => undefined), timeout]);
          if (counts) for (const state of QUEUE_STATES) this.queueJobs.set({ queue: queue.name, state }, counts[state]);
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }
}
