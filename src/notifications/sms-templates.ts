import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateCompileError, TemplateRenderError, registerHelpers, templatesDir } from './email-templates';
import { SMS_KINDS, SMS_ONLY_TEMPLATES, type SmsTemplateName } from './notification-kinds';

/** One SMS segment of GSM-7: longer texts are split and billed per 153 characters. */
export const SMS_MAX_SEPTETS = 160;

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters of the GSM-7 extension table: each takes two septets (an escape and itself). */
const GSM7_EXTENDED = '^{}\\[~]|€';

/** Septets a text takes in GSM-7, or null when a character needs UCS-2 (70 per segment). */
export function gsm7Length(text: string): number | null {
  let length = 0;
  for (const char of text) {
    if (GSM7_BASIC.includes(char)) length += 1;
    else if (GSM7_EXTENDED.includes(char)) length += 2;
    else return null;
  }
  return length;
}

/**
 * Makes a value safe for GSM-7: letters lose their accents ("Müller" keeps ü, "Łódź" becomes
 * "Lodz"), typographic quotes and dashes become plain ones, anything else becomes "?". One emoji
 * in an agency's name would otherwise turn the text into UCS-2 and cut its room to 70 characters.
 */
export function toGsm7(text: string): string {
  const plain = text
    .replace(/[‘’‚‛]/g, "'")
    .replace(/[“”„‟]/g, '"')
    .replace(/[‐-―]/g, '-')
    .replace(/…/g, '...')
    .replace(/[Łł]/g, (c) => (c === 'Ł' ? 'L' : 'l'));
  let out = '';
  for (const char of plain) {
    if (gsm7Length(char) !== null) out += char;
    else {
      const stripped = char.normalize('NFKD').replace(/\p{M}/gu, '');
      out += gsm7Length(stripped) !== null && stripped.length > 0 ? stripped : '?';
    }
  }
  return out;
}

/** Names go into a text cut to this many characters, so every alert fits one segment. */
const NAME_LIMIT = 24;

function shorten(value: string, limit: number): string {
  const safe = toGsm7(value).replace(/\s+/g, ' ').trim();
  return safe.length <= limit ? safe : `${safe.slice(0, limit - 2).trimEnd()}..`;
}

/**
 * The texts (templates/sms/<name>.hbs), compiled at boot like the emails, with the same strict
 * rendering and money helper. Every string in the data is made GSM-7 first and names are cut
 * short, so a text stays within one 160-character segment (a spec renders each with long values).
 */
export class SmsTemplates {
  private constructor(private readonly templates: Map<SmsTemplateName, Handlebars.TemplateDelegate>) {}

  static load(dir: string = join(templatesDir(), 'sms')): SmsTemplates {
    const handlebars = Handlebars.create();
    registerHelpers(handlebars);
    const templates = new Map<SmsTemplateName, Handlebars.TemplateDelegate>();
    for (const name of [...SMS_KINDS, ...SMS_ONLY_TEMPLATES]) {
      const file = join(dir, `${name}.hbs`);
      try {
        const spec = handlebars.precompile(readFileSync(file, 'utf8'), { strict: true, noEscape: true });
        // The precompiled spec is JavaScript source that Handlebars itself generated from our file.
        templates.set(name, handlebars.template(new Function(`return ${spec}`)()));
      } catch (error) {
        throw new TemplateCompileError(`SMS template ${file} failed to load: ${(error as Error).message}`);
      }
    }
    return new SmsTemplates(templates);
  }

  has(name: string): name is SmsTemplateName {
    return this.templates.has(name as SmsTemplateName);
  }

  render(name: SmsTemplateName, data: Record<string, unknown>): string {
    const template = this.templates.get(name);
    if (!template) throw new TemplateRenderError(`Unknown SMS template "${name}"`);
    const safe: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      safe[key] = typeof value !== 'string' ? value : key.endsWith('Name') ? shorten(value, NAME_LIMIT) : toGsm7(value);
    }
    let text: string;
    try {
      text = template(safe).replace(/\s+/g, ' ').trim();
    } catch (error) {
      throw new TemplateRenderError(`SMS template "${name}" could not be rendered: ${(error as Error).message}`);
    }
    const length = gsm7Length(text);
    if (length === null || length > SMS_MAX_SEPTETS) {
      throw new TemplateRenderError(`SMS template "${name}" rendered ${length ?? 'non-GSM-7'} characters; one segment holds ${SMS_MAX_SEPTETS}`);
    }
    return text;
  }
}
