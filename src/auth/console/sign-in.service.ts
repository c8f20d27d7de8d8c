import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { createHash, randomBytes } from 'node:crypto';
import { RateLimitedError } from '../../common/errors';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Tx } from '../../database/database';
import { NotificationsService } from '../../notifications/notifications.service';
import type { PersonTemplateData } from '../../notifications/notification-templates';
import { type AgencyDirectory, agencyDirectoryIn } from '../agency-directory';
import { SharedLimiterUnavailableError, SharedRateLimiter } from '../rate-limit/shared-rate-limiter';
import { ConsoleSessionsRepository, type MemberRole } from './console-sessions.repository';

export const SIGN_IN_LINK_MINUTES = 15;
export const SESSION_IDLE_SECONDS = 12 * 3600;
export const SESSION_MAX_SECONDS = 7 * 24 * 3600;
/** A session's last-seen time is written at most this often (each page view would otherwise write). */
const TOUCH_EVERY_MS = 60_000;

/** Per address: a few links per quarter hour. Per client address: enough for an office behind one NAT. */
const PER_EMAIL = { perMinute: 1 / 3, burst: 5 };
const PER_IP = { perMinute: 1, burst: 30 };

/** An agency a person may open in the console, and as what. */
export interface ReachableAgency {
  id: string;
  name: string;
  currency: string;
  timeZone: string;
  role: MemberRole;
}

/** Who a signed-in person is and what they may reach; recomputed on every request, so a removal applies at once. */
export interface ConsoleSession {
  idHash: string;
  email: string;
  csrfToken: string;
  agencies: ReachableAgency[];
  /** Set for an active support user: the `/support` pages check it. */
  supportUserId: string | null;
  /** An admin of the support console: an `ADMIN_EMAILS` address or a support user with the admin flag. */
  isAdmin: boolean;
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');

/** Only a path on this service: never a full URL, so a crafted link cannot send people elsewhere. */
export function safeNextPath(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value.length > 500 || /[\s\0]/.test(value)) return null;
  return value;
}

/**
 * Sign-in by emailed one-time link, and the sessions it opens. Asking for a link answers the same
 * whatever the address (no enumeration): the lookup and the email happen after the answer.
 */
