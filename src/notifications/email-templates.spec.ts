import { KNOWN_DECLINE_CODES, explainDecline } from './decline-codes';
import { SAMPLE_COMMON, SAMPLE_VISA, emailSamples } from './email-samples';
import { EmailTemplates, TemplateCompileError, TemplateRenderError } from './email-templates';
import { TEMPLATE_NAMES, type TemplateData, type TemplateName } from './notification-templates';
import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const common = SAMPLE_COMMON;
const visa = SAMPLE_VISA;
const samples = emailSamples();

describe('email templates', () => {
  const templates = EmailTemplates.load();
  const render = <T extends TemplateName>(name: T, data: Partial<TemplateData[T]> & object, extra: object = {}) =>
    templates.render(name, { ...common, ...data, ...extra });

  describe.each(TEMPLATE_NAMES)('%s', (name) => {
    const email = render(name, samples[name] as never);

    it('renders a subject naming the agency', () => {
      expect(email.subject).toContain('Acme Insurance & Co');
      expect(email.subject).not.toMatch(/\n|\{\{/);
      expect(email.subject).toMatchSnapshot();
    });

    it('renders the text part', () => {
      expect(email.text).toContain(common.billingUrl);
      expect(email.text).not.toContain('&amp;');
      expect(email.text).toMatchSnapshot();
    });

    it('renders the HTML part, escaped', () => {
      expect(email.html).toContain(`href="${common.billingUrl}"`);
      expect(email.html).toContain('Acme Insurance &amp; Co');
      expect(email.html).toMatchSnapshot();
    });

    it('throws when a variable is missing, never leaving a blank', () => {
      expect(() => templates.render(name, { ...samples[name] })).toThrow(TemplateRenderError);
      expect(() => templates.render(name, { ...samples[name] })).toThrow(/agencyName|currency|billingUrl/);
    });
  });

  it('names the missing variable of a specific template', () => {
    const { threshold: _threshold, ...withoutThreshold } = samples['low-balance'];
    expect(() => render('low-balance', withoutThreshold)).toThrow(/money.*amount/);
    const { attemptId: _attemptId, ...withoutAttempt } = samples['reload-succeeded'];
    expect(() => render('reload-succeeded', withoutAttempt)).toThrow(/"attemptId" not defined/);
    expect(() => render('settings-updated', { section: 'auto-reload' })).toThrow(/\{\{each\}\} needs a list \(line \d+\)/);
  });

  it('formats money in the wallet currency', () => {
    const usd = render('low-balance', { available: '1234.5', threshold: '2000.00', runwayHours: null });
    expect(usd.subject).toBe('Low balance: Acme Insurance & Co has $1,234.50 left');
    const eur = render('low-balance', { available: '1234.5', threshold: '0.013', runwayHours: null }, { currency: 'EUR' });
    expect(eur.subject).toBe('Low balance: Acme Insurance & Co has €1,234.50 left');
    expect(eur.text).toContain('alert threshold of €0.013');
    expect(() => render('service-paused', { available: 12.5 as unknown as string })).toThrow(/decimal string/);
  });

  it('shows the runway only when it is known', () => {
    expect(render('low-balance', { ...samples['low-balance'], runwayHours: 70 }).text).toContain('lasts about 3 days');
    expect(render('low-balance', { ...samples['low-balance'], runwayHours: 0 }).text).toContain('less than an hour');
    const unknown = render('low-balance', { ...samples['low-balance'], runwayHours: null });
    expect(unknown.text).not.toContain('lasts');
    expect(render('low-balance', { available: '1.00', threshold: '2.00' }).text).not.toContain('lasts');
  });

  it('explains decline codes in plain words with what to do next', () => {
    const cases: Record<string, RegExp> = {
      insufficient_funds: /insufficient funds/,
      expired_card: /expired/,
      card_declined: /declined the payment without giving a reason/,
      generic_decline: /declined the payment without giving a reason/,
      incorrect_cvc: /security code \(CVC\) was incorrect/,
      processing_error: /error occurred while processing/,
      lost_card: /reported lost/,
      stolen_card: /reported stolen/,
      authentication_required: /requires you to confirm/,
    };
    for (const [code, reason] of Object.entries(cases)) {
      const email = render('payment-failed', { ...samples['payment-failed'], declineCode: code, declineMessage: null });
      expect(email.text).toMatch(reason);
      expect(email.text).toContain(`What to do: ${explainDecline(code).nextStep}`);
    }
    for (const code of KNOWN_DECLINE_CODES) expect(explainDecline(code).nextStep).toMatch(/\.$/);
    expect(explainDecline('some_new_code', 'Your bank said no')).toEqual({
      reason: 'Your bank said no.',
      nextStep: expect.stringContaining('Contact your bank'),
    });
    expect(explainDecline(null, null).reason).toBe('The payment was declined.');
  });

  it('says how the failure ended', () => {
    const failed = (nextStep?: 'fallback' | 'suspended' | 'none') => render('payment-failed', { ...samples['payment-failed'], nextStep }).text;
    expect(failed('fallback')).toContain('We then charged your Mastercard card ending in 4444 instead, and the wallet is reloaded.');
    expect(failed('suspended')).toContain('Auto-reload is now suspended');
    expect(failed('none')).not.toMatch(/instead|now suspended/);
    expect(failed(undefined)).not.toMatch(/instead|now suspended/);
  });

  it('lists every payment method one failure tried, in order', () => {
    const text = render('payment-failed', {
      ...samples['payment-failed'],
      nextStep: 'none',
      chargedInstead: null,
      tried: [
        { paymentMethod: visa, declineCode: 'insufficient_funds', declineMessage: null },
        { paymentMethod: { brand: 'mastercard', last4: '4444', type: 'card' }, declineCode: 'expired_card', declineMessage: null },
      ],
    }).text;
    const listed = text.slice(text.indexOf('What we tried:'));
    expect(listed).toMatch(/^What we tried:\n- Visa card ending in 4242: .*insufficient funds.*\n- Mastercard card ending in 4444: .*expired/);
  });

  it('says why auto-reload stopped without a daily cap', () => {
    const email = render('reload-limit-reached', samples['reload-limit-reached']);
    expect(email.subject).toBe('Auto-reload paused for today: 10 reloads in 24 hours for Acme Insurance & Co');
    expect(email.text).toContain('did not charge $200.00');
    expect(email.text).toContain('set a daily cap');
  });

  it('names the charge as the statement shows it in every decline email, for the owner to tell the bank', () => {
    const advice =
      'Name on your statement: AGWALLET* CALL CREDITS. If your bank or card issuer blocked the charge, ask it to allow payments to this name.';
    expect(render('payment-failed', { ...samples['payment-failed'], declineCode: 'do_not_honor' }).text).toContain(advice);
    expect(render('auto-reload-suspended', samples['auto-reload-suspended']).text).toContain(advice);
    expect(render('payment-failed', samples['payment-failed']).html).toContain('<strong>Name on your statement:</strong> AGWALLET* CALL CREDITS.');
    const { statementDescriptor: _name, ...withoutName } = samples['payment-failed'];
    expect(() => render('payment-failed', withoutName)).toThrow(/"statementDescriptor" not defined/);
  });

  it('says how soon a card expires and links to the payment methods page', () => {
    const inSeven = render('card-expiring', { ...samples['card-expiring'], daysLeft: 7, autoReloadEnabled: false });
    expect(inSeven.subject).toBe('Your Visa card ending in 4242 expires in 7 days: update it for Acme Insurance & Co');
    expect(inSeven.text).toContain('wallet is valid through December 31, 2026.');
    expect(inSeven.text).not.toContain('auto-reload cannot refill');
    expect(inSeven.text).toContain(`Update payment methods: ${common.billingUrl}/payment-methods`);
    expect(inSeven.html).toContain(`href="${common.billingUrl}/payment-methods"`);
    expect(render('card-expiring', { ...samples['card-expiring'], daysLeft: 1 }).subject).toContain('expires tomorrow');
    expect(render('card-expiring', { ...samples['card-expiring'], daysLeft: 0 }).subject).toContain('expires today');
  });

  it('says why auto-reload has nothing to charge', () => {
    const enabled = render('no-payment-method', { ...samples['no-payment-method'], cause: 'enabled', amount: null });
    expect(enabled.text).toContain('You turned auto-reload on for the Acme Insurance & Co wallet, but no payment method is saved.');
    expect(enabled.text).not.toContain('is due');
    const removed = render('no-payment-method', { ...samples['no-payment-method'], cause: 'removed', amount: null });
    expect(removed.text).toContain('The last saved payment method of the Acme Insurance & Co wallet was removed while auto-reload is on.');
    expect(render('no-payment-method', samples['no-payment-method']).text).toContain('a reload of $200.00 is due');
  });

  it('tells the monthly cap from the daily one', () => {
    const monthly = render('daily-cap-reached', { ...samples['daily-cap-reached'], window: 'monthly' });
    expect(monthly.subject).toBe('Auto-reload held back: monthly cap reached for Acme Insurance & Co');
    expect(monthly.text).toContain('this calendar month');
  });

  it('shows only the brand and last four of a payment method', () => {
    const email = render('reload-succeeded', {
      ...samples['reload-succeeded'],
      paymentMethod: { brand: 'amex', last4: '0005', type: 'card', fingerprint: 'secret' } as never,
    });
    expect(email.text).toContain('American Express card ending in 0005');
    expect(email.html).not.toContain('secret');
    const unknown = render('reload-succeeded', {
      ...samples['reload-succeeded'],
      paymentMethod: { brand: 'unknown', last4: '', type: 'unknown' },
    });
    expect(unknown.text).toContain('to your payment method and added it');
  });

  it('lists changed settings before → after, formatting money and switches', () => {
    const email = render('settings-updated', {
      section: 'auto-reload',
      changes: [
        { field: 'dailyCap', before: null, after: '1000.00' },
        { field: 'mode', before: 'fixed', after: 'to_target' },
        { field: 'fallbackToBackupMethods', before: true, after: false },
      ],
    });
    expect(email.subject).toBe('Auto-reload settings changed for Acme Insurance & Co');
    expect(email.text).toContain('- Daily cap: not set → $1,000.00');
    expect(email.text).toContain('- Mode: fixed → to_target');
    expect(email.text).toContain('- Fallback to backup methods: on → off');
  });
});

describe('compiling at boot', () => {
  const source = resolve(__dirname, '../../templates');

  it('stops with a message naming the file that does not compile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aw-templates-'));
    cpSync(source, dir, { recursive: true });
    writeFileSync(join(dir, 'low-balance.html.hbs'), '{{#> layout-html}}{{#if available}}unclosed{{/layout-html}}');
    expect(() => EmailTemplates.load(dir)).toThrow(TemplateCompileError);
    expect(() => EmailTemplates.load(dir)).toThrow(/low-balance\.html\.hbs failed to compile/);
  });

  it('stops when a template file is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aw-templates-'));
    cpSync(join(source, 'partials'), join(dir, 'partials'), { recursive: true });
    expect(() => EmailTemplates.load(dir)).toThrow(/payment-failed\.subject\.hbs is missing/);
  });
});
