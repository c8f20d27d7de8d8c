import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, configWarnings, loadConfig } from './config';

describe('loadConfig', () => {
  it('serves a local machine with defaults', () => {
    const config = loadConfig({});
    expect(config.database.url).toBe('postgresql://postgres@127.0.0.1:5432/agency_wallet');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.http.port).toBe(3000);
    expect(config.money.maxReloadMicros).toBe(10_000_000_000n);
    expect(config.role).toBe('all');
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ MAX_RELOAD_AMOUNT: '10.1234567' })).toThrow(/MAX_RELOAD_AMOUNT/);
    expect(() => loadConfig({ ROLE: 'cron' })).toThrow(/ROLE/);
  });

  it('reads several comma-separated admin keys, each long enough', () => {
    expect(loadConfig({ ADMIN_API_KEY: ' first-admin-key-0000 , second-admin-key-000,' }).adminApiKeys).toEqual([
      'first-admin-key-0000',
      'second-admin-key-000',
    ]);
    expect(() => loadConfig({ ADMIN_API_KEY: 'first-admin-key-0000,short' })).toThrow(/ADMIN_API_KEY/);
    expect(() => loadConfig({ ADMIN_API_KEY: ' , ' })).toThrow(/ADMIN_API_KEY/);
  });

  it('has a development pepper for API key hashes that says what it is', () => {
    expect(loadConfig({}).auth.apiKeyPepper).toBe('aw_dev_pepper_change_me');
    expect(loadConfig({ API_KEY_PEPPER: 'a-pepper-from-the-secret-store' }).auth.apiKeyPepper).toBe('a-pepper-from-the-secret-store');
  });

  it('sets the HTTP timeouts, and refuses headers allowed longer than the whole request', () => {
    expect(loadConfig({}).http).toMatchObject({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 72_000,
      connectionTimeoutMs: 180_000,
    });
    expect(loadConfig({ HTTP_REQUEST_TIMEOUT_SECONDS: '1.5', HTTP_HEADERS_TIMEOUT_SECONDS: '1' }).http.requestTimeoutMs).toBe(1500);
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_SECONDS: '5', HTTP_HEADERS_TIMEOUT_SECONDS: '6' })).toThrow(/HTTP_HEADERS_TIMEOUT_SECONDS/);
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_SECONDS: '0' })).toThrow(/HTTP_REQUEST_TIMEOUT_SECONDS/);
  });

  it('reads TRUST_PROXY as off, on, or a list of proxy addresses', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).http.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => loadConfig({ TRUST_PROXY: 'yes please!' })).toThrow(/TRUST_PROXY/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', STRIPE_API_BASE: '' }).http.port).toBe(3000);
  });
});

describe("the statement descriptor, to Stripe's rules", () => {
  const load = (prefix: string | undefined, suffix: string | undefined) =>
    loadConfig({ STRIPE_STATEMENT_DESCRIPTOR_PREFIX: prefix, STRIPE_STATEMENT_DESCRIPTOR_SUFFIX: suffix }).stripe;

  it('sends the suffix and names the whole descriptor as a card statement shows it', () => {
    expect(load(undefined, undefined)).toMatchObject({ statementDescriptorSuffix: 'CALL CREDITS', statementDescriptor: 'AGWALLET* CALL CREDITS' });
    expect(load('Acme', 'Calls')).toMatchObject({ statementDescriptorSuffix: 'Calls', statementDescriptor: 'ACME* CALLS' });
  });

  it('allows 22 characters with the prefix, "* " and the suffix, and not 23', () => {
    expect(load('AGWALLET', 'CALL CREDITS').statementDescriptor).toHaveLength(22);
    expect(() => load('AGWALLET', 'CALL CREDITSX')).toThrow(
      /STRIPE_STATEMENT_DESCRIPTOR_SUFFIX: "AGWALLET\* CALL CREDITSX".*23 characters; Stripe allows 22/,
    );
  });

  it('refuses the characters Stripe refuses, non-Latin text and a part without a letter', () => {
    for (const bad of ['Calls <3', "O'Brien", 'Say "hi"', 'Back\\slash', 'Star*', 'Appels réseau', 'Звонки', '2026']) {
      expect(() => load(undefined, bad)).toThrow(/STRIPE_STATEMENT_DESCRIPTOR_SUFFIX/);
    }
    expect(() => load('A', 'Calls')).toThrow(/STRIPE_STATEMENT_DESCRIPTOR_PREFIX: must be at least 2 characters/);
    expect(() => load('AGENCYWALLET', 'Calls')).toThrow(/STRIPE_STATEMENT_DESCRIPTOR_PREFIX: must be at most 10 characters/);
    expect(() => load('12', 'Calls')).toThrow(/STRIPE_STATEMENT_DESCRIPTOR_PREFIX: must contain at least one letter/);
  });
});

