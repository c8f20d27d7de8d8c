import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors';
import { ContactsService } from '../notifications/contacts.service';
import { CHANNELS, type Channel, NOTIFICATION_KINDS, type NotificationKind, smsAllowed } from '../notifications/notification-kinds';
import { ConsolePages, CurrentSession, OwnerOnly, PageAgency, WebPages, consoleActor } from './console-http';
import type { ConsoleSession, ReachableAgency } from '../auth/console/sign-in.service';

type Form = Record<string, string | undefined>;

/** What each kind is, in words, for the preferences table. */
const KIND_LABELS: Record<NotificationKind, string> = {
  'payment-failed': 'A payment failed',
  'requires-action': 'A payment needs your confirmation',
  'low-balance': 'The balance fell below the alert',
  'reload-succeeded': 'Auto-reload charged',
  'daily-cap-reached': 'Auto-reload reached its cap',
  'reload-limit-reached': 'Auto-reload held back (too many reloads)',
  'auto-reload-suspended': 'Auto-reload suspended',
  'settings-updated': 'Billing settings changed',
  'service-paused': 'The wallet is empty, calls paused',
  'funds-pending': 'A bank payment is clearing',
  'card-expiring': 'A card expires soon',
  'no-payment-method': 'No payment method to reload with',
  'subteam-limit-warning': 'A team is close to its limit',
  'subteam-limit-reached': 'A team reached its limit',
};

const NOTICES: Record<string, string> = {
  'code-sent': 'We texted a six-digit code to the number. Enter it below within 10 minutes.',
  verified: 'The number is verified: it receives the texts chosen below.',
  removed: 'The number was removed.',
  saved: 'Preferences saved.',
};

/**
 * `/billing/:agencyId/preferences`: people's mobile numbers (added, verified by the texted
 * code, removed) and who receives what by email or text. The rules are ContactsService's, as on the API.
 */
@Controller('billing/:agencyId/preferences')
@ConsolePages()
export class PreferencesPageController {
  constructor(
    private readonly pages: WebPages,
    private readonly contacts: ContactsService,
  ) {}

  @Get()
  async show(@PageAgency() agency: ReachableAgency, @CurrentSession() session: ConsoleSession, @Query() query: Form, @Res() reply: FastifyReply) {
    return this.render(reply, agency, session, query.person, { notice: query.done ? NOTICES[query.done] : undefined });
  }

  @Post('phone')
  @OwnerOnly()
  async addPhone(
    @PageAgency() agency: ReachableAgency,
    @CurrentSession() session: ConsoleSession,
    @Req() request: FastifyRequest,
    @Body() form: Form,
    @Res() reply: FastifyReply,
  ) {
    const email = form.email ?? '';
    const phone = (form.phone ?? '').replace(/[\s().-]/g, '');
    if (!/^\+[1-9]\d{6,14}$/.test(phone)) {
      return this.render(
        reply,
        agency,
        session,
        email,
        { errors: { phone: 'Enter the number with its country code, e.g. +14155550123' }, form },
        422,
      );
    }
    return this.attempt(reply, agency, session, email, form, 'phone', 'code-sent', () =>
      this.contacts.addPhone(consoleActor(session, agency.id, request.id), agency.id, email, phone),
    );
  }

  @Post('phone/verify')
  @OwnerOnly()
  async verify(@PageAgency() agency: ReachableAgency, @CurrentSession() session: ConsoleSession, @Body() form: Form, @Res() reply: FastifyReply) {
    const email = form.email ?? '';
    const code = (form.code ?? '').trim();
    if (!/^\d{6}$/.test(code))
      return this.render(reply, agency, session, email, { errors: { code: 'Enter the six digits from the text' }, form }, 422);
    return this.attempt(reply, agency, session, email, form, 'code', 'verified', () => this.contacts.verifyPhone(agency.id, email, code));
  }

  @Post('phone/remove')
  @OwnerOnly()
  async remove(
    @PageAgency() agency: ReachableAgency,
    @CurrentSession() session: ConsoleSession,
    @Req() request: FastifyRequest,
    @Body() form: Form,
    @Res() reply: FastifyReply,
  ) {
    const email = form.email ?? '';
    return this.attempt(reply, agency, session, email, form, 'phone', 'removed', () =>
      this.contacts.removePhone(consoleActor(session, agency.id, request.id), agency.id, email),
    );
  }

  @Post('preferences')
  @OwnerOnly()
  async preferences(
    @PageAgency() agency: ReachableAgency,
    @CurrentSession() session: ConsoleSession,
    @Req() request: FastifyRequest,
    @Body() form: Form,
    @Res() reply: FastifyReply,
  ) {
    const email = form.email ?? '';
    const person = await this.contacts.person(agency.id, email);
    return this.attempt(reply, agency, session, email, form, 'preferences', 'saved', async () => {
      for (const kind of NOTIFICATION_KINDS) {
        const chosen = CHANNELS.filter((channel) => form[`${kind}.${channel}`] === 'on' && (channel === 'email' || smsAllowed(kind)));
        if (chosen.join() === person.preferences[kind].join()) continue;
        await this.contacts.setPreference(consoleActor(session, agency.id, request.id), agency.id, email, kind, chosen as Channel[]);
      }
    });
  }

  /** Runs a change; a rule it breaks is shown beside the form (422), success redirects (303). */
  private async attempt(
    reply: FastifyReply,
    agency: ReachableAgency,
    session: ConsoleSession,
    email: string,
    form: Form,
    field: string,
    done: string,
    change: () => Promise<unknown>,
  ) {
    try {
      await change();
    } catch (error) {
      if (!(error instanceof DomainError) || error.status === 404 || error.status === 403) throw error;
      return this.render(reply, agency, session, email, { errors: { [field]: error.message }, form }, 422);
    }
    return reply.redirect(`/billing/${agency.id}/preferences?person=${encodeURIComponent(email)}&done=${done}`, 303);
  }

  private async render(
    reply: FastifyReply,
    agency: ReachableAgency,
    session: ConsoleSession,
    personEmail: string | undefined,
    extra: { notice?: string; errors?: Record<string, string>; form?: Form },
    status = 200,
  ) {
    const { data: people } = await this.contacts.list(agency.id);
    const wanted = (personEmail ?? session.email).toLowerCase();
    const selected = people.find((p) => p.email === wanted) ?? people.find((p) => p.roles.includes('owner')) ?? people[0];
    const kinds = NOTIFICATION_KINDS.map((kind) => ({
      kind,
      label: KIND_LABELS[kind],
      sms: smsAllowed(kind),
      email: selected.preferences[kind].includes('email'),
      text: selected.preferences[kind].includes('sms'),
    }));
    return this.pages.send(
      reply,
      'billing/preferences',
      {
        title: `${agency.name} · Texts & preferences`,
        nav: 'preferences',
        people: people.map((p) => ({ ...p, selected: p.email === selected.email, roleNames: p.roles.map((r) => r.replace('_', ' ')).join(', ') })),
        person: selected,
        kinds,
        notice: extra.notice ? { kind: 'success', text: extra.notice } : undefined,
        errors: extra.errors ?? {},
        form: extra.form ?? {},
      },
      status,
    );
  }
}
