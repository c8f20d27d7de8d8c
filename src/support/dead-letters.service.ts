import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { type QueueName, Queues, whileRedisUp } from '../queues/queues';

/**
 * Jobs that used up their retries stay in Redis as failed for a while (`removeOnFail` keeps the
 * latest FAILED_JOBS_MAX_COUNT per queue, none older than FAILED_JOBS_MAX_AGE_HOURS): this is
 * support's view of them, each with its ids, attempts and last error. The work they stood for is
 * also in PostgreSQL (attempts and their events, outbox rows with their last error), for good,
 * where the sweeps and reconciliation pick it up again and the support timeline shows it.
 */
@Injectable()
export class DeadLettersService {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(Queues.AutoReload) autoReload: Queue,
    @InjectQueue(Queues.Notifications) notifications: Queue,
    @InjectQueue(Queues.AgencyWebhooks) agencyWebhooks: Queue,
  ) {
    this.queues = { [Queues.AutoReload]: autoReload, [Queues.Notifications]: notifications, [Queues.AgencyWebhooks]: agencyWebhooks };
  }

  async list(queue: QueueName | undefined, limit: number) {
    const names = queue ? [queue] : (Object.keys(this.queues) as QueueName[]);
    const lists = await Promise.all(
      names.map(async (name) => {
        const queue = this.queues[name];
        const [count, jobs] = await whileRedisUp(queue, () => Promise.all([queue.getFailedCount(), queue.getFailed(0, limit - 1)]));
        return {
          queue: name,
          failed: count,
          jobs: jobs.filter(Boolean).map((job) => ({
            id: String(job.id),
            name: job.name,
            data: job.data,
            attemptsMade: job.attemptsMade,
            failedReason: job.failedReason ?? null,
            failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
            createdAt: new Date(job.timestamp).toISOString(),
          })),
        };
      }),
    );
    return { data: lists };
  }
}
