import { Module } from '@nestjs/common';
import { AlertsScheduler } from './alerts.scheduler';

/** The alert sweep: imported only by WorkerModule. */
@Module({ providers: [AlertsScheduler] })
export class AlertsWorkerModule {}
