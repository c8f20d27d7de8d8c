import { Inject, Injectable } from '@nestjs/common';
import { AgencyWebhooksService } from '../../agency-webhooks/agency-webhooks.service';
import { NotFoundError } from '../../common/errors';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Tx } from '../../database/database';
import { formatMoney, type Micros } from '../../database/money';
import { NotificationsService, type QueuedNotification } from '../../notifications/notifications.service';
import type { PaymentMethodRow } from '../../payments/payment-method-lookup.service';
import { WalletService } from '../../wallet/wallet.service';
import type { ReloadAttempt } from '../attempts/reload-attempts.repository';
import { type AutoReloadPolicy, capWindows } from '../evaluation/reload-rules';

/** A declined try of one failure episode (a fallback chain), as the episode's one email lists it. */
export interface DeclinedTry {
  attemptId: string;
  method: PaymentMethodRow | undefined;
  declineCode: string | null;
  declineMessage: string | null;
}

/**
 * The emails auto-reload and top-ups send, and the matching events for the agency's own webhook,
 * written to their outboxes inside the same transaction as the outcome they report, so an
 * outcome is never committed without its email and event; each outbox queues its rows once that
 * transaction commits.
 */
@Injectable()
export class ReloadNotices {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
    private readonly webhooks: AgencyWebhooksService,
    private readonly wallets: WalletService,
  ) {}

  async reloadSucceeded(tx: Tx, attempt: ReloadAttempt, method: PaymentMethodRow | undefined, balanceMicros: Micros): Promise<void> {
    await this.notifications.notify(tx, {
      agencyId: attempt.agencyId,
      template: 'reload-succeeded',
      data: {
        amount: formatMoney(attempt.amountMicros),
        paymentMethod: methodData(method),
        balance: formatMoney(balanceMicros),
        attemptId: attempt.id,
      },
      dedupeKey: `reload-succeeded:${attempt.id}`,
    });
    await this.webhooks.publish(
      tx,
      attempt.agencyId,
      'reload.succeeded',
      { ...attemptData(attempt, method), balance: formatMoney(balanceMicros) },
      `reload.succeeded:${attempt.id}`,
    );
  }

  async fundsPending(tx: Tx, attempt: ReloadAttempt, method: PaymentMethodRow | undefined): Promise<void> {
    await this.notifications.notify(tx, {
      agencyId: attempt.agencyId,
      template: 'funds-pending',
      data: { amount: formatMoney(attempt.amountMicros), paymentMethod: methodData(method), expectedBy: null },
      dedupeKey: `funds-pending:${attempt.id}`,
    });
  }

  /**
   * A try that failed. The agency's webhook hears of every one; the owner gets one email per
   * episode: `declined` lists its declined tries when the episode ends here, and is null while a
   * fallback goes on (the episode's email comes when it ends). Authentication gets its own email.
   */
  async paymentFailed(
    tx: Tx,
    attempt: ReloadAttempt,
    method: PaymentMethodRow | undefined,
    failure: { status: 'failed' | 'requires_action'; declineCode: string; message: string },
    nextStep: 'fallback' | 'suspended' | 'none',
    balanceMicros: Micros,
    declined: DeclinedTry[] | null,
  ): Promise<void> {
    const event = {
      ...attemptData(attempt, method),
      declineCode: failure.declineCode,
      declineMessage: failure.message,
      balance: formatMoney(balanceMicros),
    };
    if (failure.status === 'requires_action') {
      const authenticationUrl = `${this.config.publicBaseUrl}/billing/${attempt.agencyId}/reload-attempts/${attempt.id}/authenticate`;
      await this.notifications.notify(tx, {
        agencyId: attempt.agencyId,
        template: 'requires-action',
        data: {
          amount: formatMoney(attempt.amountMicros),
          paymentMethod: methodData(method),
          authenticationUrl,
          attemptId: attempt.id,
        },
        dedupeKey: `requires-action:${attempt.id}`,
      });
      await this.webhooks.publish(
        tx,
        attempt.agencyId,
        'reload.requires_action',
        { ...event, authenticationUrl },
        `reload.requires_action:${attempt.id}`,
      );
      return;
    }
    if (declined?.length) await this.episodeEmail(tx, attempt, declined, nextStep, undefined, balanceMicros);
    await this.webhooks.publish(tx, attempt.agencyId, 'reload.failed', { ...event, nextStep }, `reload.failed:${attempt.id}`);
  }

  /** An episode that ended with a backup method charged: its one email says what declined first. */
  async recoveredAfterDeclines(
    tx: Tx,
    attempt: ReloadAttempt,
    chargedInstead: PaymentMethodRow | undefined,
    declined: DeclinedTry[],
    balanceMicros: Micros,
  ): Promise<void> {
    await this.episodeEmail(tx, attempt, declined, 'fallback', chargedInstead, balanceMicros);
  }

  /** The `payment-failed` email of one episode, keyed by its first try so it is sent once. */
  private episodeEmail(
    tx: Tx,
    attempt: ReloadAttempt,
    declined: DeclinedTry[],
    nextStep: 'fallback' | 'suspended' | 'none',
    chargedInstead: PaymentMethodRow | undefined,
    balanceMicros: Micros,
  ): Promise<QueuedNotification | null> {
    const [first] = declined;
    return this.notifications.notify(tx, {
      agencyId: attempt.agencyId,
      template: 'payment-failed',
      data: {
        amount: formatMoney(attempt.amountMicros),
        paymentMethod: methodData(first.method),
        declineCode: first.declineCode,
        declineMessage: first.declineMessage,
        attemptId: first.attemptId,
        nextStep,
        balance: formatMoney(balanceMicros),
        tried: declined.map((declinedTry) => ({
          paymentMethod: methodData(declinedTry.method),
          declineCode: declinedTry.declineCode,
          declineMessage: declinedTry.declineMessage,
        })),
        chargedInstead: nextStep === 'fallback' ? methodData(chargedInstead) : null,
        statementDescriptor: this.config.stripe.statementDescriptor,
      },
      dedupeKey: `payment-failed:${first.attemptId}`,
    });
  }

  async suspended(tx: Tx, attempt: ReloadAttempt, failures: number, failure: { declineCode: string; message: string }): Promise<void> {
    await this.notifications.notify(tx, {
      agencyId: attempt.agencyId,
      template: 'auto-reload-suspended',
      data: {
        failures,
        lastDeclineCode: failure.declineCode,
        lastDeclineMessage: failure.message,
        statementDescriptor: this.config.stripe.statementDescriptor,
      },
      dedupeKey: `auto-reload-suspended:${attempt.id}`,
    });
    await this.webhooks.publish(
      tx,
      attempt.agencyId,
      'auto_reload.suspended',
      { attemptId: attempt.id, consecutiveFailures: failures, lastDeclineCode: failure.declineCode, lastDeclineMessage: failure.message },
      `auto_reload.suspended:${attempt.id}`,
    );
  }

  async capReached(
    tx: Tx,
    agencyId: string,
    input: { window: 'daily' | 'monthly'; capMicros: Micros; reloadedMicros: Micros; attemptedMicros: Micros; windowKey: string },
  ): Promise<void> {
    await this.notifications.notify(tx, {
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

  /** Too many automatic reloads in 24 h without a daily cap: the owner hears once per window. */
  async reloadLimitReached(
    tx: Tx,
    agencyId: string,
    input: { limit: number; reloadsInWindow: number; attemptedMicros: Micros; windowKey: string },
  ): Promise<void> {
    await this.notifications.notify(tx, {
      agencyId,
      template: 'reload-limit-reached',
      data: { limit: input.limit, reloadsInWindow: input.reloadsInWindow, attemptedAmount: formatMoney(input.attemptedMicros) },
      dedupeKey: `reload-limit:${agencyId}:${input.windowKey}`,
    });
  }

  /**
   * Auto-reload is on with nothing to charge. The reload skipped for want of a method is told at
   * most once per local day (its dedupe key); turning auto-reload on or removing the last method
   * is the owner's own act and is always told, using up that day's key if it is still free so the
   * skip that follows at once does not repeat it.
   */
  async noPaymentMethod(
    tx: Tx,
    agencyId: string,
    input: { cause: 'enabled' | 'removed' | 'reload_due'; amountMicros: Micros | null; thresholdMicros: Micros },
    localDay: string,
  ): Promise<void> {
    const notice = {
      agencyId,
      template: 'no-payment-method' as const,
      data: {
        cause: input.cause,
        amount: input.amountMicros === null ? null : formatMoney(input.amountMicros),
        threshold: formatMoney(input.thresholdMicros),
        paymentMethodsUrl: `${this.config.publicBaseUrl}/billing/${agencyId}/payment-methods`,
      },
    };
    const told = await this.notifications.notify(tx, { ...notice, dedupeKey: `no-payment-method:${agencyId}:${localDay}` });
    if (!told && input.cause !== 'reload_due') await this.notifications.notify(tx, notice);
  }

  /** `noPaymentMethod` on the agency's local day, which bounds how often the sweep may send it. */
  async nothingToCharge(
    tx: Tx,
    policy: Pick<AutoReloadPolicy, 'agencyId' | 'thresholdMicros'>,
    cause: 'enabled' | 'removed' | 'reload_due',
    amountMicros: Micros | null = null,
  ): Promise<void> {
    const wallet = await this.wallets.walletRowOfAgency(policy.agencyId, tx);
    if (!wallet) throw new NotFoundError('Wallet');
    const day = capWindows(new Date(), wallet.timeZone).day;
    await this.noPaymentMethod(tx, policy.agencyId, { cause, amountMicros, thresholdMicros: policy.thresholdMicros }, day);
  }

  async settingsUpdated(tx: Tx, agencyId: string, changes: { field: string; before: unknown; after: unknown }[]): Promise<void> {
    if (!changes.length) return;
    await this.notifications.notify(tx, {
      agencyId,
      template: 'settings-updated',
      data: { section: 'Auto-reload', changes },
    });
  }
}

/** What every reload event says about its attempt; money as decimal strings, like the API. */
function attemptData(attempt: ReloadAttempt, method: PaymentMethodRow | undefined) {
  return {
    attemptId: attempt.id,
    trigger: attempt.trigger,
    amount: formatMoney(attempt.amountMicros),
    currency: attempt.currency,
    paymentMethod: methodData(method),
  };
}

function methodData(method: PaymentMethodRow | undefined) {
  return method
    ? { brand: method.brand ?? method.bankName ?? method.type, last4: method.last4 ?? '', type: method.type }
    : { brand: 'unknown', last4: '', type: 'unknown' };
}
