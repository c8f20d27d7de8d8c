import Handlebars from 'handlebars';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { formatMoneyForDisplay, parseMoney, type Micros } from '../database/money';

/** What every page gets besides its own data (set by `WebPages.render`). */
export interface PageContext {
  title: string;
  /** The signed-in person, when there is one. */
  session?: { email: string; csrfToken: string; isSupport: boolean };
  /** The agency the page is about: its id, name, currency and the viewer's role. */
  agency?: { id: string; name: string; currency: string; role: 'owner' | 'viewer' | 'support' };
  /** The nav entry to mark as the current page. */
  nav?: string;
  /** IANA zone times are shown in: the browser's (a cookie the script sets), else the agency's, else UTC. */
  timeZone: string;
  /** "Stripe sandbox" banner. */
  sandbox: boolean;
  [key: string]: unknown;
}

/**
 * The console's pages: Handlebars files under `templates/web/` (one per page, named for it, e.g.
 * `billing/overview.hbs`), `layout.hbs` around each, and `partials/*.hbs` by file name. Compiled
 * once at boot, like the emails, so a broken page stops the boot rather than a request.
 */
export class WebViews {
  private constructor(
    private readonly pages: Map<string, Handlebars.TemplateDelegate>,
    private readonly layout: Handlebars.TemplateDelegate,
  ) {}

  static load(dir: string = webTemplatesDir()): WebViews {
    const handlebars = Handlebars.create();
    registerHelpers(handlebars);
    const partials = join(dir, 'partials');
    for (const file of readdirSync(partials)) {
      if (file.endsWith('.hbs')) handlebars.registerPartial(file.slice(0, -4), readFileSync(join(partials, file), 'utf8'));
    }
    const pages = new Map<string, Handlebars.TemplateDelegate>();
    for (const file of walk(dir)) {
      const name = relative(dir, file).replace(/\\/g, '/').slice(0, -4);
      if (name === 'layout' || name.startsWith('partials/')) continue;
      pages.set(name, compile(handlebars, file));
    }
    return new WebViews(pages, compile(handlebars, join(dir, 'layout.hbs')));
  }

  render(page: string, context: PageContext): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`No page template "${page}"`);
    const body = template(context);
    return this.layout({ ...context, body });
  }
}

/** `templates/web` beside `src/` in the repository, beside `dist/` in the image. */
export function webTemplatesDir(): string {
  const candidates = [resolve(__dirname, '../../templates/web'), resolve(__dirname, '../../../templates/web')];
  return candidates.find((dir) => existsSync(join(dir, 'layout.hbs'))) ?? candidates[0];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'assets' ? [] : walk(path);
    return name.endsWith('.hbs') ? [path] : [];
  });
}

function compile(handlebars: typeof Handlebars, file: string): Handlebars.TemplateDelegate {
  try {
    return handlebars.compile(readFileSync(file, 'utf8'), { strict: false });
  } catch (error) {
    throw new Error(`Page template ${file} failed to compile: ${(error as Error).message}`, { cause: error });
  }
}

const DATETIME = new Map<string, Intl.DateTimeFormat>();

/** "Dec 2, 2026, 3:04 PM" in `timeZone`. */
export function formatDateTime(at: Date, timeZone: string): string {
  let format = DATETIME.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone });
    DATETIME.set(timeZone, format);
  }
  return format.format(at);
}

/** Micros (bigint), or a decimal string as the API views carry, in the wallet currency: "$1,234.50". */
export function displayMoney(amount: Micros | string, currency: string): string {
  return formatMoneyForDisplay(typeof amount === 'bigint' ? amount : parseMoney(amount), currency);
}

type Root = { data?: { root?: PageContext } };

function registerHelpers(handlebars: typeof Handlebars): void {
  /** {{money amount}} in the page's agency currency, or {{money amount "EUR"}}. */
  handlebars.registerHelper('money', function (amount: unknown, ...rest: unknown[]) {
    const options = rest.pop() as Root;
    const currency = typeof rest[0] === 'string' ? rest[0] : (options.data?.root?.agency?.currency ?? 'USD');
    if (amount === null || amount === undefined || amount === '') return '—';
    return displayMoney(amount as Micros | string, currency);
  });

  /**
   * {{time iso}}: a <time> in the viewer's zone with the UTC time on hover; the page's script
   * rewrites it in the browser's own zone when that differs from what the server guessed.
   */
  handlebars.registerHelper('time', (value: unknown, options: Root) => {
    if (value === null || value === undefined || value === '') return '—';
    const at = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(at.getTime())) return '—';
    const zone = options.data?.root?.timeZone ?? 'UTC';
    const utc = `${formatDateTime(at, 'UTC')} UTC`;
    return new handlebars.SafeString(
      `<time datetime="${at.toISOString()}" title="${utc}">${handlebars.escapeExpression(formatDateTime(at, zone))}</time>`,
    );
  });

  handlebars.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('not', (a: unknown) => !a);
  handlebars.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  handlebars.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  /** {{#if (selected value current)}}: for <option> and radio buttons. */
  handlebars.registerHelper('checked', (a: unknown, b: unknown) => (String(a) === String(b) ? 'checked' : ''));
  handlebars.registerHelper('selected', (a: unknown, b: unknown) => (String(a) === String(b) ? 'selected' : ''));
  /** "dailyCap" → "Daily cap". */
  handlebars.registerHelper('humanize', (value: unknown) => {
    const text = String(value ?? '')
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/_/g, ' ')
      .toLowerCase();
    return text.charAt(0).toUpperCase() + text.slice(1);
  });
}
