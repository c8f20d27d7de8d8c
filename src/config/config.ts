import { z } from 'zod';
import { parseMoney } from '../database/money';
import { unsafeSecrets } from './unsafe-secrets';

/**
 * The environment, validated once at boot into a typed object. Nothing else reads process.env.
 * Defaults serve a local machine with PostgreSQL and Redis on their standard ports.
 */
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const money = z.string().transform((value, ctx) => {
  try {
    return parseMoney(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});
const url = z.url();

/**
 * Stripe's statement descriptor rules (docs.stripe.com/get-started/account/statement-descriptors):
 * Latin characters only, at least one letter, none of < > \ ' " *; a prefix of 2 to 10 characters;
 * the complete descriptor (prefix, "* ", suffix) 5 to 22 characters.
 */
const DESCRIPTOR_FORBIDDEN = /[<>\\'"*]/;
const descriptorPart = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .regex(/^[\x20-\x7e]+$/, 'must use only unaccented Latin letters, digits, spaces and punctuation')
    .regex(/[A-Za-z]/, 'must contain at least one letter')
    .refine((value) => !DESCRIPTOR_FORBIDDEN.test(value), 'must not contain any of < > \\ \' " *');
/** The complete descriptor Stripe builds from the prefix and a charge's suffix. */
const MAX_STATEMENT_DESCRIPTOR = 22;

const environment = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: url.default('postgresql://postgres@127.0.0.1:5432/agency_wallet'),
  DATABASE_MIGRATION_URL: url.optional(),
  DATABASE_POOL_SIZE: positiveInt.default(20),
  REDIS_URL: url.default('redis://127.0.0.1:6379'),
  RATE_LIMIT_REDIS_URL: url.optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w.-]+$/)
    .default('agency-wallet'),
  STRIPE_SECRET_KEY: z.string().min(1).default('sk_test_local'),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).default('whsec_local'),
  STRIPE_API_BASE: url.optional(),
  // The Stripe-compatible sandbox (sandbox/stripe): auto = on in development when no Stripe key is set.
  STRIPE_SANDBOX: z.enum(['auto', 'true', 'false']).default('auto'),
  STRIPE_SANDBOX_URL: url.optional(),
  STRIPE_SANDBOX_PORT: port.default(12111),
  STRIPE_SANDBOX_HOST: z.string().default('127.0.0.1'),
  STRIPE_SANDBOX_PUBLIC_URL: url.optional(),
  STRIPE_SANDBOX_BANK_SETTLEMENT_SECONDS: z.coerce.number().min(0).default(5),
  STRIPE_SANDBOX_STATE_FILE: z.string().default('.sandbox/stripe-state.json'),
  STRIPE_STATEMENT_DESCRIPTOR_PREFIX: descriptorPart(2, 10).default('AGWALLET'),
  STRIPE_STATEMENT_DESCRIPTOR_SUFFIX: descriptorPart(1, MAX_STATEMENT_DESCRIPTOR - 4).default('CALL CREDITS'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Agency Wallet <billing@agency-wallet.local>'),
  MAIL_DIR: z.string().default('.mail'),
  MAIL_DISABLED: z.stringbool().default(false),
  MAIL_SEND_TIMEOUT_SECONDS: positiveInt.default(60),
  MAIL_ATTEMPTS: positiveInt.max(20).default(6),
  MAIL_RETRY_DELAY_SECONDS: z.coerce.number().positive().default(30),
  NOTIFICATION_SWEEP_SECONDS: z.coerce.number().positive().default(30),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio account SID (AC + 32 hex digits)')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_FROM: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +15005550006')
    .optional(),
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, 'a messaging service SID (MG + 32 hex digits)')
    .optional(),
  TWILIO_API_BASE: url.optional(),
  SMS_DISABLED: z.stringbool().default(false),
  // Several keys, comma-separated, so an admin key can be rotated without downtime.
  ADMIN_API_KEY: z
    .string()
    .default('aw_admin_local_development_key')
    .transform((value) =>
      value
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key !== ''),
    )
    .pipe(z.array(z.string().min(16, 'each key must be at least 16 characters')).min(1, 'must hold at least one key')),
  API_KEY_PEPPER: z.string().min(1).default('aw_dev_pepper_change_me'),
  // People who administer the support console (manage support users), comma-separated.
  ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((email) => email.trim().toLowerCase())
        .filter((email) => email !== ''),
    ),
  PUBLIC_BASE_URL: url.default('http://localhost:3000'),
  MAX_RELOAD_AMOUNT: money.default(parseMoney('10000.00')),
  SUPPORT_ADJUSTMENT_DAILY_LIMIT: money.default(parseMoney('1000.00')),
  SUPPORT_ADJUSTMENT_APPROVAL_OVER: money.default(parseMoney('500.00')),
  HOLD_TTL_SECONDS: positiveInt.default(2 * 60 * 60),
  BATCH_MAX_SIZE: positiveInt.max(1000).default(200),
  BATCH_MAX_QUEUE: positiveInt.default(20000),
  BATCH_LANES: positiveInt.max(64).default(2),
  BATCH_IN_FLIGHT: positiveInt.max(16).default(2),
  BATCH_KNOWN_WALLETS: z.coerce.number().int().min(0).default(10000),
  BATCH_KNOWN_HOLDS_PER_WALLET: positiveInt.default(50000),
  BATCH_CONTENTION_BACKOFF_MS: z.coerce.number().int().min(0).default(1000),
  AUTH_CACHE_SECONDS: z.coerce.number().int().min(0).default(30),
  RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(0).default(2000),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(4000),
  SWEEP_INTERVAL_SECONDS: positiveInt.default(60),
  RECONCILE_INTERVAL_SECONDS: positiveInt.default(300),
  AUTO_RELOAD_COOLDOWN_SECONDS: z.coerce.number().int().min(0).default(600),
  AUTO_RELOAD_MAX_PER_DAY: positiveInt.default(10),
  HOLD_EXPIRY_INTERVAL_SECONDS: positiveInt.default(30),
  CARD_EXPIRY_CHECK_SECONDS: positiveInt.default(24 * 60 * 60),
  AGENCY_WEBHOOK_ATTEMPTS: positiveInt.max(25).default(8),
  AGENCY_WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().positive().default(5),
  AGENCY_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
  AGENCY_WEBHOOK_SWEEP_SECONDS: positiveInt.default(30),
  METRICS_PORT: port.default(9464),
  METRICS_HOST: z.string().default('127.0.0.1'),
  FAILED_JOBS_MAX_AGE_HOURS: positiveInt.default(7 * 24),
  FAILED_JOBS_MAX_COUNT: positiveInt.default(1000),
  AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: z.stringbool().default(false),
  HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().default(30),
  HTTP_HEADERS_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().positive().default(72),
  HTTP_CONNECTION_TIMEOUT_SECONDS: z.coerce.number().positive().default(180),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|[\w.:/,\s-]+)$/, 'must be true, false or a comma-separated list of proxy addresses or CIDRs')
    .default('false'),
  UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  UNAUTHENTICATED_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(60),
  AGENCY_PAYMENT_RATE_LIMIT_PER_MINUTE: positiveInt.default(10),
  AGENCY_PAYMENT_RATE_LIMIT_BURST: positiveInt.default(20),
  AGENCY_EMAIL_RATE_LIMIT_PER_MINUTE: positiveInt.default(10),
  AGENCY_EMAIL_RATE_LIMIT_BURST: positiveInt.default(20),
  LEASE_SECONDS: z.coerce.number().positive().max(300).default(6),
  TAKEOVER_INTERVAL_SECONDS: z.coerce.number().positive().max(60).default(2),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  LOG_FORMAT: z.enum(['json', 'text']).optional(),
  LOG_CALL_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(0.01),
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(120).default(0),
});

