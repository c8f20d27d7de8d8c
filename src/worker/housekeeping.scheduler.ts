import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { HoldExpiryService } from '../calls/hold-expiry.service';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SchedulerTicks } from '../database/scheduler-ticks';
import { SignInService } from '../auth/console/sign-in.service';

/** Keeps idempotency keys for a week, well past the 24 hours SPEC.md promises. */
const IDEMPOTENCY_RETENTION_HOURS = 7 * 24;
/** Past scheduler ticks are kept a day: long enough for any clock skew, short enough to stay small. */
const SCHEDULER_RUNS_RETENTION_HOURS = 24;

/**
 * The worker's periodic chores: expire stale holds; forget old idempotency keys, past scheduler
 * ticks, and the console's sign-in links and sessions a day after they ended.
 */
@Injectable()
export class HousekeepingScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(HousekeepingScheduler.name);
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly holds: HoldExpiryService,
    private readonly idempotency: IdempotencyService,
    private readonly ticks: SchedulerTicks,
    private readonly signIn: SignInService,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.holds.expiryIntervalSeconds * 1000;
    this.scheduler.addInterval(
      'housekeeping',
      setInterval(() => void this.tick(), every),
    );
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const expired = await this.holds.expireDueHolds();
      if (expired) this.logger.log(`Expired ${expired} holds`);
      await this.idempotency.removeOlderThan(IDEMPOTENCY_RETENTION_HOURS);
      await this.ticks.removeOlderThan(SCHEDULER_RUNS_RETENTION_HOURS);
      await this.signIn.deleteExpired(new Date());
    } catch (error) {
      this.logger.error(`Housekeeping failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
