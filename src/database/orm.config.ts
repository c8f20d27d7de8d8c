import { defineConfig } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { Migrator } from '@mikro-orm/migrations';
import { TypeOverrides, types as pgTypes } from 'pg';
import { migrationsList } from '../../migrations';
import { Hold, LedgerEntry, SubteamDailySpend, Wallet } from '../wallet/wallet.entity';
import { Agency, Subteam } from '../agencies/agency.entity';
import { ApiKey, SupportUser } from '../auth/api-key.entity';
import { ConsoleMember, SignInToken, WebSession } from '../auth/console/console-session.entity';
import { AuditLogEntry } from '../audit/audit-log.entity';
import { LowBalanceAlert } from '../alerts/low-balance-alert.entity';
import { SubteamLimitAlert } from '../alerts/subteam-limit-alert.entity';
import { SupportAdjustment } from '../support/support-adjustment.entity';
import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity';
import { SchedulerRun } from './scheduler-run.entity';
import { NotificationContact, NotificationPreference, SmsOptOut } from '../notifications/contact.entity';
import { Notification } from '../notifications/notification.entity';
import { AgencyWebhookDelivery, AgencyWebhookEndpoint } from '../agency-webhooks/agency-webhook.entity';
import type { AppConfig } from '../config/config';
import { PaymentMethod } from '../payments/payment-method.entity';
import { StripeEvent, StripeEventCursor } from '../payments/stripe-event.entity';
import { AutoReloadPolicyEntity } from '../auto-reload/settings/auto-reload-policy.entity';
import { ReloadAttempt, ReloadAttemptEvent } from '../auto-reload/attempts/reload-attempt.entity';
import { ReconciliationFinding } from '../auto-reload/reconciliation/reconciliation-finding.entity';

/**
 * MikroORM's own messages (the migrator's steps, a warning per pooled connection that PostgreSQL
 * dropped) go to the debug level: an outage is logged once by DependencyHealth, and boot logs the
 * migrations it applied.
 */
const ormLogger = new Logger('MikroORM');

export const entities = [
  Agency,
  Subteam,
  SupportUser,
  ApiKey,
  Wallet,
  LedgerEntry,
  Hold,
  AuditLogEntry,
  LowBalanceAlert,
  SubteamLimitAlert,
  SubteamDailySpend,
  SupportAdjustment,
  IdempotencyRecord,
  SchedulerRun,
  NotificationContact,
  NotificationPreference,
  SmsOptOut,
  Notification,
  AgencyWebhookEndpoint,
  AgencyWebhookDelivery,
  PaymentMethod,
  StripeEvent,
  StripeEventCursor,
  AutoReloadPolicyEntity,
  ReloadAttempt,
  ReloadAttemptEvent,
  ReconciliationFinding,
  ConsoleMember,
  SignInToken,
  WebSession,
];

export function ormOptions(config: { database: Pick<AppConfig['database'], 'url' | 'poolSize'> }) {
  return defineConfig({
    clientUrl: config.database.url,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    pool: { min: 0, max: config.database.poolSize },
    // A connection not had within this (PostgreSQL unreachable, or every connection busy) fails
    // the request with 503 rather than holding it indefinitely.
    driverOptions: { connectionTimeoutMillis: 5000, types: columnTypes() },
    // Work outside a request must fork its own context; the global one is never used by accident.
    allowGlobalContext: false,
    debug: false,
    logger: (message: string) => ormLogger.debug(message),
  });
}

/**
 * How column values arrive from PostgreSQL, so that what the entities declare is what a query
 * hands back: `bigint` columns (money, ids) as JavaScript `bigint` and `timestamptz` as `Date`
 * (MikroORM's own parsers keep both as text). Calendar dates (`date`), intervals and zone-less
 * timestamps stay text: a `Date` would move a calendar day into this process's zone.
 */
function columnTypes(): TypeOverrides {
  const overrides = new TypeOverrides();
  overrides.setTypeParser(pgTypes.builtins.INT8, (text: string) => BigInt(text));
  for (const oid of [pgTypes.builtins.DATE, pgTypes.builtins.TIMESTAMP, pgTypes.builtins.INTERVAL])
    overrides.setTypeParser(oid, (text: string) => text);
  return overrides;
}