/** What a card statement shows for a charge: Stripe joins the account's prefix and the charge's suffix, in capitals. */
function statementDescriptor(prefix: string, suffix: string): string {
  return `${prefix}* ${suffix}`.toUpperCase();
}

export type AppConfig = ReturnType<typeof toConfig>;

/** Every variable the service reads; `.env.example` documents each (a unit test keeps them in step). */
export const CONFIG_VARIABLES = Object.keys(environment.shape);

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environment.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
  }
  const descriptor = statementDescriptor(parsed.data.STRIPE_STATEMENT_DESCRIPTOR_PREFIX, parsed.data.STRIPE_STATEMENT_DESCRIPTOR_SUFFIX);
  if (descriptor.length > MAX_STATEMENT_DESCRIPTOR) {
    throw new ConfigError(
      `Invalid environment: STRIPE_STATEMENT_DESCRIPTOR_SUFFIX: "${descriptor}" (the prefix, "* " and the suffix) is ${descriptor.length} characters; Stripe allows ${MAX_STATEMENT_DESCRIPTOR}`,
    );
  }
  if (parsed.data.NODE_ENV === 'production' && !env.ADMIN_API_KEY) {
    throw new ConfigError('Invalid environment: ADMIN_API_KEY: must be set in production');
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.SMTP_URL && !parsed.data.MAIL_DISABLED) {
    throw new ConfigError('Invalid environment: SMTP_URL: must be set in production (or MAIL_DISABLED=true to send no email)');
  }
  const twilio = parsed.data;
  if (twilio.TWILIO_ACCOUNT_SID && (!twilio.TWILIO_AUTH_TOKEN || !(twilio.TWILIO_FROM || twilio.TWILIO_MESSAGING_SERVICE_SID))) {
    throw new ConfigError(
      'Invalid environment: TWILIO_AUTH_TOKEN and TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID) must be set with TWILIO_ACCOUNT_SID',
    );
  }
  if (parsed.data.NODE_ENV === 'production') {
    // Defaults count: an unset secret whose default is a development value is refused too.
    const unsafe = unsafeSecrets({ ...stripEmpty(env), ...parsed.data, ADMIN_API_KEY: parsed.data.ADMIN_API_KEY.join(',') });
    if (unsafe.length) throw new ConfigError(`Refusing to run in production with unsafe secrets: ${unsafe.join('; ')}`);
  }
  // Node refuses a server whose headers may take longer than the whole request.
  if (parsed.data.HTTP_HEADERS_TIMEOUT_SECONDS > parsed.data.HTTP_REQUEST_TIMEOUT_SECONDS) {
    throw new ConfigError('Invalid environment: HTTP_HEADERS_TIMEOUT_SECONDS: must not exceed HTTP_REQUEST_TIMEOUT_SECONDS');
  }
  if (
    parsed.data.NODE_ENV === 'production' &&
    parsed.data.AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES &&
    env.AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES?.trim() !== 'true'
  ) {
    throw new ConfigError('Invalid environment: AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: in production, only the exact value "true" turns it on');
  }
  return toConfig(parsed.data, { stripeKeySet: !!env.STRIPE_SECRET_KEY });
}

