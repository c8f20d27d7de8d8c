import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SchedulerTicks } from '../database/scheduler-ticks';
import { everySeconds } from '../queues/lease';
import { ReloadEvaluationService } from './evaluation/reload-evaluation.service';
import { AutoReloadPoliciesRepository } from './settings/auto-reload-policies.repository';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { ReloadCharger } from './evaluation/reload-charger';

/**
 * The sweep catches whatever the debit hook missed; reconciliation catches whatever Stripe's
 * webhooks and our workers missed. Cron only enqueues or repairs; each tick runs once across all
 * processes (SchedulerTicks). A worker also sweeps once as it boots (evaluations queued in a
 * process that died), and every few seconds takes over reloads whose charger stopped.
 */
@Injectable()
export class AutoReloadScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(AutoReloadScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly ticks: SchedulerTicks,
    private readonly policies: AutoReloadPoliciesRepository,
    private readonly evaluation: ReloadEvaluationService,
    private readonly reconciliation: ReconciliationService,
    private readonly charger: ReloadCharger,
  ) {}

  onApplicationBootstrap(): void {
    const { sweepIntervalSeconds, reconcileIntervalSeconds } = this.config.autoReload;
    this.every('auto-reload-sweep', sweepIntervalSeconds, () => this.sweep());
    this.every('reconciliation', reconcileIntervalSeconds, async () => {
      const report = await this.reconciliation.run();
      if (report.findings.length) this.logger.log(`Reconciliation: ${report.findings.length} findings`);
    });
    const failed = (what: string) => (error: unknown) => this.logger.error(`${what} failed: ${String(error)}`);
    setImmediate(() => void this.sweep().catch(failed('The boot sweep')));
    this.scheduler.addInterval(
      'reload-takeover',
      everySeconds(this.config.recovery.takeoverIntervalSeconds, () => this.charger.takeOverUnattended(), failed('Reload takeover')),
    );
  }

  async sweep(): Promise<number> {
    const below = await this.policies.walletsBelowThreshold(1000);
    for (const wallet of below) await this.evaluation.requestEvaluation({ ...wallet, trigger: 'sweep' });
    return below.length;
  }

  private every(name: string, seconds: number, work: () => Promise<unknown>): void {
    const run = async () => {
      try {
        if (await this.ticks.claim(name, seconds)) await work();
      } catch (error) {
        this.logger.error(`${name} failed: ${String(error)}`);
      }
    };
    this.scheduler.addInterval(
      name,
      setInterval(() => void run(), seconds * 1000),
    );
  }
}
