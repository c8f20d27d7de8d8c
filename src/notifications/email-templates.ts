import Handlebars from 'handlebars';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatMoneyForDisplay, parseMoney } from '../database/money';
import { explainDecline } from './decline-codes';
import { PERSON_TEMPLATE_NAMES, TEMPLATE_NAMES, type EmailTemplateName } from './notification-templates';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** A template that does not compile: the boot stops with this message. */
export class TemplateCompileError extends Error {}

/** Data that does not fit a template (a missing variable, a malformed amount). */
export class TemplateRenderError extends Error {}

type Compiled = Handlebars.TemplateDelegate;

const PARTS = ['subject', 'html', 'text'] as const;
type Part = (typeof PARTS)[number];

/**
 * Every email template, compiled once when the process boots. Rendering is strict: a variable the
 * data lacks throws instead of leaving a blank in a customer's inbox. The text and subject parts
 * are not HTML-escaped; the HTML part is.
 */
export class EmailTemplates {
  private constructor(private readonly templates: Map<EmailTemplateName, Record<Part, Compiled>>) {}

  /** Reads and compiles `templates/` (beside `src/` in the repository, beside `dist/` in the image). */
  static load(dir: string = templatesDir()): EmailTemplates {
    const handlebars = Handlebars.create();
    registerHelpers(handlebars);
    const partialsDir = join(dir, 'partials');
    for (const file of existsSync(partialsDir) ? readdirSync(partialsDir) : []) {
      const match = /^(.+)\.(html|text)\.hbs$/.exec(file);
      if (!match) continue;
      handlebars.registerPartial(`${match[1]}-${match[2]}`, compile(handlebars, join(partialsDir, file), match[2] as Part));
    }
    const templates = new Map<EmailTemplateName, Record<Part, Compiled>>();
    for (const name of [...TEMPLATE_NAMES, ...PERSON_TEMPLATE_NAMES]) {
      const parts = Object.fromEntries(PARTS.map((part) => [part, compile(handlebars, join(dir, `${name}.${part}.hbs`), part)])) as Record<
        Part,
        Compiled
      >;
      templates.set(name, parts);
    }
    return new EmailTemplates(templates);
  }

  render(name: EmailTemplateName, data: Record<string, unknown>): RenderedEmail {
    const parts = this.templates.get(name);
    if (!parts) throw new TemplateRenderError(`Unknown email template "${name}"`);
    try {
      const subject = parts.subject(data).replace(/\s+/g, ' ').trim();
      const context = { ...data, subject };
      return { subject, html: parts.html(context), text: tidyText(parts.text(context)) };
    } catch (error) {
      throw new TemplateRenderError(`Email template "${name}" could not be rendered: ${(error as Error).message}`);
    }
  }
}

/** Candidates: the repository root from `src/notifications`, the image root from `dist/src/notifications`. */
export function templatesDir(): string {
  const candidates = [resolve(__dirname, '../../templates'), resolve(__dirname, '../../../templates')];
  return candidates.find((dir) => existsSync(join(dir, 'partials'))) ?? candidates[0];
}

/** Precompiles now rather than on first use, so a broken template stops the boot, not a send. */
function compile(handlebars: typeof Handlebars, file: string, part: Part): Compiled {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TemplateCompileError(`Email template ${file} is missing: ${(error as Error).message}`);
  }
  try {
    const spec = handlebars.precompile(source, { strict: true, noEscape: part !== 'html' });
    // The precompiled spec is JavaScript source that Handlebars itself generated from our file.
    return handlebars.template(new Function(`return ${spec}`)());
  } catch (error) {
    throw new TemplateCompileError(`Email template ${file} failed to compile: ${(error as Error).message}`);
  }
}