/** What an operator must hear at every boot, though the service can run. */
export function configWarnings(config: AppConfig): string[] {
  const warnings: string[] = [];
  if (config.env === 'production' && !config.publicBaseUrl.startsWith('https://')) {
    warnings.push(
      `PUBLIC_BASE_URL is ${config.publicBaseUrl}: not https. Links in emails and the pages they open travel unencrypted; serve the public address over TLS.`,
    );
  }
  return warnings;
}

/**
 * The Stripe sandbox runs when asked (STRIPE_SANDBOX=true), or by default in development when
 * neither a Stripe key nor another API base is given: the first session then needs no account.
 * STRIPE_SANDBOX_URL names one that already runs (docker-compose's, or the API process's for a
 * separate worker); otherwise the process that serves HTTP starts one inside itself.
 */
function stripeSandbox(env: z.infer<typeof environment>, stripeKeySet: boolean) {
  const on =
    env.STRIPE_SANDBOX === 'true' ||
    (env.STRIPE_SANDBOX === 'auto' && env.NODE_ENV === 'development' && !stripeKeySet && env.STRIPE_API_BASE === undefined);
  if (!on) return null;
  const loopback = env.STRIPE_SANDBOX_HOST === '0.0.0.0' || env.STRIPE_SANDBOX_HOST === '::' ? '127.0.0.1' : env.STRIPE_SANDBOX_HOST;
  const ownUrl = `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${env.STRIPE_SANDBOX_PORT}`;
  return {
    /** Started by this process (when it serves HTTP), or one running elsewhere. */
    external: env.STRIPE_SANDBOX_URL !== undefined,
    apiUrl: (env.STRIPE_SANDBOX_URL ?? ownUrl).replace(/\/$/, ''),
    port: env.STRIPE_SANDBOX_PORT,
    host: env.STRIPE_SANDBOX_HOST,
    /** Where a person's browser reaches its hosted pages (3-D Secure, Checkout). */
    publicUrl: (env.STRIPE_SANDBOX_PUBLIC_URL ?? env.STRIPE_SANDBOX_URL ?? ownUrl).replace(/\/$/, ''),
    bankDebitSettlementMs: seconds(env.STRIPE_SANDBOX_BANK_SETTLEMENT_SECONDS),
    /** Its customers and cards survive a restart, as the database that names them does. */
    stateFile: env.STRIPE_SANDBOX_STATE_FILE,
  };
}

