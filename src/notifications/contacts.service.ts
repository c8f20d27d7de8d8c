import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import { NotFoundError, ValidationError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Database } from '../database/database';
import { Audience, type Person, mayTurnOff } from './audience';
import {
  InvalidVerificationCodeError,
  RequiredNotificationError,
  VerificationExpiredError,
  VerificationLockedError,
  VerificationNotPendingError,
} from './contacts.errors';
import { ContactsRepository } from './contacts.repository';
import { type Channel, type NotificationKind, smsAllowed } from './notification-kinds';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { TWILIO_UNSUBSCRIBED } from './sms.gateway';

/** A verification code lives 10 minutes and allows 5 tries. */
export const VERIFICATION_TTL_SECONDS = 600;
export const VERIFICATION_MAX_ATTEMPTS = 5;

/** Twilio's default opt-out and opt-in keywords, which it also enforces on its side. */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const START_WORDS = new Set(['START', 'YES', 'UNSTOP']);

export function personView(person: Person) {
  return {
    email: person.email,
    roles: person.roles,
    phone: person.phone,
    phoneVerified: person.phoneVerified,
    smsOptedOut: person.smsOptedOut,
    preferences: person.preferences,
  };
}

/**
 * People's mobile numbers (verified by a six-digit code sent by SMS) and their choice of channel
 * per kind of event. The rules live here; the API, the signed preference links and the console
 * all call these methods.
 */
@Injectable()
export class ContactsService {
  private readonly logger = new Logger(ContactsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly audience: Audience,
    private readonly repository: ContactsRepository,
    private readonly notifications: NotificationsService,
    private readonly notificationsRepository: NotificationsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(agencyId: string) {
    const people = await this.audience.people(agencyId);
    if (!people.length) throw new NotFoundError('Agency');
    return { data: people.map(personView) };
  }

  async person(agencyId: string, email: string): Promise<Person> {
    const person = (await this.audience.people(agencyId)).find((p) => p.email === email.toLowerCase());
    if (!person) throw new NotFoundError('Person');
    return person;
  }

  /** Stores the number unverified and texts it a fresh code (any earlier code stops working). */
  async addPhone(actor: Actor | null, agencyId: string, email: string, phone: string) {
    const person = await this.person(agencyId, email);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.db.transaction(async (tx) => {
      await this.repository.startVerification(tx, agencyId, person.email, phone, this.hash(agencyId, person.email, code), VERIFICATION_TTL_SECONDS);
      if (actor) {
        await this.audit.record(tx, {
          actor: actor.principal,
          agencyId,
          action: 'notification_contact.phone_added',
          targetType: 'person',
          targetId: person.email,
          before: { phone: person.phone },
          after: { phone },
          requestId: actor.requestId,
        });
      }
      await this.notifications.text(tx, { agencyId, template: 'verification-code', to: phone, personEmail: person.email, data: { code } });
    });
    return personView(await this.person(agencyId, email));
  }

  async verifyPhone(agencyId: string, email: string, code: string) {
    const person = await this.person(agencyId, email);
    const outcome = await this.db.transaction(async (tx) => {
      const pending = await this.repository.lockPending(tx, agencyId, person.email);
      if (!pending) throw new VerificationNotPendingError('No code is waiting for this number; add the number again to get one');
      if (pending.attempts >= VERIFICATION_MAX_ATTEMPTS) {
        throw new VerificationLockedError(`${VERIFICATION_MAX_ATTEMPTS} wrong codes: add the number again to get a new one`);
      }
      if (pending.expiresAt.getTime() <= Date.now()) throw new VerificationExpiredError('The code expired; add the number again to get a new one');
      const expected = Buffer.from(pending.codeHash);
      const given = Buffer.from(this.hash(agencyId, person.email, code));
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        await this.repository.countAttempt(tx, agencyId, person.email);
        return { ok: false as const, left: VERIFICATION_MAX_ATTEMPTS - pending.attempts - 1 };
      }
      await this.repository.markVerified(tx, agencyId, person.email);
      return { ok: true as const };
    });
    if (!outcome.ok) throw new InvalidVerificationCodeError('The code is not the one sent', { attemptsLeft: outcome.left });
    return personView(await this.person(agencyId, email));
  }