describe('production', () => {
  const secrets = {
    STRIPE_SECRET_KEY: 'sk_live_51Habcdefghijklmnopqrstuvwxyz',
    STRIPE_WEBHOOK_SECRET: 'whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    API_KEY_PEPPER: '5c0e9a7b3d1f4e2a8c6b0d9e7f5a3c1b2d4e6f8a',
  };
  const adminKey = 'a-long-enough-admin-key-0123456789';

  it('refuses to start without an explicit admin key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...secrets })).toThrow(/ADMIN_API_KEY/);
    expect(loadConfig({ NODE_ENV: 'production', ...secrets, ADMIN_API_KEY: adminKey, SMTP_URL: 'smtp://mail.example:587' }).adminApiKeys).toEqual([
      adminKey,
    ]);
  });

  it('refuses to start without SMTP unless email is explicitly disabled', () => {
    const base = { NODE_ENV: 'production', ...secrets, ADMIN_API_KEY: adminKey };
    expect(() => loadConfig(base)).toThrow(/SMTP_URL/);
    expect(loadConfig({ ...base, MAIL_DISABLED: 'true' }).mail.disabled).toBe(true);
    expect(loadConfig({ ...base, SMTP_URL: 'smtp://mail.example:587' }).mail.smtpUrl).toBe('smtp://mail.example:587');
  });
});

