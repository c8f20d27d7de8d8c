import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ServiceUnavailableError } from '../common/errors';
import { Database } from '../database/database';
import { RedisClient } from './redis.provider';

export type Dependency = 'PostgreSQL' | 'Redis';

/** A check that has not answered by then counts as down: /ready must answer while a dependency hangs. */
const CHECK_TIMEOUT_MS = 2000;
const PROBE_EVERY_MS = 1000;

interface Outage {
  since: number;
  answered: number;
  probe: NodeJS.Timeout;
}

/**
 * Whether PostgreSQL and Redis answer, for /ready, and the log of their outages: the first request
 * that fails because one is away logs it, the next ones only count, and a probe logs when it is
 * back and how many requests and jobs could not be served meanwhile. One line per outage, not per request.
 */
@Injectable()
export class DependencyHealth implements OnApplicationShutdown {
  private readonly logger = new Logger('Dependencies');
  private readonly outages = new Map<Dependency, Outage>();

  constructor(
    private readonly db: Database,
    private readonly redis: RedisClient,
  ) {}

  async reachable(dependency: Dependency): Promise<boolean> {
    const check =
      dependency === 'PostgreSQL'
        ? this.db
            .kysely()
            .selectNoFrom((eb) => eb.lit(1).as('alive'))
            .execute()
            .then(() => true)
        : this.redis.ping();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS)));
    try {
      return await Promise.race([check.catch(() => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A request (answered 503) or a job could not be served because `dependency` is away. */
  unavailable(dependency: Dependency, error: unknown): void {
    const outage = this.outages.get(dependency);
    if (outage) {
      outage.answered++;
      return;
    }
    this.logger.error(`${dependency} is unavailable (${describe(error)}); answering 503 service_unavailable until it is back`);
    const probe = setInterval(() => void this.probe(dependency), PROBE_EVERY_MS);
    probe.unref();
    this.outages.set(dependency, { since: Date.now(), answered: 1, probe });
  }

  /**
   * Runs follow-up work that a sweep redoes if it fails now (an enqueue after a commit): a
   * dependency being away counts toward its outage, logged once; any other failure is logged with
   * `what` as a warning. Never throws.
   */
  async bestEffort(what: string, logger: Logger, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof ServiceUnavailableError && error.dependency) this.unavailable(error.dependency, error);
      else logger.warn(`${what}: ${String(error)}`);
    }
  }

  onApplicationShutdown(): void {
    for (const outage of this.outages.values()) clearInterval(outage.probe);
    this.outages.clear();
  }

  private async probe(dependency: Dependency): Promise<void> {
    const outage = this.outages.get(dependency);
    if (!outage || !(await this.reachable(dependency)) || this.outages.get(dependency) !== outage) return;
    clearInterval(outage.probe);
    this.outages.delete(dependency);
    const seconds = ((Date.now() - outage.since) / 1000).toFixed(1);
    this.logger.log(`${dependency} is back after ${seconds} s; ${outage.answered} requests and jobs could not be served meanwhile`);
  }
}

function describe(error: unknown): string {
  if (error instanceof ServiceUnavailableError && error.cause) return describe(error.cause);
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return [typeof code === 'string' ? code : null, typeof message === 'string' ? message : String(error)].filter(Boolean).join(': ');
}
