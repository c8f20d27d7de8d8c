import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { AgencySchema } from '../agencies/agency.entity';
import type { SubteamLimitAlertSchema } from '../alerts/subteam-limit-alert.entity';
import type { ConsoleMemberSchema } from '../auth/console/console-session.entity';
import { Database, type Tx, sql } from '../database/database';
import type { Tables } from '../database/tables';
import { type ContactRow, ContactsRepository } from './contacts.repository';
import { NOTIFICATION_KINDS, OWNER_REQUIRED_KINDS, type Channel, type NotificationKind, smsAllowed } from './notification-kinds';

export type PersonRole = 'owner' | 'billing' | 'member' | 'subteam_contact';

export interface Person {
  email: string;
  roles: PersonRole[];
  phone: string | null;
  phoneVerified: boolean;
  /** The number replied STOP (or Twilio reported it unsubscribed): it receives nothing. */
  smsOptedOut: boolean;
  /** What this person receives per kind, defaults applied. */
  preferences: Record<NotificationKind, Channel[]>;
}

export interface Recipients {
  emails: { email: string; mayUnsubscribe: boolean }[];
  texts: { email: string; phone: string }[];
}

type PeopleTables = Tables<typeof AgencySchema | typeof ConsoleMemberSchema | typeof SubteamLimitAlertSchema>;

const SUBTEAM_KINDS: readonly NotificationKind[] = ['subteam-limit-warning', 'subteam-limit-reached'];

/**
 * Who hears about what. A person is an email address of the agency: its owner, a billing contact,
 * a console member, a subteam's alert contact. Without a choice of their own, members receive no
 * email (they chose a console, not a mailbox), billing contacts receive every email and the owner receives them only while there is
 * no billing contact, except payment failures and suspensions, which always reach the owner; a
 * verified number receives the kinds short enough to text. Subteam alerts go to whoever the
 * preferences say and to the subteam's own contact.
 */
