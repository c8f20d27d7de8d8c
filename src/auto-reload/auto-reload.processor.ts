import { OnQueueCompleted, OnQueueFailed, Process, Processor, getQueueToken } from '@nestjs/bull';
import { Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job } from 'bull';
import { MetricsService } from '../health/metrics.service';
import { Queues } from '../queues/queues';
import { EvaluateJob, type EvaluateJobData, ReloadEvaluationService } from './evaluation/reload-evaluation.service';
import { ChargeJob, type ChargeJobData, ReloadCharger, nextChargeRetrySeconds } from './evaluation/reload-charger';

/** Worker side of auto-reload: evaluations and charges, each job with its own ORM context. */
@Processor(Queues.AutoReload)
export class AutoReloadProcessor implements OnModuleInit {
  private readonly logger = new Logger(AutoReloadProcessor.name);

  constructor(
    private readonly evaluation: ReloadEvaluationService,
    private readonly charger: ReloadCharger,
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.metrics.watchQueue(this.moduleRef.get(getQueueToken(Queues.AutoReload), { strict: false }));
  }

  @Process({ name: EvaluateJob, concurrency: 4 })
  async evaluate(job: Job<EvaluateJobData>): Promise<string> {
    const decision = await this.evaluation.evaluate(job.data);
    return decision.reload ? 'reload' : decision.reason;
  }

  @Process({ name: ChargeJob, concurrency: 4 })
  async charge(job: Job<ChargeJobData>): Promise<string | undefined> {
    try {
      return (await this.charger.charge(job.data.attemptId, nextChargeRetrySeconds(job.attemptsMade + 1)))?.status;
    } catch (error) {
      this.logger.warn(`Charge of attempt ${job.data.attemptId} failed (try ${job.attemptsMade + 1}): ${String(error)}`);
      throw error;
    }
  }

  @OnQueueCompleted()
  completed(): void {
    this.metrics.jobFinished(Queues.AutoReload, 'completed');
  }

  @OnQueueFailed()
  failed(): void {
    this.metrics.jobFinished(Queues.AutoReload, 'failed');
  }
}
