import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { AppConfig } from '../../config/config';

const REDACTED = '[REDACTED]';
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Shapes of credentials that must never reach a log line, whoever wrote the line: API keys
 * (aw_<role>_…), bearer tokens, Stripe keys and signing secrets, agency webhook secrets, and
 * passwords inside connection URLs. The configured secrets themselves are masked as well, since an
 * admin key or a pepper may have any shape.
 */
const SECRET_SHAPES: [RegExp, string][] = [
  [/\b(aw_[a-z]+_)[A-Za-z0-9_-]{8,}/g, `$1${REDACTED}`],
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  [/\b((?:sk|rk|pk)_(?:live|test)_)[A-Za-z0-9_]+/g, `$1${REDACTED}`],
  [/\b(whsec_)[A-Za-z0-9_]+/g, `$1${REDACTED}`],
  [/(\w+:\/\/[^:/?#\s@]*:)[^@/\s]+@/g, `$1${REDACTED}@`],
];

/** Removes every secret this service knows of from a piece of text. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 6) result = result.split(secret).join(REDACTED);
  for (const [shape, replacement] of SECRET_SHAPES) result = result.replace(shape, replacement);
  return result;
}

/** The configured values that are secrets, whatever their shape. */
export function configuredSecrets(config: AppConfig): string[] {
  const passwords = [config.database.url, config.database.migrationUrl, config.redis.url, config.mail.smtpUrl]
    .map((url) => passwordOf(url))
    .filter((password): password is string => !!password);
  return [...config.adminApiKeys, config.auth.apiKeyPepper, config.stripe.secretKey, config.stripe.webhookSecret, ...passwords];
}

/**
 * The service's logger: JSON lines in production (one object per line, for a log pipeline),
 * readable coloured lines in development; every message, structured field and stack trace goes
 * through `redactSecrets` first.
 */
export class AppLogger extends ConsoleLogger {
  private readonly secrets: readonly string[];

  constructor(config: AppConfig) {
    const json = config.logs.json;
    super({
      json,
      colors: !json && process.stdout.isTTY === true,
      logLevels: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1),
      redact: ['authorization', 'apiKey', 'password', 'secret', 'token'],
    });
    this.secrets = configuredSecrets(config);
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    const clean = messages.map((message) => this.scrub(message));
    const stack = typeof errorStack === 'string' ? this.scrub(errorStack) : errorStack;
    super.printMessages(clean, context, logLevel, writeStreamType, stack, params && (this.scrub(params) as Record<string, unknown>));
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(this.scrub(stack) as string);
  }

  private scrub(value: unknown): unknown {
    if (typeof value === 'string') return redactSecrets(value, this.secrets);
    if (value instanceof Error) {
      const copy = new Error(redactSecrets(value.message, this.secrets));
      copy.name = value.name;
      copy.stack = value.stack === undefined ? undefined : redactSecrets(value.stack, this.secrets);
      return copy;
    }
    if (value && typeof value === 'object') {
      try {
        return JSON.parse(
          redactSecrets(
            JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
            this.secrets,
          ),
        );
      } catch {
        return REDACTED;
      }
    }
    return value;
  }
}

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
