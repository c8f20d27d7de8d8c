import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AgencyWebhooksWorkerModule } from '../agency-webhooks/agency-webhooks-worker.module';
import { AlertsWorkerModule } from '../alerts/alerts-worker.module';
import { AutoReloadWorkerModule } from '../auto-reload/auto-reload-worker.module';
import { AuthModule } from '../auth/auth.module';
import { CallsModule } from '../calls/calls.module';
import { CommonModule } from '../common/common.module';
import { NotificationsWorkerModule } from '../notifications/notifications-worker.module';
import { PaymentsWorkerModule } from '../payments/payments-worker.module';
import { WebModule } from '../web/web.module';
import { HousekeepingScheduler } from './housekeeping.scheduler';

/** Queue processors and the scheduler: present in ROLE=worker and ROLE=all processes. */
@Module({
  imports: [
    ScheduleModule.forRoot(),
    AuthModule,
    CallsModule,
    CommonModule,
    AutoReloadWorkerModule,
    NotificationsWorkerModule,
    AlertsWorkerModule,
    AgencyWebhooksWorkerModule,
    PaymentsWorkerModule,
    WebModule,
  ],
  providers: [HousekeepingScheduler],
})
export class WorkerModule {}
