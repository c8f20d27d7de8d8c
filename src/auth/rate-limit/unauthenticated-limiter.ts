import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { RateLimitedError } from '../../common/errors';
import { RateLimiter } from './rate-limiter';

/**
 * Failed authentications per client address: a missing or unknown API key, or a webhook whose
 * signature does not verify. Past the budget (UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE, burst
 * UNAUTHENTICATED_RATE_LIMIT_BURST) the address's requests are answered 429 before their key or
 * signature is even looked at, until the budget refills; so guessing keys, or flooding the Stripe
 * webhook with forged events, costs no database work. Successful requests spend nothing, so a
 * well-configured client is only ever held back while its address is sending failures. IPv6
 * clients are counted per /64, the block one subscriber usually holds. Per process, like the key
 * limiter: it guards the service, not money.
 */
@Injectable()
export class UnauthenticatedLimiter {
  private readonly limiter: RateLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new RateLimiter(config.auth.unauthenticatedPerMinute / 60, config.auth.unauthenticatedBurst);
  }

  /** Throws 429 when the address has used up its budget of failures. */
  check(address: string): void {
    const wait = this.limiter.waitSeconds(clientKey(address));
    if (wait > 0) {
      throw new RateLimitedError(wait, 'Too many requests without valid credentials from this address; retry later');
    }
  }

  recordFailure(address: string): void {
    this.limiter.take(clientKey(address));
  }
}

/** An IPv4 address as it is; an IPv6 address by its /64 network. */
export function clientKey(address: string): string {
  if (!address.includes(':')) return address;
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) return address.slice(7);
  const [head, tail] = address.split('::');
  const front = head ? head.split(':') : [];
  const back = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
