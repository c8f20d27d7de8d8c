import { Inject, Injectable } from '@nestjs/common';
import { localDate } from '../common/time-zones';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { NotificationsService } from '../notifications/notifications.service';
import { cardExpiry, cardToWatch, reminderWindow } from './card-expiry';
import { PaymentMethodsRepository } from './payment-methods.repository';

/**
 * The `card-expiring` reminders: 30 and again 7 days before the card auto-reload charges first
 * expires, counted in the agency's local days. Each reminder is sent once per card, expiry and
 * window (its dedupe key), so the daily job may run as often as it likes; a card that was
 * replaced as the default, or removed, is no longer looked at and gets nothing more.
 */
@Injectable()
export class CardExpiryService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: PaymentMethodsRepository,
    private readonly notifications: NotificationsService,
  ) {}

  /** Writes (and queues) the reminders due at `now`; returns how many were new. */
  async sendReminders(now = new Date()): Promise<number> {
    // Cards whose expiry month is this one or one of the next two, in any zone: 30 days ahead fits.
    const thisMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
    const agencies = await this.repository.agenciesWithCardsExpiring(thisMonth - 1, thisMonth + 2);
    let sent = 0;
    for (const { timeZone, autoReloadEnabled, methods } of agencies) {
      const card = cardToWatch(methods);
      const expiry = card && cardExpiry(card, localDate(now, timeZone));
      const window = expiry && reminderWindow(expiry.daysLeft);
      if (!card || !expiry || !window) continue;
      const queued = await this.notifications.notify(null, {
        agencyId: card.agencyId,
        template: 'card-expiring',
        data: {
          paymentMethod: { brand: card.brand ?? 'card', last4: card.last4 ?? '', type: card.type },
          expiry: expiry.expiry,
          expiresOn: expiry.expiresOn,
          daysLeft: expiry.daysLeft,
          autoReloadEnabled,
          paymentMethodsUrl: `${this.config.publicBaseUrl}/billing/${card.agencyId}/payment-methods`,
        },
        dedupeKey: `card-expiring:${card.id}:${expiry.expiry}:${window}`,
      });
      if (queued) sent++;
    }
    return sent;
  }
}
