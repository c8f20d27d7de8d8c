import { SMS_KINDS, SMS_ONLY_TEMPLATES, type SmsTemplateName } from './notification-kinds';
import { SMS_MAX_SEPTETS, SmsTemplates, gsm7Length, toGsm7 } from './sms-templates';

/** The longest values a text meets in practice: names at their limit, money in the millions, non-Latin letters. */
const common = {
  agencyName: 'Über-Versicherungsmakler Łódź & Söhne GmbH – Außendienst Nord 🚀',
  agencyId: '5b0c3a52-8d1e-4f7a-9d8e-2f1b6c4d7e90',
  currency: 'EUR',
  billingUrl: 'https://wallet.example.com/billing/5b0c3a52-8d1e-4f7a-9d8e-2f1b6c4d7e90',
};
const subteam = {
  subteamId: '0d9f1c52-3b7a-4e61-8c2d-5a4b3c2d1e0f',
  subteamName: 'Medicare Advantage Inbound — East Coast Overflow Team',
  windowLabel: '2026-12',
};
const samples: Record<SmsTemplateName, Record<string, unknown>> = {
  'low-balance': { available: '1234567.89', threshold: '2000000.00', runwayHours: 9 },
  'payment-failed': { amount: '10000.00', declineCode: 'transaction_not_allowed', declineMessage: 'Not allowed', attemptId: 'x', balance: '0.00' },
  'auto-reload-suspended': {
    failures: 12,
    lastDeclineCode: 'expired_card',
    lastDeclineMessage: 'Expired',
    statementDescriptor: 'AGWALLET* CALL CREDITS',
  },
  'service-paused': { available: '-1234567.89' },
  'subteam-limit-warning': { ...subteam, window: 'monthly', spent: '9999999.99', limit: '10000000.00', percentUsed: 99, percent: 80 },
  'subteam-limit-reached': { ...subteam, window: 'monthly', spent: '10000000.00', limit: '10000000.00', percentUsed: 100 },
  'verification-code': { code: '093417' },
};

describe('SMS templates', () => {
  const templates = SmsTemplates.load();

  it.each([...SMS_KINDS, ...SMS_ONLY_TEMPLATES])('%s fits one GSM-7 segment with long realistic values', (name) => {
    const text = templates.render(name, { ...common, ...samples[name] });
    const septets = gsm7Length(text);
    expect(septets).not.toBeNull();
    expect(septets!).toBeLessThanOrEqual(SMS_MAX_SEPTETS);
    expect(text).not.toMatch(/\{\{|undefined|null/);
    expect(text).toContain('Über-Versicherungsmak');
  });

  it('says how to opt out in every alert, and gives the code in the verification text', () => {
    for (const name of SMS_KINDS) expect(templates.render(name, { ...common, ...samples[name] })).toContain('Reply STOP to opt out');
    expect(templates.render('verification-code', { ...common, code: '093417' })).toMatch(/^Agency Wallet code: 093417\./);
  });

  it('formats money in the wallet currency', () => {
    expect(templates.render('low-balance', { ...common, currency: 'USD', agencyName: 'Acme', available: '42.5', threshold: '50' })).toBe(
      'Acme: wallet low, $42.50 left (alert below $50.00). Top up or turn on auto-reload. Reply STOP to opt out',
    );
  });

  it('throws when a variable is missing', () => {
    expect(() => templates.render('low-balance', { ...common, available: '1.00' })).toThrow(/low-balance/);
  });

  it('counts GSM-7 septets: extension characters take two, others are not GSM-7', () => {
    expect(gsm7Length('abc')).toBe(3);
    expect(gsm7Length('€{}')).toBe(6);
    expect(gsm7Length('🚀')).toBeNull();
    expect(toGsm7('Łódź “quoted” – 🚀')).toBe('Lodz "quoted" - ?');
  });
});