describe('production refuses development and placeholder secrets', () => {
  const safe = {
    NODE_ENV: 'production',
    ADMIN_API_KEY: 'f3b1c2d4e5a6978812ab34cd56ef7890',
    STRIPE_SECRET_KEY: 'sk_live_51Habcdefghijklmnopqrstuvwxyz',
    STRIPE_WEBHOOK_SECRET: 'whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    API_KEY_PEPPER: '5c0e9a7b3d1f4e2a8c6b0d9e7f5a3c1b2d4e6f8a',
    SMTP_URL: 'smtp://mail.example:587',
    DATABASE_URL: 'postgresql://agency_wallet_app:0d6f4c2b9a8e7d6c5b4a3928@db.internal:5432/agency_wallet',
    DATABASE_MIGRATION_URL: 'postgresql://agency_wallet:8e7d6c5b4a39280d6f4c2b9a@db.internal:5432/agency_wallet',
    PUBLIC_BASE_URL: 'https://wallet.example.com',
  };

  it('boots with secrets of its own', () => {
    expect(loadConfig(safe).env).toBe('production');
  });

  it.each([
    ['ADMIN_API_KEY', 'aw_admin_local_development_key'],
    ['ADMIN_API_KEY', 'change-me-to-a-long-random-admin-key'],
    ['ADMIN_API_KEY', 'a-long-enough-admin-key'],
    ['ADMIN_API_KEY', `${safe.ADMIN_API_KEY},aw_admin_local_development_key`],
    ['ADMIN_API_KEY', `${safe.ADMIN_API_KEY}, short-second-key-0123456789`],
    ['STRIPE_SECRET_KEY', 'sk_test_local'],
    ['STRIPE_SECRET_KEY', 'sk_test_replace_me'],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_local'],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_replace_me'],
    ['API_KEY_PEPPER', 'aw_dev_pepper_for_local_machines_only_0123456789'],
    ['API_KEY_PEPPER', 'too-short-a-pepper'],
    ['DATABASE_URL', 'postgresql://agency_wallet:agency_wallet@postgres:5432/agency_wallet'],
    ['DATABASE_MIGRATION_URL', 'postgresql://agency_wallet:agency_wallet@postgres:5432/agency_wallet'],
  ])('refuses %s=%s, naming the variable and never the value', (name, value) => {
    const boot = () => loadConfig({ ...safe, [name]: value });
    expect(boot).toThrow(ConfigError);
    expect(boot).toThrow(new RegExp(`${name}: `));
    let message = '';
    try {
      boot();
    } catch (error) {
      message = (error as Error).message;
    }
    for (const secret of value.split(',')) expect(message).not.toContain(secret.trim());
  });

  it.each([
    ['STRIPE_SECRET_KEY', 'sk_test_local'],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_local'],
    ['API_KEY_PEPPER', 'aw_dev_pepper_change_me'],
  ])('refuses %s left at its development default (%s)', (name) => {
    const { [name as keyof typeof safe]: _unset, ...rest } = safe;
    expect(() => loadConfig(rest)).toThrow(new RegExp(`${name}: `));
  });

  it('names every unsafe variable at once', () => {
    const boot = () => loadConfig({ ...safe, ADMIN_API_KEY: 'aw_admin_local_development_key', STRIPE_WEBHOOK_SECRET: 'whsec_replace_me' });
    expect(boot).toThrow(/ADMIN_API_KEY: .*STRIPE_WEBHOOK_SECRET: /);
  });

  it('accepts several long admin keys (rotation) and a long pepper', () => {
    const second = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
    expect(loadConfig({ ...safe, ADMIN_API_KEY: `${safe.ADMIN_API_KEY},${second}`, API_KEY_PEPPER: `${second}${second}` }).env).toBe('production');
  });

  it('checks nothing outside production: the development defaults serve a local machine', () => {
    expect(loadConfig({}).stripe.webhookSecret).toBe('whsec_local');
    expect(loadConfig({ NODE_ENV: 'test', API_KEY_PEPPER: 'aw_dev_x' }).env).toBe('test');
  });

  it('warns (without refusing) when PUBLIC_BASE_URL is not https', () => {
    expect(configWarnings(loadConfig(safe))).toEqual([]);
    const plain = loadConfig({ ...safe, PUBLIC_BASE_URL: 'http://wallet.example.com' });
    expect(configWarnings(plain)).toEqual([expect.stringMatching(/^PUBLIC_BASE_URL is http:\/\/wallet\.example\.com: not https/)]);
    expect(configWarnings(loadConfig({}))).toEqual([]);
  });

  it('a URL without a password is not refused (trust, certificate or socket authentication)', () => {
    expect(loadConfig({ ...safe, DATABASE_URL: 'postgresql://agency_wallet_app@db.internal/agency_wallet' }).env).toBe('production');
  });
});

describe('database roles', () => {
  it('on a local machine, migrates with DATABASE_URL and derives the application role from it', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://me@localhost/wallet' });
    expect(config.database).toMatchObject({
      url: 'postgresql://me@localhost/wallet',
      migrationUrl: 'postgresql://me@localhost/wallet',
      deriveAppRole: true,
    });
  });

  it('with DATABASE_MIGRATION_URL, connects as DATABASE_URL says', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://app@localhost/wallet', DATABASE_MIGRATION_URL: 'postgresql://owner@localhost/wallet' });
    expect(config.database).toMatchObject({
      url: 'postgresql://app@localhost/wallet',
      migrationUrl: 'postgresql://owner@localhost/wallet',
      deriveAppRole: false,
    });
  });

  it('production never migrates with the application role: without DATABASE_MIGRATION_URL it does not migrate', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      ADMIN_API_KEY: 'f3b1c2d4e5a6978812ab34cd56ef7890',
      API_KEY_PEPPER: '5c0e9a7b3d1f4e2a8c6b0d9e7f5a3c1b2d4e6f8a',
      MAIL_DISABLED: 'true',
      STRIPE_SECRET_KEY: 'sk_live_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
    });
    expect(config.database).toMatchObject({ migrationUrl: undefined, deriveAppRole: false });
  });
});