  async removePhone(actor: Actor, agencyId: string, email: string) {
    const person = await this.person(agencyId, email);
    await this.db.transaction(async (tx) => {
      if (!(await this.repository.removePhone(tx, agencyId, person.email))) return;
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'notification_contact.phone_removed',
        targetType: 'person',
        targetId: person.email,
        before: { phone: person.phone },
        after: { phone: null },
        requestId: actor.requestId,
      });
    });
    return personView(await this.person(agencyId, email));
  }

  /**
   * Sets the channels one person receives one kind by. SMS only for kinds short enough to text;
   * the owner keeps at least one channel for payment failures and suspensions.
   */
  async setPreference(actor: Actor | null, agencyId: string, email: string, kind: NotificationKind, channels: Channel[]) {
    const person = await this.person(agencyId, email);
    const unique = [...new Set(channels)];
    if (unique.includes('sms') && !smsAllowed(kind)) {
      throw new ValidationError(`"${kind}" is sent by email only`, { field: 'channels' });
    }
    if (!unique.length && !mayTurnOff(person.roles, kind)) {
      throw new RequiredNotificationError(`The owner keeps "${kind}" by email or SMS: payments stop without it`, { kind });
    }
    await this.db.transaction(async (tx) => {
      await this.repository.savePreference(tx, agencyId, person.email, kind, unique);
      await this.audit.record(tx, {
        actor: actor?.principal ?? { role: 'owner', id: `link:${person.email}`, agencyId, name: person.email },
        agencyId,
        action: 'notification_preferences.updated',
        targetType: 'person',
        targetId: person.email,
        before: { kind, channels: person.preferences[kind] },
        after: { kind, channels: unique },
        requestId: actor?.requestId,
      });
    });
    return personView(await this.person(agencyId, email));
  }

  /** The one-click unsubscribe of an email: that kind's email off, any text left as it was. */
  async unsubscribeEmail(agencyId: string, email: string, kind: NotificationKind) {
    const person = await this.person(agencyId, email);
    if (!mayTurnOff(person.roles, kind) && !person.preferences[kind].includes('sms')) {
      throw new RequiredNotificationError(`The owner keeps "${kind}" by email or SMS: payments stop without it`, { kind });
    }
    return this.setPreference(
      null,
      agencyId,
      email,
      kind,
      person.preferences[kind].filter((channel) => channel !== 'email'),
    );
  }

  /** An inbound text: STOP (and Twilio's other opt-out words) opts the number out, START back in. */
  async receiveText(from: string, body: string): Promise<'opted_out' | 'opted_in' | 'ignored'> {
    const keyword = body.trim().toUpperCase();
    if (STOP_WORDS.has(keyword)) {
      await this.repository.optOut(from, 'stop_reply');
      this.logger.log(`A number ending ${from.slice(-4)} opted out of texts`);
      return 'opted_out';
    }
    if (START_WORDS.has(keyword)) {
      await this.repository.optIn(from);
      return 'opted_in';
    }
    return 'ignored';
  }

  /**
   * Twilio's status callback for a text: the row records it (a final status is never replaced by
   * an earlier one), and 21610 means the number opted out with Twilio, so it receives nothing more.
   */
  async deliveryReported(report: { sid: string; status: string; errorCode: string | null; to: string | null }): Promise<void> {
    const row = await this.notificationsRepository.recordDelivery(report.sid, report.status, report.errorCode);
    const phone = row?.recipients[0] ?? report.to;
    if (report.errorCode === String(TWILIO_UNSUBSCRIBED) && phone) await this.repository.optOut(phone, 'provider_error');
  }

  private hash(agencyId: string, email: string, code: string): string {
    return createHmac('sha256', this.config.auth.apiKeyPepper).update(`phone-verification:${agencyId}:${email}:${code}`).digest('base64url');
  }
}
