import { Module } from '@nestjs/common';
import { AlertsModule } from './alerts.module';
import { AlertsScheduler } from './alerts.scheduler';

/** The alert sweep: imported only by WorkerModule. */
@Module({ imports: [AlertsModule], providers: [AlertsScheduler] })
export class AlertsWorkerModule {}