describe('operations', () => {
  it('serves metrics on 127.0.0.1:9464 unless told otherwise', () => {
    expect(loadConfig({}).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: '0', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ port: 0, host: '0.0.0.0' });
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });

  it('keeps failed jobs a week, at most 1000 per queue, in Bull units (seconds)', () => {
    expect(loadConfig({}).queues.failedJobs).toEqual({ age: 7 * 24 * 3600, count: 1000 });
    expect(loadConfig({ FAILED_JOBS_MAX_AGE_HOURS: '2', FAILED_JOBS_MAX_COUNT: '5' }).queues.failedJobs).toEqual({ age: 7200, count: 5 });
    expect(() => loadConfig({ FAILED_JOBS_MAX_COUNT: '0' })).toThrow(/FAILED_JOBS_MAX_COUNT/);
  });
});

describe('.env.example', () => {
  const example = readFileSync(join(__dirname, '../../.env.example'), 'utf8');

  it('lists every variable the service reads, with its meaning', () => {
    const listed = new Set([...example.matchAll(/^(?:# )?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    expect(CONFIG_VARIABLES.filter((name) => !listed.has(name))).toEqual([]);
  });

  it('holds no secret a production boot would accept as it is', () => {
    const values = Object.fromEntries([...example.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((match) => [match[1], match[2]]));
    expect(() => loadConfig({ ...values, NODE_ENV: 'production' })).toThrow(ConfigError);
  });
});

describe('the Stripe sandbox', () => {
  it('is on by default in development without a Stripe key, on its own port, and says so to pages', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.stripeSandbox).toBe(true);
    expect(config.stripe.sandbox).toMatchObject({ external: false, apiUrl: 'http://127.0.0.1:12111', publicUrl: 'http://127.0.0.1:12111' });
    expect(config.stripe.apiBase).toBe('http://127.0.0.1:12111');
  });

  it('is off with a Stripe key, another API base, outside development, or when turned off', () => {
    expect(loadConfig({ NODE_ENV: 'development', STRIPE_SECRET_KEY: 'sk_test_abc' }).stripeSandbox).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development', STRIPE_API_BASE: 'http://127.0.0.1:9999' }).stripeSandbox).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).stripeSandbox).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development', STRIPE_SANDBOX: 'false' }).stripeSandbox).toBe(false);
  });

  it('uses a sandbox that runs elsewhere, with the address a browser should use', () => {
    const config = loadConfig({
      NODE_ENV: 'development',
      STRIPE_SANDBOX_URL: 'http://stripe-sandbox:12111/',
      STRIPE_SANDBOX_PUBLIC_URL: 'http://localhost:12111',
    });
    expect(config.stripe.sandbox).toMatchObject({ external: true, apiUrl: 'http://stripe-sandbox:12111', publicUrl: 'http://localhost:12111' });
  });

  it('is refused in production, naming the variable', () => {
    const production = {
      NODE_ENV: 'production',
      ADMIN_API_KEY: 'f3b1c2d4e5a6978812ab34cd56ef7890',
      STRIPE_SECRET_KEY: 'sk_live_51Habcdefghijklmnopqrstuvwxyz',
      STRIPE_WEBHOOK_SECRET: 'whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
      API_KEY_PEPPER: '5c0e9a7b3d1f4e2a8c6b0d9e7f5a3c1b2d4e6f8a',
      SMTP_URL: 'smtp://mail.example:587',
    };
    expect(loadConfig(production).stripeSandbox).toBe(false);
    expect(() => loadConfig({ ...production, STRIPE_SANDBOX: 'true' })).toThrow(/STRIPE_SANDBOX: the Stripe sandbox is for development/);
  });
});

describe('logs', () => {
  it('are JSON lines in production and readable elsewhere, unless LOG_FORMAT says', () => {
    expect(loadConfig({}).logs.json).toBe(false);
    expect(loadConfig({ LOG_FORMAT: 'json' }).logs.json).toBe(true);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        ADMIN_API_KEY: 'f3b1c2d4e5a6978812ab34cd56ef7890',
        API_KEY_PEPPER: '5c0e9a7b3d1f4e2a8c6b0d9e7f5a3c1b2d4e6f8a',
        MAIL_DISABLED: 'true',
        STRIPE_SECRET_KEY: 'sk_live_x',
        STRIPE_WEBHOOK_SECRET: 'whsec_x',
      }).logs.json,
    ).toBe(true);
  });
});
