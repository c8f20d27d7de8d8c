import { defineEntity, p } from '@mikro-orm/core';

export const CONSOLE_MEMBER_ROLES = ['owner', 'viewer'] as const;
export type MemberRole = (typeof CONSOLE_MEMBER_ROLES)[number];

/** A person an agency's owner let into the console besides the owner email, and as what. */
export const ConsoleMemberSchema = defineEntity({
  name: 'ConsoleMember',
  tableName: 'console_members',
  properties: {
    id: p.uuid().primary(),
    agencyId: p.uuid(),
    email: p.text(),
    role: p.enum(CONSOLE_MEMBER_ROLES),
    invitedBy: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [
    // One invitation per agency and address, whatever the address's case.
    {
      name: 'console_members_agency_email_idx',
      expression: 'create unique index console_members_agency_email_idx on console_members (agency_id, lower(email))',
    },
    { name: 'console_members_email_idx', expression: 'create index console_members_email_idx on console_members (lower(email))' },
  ],
});
export class ConsoleMember extends ConsoleMemberSchema.class {}
ConsoleMemberSchema.setClass(ConsoleMember);

/** An emailed sign-in link, kept as the hash of its token and used once. */
export const SignInTokenSchema = defineEntity({
  name: 'SignInToken',
  tableName: 'sign_in_tokens',
  properties: {
    tokenHash: p.text().primary(),
    email: p.text(),
    /** Where the person was going when asked to sign in (a path on this service). */
    nextPath: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    expiresAt: p.datetime().index('sign_in_tokens_expires_idx'),
    usedAt: p.datetime().nullable(),
  },
});
export class SignInToken extends SignInTokenSchema.class {}
SignInTokenSchema.setClass(SignInToken);

/** A browser session of the console, kept as the hash of its cookie's id. */
export const WebSessionSchema = defineEntity({
  name: 'WebSession',
  tableName: 'web_sessions',
  properties: {
    idHash: p.text().primary(),
    email: p.text(),
    csrfToken: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
    lastSeenAt: p.datetime().defaultRaw('now()'),
    expiresAt: p.datetime().index('web_sessions_expires_idx'),
    endedAt: p.datetime().nullable(),
  },
});
export class WebSession extends WebSessionSchema.class {}
WebSessionSchema.setClass(WebSession);
