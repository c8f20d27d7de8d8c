import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles, SignedWebhook } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { NotFoundError } from '../common/errors';
import { AgencyLimit } from '../auth/rate-limit/agency-limits';
import { ZodPipe, uuidParam } from '../common/validation';
import { ApiDoc } from '../openapi/api-doc';
import { list } from '../openapi/schemas';
import { Audience } from './audience';
import { ContactsService } from './contacts.service';
import { CHANNELS, NOTIFICATION_KINDS } from './notification-kinds';

const token = z.string().max(400).meta({ description: 'The signed token from the link' });
const email = z.email({ message: 'must be an email address' }).max(320);
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a mobile number in E.164 form, e.g. +14155550123');
const kind = z.enum(NOTIFICATION_KINDS, { message: `must be one of ${NOTIFICATION_KINDS.join(', ')}` });
const channels = z.array(z.enum(CHANNELS, { message: 'must be "email" or "sms"' })).max(2);

const phoneBody = z.strictObject({ email, phone: e164 });
const verifyBody = z.strictObject({ email, code: z.string().regex(/^\d{6}$/, 'must be the six digits sent') });
const personQuery = z.strictObject({ email });
const preferenceBody = z.strictObject({ email, kind, channels });
const linkPreferenceBody = z.strictObject({ kind, channels });
const unsubscribeQuery = z.strictObject({ kind });

const preferencesSchema = z.record(z.string(), z.array(z.enum(CHANNELS))).meta({ description: 'Channels per kind of notification; [] = none' });
const personSchema = z
  .strictObject({
    email: z.string(),
    roles: z.array(z.enum(['owner', 'billing', 'member', 'subteam_contact'])),
    phone: z.string().nullable(),
    phoneVerified: z.boolean(),
    smsOptedOut: z.boolean().meta({ description: 'The number replied STOP (or Twilio reported it unsubscribed)' }),
    preferences: preferencesSchema,
  })
  .meta({ id: 'NotificationPerson' });
const linkPersonSchema = personSchema.omit({ roles: true }).meta({ id: 'NotificationPreferencesLink' });
const TAG = 'Notifications';

/** People's numbers and preferences, for the owner (and admin) of the agency. */
@Controller('agencies/:agencyId')
@Roles('owner', 'admin')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get('notification-contacts')
  @ApiDoc({ tag: TAG, summary: "The agency's people: numbers and what each receives", responses: { 200: list(personSchema) } })
  @Roles('owner', 'admin', 'support')
  list(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.contacts.list(agencyId);
  }

  /** Stores the number unverified and texts it a six-digit code. */
  @Put('notification-contacts/phone')
  @ApiDoc({ tag: TAG, summary: "Add a person's mobile number: texts it a six-digit code", responses: { 200: personSchema } })
  @AgencyLimit('emails')
  addPhone(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(phoneBody)) body: z.output<typeof phoneBody>,
  ) {
    return this.contacts.addPhone({ principal, requestId }, agencyId, body.email, body.phone);
  }

  @Post('notification-contacts/phone/verify')
  @ApiDoc({
    tag: TAG,
    summary: 'Verify the number with the texted code',
    responses: { 200: personSchema },
    errors: ['invalid_code', 'verification_expired', 'verification_locked', 'verification_not_pending'],
  })
  @HttpCode(200)
  verify(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string, @Body(new ZodPipe(verifyBody)) body: z.output<typeof verifyBody>) {
    return this.contacts.verifyPhone(agencyId, body.email, body.code);
  }

  @Delete('notification-contacts/phone')
  @ApiDoc({ tag: TAG, summary: "Remove a person's mobile number", responses: { 200: personSchema } })
  removePhone(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Query(new ZodPipe(personQuery)) query: z.output<typeof personQuery>,
  ) {
    return this.contacts.removePhone({ principal, requestId }, agencyId, query.email);
  }

  @Put('notification-preferences')
  @ApiDoc({
    tag: TAG,
    summary: 'Choose the channels one person receives one kind by',
    responses: { 200: personSchema },
    errors: ['notification_required'],
  })
  setPreference(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(preferenceBody)) body: z.output<typeof preferenceBody>,
  ) {
    return this.contacts.setPreference({ principal, requestId }, agencyId, body.email, body.kind, body.channels);
  }
}

/**
 * The link every email carries: it names one person of one agency, signed, so the person can
 * change what they receive without an account. `POST …/unsubscribe` is RFC 8058's one-click
 * target (mail clients send `List-Unsubscribe=One-Click` form-encoded).
 */
@Controller('notification-preferences/:token')
@SignedWebhook()
export class PreferenceLinksController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly audience: Audience,
  ) {}

  @Get()
  @ApiDoc({ tag: TAG, summary: "A person's preferences, from the link in their emails", responses: { 200: linkPersonSchema } })
  async show(@Param('token', new ZodPipe(token)) token: string) {
    const { agencyId, email } = this.read(token);
    return this.contacts.person(agencyId, email).then((person) => ({
      email: person.email,
      phone: person.phone,
      phoneVerified: person.phoneVerified,
      smsOptedOut: person.smsOptedOut,
      preferences: person.preferences,
    }));
  }

  @Put()
  @ApiDoc({
    tag: TAG,
    summary: 'Change a preference from the link in an email',
    responses: { 200: z.strictObject({ email: z.string(), preferences: preferencesSchema }) },
    errors: ['notification_required'],
  })
  async update(@Param('token', new ZodPipe(token)) token: string, @Body(new ZodPipe(linkPreferenceBody)) body: z.output<typeof linkPreferenceBody>) {
    const { agencyId, email } = this.read(token);
    const person = await this.contacts.setPreference(null, agencyId, email, body.kind, body.channels);
    return { email: person.email, preferences: person.preferences };
  }

  @Post('unsubscribe')
  @ApiDoc({
    tag: TAG,
    summary: "One-click unsubscribe (RFC 8058): this kind's email off for this person",
    description: 'Mail clients POST `List-Unsubscribe=One-Click` form-encoded; the body is not read.',
    responses: { 200: z.strictObject({ email: z.string(), kind: z.string(), channels: z.array(z.enum(CHANNELS)) }) },
    errors: ['notification_required'],
  })
  @HttpCode(200)
  async unsubscribe(
    @Param('token', new ZodPipe(token)) token: string,
    @Query(new ZodPipe(unsubscribeQuery)) query: z.output<typeof unsubscribeQuery>,
  ) {
    const { agencyId, email } = this.read(token);
    const person = await this.contacts.unsubscribeEmail(agencyId, email, query.kind);
    return { email: person.email, kind: query.kind, channels: person.preferences[query.kind] };
  }

  private read(token: string) {
    const person = this.audience.readToken(token);
    if (!person) throw new NotFoundError('Preferences link');
    return person;
  }
}
