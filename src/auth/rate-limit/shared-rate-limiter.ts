import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/config';

export interface SharedLimit {
  /** Sustained requests per minute. */
  perMinute: number;
  /** Requests allowed at once after a quiet spell; defaults to `perMinute`. */
  burst?: number;
}

export interface SharedTake {
  allowed: boolean;
  /** 0 when allowed; otherwise whole seconds until the next request may pass. */
  retryAfterSeconds: number;
}

/** Redis could not be asked in time: each caller decides whether to let the request through. */
export class SharedLimiterUnavailableError extends Error {}

/**
 * A token bucket per key, refilled continuously, in one Lua script so that the read, refill,
 * take and write are atomic across every process. Redis's own clock is used, so processes with
 * skewed clocks agree. The state expires once the bucket would be full again.
 */
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return { allowed, wait }
`;

const TIMEOUT_MS = 1000;

type WithTake = Redis & { sharedRateLimitTake(key: string, ratePerMs: string, burst: string): Promise<[number, number]> };

/**
 * Rate limits shared by every process through Redis, for what must be bounded per tenant whatever
 * the number of API processes (routes that call Stripe or send email; sign-in attempts). The call
 * path keeps its in-process limiter: a Redis round trip per call would cost it more than it saves.
 * Uses its own connection (RATE_LIMIT_REDIS_URL, by default REDIS_URL) that never queues commands
 * while disconnected, so an outage is reported at once (SharedLimiterUnavailableError) rather than
 * holding requests; each caller chooses to fail open or closed.
 */
@Injectable()
export class SharedRateLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SharedRateLimiter.name);
  private readonly redis: WithTake;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = `${config.redis.queuePrefix}:rate-limit:`;
    this.redis = new Redis(config.redis.limitsUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    }) as WithTake;
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('sharedRateLimitTake', { numberOfKeys: 1, lua: TAKE });
  }

  /** Connects at boot, without failing it: an unreachable Redis is reported by `take` instead. */
  async onModuleInit(): Promise<void> {
    await this.redis.connect().catch((error: Error) => this.logger.warn(`Redis for rate limits not reachable yet: ${error.message}`));
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  /** Takes one request from `bucket`'s allowance; throws SharedLimiterUnavailableError when Redis cannot say. */
  async take(bucket: string, limit: SharedLimit): Promise<SharedTake> {
    const burst = Math.max(1, limit.burst ?? limit.perMinute);
    const ratePerMs = limit.perMinute / 60_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const [allowed, waitMs] = await Promise.race([
        this.redis.sharedRateLimitTake(this.prefix + bucket, String(ratePerMs), String(burst)),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
      return { allowed: allowed === 1, retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(waitMs / 1000)) };
    } catch (error) {
      throw new SharedLimiterUnavailableError(`Shared rate limit unavailable: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
