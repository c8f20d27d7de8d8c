/**
 * What production refuses to boot with, in one place: every development default and placeholder
 * this project has shipped, in code, README, docker-compose.yml or .env.example, and the shapes of
 * development secrets. Whoever adds a secret adds its rule here; `loadConfig` checks them all.
 */
export interface SecretRule {
  /** Development defaults and documented placeholders, refused as they are. */
  refused?: readonly string[];
  /** Prefixes that mark a development value. */
  refusedPrefixes?: readonly string[];
  /** Shorter than this is refused: a real secret is random and long. */
  minLength?: number;
  /** A comma-separated list (several keys at once, for rotation): each one is checked. */
  list?: boolean;
  /** A connection URL: its password (when it has one) is checked, not the whole value. */
  urlPassword?: boolean;
  /** What to say instead of the placeholder wording, for a refused setting that is not a secret. */
  reason?: string;
}

export const PRODUCTION_SECRET_RULES: Readonly<Record<string, SecretRule>> = {
  ADMIN_API_KEY: {
    refused: ['aw_admin_local_development_key', 'change-me-to-a-long-random-admin-key', 'aw_admin_test_key_0123456789'],
    minLength: 32,
    list: true,
  },
  STRIPE_SECRET_KEY: { refused: ['sk_test_local', 'sk_test_replace_me'] },
  STRIPE_WEBHOOK_SECRET: { refused: ['whsec_local', 'whsec_replace_me'] },
  // The Stripe sandbox takes any test key and charges nobody: a production wallet on it would credit
  // money that never arrives.
  STRIPE_SANDBOX: { refused: ['true'], reason: 'the Stripe sandbox is for development; production charges through Stripe (set STRIPE_SECRET_KEY)' },
  // The API key hashes' pepper; its development default is aw_dev_pepper_change_me.
  API_KEY_PEPPER: { refusedPrefixes: ['aw_dev_'], minLength: 32 },
  // docker-compose.yml used agency_wallet as the PostgreSQL password before it read .env.
  DATABASE_URL: { urlPassword: true, refused: ['agency_wallet', 'postgres', 'password', 'change-me'] },
  DATABASE_MIGRATION_URL: { urlPassword: true, refused: ['agency_wallet', 'postgres', 'password', 'change-me'] },
};

/**
 * The variables whose value breaks a rule, each with the reason (never the value). `values` holds
 * the effective values: what was set, else the default.
 */
export function unsafeSecrets(values: Record<string, unknown>, rules = PRODUCTION_SECRET_RULES): string[] {
  const problems: string[] = [];
  for (const [name, rule] of Object.entries(rules)) {
    const value = values[name];
    if (typeof value !== 'string' || value === '') continue;
    const secrets = rule.urlPassword
      ? [passwordOf(value)].filter((p): p is string => !!p)
      : rule.list
        ? value.split(',').map((v) => v.trim())
        : [value];
    const reasons = new Set(secrets.map((secret) => reasonToRefuse(secret, rule)).filter((r): r is string => r !== undefined));
    for (const reason of reasons) problems.push(`${name}: ${reason}`);
  }
  return problems;
}

function reasonToRefuse(secret: string, rule: SecretRule): string | undefined {
  if (rule.refused?.includes(secret) || rule.refusedPrefixes?.some((prefix) => secret.startsWith(prefix))) {
    if (rule.reason) return rule.reason;
    return `${rule.urlPassword ? 'its password is ' : ''}a development or placeholder value; production needs a secret of its own`;
  }
  if (rule.minLength !== undefined && secret.length < rule.minLength) {
    return `${rule.list ? 'each key ' : ''}must be at least ${rule.minLength} characters in production (e.g. openssl rand -hex 32)`;
  }
  return undefined;
}

function passwordOf(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