/** Templates keep readable indentation; the text part drops runs of blank lines it leaves. */
function tidyText(text: string): string {
  return `${text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });
const DATETIME_FORMAT = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
const CARD_BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  cartes_bancaires: 'Cartes Bancaires',
};
const BANK_DEBIT_TYPES = new Set(['us_bank_account', 'sepa_debit', 'bacs_debit', 'au_becs_debit', 'acss_debit']);
const DECIMAL = /^-?\d+\.\d{1,6}$/;

function required(helper: string, name: string, value: unknown): void {
  if (value === undefined || value === null) throw new Error(`{{${helper}}} needs ${name}, which is missing`);
}

export function registerHelpers(handlebars: typeof Handlebars): void {
  // Strict mode does not reach block helpers' arguments: a missing list would render as no rows.
  const each = handlebars.helpers.each;
  handlebars.registerHelper('each', function (this: unknown, list: unknown, options: Handlebars.HelperOptions) {
    const line = (options as { loc?: { start: { line: number } } }).loc?.start.line;
    required('each', `a list (line ${line})`, list);
    return each.call(this, list, options);
  });

  /** {{money amount currency}}: a decimal string in the wallet currency, "$1,234.50". */
  handlebars.registerHelper('money', (amount: unknown, currency: unknown) => {
    required('money', 'an amount', amount);
    required('money', 'a currency', currency);
    if (typeof amount !== 'string') throw new Error(`{{money}} needs a decimal string, got ${JSON.stringify(amount)}`);
    return formatMoneyForDisplay(parseMoney(amount), String(currency));
  });

  handlebars.registerHelper('date', (value: unknown) => formatDate(value, DATE_FORMAT));
  handlebars.registerHelper('datetime', (value: unknown) => `${formatDate(value, DATETIME_FORMAT)} UTC`);

  handlebars.registerHelper('paymentMethod', (method: unknown) => {
    required('paymentMethod', 'a payment method', method);
    return paymentMethodInWords(method as PaymentMethodLike);
  });

  handlebars.registerHelper(
    'declineReason',
    (code: unknown, message: unknown) => explainDecline(code as string | null, message as string | null).reason,
  );
  handlebars.registerHelper(
    'declineNextStep',
    (code: unknown, message: unknown) => explainDecline(code as string | null, message as string | null).nextStep,
  );

  /** {{runway hours}}: "about 5 hours", "about 3 days". */
  handlebars.registerHelper('runway', (hours: unknown) => {
    required('runway', 'hours', hours);
    return runwayInWords(Number(hours));
  });

  /** {{inDays days}}: "today", "tomorrow", "in 7 days". */
  handlebars.registerHelper('inDays', (days: unknown) => {
    required('inDays', 'a number of days', days);
    const value = Number(days);
    if (value <= 0) return 'today';
    return value === 1 ? 'tomorrow' : `in ${value} days`;
  });

  /** "dailyCap" → "daily cap", "auto-reload" → "auto-reload": a name inside a sentence. */
  handlebars.registerHelper('words', (value: unknown) => {
    required('words', 'a value', value);
    return words(String(value));
  });
  /** "dailyCap" → "Daily cap": a name that starts a line. */
  handlebars.registerHelper('humanize', (value: unknown) => {
    required('humanize', 'a value', value);
    const text = words(String(value));
    return text.charAt(0).toUpperCase() + text.slice(1);
  });

  /** A setting's value for people: money in the wallet currency, on/off, "not set". */
  handlebars.registerHelper('settingValue', (value: unknown, currency: unknown) => {
    if (value === null || value === undefined || value === '') return 'not set';
    if (value === true) return 'on';
    if (value === false) return 'off';
    if (typeof value === 'string' && DECIMAL.test(value)) return formatMoneyForDisplay(parseMoney(value), String(currency));
    if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  });

  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  /** Unlike #if, keeps a zero: "runway 0 hours" is news, a missing runway is not. */
  handlebars.registerHelper('present', (value: unknown) => value !== null && value !== undefined);
}

type PaymentMethodLike = { brand?: string | null; last4?: string | null; type?: string | null };

/** "Visa card ending in 4242", "bank account ending in 6789": brand and last four only. */
export function paymentMethodInWords({ brand, last4, type }: PaymentMethodLike): string {
  const ending = last4 ? ` ending in ${last4}` : '';
  if (!type || type === 'card') {
    const label = brand ? (CARD_BRANDS[brand.toLowerCase()] ?? brand) : 'Card';
    return `${label} card${ending}`;
  }
  if (BANK_DEBIT_TYPES.has(type)) {
    const bank = brand && brand !== type ? `${brand} ` : '';
    return `${bank}bank account${ending}`;
  }
  return `payment method${ending}`;
}

/** "less than an hour", "about 5 hours", "about 3 days": the emails' and the console's runway. */
export function runwayInWords(hours: number): string {
  if (hours < 1) return 'less than an hour';
  if (hours < 48) return `about ${Math.round(hours)} hour${Math.round(hours) === 1 ? '' : 's'}`;
  return `about ${Math.round(hours / 24)} days`;
}

function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

function formatDate(value: unknown, format: Intl.DateTimeFormat): string {
  required('date', 'a date', value);
  const date = new Date(value as string);
  if (Number.isNaN(date.getTime())) throw new Error(`{{date}} needs an ISO date, got ${JSON.stringify(value)}`);
  return format.format(date);
}