function toConfig(env: z.infer<typeof environment>, options: { stripeKeySet: boolean }) {
  const sandbox = stripeSandbox(env, options.stripeKeySet);
  return {
    env: env.NODE_ENV,
    role: env.ROLE,
    http: {
      port: env.PORT,
      host: env.HOST,
      requestTimeoutMs: seconds(env.HTTP_REQUEST_TIMEOUT_SECONDS),
      headersTimeoutMs: seconds(env.HTTP_HEADERS_TIMEOUT_SECONDS),
      keepAliveTimeoutMs: seconds(env.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS),
      connectionTimeoutMs: seconds(env.HTTP_CONNECTION_TIMEOUT_SECONDS),
      trustProxy: trustProxy(env.TRUST_PROXY),
    },
    database: {
      url: env.DATABASE_URL,
      // On a local machine migrations run with DATABASE_URL, and the application then connects as a
      // role derived from it (src/database/app-role.ts); production names both explicitly.
      migrationUrl: env.DATABASE_MIGRATION_URL ?? (env.NODE_ENV === 'production' ? undefined : env.DATABASE_URL),
      deriveAppRole: env.DATABASE_MIGRATION_URL === undefined && env.NODE_ENV !== 'production',
      poolSize: env.DATABASE_POOL_SIZE,
    },
    redis: { url: env.REDIS_URL, limitsUrl: env.RATE_LIMIT_REDIS_URL ?? env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX },
    queues: { failedJobs: { age: env.FAILED_JOBS_MAX_AGE_HOURS * 60 * 60, count: env.FAILED_JOBS_MAX_COUNT } },
    metrics: { port: env.METRICS_PORT, host: env.METRICS_HOST },
    stripe: {
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      apiBase: sandbox?.apiUrl ?? env.STRIPE_API_BASE,
      sandbox,
      /** Sent with every charge; `statementDescriptor` is the name owners tell their bank to allow. */
      statementDescriptorSuffix: env.STRIPE_STATEMENT_DESCRIPTOR_SUFFIX,
      statementDescriptor: statementDescriptor(env.STRIPE_STATEMENT_DESCRIPTOR_PREFIX, env.STRIPE_STATEMENT_DESCRIPTOR_SUFFIX),
    },
    mail: {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      dir: env.MAIL_DIR,
      disabled: env.MAIL_DISABLED,
      sendTimeoutSeconds: env.MAIL_SEND_TIMEOUT_SECONDS,
      attempts: env.MAIL_ATTEMPTS,
      retryDelaySeconds: env.MAIL_RETRY_DELAY_SECONDS,
      sweepIntervalSeconds: env.NOTIFICATION_SWEEP_SECONDS,
    },
    sms: {
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      from: env.TWILIO_FROM,
      messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
      /** Another host for the Twilio API (the test server in sandbox/twilio); Twilio's own when unset. */
      apiBase: env.TWILIO_API_BASE?.replace(/\/$/, ''),
      disabled: env.SMS_DISABLED,
    },
    adminApiKeys: env.ADMIN_API_KEY,
    /** Signed in by link, these addresses administer the support console (lower case). */
    adminEmails: env.ADMIN_EMAILS,
    publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/$/, ''),
    money: { maxReloadMicros: env.MAX_RELOAD_AMOUNT },
    /** A support user's adjustments: their total (either sign) per trailing 24 h, and the size above which a second support user approves. */
    supportAdjustments: { dailyLimitMicros: env.SUPPORT_ADJUSTMENT_DAILY_LIMIT, approvalOverMicros: env.SUPPORT_ADJUSTMENT_APPROVAL_OVER },
    holds: { ttlSeconds: env.HOLD_TTL_SECONDS, expiryIntervalSeconds: env.HOLD_EXPIRY_INTERVAL_SECONDS },
    batching: {
      maxBatchSize: env.BATCH_MAX_SIZE,
      maxQueuedPerWallet: env.BATCH_MAX_QUEUE,
      lanes: env.BATCH_LANES,
      inFlight: env.BATCH_IN_FLIGHT,
      knownWallets: env.BATCH_KNOWN_WALLETS,
      knownHoldsPerWallet: env.BATCH_KNOWN_HOLDS_PER_WALLET,
      contentionBackoffMs: env.BATCH_CONTENTION_BACKOFF_MS,
    },
    auth: {
      cacheSeconds: env.AUTH_CACHE_SECONDS,
      rateLimitPerSecond: env.RATE_LIMIT_PER_SECOND,
      rateLimitBurst: env.RATE_LIMIT_BURST,
      apiKeyPepper: env.API_KEY_PEPPER,
      unauthenticatedPerMinute: env.UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE,
      unauthenticatedBurst: env.UNAUTHENTICATED_RATE_LIMIT_BURST,
    },
    /** Per-agency limits shared by every process through Redis (SharedRateLimiter). */
    agencyLimits: {
      payments: { perMinute: env.AGENCY_PAYMENT_RATE_LIMIT_PER_MINUTE, burst: env.AGENCY_PAYMENT_RATE_LIMIT_BURST },
      emails: { perMinute: env.AGENCY_EMAIL_RATE_LIMIT_PER_MINUTE, burst: env.AGENCY_EMAIL_RATE_LIMIT_BURST },
    },
    autoReload: {
      sweepIntervalSeconds: env.SWEEP_INTERVAL_SECONDS,
      reconcileIntervalSeconds: env.RECONCILE_INTERVAL_SECONDS,
      failureCoolDownSeconds: env.AUTO_RELOAD_COOLDOWN_SECONDS,
      maxPerDay: env.AUTO_RELOAD_MAX_PER_DAY,
    },
    cardExpiry: { checkIntervalSeconds: env.CARD_EXPIRY_CHECK_SECONDS },
    agencyWebhooks: {
      attempts: env.AGENCY_WEBHOOK_ATTEMPTS,
      retryDelaySeconds: env.AGENCY_WEBHOOK_RETRY_DELAY_SECONDS,
      timeoutSeconds: env.AGENCY_WEBHOOK_TIMEOUT_SECONDS,
      sweepIntervalSeconds: env.AGENCY_WEBHOOK_SWEEP_SECONDS,
      allowPrivateAddresses: env.AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
      httpsOnly: env.NODE_ENV === 'production' && !env.AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    },
    recovery: { leaseSeconds: env.LEASE_SECONDS, takeoverIntervalSeconds: env.TAKEOVER_INTERVAL_SECONDS },
    /** True when payments go to the Stripe sandbox: pages say so on every screen. */
    stripeSandbox: sandbox !== null,
    logLevel: env.LOG_LEVEL,
    logs: {
      /** JSON lines in production, readable lines elsewhere, unless LOG_FORMAT says otherwise. */
      json: (env.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'text')) === 'json',
      /** The share of call-path requests (authorize, extend, settle, release, usage) that get a log line; errors always do. */
      callSampleRate: env.LOG_CALL_SAMPLE_RATE,
    },
    shutdown: { drainMs: seconds(env.SHUTDOWN_DRAIN_SECONDS) },
  } as const;
}

const seconds = (value: number) => Math.round(value * 1000);

/** Fastify's `trustProxy`: off, on (any proxy), or the proxies' addresses and CIDRs. */
function trustProxy(value: string): boolean | string[] {
  if (value === 'true' || value === 'false') return value === 'true';
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** An empty variable means "not set", as it does in most shells and compose files. */
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')) as Record<string, string>;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
