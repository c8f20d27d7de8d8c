import { Injectable } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { Tx } from '../database/database';
import { formatMoney, type Micros } from '../database/money';
import { NotificationsService, type QueuedNotification } from '../notifications/notifications.service';
import type { PaymentMethodRow } from '../payments/payment-methods.repository';
import type { ReloadAttempt } from './auto-reload.repository';

/**
 * The emails auto-reload and top-ups send, written to the notifications outbox inside the same
 * transaction as the outcome they report, so an outcome is never committed without its email.
 */
@Injectable()
export class ReloadNotices {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  reloadSucceeded(tx: Tx, attempt: ReloadAttempt, method: PaymentMethodRow | undefined, balanceMicros: Micros) {
    return this.notifications.notify(tx, {
      agencyId: attempt.agencyId,
      template: 'reload-succeeded',
      data: { amount: formatMoney(attempt.amountMicros), paymentMethod: methodData(method), balance: formatMoney(balanceMicros), attemptId: attempt.id },
      dedupeKey: `reload-succeeded:${attempt.id}`,
    });
  }

  fundsPending(tx: Tx, attempt: ReloadAttempt, method: PaymentMethodRow | undefined) {
    return this.notifications.notify(tx, {
      agencyId: attempt.agencyId,
      template: 'funds-pending',
      data: { amount: formatMoney(attempt.amountMicros), paymentMethod: methodData(method), expectedBy: null },
      dedupeKey: `funds-pending:${attempt.id}`,
    });
  }

  paymentFailed(
    tx: Tx,
    attempt: ReloadAttempt,
    method: PaymentMethodRow | undefined,
    failure: { status: 'failed' | 'requires_action'; declineCode: string; message: string },
    nextStep: 'fallback' | 'suspended' | 'none',
    balanceMicros: Micros,
  ) {
    if (failure.status === 'requires_action') {
      return this.notifications.notify(tx, {
        agencyId: attempt.agencyId,
        template: 'requires-action',
        data: {
          amount: formatMoney(attempt.amountMicros),
          paymentMethod: methodData(method),
          authenticationUrl: `${this.config.publicBaseUrl}/billing/${attempt.agencyId}/reload-attempts/${attempt.id}/authenticate`,
          attemptId: attempt.id,
        },
        dedupeKey: `requires-action:${attempt.id}`,
      });
    }
    return this.notifications.notify(tx, {
      agencyId: attempt.agencyId,
      template: 'payment-failed',
      data: {
        amount: formatMoney(attempt.amountMicros),
        paymentMethod: methodData(method),
        declineCode: failure.declineCode,
        declineMessage: failure.message,
        attemptId: attempt.id,
        nextStep,
        balance: formatMoney(balanceMicros),
      },
      dedupeKey: `payment-failed:${attempt.id}`,
    });
  }

  suspended(tx: Tx, attempt: ReloadAttempt, failures: number, failure: { declineCode: string; message: string }) {
    return this.notifications.notify(tx, {
      agencyId: attempt.agencyId,
      template: 'auto-reload-suspended',
      data: { failures, lastDeclineCode: failure.declineCode, lastDeclineMessage: failure.message },
      dedupeKey: `auto-reload-suspended:${attempt.id}`,
    });
  }

  capReached(tx: Tx, agencyId: string, input: { window: 'daily' | 'monthly'; capMicros: Micros; reloadedMicros: Micros; attemptedMicros: Micros; windowKey: string }) {
    return this.notifications.notify(tx, {
      agencyId,
      template: 'daily-cap-reached',
      data: {
        window: input.window,
        cap: formatMoney(input.capMicros),
        reloadedInWindow: formatMoney(input.reloadedMicros),
        attemptedAmount: formatMoney(input.attemptedMicros),
      },
      dedupeKey: `cap-reached:${agencyId}:${input.windowKey}`,
    });
  }

  settingsUpdated(tx: Tx, agencyId: string, changes: { field: string; before: unknown; after: unknown }[]) {
    if (!changes.length) return Promise.resolve(null);
    return this.notifications.notify(tx, {
      agencyId,
      template: 'settings-updated',
      data: { section: 'Auto-reload', changes },
    });
  }

  /** Hands committed notifications to the mail queue (the outbox sweep catches any missed). */
  send(outbox: (QueuedNotification | null)[]): Promise<void> {
    return this.notifications.enqueue(outbox);
  }
}

function methodData(method: PaymentMethodRow | undefined) {
  return method
    ? { brand: method.brand ?? method.bankName ?? method.type, last4: method.last4 ?? '', type: method.type }
    : { brand: 'unknown', last4: '', type: 'unknown' };
}
