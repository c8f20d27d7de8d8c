import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { MICROS_PER_UNIT, MoneyFormatError, Micros, isWholeCents, parseMoney } from '../database/money';
import { ValidationError } from './errors';

/** Validates a request part against a zod schema; unknown fields are refused by the schemas. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(readonly schema: T) {}

  transform(value: unknown): z.output<T> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    throw validationError(result.error);
  }
}

export function validationError(error: z.ZodError): ValidationError {
  const fields = error.issues.map((issue) => ({
    path: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '(body)'),
    message: issue.message,
  }));
  const summary = fields.map((field) => `${field.path}: ${field.message}`).join('; ');
  return new ValidationError(`Invalid request: ${summary}`, { fields });
}

export interface MoneyRules {
  /** Smallest accepted amount, inclusive. Defaults to 0 (negative amounts refused). */
  min?: Micros;
  /** Largest accepted amount, inclusive. */
  max?: Micros;
  /** Signed amounts (support adjustments): any value but zero. */
  signed?: boolean;
  /** Refuse zero. */
  nonZero?: boolean;
  /** Card charges are whole cents. */
  wholeCents?: boolean;
}

/** A money field: a decimal string in JSON, a bigint of micro-units after validation. */
export function money(rules: MoneyRules = {}) {
  return z
    .unknown()
    .transform((value, ctx): Micros => {
      let micros: Micros;
      try {
        micros = parseMoney(value);
      } catch (error) {
        if (!(error instanceof MoneyFormatError)) throw error;
        ctx.addIssue({ code: 'custom', message: `must be ${error.reason.replace(/^must be /, '')}` });
        return z.NEVER;
      }
      const problem = moneyProblem(micros, rules);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return micros;
    })
    .meta({ override: moneyDocumentation(rules) });
}

/** How a money field reads in the OpenAPI document (its input is a decimal string). */
function moneyDocumentation(rules: MoneyRules) {
  const limits = [
    rules.signed ? 'signed, not zero' : rules.min ? `at least ${describe(rules.min)}` : 'not negative',
    rules.max !== undefined ? `at most ${describe(rules.max)}${rules.signed ? ' in size' : ''}` : '',
    rules.nonZero ? 'not zero' : '',
    rules.wholeCents ? 'whole cents' : '',
  ].filter(Boolean);
  return {
    type: 'string',
    pattern: rules.signed ? '^-?\\d+(\\.\\d{1,6})?$' : '^\\d+(\\.\\d{1,6})?$',
    description: `A decimal string (never a float): ${limits.join(', ')}`,
    example: rules.signed ? '-5.00' : '25.00',
  } as const;
}

/** A money rule known only at run time (a configured maximum), checked after the schema's own. */
export function checkMoney(path: string, micros: Micros, rules: MoneyRules): void {
  const problem = moneyProblem(micros, rules);
  if (problem) throw new ValidationError(`Invalid request: ${path}: ${problem}`, { fields: [{ path, message: problem }] });
}

function moneyProblem(micros: Micros, rules: MoneyRules): string | undefined {
  const min = rules.signed ? undefined : (rules.min ?? 0n);
  if (min !== undefined && micros < min) {
    return min === 0n ? 'must not be negative' : `must be at least ${describe(min)}`;
  }
  if (rules.max !== undefined && (micros > rules.max || (rules.signed && -micros > rules.max))) {
    return `must be at most ${describe(rules.max)}${rules.signed ? ' in size' : ''}`;
  }
  if ((rules.nonZero || rules.signed) && micros === 0n) return 'must not be zero';
  if (rules.wholeCents && !isWholeCents(micros)) return 'must be whole cents (at most 2 fraction digits)';
  return undefined;
}

function describe(micros: Micros): string {
  const whole = micros / MICROS_PER_UNIT;
  const cents = (micros % MICROS_PER_UNIT) / 10_000n;
  return `"${whole}.${cents.toString().padStart(2, '0')}"`;
}

export const uuidParam = z.uuid({ message: 'must be an id' });

/** Why a support user acts: every support action carries one, kept in the audit log. */
export const supportReason = z.string().trim().min(3, 'must say why (at least 3 characters)').max(500);

/** Query-string integers arrive as text. */
export const limitParam = z.coerce.number().int().min(1).max(200).default(50);

/** A keyset cursor over a bigint column: digits only, and within PostgreSQL's bigint. */
export const seqCursor = z
  .string()
  .refine((value) => /^\d{1,19}$/.test(value) && BigInt(value) <= 9_223_372_036_854_775_807n, 'must be a cursor from a previous page');
