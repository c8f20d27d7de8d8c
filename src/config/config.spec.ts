import { ConfigError, loadConfig } from './config';

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

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', STRIPE_API_BASE: '' }).http.port).toBe(3000);
  });
});

describe('production', () => {
  it('refuses to start without an explicit admin key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ADMIN_API_KEY/);
    expect(
      loadConfig({ NODE_ENV: 'production', ADMIN_API_KEY: 'a-long-enough-admin-key', SMTP_URL: 'smtp://mail.example:587' }).adminApiKey,
    ).toBe('a-long-enough-admin-key');
  });

  it('refuses to start without SMTP unless email is explicitly disabled', () => {
    const base = { NODE_ENV: 'production', ADMIN_API_KEY: 'a-long-enough-admin-key' };
    expect(() => loadConfig(base)).toThrow(/SMTP_URL/);
    expect(loadConfig({ ...base, MAIL_DISABLED: 'true' }).mail.disabled).toBe(true);
    expect(loadConfig({ ...base, SMTP_URL: 'smtp://mail.example:587' }).mail.smtpUrl).toBe('smtp://mail.example:587');
  });
});
