import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AgenciesModule } from './agencies/agencies.module';
import { AgencyWebhooksModule } from './agency-webhooks/agency-webhooks.module';
import { AlertsModule } from './alerts/alerts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AutoReloadModule } from './auto-reload/auto-reload.module';
import { CallsModule } from './calls/calls.module';
import { CommonModule } from './common/common.module';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DevMailModule } from './dev/dev-mail.module';
import { HealthModule } from './health/health.module';
import { OpenApiModule } from './openapi/openapi.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PaymentsModule } from './payments/payments.module';
import { SupportModule } from './support/support.module';
import { WalletModule } from './wallet/wallet.module';
import { WebModule } from './web/web.module';
import { WorkerModule } from './worker/worker.module';

/** The modules that serve HTTP routes (and what they need); the OpenAPI document walks these. */
export const API_MODULES = [
  CommonModule,
  HealthModule,
  AuditModule,
  AgenciesModule,
  AuthModule,
  WalletModule,
  NotificationsModule,
  AgencyWebhooksModule,
  AlertsModule,
  CallsModule,
  SupportModule,
  AutoReloadModule,
  PaymentsModule,
  WebModule,
  OpenApiModule,
];

@Module({})
export class AppModule {
  /** The API and the worker share every service; a worker process adds processors and schedules. */
  static register(config: AppConfig, options: { worker: boolean }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        EventEmitterModule.forRoot(),
        BullModule.forRoot({
          url: config.redis.url,
          prefix: config.redis.queuePrefix,
          // Failed jobs stay a while for support's dead-letter view, bounded in age and number; what
          // they stood for (attempts, outbox rows) is kept in PostgreSQL regardless.
          defaultJobOptions: { removeOnComplete: 1000, removeOnFail: config.queues.failedJobs },
        }),
        ...API_MODULES,
        ...(options.worker ? [WorkerModule] : []),
        // Development only: production never serves the mailbox, whatever else is set.
        ...(config.env !== 'production' && !config.mail.smtpUrl && !config.mail.disabled ? [DevMailModule] : []),
      ],
    };
  }
}