@Injectable()
export class Audience {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Database,
    private readonly contacts: ContactsRepository,
  ) {}

  async people(agencyId: string, tx?: Tx): Promise<Person[]> {
    // A read of the tables where the owning modules keep these people (agencies, auth's console
    // members, alerts' subteam contacts): each of them depends on this module to send its emails.
    const agency = await this.db
      .kysely<PeopleTables>(tx)
      .selectFrom('agencies as a')
      .select((eb) => [
        'a.owner_email',
        'a.billing_emails',
        eb.fn
          .coalesce(
            eb
              .selectFrom('console_members as m')
              .select(sql<string[]>`array_agg(lower(m.email))`.as('emails'))
              .whereRef('m.agency_id', '=', 'a.id'),
            sql<string[]>`'{}'`,
          )
          .as('members'),
        eb.fn
          .coalesce(
            eb
              .selectFrom('subteam_limit_alerts as l')
              .select(sql<string[]>`array_agg(distinct lower(l.contact_email))`.as('emails'))
              .whereRef('l.agency_id', '=', 'a.id')
              .where('l.contact_email', 'is not', null),
            sql<string[]>`'{}'`,
          )
          .as('subteam_contacts'),
      ])
      .where('a.id', '=', agencyId)
      .executeTakeFirst();
    if (!agency) return [];
    const roles = new Map<string, PersonRole[]>();
    const add = (email: string, role: PersonRole) => {
      const key = email.toLowerCase();
      const list = roles.get(key) ?? [];
      if (!list.includes(role)) list.push(role);
      roles.set(key, list);
    };
    add(agency.owner_email, 'owner');
    for (const email of agency.billing_emails) add(email, 'billing');
    for (const email of agency.members) add(email, 'member');
    for (const email of agency.subteam_contacts) add(email, 'subteam_contact');

    const contacts = new Map((await this.contacts.findContacts(agencyId, tx)).map((c) => [c.email, c]));
    const chosen = new Map<string, Channel[]>();
    for (const pref of await this.contacts.findPreferences(agencyId, tx)) chosen.set(`${pref.email} ${pref.kind}`, pref.channels);
    const hasBilling = agency.billing_emails.length > 0;

    return [...roles].map(([email, personRoles]) => {
      const contact = contacts.get(email);
      const preferences = Object.fromEntries(
        NOTIFICATION_KINDS.map((kind) => [kind, chosen.get(`${email} ${kind}`) ?? defaultChannels(personRoles, kind, hasBilling, contact)]),
      ) as Record<NotificationKind, Channel[]>;
      return {
        email,
        roles: personRoles,
        phone: contact?.phone ?? null,
        phoneVerified: Boolean(contact?.phone && contact.phoneVerifiedAt),
        smsOptedOut: contact?.optedOut ?? false,
        preferences,
      };
    });
  }

  /**
   * The emails and texts one event of `kind` goes out as. `sms: false` keeps it to email (a
   * subteam alert whose owner did not ask for texts); `extraEmails` names the subteam contacts
   * this event concerns (other subteams' contacts are left out).
   */
  async recipients(agencyId: string, kind: NotificationKind, options: { sms?: boolean; extraEmails?: string[] } = {}, tx?: Tx): Promise<Recipients> {
    const people = await this.people(agencyId, tx);
    const extra = new Set((options.extraEmails ?? []).map((email) => email.toLowerCase()));
    const emails: Recipients['emails'] = [];
    const texts: Recipients['texts'] = [];
    for (const person of people) {
      const channels = person.preferences[kind];
      // A subteam's contact hears about that subteam only, not about every subteam's alerts.
      if (person.roles.every((role) => role === 'subteam_contact') && !extra.has(person.email)) continue;
      if (channels.includes('email')) emails.push({ email: person.email, mayUnsubscribe: mayTurnOff(person.roles, kind) });
      if (channels.includes('sms') && options.sms !== false && smsAllowed(kind) && person.phone && person.phoneVerified && !person.smsOptedOut) {
        texts.push({ email: person.email, phone: person.phone });
      }
    }
    return { emails, texts };
  }

  /** A signed link naming one person of one agency: their preferences, no sign-in needed. */
  preferencesToken(agencyId: string, email: string): string {
    const subject = `${agencyId}.${Buffer.from(email.toLowerCase()).toString('base64url')}`;
    return `${subject}.${this.sign(subject)}`;
  }

  /** The person a token names, or undefined when it was not signed here. */
  readToken(token: string): { agencyId: string; email: string } | undefined {
    const [agencyId, email, signature] = token.split('.');
    if (!agencyId || !email || !signature) return undefined;
    const expected = Buffer.from(this.sign(`${agencyId}.${email}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return { agencyId, email: Buffer.from(email, 'base64url').toString() };
  }

  preferencesUrl(agencyId: string, email: string): string {
    return `${this.config.publicBaseUrl}/v1/notification-preferences/${this.preferencesToken(agencyId, email)}`;
  }

  private sign(subject: string): string {
    return createHmac('sha256', this.config.auth.apiKeyPepper).update(`notification-preferences:${subject}`).digest('base64url');
  }
}

/** The owner may not turn off every channel of the kinds that stop money moving. */
export function mayTurnOff(roles: PersonRole[], kind: NotificationKind): boolean {
  return !(roles.includes('owner') && OWNER_REQUIRED_KINDS.includes(kind));
}

function defaultChannels(roles: PersonRole[], kind: NotificationKind, hasBilling: boolean, contact: ContactRow | undefined): Channel[] {
  const subteamKind = SUBTEAM_KINDS.includes(kind);
  const email =
    roles.includes('billing') ||
    (roles.includes('owner') && (!hasBilling || OWNER_REQUIRED_KINDS.includes(kind))) ||
    (subteamKind && (roles.includes('owner') || roles.includes('subteam_contact')));
  const sms = smsAllowed(kind) && Boolean(contact?.phone && contact.phoneVerifiedAt) && !roles.every((role) => role === 'subteam_contact');
  return [...(email ? (['email'] as const) : []), ...(sms ? (['sms'] as const) : [])];
}
