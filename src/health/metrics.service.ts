import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
