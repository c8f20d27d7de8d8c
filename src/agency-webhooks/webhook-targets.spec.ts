import { loadConfig } from '../config/config';
import { WebhookTargetRefusedError, WebhookTargets } from './webhook-targets';

/** A production environment with real-looking secrets (production refuses placeholders). */
const production = {
  NODE_ENV: 'production',
  ADMIN_API_KEY: 'aw_admin_unit_test_key_long_enough_0123456789',
  STRIPE_SECRET_KEY: 'sk_live_unit_test_0123456789',
  STRIPE_WEBHOOK_SECRET: 'whsec_unit_test_0123456789',
  API_KEY_PEPPER: '5c0e9a7b3d1f4e2a8c6b0d9e7f5a3c1b2d4e6f8a',
  PUBLIC_BASE_URL: 'https://wallet.example.com',
  MAIL_DISABLED: 'true',
};

function targets(env: Record<string, string>, answers: Record<string, string[]> = {}) {
  const subject = new WebhookTargets(loadConfig(env));
  subject.lookup = async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return subject;
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error) => (error instanceof WebhookTargetRefusedError ? error.reason : String(error)),
  );

describe('WebhookTargets', () => {
  it('returns the first address of a name whose every address is public', async () => {
    const subject = targets({}, { 'hooks.agency.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'] });
    await expect(subject.resolve(new URL('https://hooks.agency.example/in'))).resolves.toMatchObject({ address: '93.184.216.34', family: 4 });
    await expect(subject.resolve(new URL('https://[2606:2800:220:1:248:1893:25c8:1946]/in'))).resolves.toMatchObject({ family: 6 });
  });

  it('refuses internal addresses, names resolving to them, and names that do not resolve', async () => {
    const subject = targets({}, { 'inside.example': ['10.0.0.8'] });
    expect(await refusal(subject.check('https://inside.example/in'))).toMatch(/public internet address/);
    expect(await refusal(subject.check('http://[::ffff:169.254.169.254]/'))).toMatch(/public internet address/);
    expect(await refusal(subject.check('https://nowhere.example/in'))).toMatch(/does not resolve/);
  });

  it('allows plain http outside production, and only https in production', async () => {
    const answers = { 'hooks.agency.example': ['93.184.216.34'] };
    expect(await refusal(targets({}, answers).check('http://hooks.agency.example/in'))).toBe('accepted');
    expect(await refusal(targets(production, answers).check('http://hooks.agency.example/in'))).toBe('must be an https URL');
    expect(await refusal(targets(production, answers).check('https://hooks.agency.example/in'))).toBe('accepted');
  });

  it('with AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES, lets loopback and private addresses through, over http too', async () => {
    const subject = targets({ AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }, { 'hooks.local': ['127.0.0.1'] });
    expect(await refusal(subject.check('http://127.0.0.1:8080/in'))).toBe('accepted');
    await expect(subject.resolve(new URL('http://hooks.local/in'))).resolves.toMatchObject({ address: '127.0.0.1' });
    const inProduction = targets({ ...production, AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' });
    expect(await refusal(inProduction.check('http://10.0.0.8/in'))).toBe('accepted');
  });
});

describe('AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES', () => {
  it('is off by default, in production too', () => {
    expect(loadConfig({}).agencyWebhooks.allowPrivateAddresses).toBe(false);
    expect(loadConfig(production).agencyWebhooks).toMatchObject({ allowPrivateAddresses: false, httpsOnly: true });
  });

  it('in production, only the explicit value "true" turns it on', () => {
    expect(loadConfig({ ...production, AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }).agencyWebhooks.allowPrivateAddresses).toBe(true);
    expect(() => loadConfig({ ...production, AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: '1' })).toThrow(/AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES/);
    expect(loadConfig({ AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: '1' }).agencyWebhooks.allowPrivateAddresses).toBe(true);
  });
});
