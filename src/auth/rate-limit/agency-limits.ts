import { ExecutionContext, Inject, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { RateLimitedError, ServiceUnavailableError } from '../../common/errors';
import { SharedLimiterUnavailableError, SharedRateLimiter } from './shared-rate-limiter';

/**
 * The per-agency limits on routes that reach the outside world on request, and what each does
 * when Redis cannot be asked: routes that call Stripe refuse (503, money paths are never run
 * unbounded), routes that only queue an email go ahead (the outbox and SMTP retries bound them,
 * and an owner should not be unable to change a setting because of Redis).
 */
const AGENCY_LIMITS = {
  payments: { failClosed: true, what: 'payment requests' },
  emails: { failClosed: false, what: 'requests that send email' },
} as const;

export type AgencyLimitName = keyof typeof AGENCY_LIMITS;

const AGENCY_LIMIT_KEY = 'aw:agency-limit';

/** Bounds a route (which has an :agencyId) per agency, across processes (AGENCY_*_RATE_LIMIT_*). */
export const AgencyLimit = (name: AgencyLimitName) => SetMetadata(AGENCY_LIMIT_KEY, name);

/**
 * Spends a route's per-agency allowance. AuthGuard calls it once the caller is authenticated and
 * allowed on the agency, so only such a caller spends it; the console's pages have no API key
 * (no principal): their ConsoleGuard calls it once the session is checked.
 */
@Injectable()
export class AgencyLimits {
  private readonly logger = new Logger(AgencyLimits.name);
  private lastWarning = 0;
  private readonly limits = new WeakMap<object, AgencyLimitName | undefined>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reflector: Reflector,
    private readonly limiter: SharedRateLimiter,
  ) {}

  /** Read once per handler (a route's decorators never change), not on every request. */
  limitOf(context: ExecutionContext): AgencyLimitName | undefined {
    const handler = context.getHandler();
    if (!this.limits.has(handler)) this.limits.set(handler, this.reflector.get<AgencyLimitName | undefined>(AGENCY_LIMIT_KEY, handler));
    return this.limits.get(handler);
  }

  async take(name: AgencyLimitName, agencyId: string): Promise<boolean> {
    const policy = AGENCY_LIMITS[name];
    let taken;
    try {
      taken = await this.limiter.take(`agency:${name}:${agencyId}`, this.config.agencyLimits[name]);
    } catch (error) {
      if (!(error instanceof SharedLimiterUnavailableError)) throw error;
      if (policy.failClosed) throw new ServiceUnavailableError('This request cannot be rate-limited right now, so it is refused; retry shortly');
      this.warnThrottled(`${error.message}; letting ${policy.what} through unlimited`);
      return true;
    }
    if (!taken.allowed) {
      throw new RateLimitedError(taken.retryAfterSeconds, `Too many ${policy.what} for this agency; retry in ${taken.retryAfterSeconds} s`);
    }
    return true;
  }

  private warnThrottled(message: string): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(message);
  }
}
