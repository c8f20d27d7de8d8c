import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Actor } from '../agencies/agencies.service';
import { AgencyWebhooksService } from '../agency-webhooks/agency-webhooks.service';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/errors';
import { Database } from '../database/database';
import { formatMoney, type Micros } from '../database/money';
import type { SettingChange } from '../notifications/notification-templates';
import { NotificationsService } from '../notifications/notifications.service';
import { LowBalanceAlertRepository, type WalletAlertState } from './low-balance-alert.repository';

export interface LowBalanceAlertSettings {
  enabled: boolean;
  /** Decimal string, e.g. "50.00". */
  threshold: string;
}

export const AlertEvents = {
  /** The alert's settings changed: cached views of them are stale. */
  SettingsChanged: 'alerts.settings_changed',
} as const;

const SWEEP_BATCH = 200;
const SECONDS_PER_HOUR = 3600n;
/** A window shorter than this says too little about the pace of spending to extrapolate from. */
const MIN_RUNWAY_WINDOW_SECONDS = 3600n;

/** Which transitions the current state calls for; the repository re-checks each one atomically. */
export function pendingTransitions({ availableMicros, alert }: WalletAlertState) {
  const armed = alert?.enabled ? alert.armed : undefined;
  const below = alert ? availableMicros < alert.thresholdMicros : false;
  return {
    fireLowBalance: armed === true && below,
    rearmLowBalance: armed === false && !below,
    fireDepleted: availableMicros <= 0n && !(alert?.depletedNotified ?? false),
    resetDepleted: (alert?.depletedNotified ?? false) && availableMicros > 0n,
  };
}

/** Hours the available balance lasts at the recent pace of spending; null without recent spending. */
export function runwayHours(availableMicros: Micros, spentMicros: Micros, windowSeconds: bigint): number | null {
  if (spentMicros <= 0n) return null;
  if (availableMicros <= 0n) return 0;
  const seconds = windowSeconds < MIN_RUNWAY_WINDOW_SECONDS ? MIN_RUNWAY_WINDOW_SECONDS : windowSeconds;
  return Number((availableMicros * seconds) / (spentMicros * SECONDS_PER_HOUR));
}

/**
 * The low-balance alert (SPEC "Low-balance alert") and the depletion email (SPEC "Running out").
 * Emails the billing contacts once when available falls below the threshold, re-arms when it is
 * back at or above it; emails once when available reaches zero, again only after funds returned.
 */
@Injectable()
export class LowBalanceAlertService {
  constructor(
    private readonly db: Database,
    private readonly repository: LowBalanceAlertRepository,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly webhooks: AgencyWebhooksService,
    private readonly events: EventEmitter2,
  ) {}

  async getSettings(agencyId: string): Promise<LowBalanceAlertSettings> {
    const settings = await this.repository.findSettings(agencyId);
    return { enabled: settings?.enabled ?? false, threshold: formatMoney(settings?.thresholdMicros ?? 0n) };
  }

  /** The threshold below which the wallet shows as `low`; null when the alert is off. */
  async thresholdMicros(agencyId: string): Promise<Micros | null> {
    const settings = await this.repository.findSettings(agencyId);
    return settings?.enabled ? settings.thresholdMicros : null;
  }

  async updateSettings(actor: Actor, agencyId: string, input: { enabled: boolean; thresholdMicros: Micros }): Promise<LowBalanceAlertSettings> {
    await this.db.transaction(async (tx) => {
      if (!(await this.repository.findState(agencyId, tx))) throw new NotFoundError('Agency');
      const before = await this.repository.lockSettings(tx, agencyId);
      const changes: SettingChange[] = [];
      if (before.enabled !== input.enabled) changes.push({ field: 'enabled', before: before.enabled, after: input.enabled });
      if (before.thresholdMicros !== input.thresholdMicros) {
        changes.push({ field: 'threshold', before: formatMoney(before.thresholdMicros), after: formatMoney(input.thresholdMicros) });
      }
      if (!changes.length) return;

      await this.repository.saveSettings(tx, agencyId, input);
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'billing_settings.low_balance_alert.updated',
        targetType: 'agency',
        targetId: agencyId,
        before: { enabled: before.enabled, threshold: formatMoney(before.thresholdMicros) },
        after: { enabled: input.enabled, threshold: formatMoney(input.thresholdMicros) },
        requestId: actor.requestId,
      });
      await this.notifications.notify(tx, {
        agencyId,
        template: 'settings-updated',
        data: { section: 'low-balance alert', changes },
      });
    });
    this.events.emit(AlertEvents.SettingsChanged, { agencyId });
    return { enabled: input.enabled, threshold: formatMoney(input.thresholdMicros) };
  }

  /** The wallet's available balance and its alert state, as they are now. */
  /** The alerts of several agencies in one read (null: none set). */
  alertsOf(agencyIds: string[]): Promise<Map<string, WalletAlertState['alert']>> {
    return this.repository.findAlerts(agencyIds);
  }

  state(agencyId: string): Promise<WalletAlertState | undefined> {
    return this.repository.findState(agencyId);
  }

  /**
   * Brings the alert state in line with the wallet's current balance and writes the emails (and
   * the agency's webhook events) that calls for; they are queued once the transaction commits. Reads first and writes only when something is due, so the common case is one query.
   */
  async check(agencyId: string): Promise<void> {
    const state = await this.repository.findState(agencyId);
    if (!state) return;
    const due = pendingTransitions(state);
    if (!Object.values(due).some(Boolean)) return;

    await this.db.transaction(async (tx) => {
      await this.repository.resetDepleted(tx, agencyId);
      await this.repository.rearmLowBalance(tx, agencyId);
      const depleted = await this.repository.fireDepleted(tx, agencyId);
      const low = await this.repository.fireLowBalance(tx, agencyId);
      if (depleted) {
        await this.notifications.notify(tx, {
          agencyId,
          template: 'service-paused',
          data: { available: formatMoney(depleted.availableMicros) },
          dedupeKey: `service-paused:${agencyId}:${depleted.depletion}`,
        });
        await this.webhooks.publish(
          tx,
          agencyId,
          'wallet.depleted',
          { available: formatMoney(depleted.availableMicros) },
          `wallet.depleted:${agencyId}:${depleted.depletion}`,
        );
      }
      // Falling straight through the threshold to zero sends the one email that matters.
      if (low && !depleted) {
        const spend = await this.repository.recentSpend(agencyId, tx);
        const data = {
          available: formatMoney(low.availableMicros),
          threshold: formatMoney(low.thresholdMicros),
          runwayHours: runwayHours(low.availableMicros, spend.spentMicros, BigInt(spend.seconds)),
        };
        await this.notifications.notify(tx, {
          agencyId,
          template: 'low-balance',
          data,
          dedupeKey: `low-balance:${agencyId}:${low.crossing}`,
        });
        await this.webhooks.publish(tx, agencyId, 'wallet.low_balance', data, `wallet.low_balance:${agencyId}:${low.crossing}`);
      }
    });
  }

  /** Checks every agency whose alert state disagrees with its balance (an event lost to a crash). */
  async sweep(): Promise<number> {
    const agencyIds = await this.repository.findAgenciesToCheck(SWEEP_BATCH);
    for (const agencyId of agencyIds) await this.check(agencyId);
    return agencyIds.length;
  }
}