@Injectable()
export class SignInService {
  private readonly logger = new Logger('SignIn');
  /** Found when first needed: agencies/ provides it (see AgencyDirectory). */
  private readonly agencies = (): AgencyDirectory => agencyDirectoryIn(this.modules);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ConsoleSessionsRepository,
    private readonly notifications: NotificationsService,
    private readonly limiter: SharedRateLimiter,
    private readonly modules: ModuleRef,
  ) {}

  /** Throws RateLimitedError past the per-address or per-client limit; otherwise returns at once. */
  async requestLink(email: string, clientIp: string, nextPath: string | null): Promise<void> {
    await this.limit(`sign-in:ip:${clientIp}`, PER_IP);
    await this.limit(`sign-in:email:${email.toLowerCase()}`, PER_EMAIL);
    void this.sendLink(email, nextPath).catch((error: Error) => this.logger.error(`Sign-in link for an address not sent: ${error.message}`));
  }

  /**
   * Writes a link for `email` and its email, in `tx` when given (an invitation commits with the
   * member it invites); the email is queued once that transaction commits.
   */
  async issueLink(
    tx: Tx | null,
    email: string,
    nextPath: string | null,
    invitation: PersonTemplateData['sign-in']['invitation'] = null,
  ): Promise<void> {
    const token = newSecret();
    await this.repository.insertSignInToken(
      { tokenHash: hashSecret(token), email, nextPath, expiresAt: new Date(Date.now() + SIGN_IN_LINK_MINUTES * 60_000) },
      tx ?? undefined,
    );
    const signInUrl = `${this.config.publicBaseUrl}/sign-in/${token}`;
    const data: PersonTemplateData['sign-in'] = { signInUrl, validMinutes: SIGN_IN_LINK_MINUTES, invitation };
    await this.notifications.notify(tx, { agencyId: null, recipients: [email], template: 'sign-in', data: { ...data } });
    if (this.config.env !== 'production') this.logger.log(`Sign-in link for ${email}: ${signInUrl}`);
  }

  /** Uses a link: a new session, or null when the link is unknown, used or expired, or the person lost access. */
  async signIn(token: string): Promise<{ sessionId: string; session: ConsoleSession; nextPath: string | null } | null> {
    const used = await this.repository.useSignInToken(hashSecret(token), new Date());
    if (!used) return null;
    const access = await this.accessOf(used.email);
    if (!access.agencies.length && !access.supportUserId && !access.isAdmin) return null;
    const sessionId = newSecret();
    const csrfToken = newSecret();
    const idHash = hashSecret(sessionId);
    await this.repository.insertSession({ idHash, email: used.email, csrfToken, expiresAt: new Date(Date.now() + SESSION_MAX_SECONDS * 1000) });
    return { sessionId, session: { idHash, email: used.email, csrfToken, ...access }, nextPath: used.nextPath };
  }

  /** The live session a cookie names, with what its person may reach now; undefined when there is none. */
  async session(sessionId: string | undefined): Promise<ConsoleSession | undefined> {
    if (!sessionId) return undefined;
    const idHash = hashSecret(sessionId);
    const now = new Date();
    const row = await this.repository.findSession(idHash, now, SESSION_IDLE_SECONDS);
    if (!row) return undefined;
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.repository.touchSession(idHash, now);
    const access = await this.accessOf(row.email);
    return { idHash, email: row.email, csrfToken: row.csrfToken, ...access };
  }

  async signOut(sessionId: string | undefined): Promise<void> {
    if (sessionId) await this.repository.endSession(hashSecret(sessionId), new Date());
  }

  /** Housekeeping: deletes links and sessions a day past their end; returns how many. */
  deleteExpired(now: Date): Promise<number> {
    return this.repository.deleteExpired(now);
  }

  private async sendLink(email: string, nextPath: string | null): Promise<void> {
    const access = await this.accessOf(email);
    if (!access.agencies.length && !access.supportUserId && !access.isAdmin) return;
    await this.issueLink(null, email, nextPath);
  }

  /**
   * What an address may reach: the agencies whose owner email it is (as owner) and those that
   * invited it (with the invited role; an owner email wins over an invitation), whether it is an
   * active support user, and whether it administers support. Emails compare case-insensitively.
   */
  private async accessOf(email: string): Promise<Pick<ConsoleSession, 'agencies' | 'supportUserId' | 'isAdmin'>> {
    const [memberships, support] = await Promise.all([this.repository.membershipsOf(email), this.repository.activeSupportUser(email)]);
    const invited = new Map(memberships.map((membership) => [membership.agency_id, membership.role]));
    const agencies = await this.agencies().agenciesOf(email, [...invited.keys()]);
    return {
      agencies: agencies.map(({ id, name, currency, timeZone, owned }) => ({
        id,
        name,
        currency,
        timeZone,
        role: owned || invited.get(id) === 'owner' ? 'owner' : 'viewer',
      })),
      supportUserId: support?.id ?? null,
      isAdmin: (support?.is_admin ?? false) || this.config.adminEmails.includes(email.toLowerCase()),
    };
  }

  /** Fails closed: without Redis, no sign-in emails go out rather than unbounded ones. */
  private async limit(bucket: string, limit: { perMinute: number; burst: number }): Promise<void> {
    try {
      const taken = await this.limiter.take(bucket, limit);
      if (!taken.allowed) throw new RateLimitedError(taken.retryAfterSeconds);
    } catch (error) {
      if (error instanceof SharedLimiterUnavailableError) throw new RateLimitedError(30);
      throw error;
    }
  }
}
