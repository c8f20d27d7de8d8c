import { Inject, Injectable } from '@nestjs/common';
import { type LookupAddress, promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { DomainError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { isForbiddenAddress } from './webhook-addresses';

/** Where a webhook will connect: an address that passed the rules, for the URL's host name. */
export interface WebhookTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * The URL may not be used as a webhook endpoint. A validation error when an owner saves it; at
 * send time the delivery records `reason`, which names no address (an owner must not learn
 * what our network looks like from it).
 */
export class WebhookTargetRefusedError extends DomainError {
  readonly code = 'validation_error';
  readonly status = 422;
  constructor(readonly reason: string) {
    super(`Invalid request: url: ${reason}`, { fields: [{ path: 'url', message: reason }] });
  }
}

const REASONS = {
  https: 'must be an https URL',
  unresolvable: 'has a host name that does not resolve',
  forbidden: 'must point to a public internet address (not a loopback, private, link-local, shared or metadata address)',
} as const;

/**
 * Resolves a webhook URL's host and checks every address it resolves to (webhook-addresses.ts),
 * once when the owner saves the URL and again before each delivery. The delivery then connects to
 * the address checked here rather than resolving the name again, so a host name that changes its
 * answer between the check and the connection (DNS rebinding) still reaches only a checked address.
 * With AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES the address rules are off (local receivers, tests).
 */
@Injectable()
export class WebhookTargets {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The host's addresses, from the system resolver (hosts file, then DNS). Tests replace it. */
  lookup(hostname: string): Promise<LookupAddress[]> {
    return dns.lookup(hostname, { all: true, verbatim: true });
  }

  /** When an owner saves the URL: refuses what no delivery could be sent to. */
  async check(url: string): Promise<void> {
    const parsed = new URL(url);
    if (this.config.agencyWebhooks.allowPrivateAddresses) {
      this.checkScheme(parsed);
      return;
    }
    await this.resolve(parsed);
  }

  /** Before a delivery: the checked address to connect to. Throws WebhookTargetRefusedError. */
  async resolve(url: URL): Promise<WebhookTarget> {
    this.checkScheme(url);
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const allowPrivate = this.config.agencyWebhooks.allowPrivateAddresses;
    const literal = isIP(host);
    if (literal) {
      if (!allowPrivate && isForbiddenAddress(host)) throw new WebhookTargetRefusedError(REASONS.forbidden);
      return { url, address: host, family: literal as 4 | 6 };
    }
    let addresses: LookupAddress[];
    try {
      addresses = await this.lookup(host);
    } catch {
      throw new WebhookTargetRefusedError(REASONS.unresolvable);
    }
    if (!addresses.length) throw new WebhookTargetRefusedError(REASONS.unresolvable);
    // Every answer must pass: the connection could otherwise land on whichever one is internal.
    if (!allowPrivate && addresses.some((entry) => isForbiddenAddress(entry.address))) {
      throw new WebhookTargetRefusedError(REASONS.forbidden);
    }
    const [first] = addresses;
    return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  private checkScheme(url: URL): void {
    if (this.config.agencyWebhooks.httpsOnly && url.protocol !== 'https:') throw new WebhookTargetRefusedError(REASONS.https);
  }
}
