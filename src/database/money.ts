/**
 * Money on the wire is a decimal string with at most six fraction digits ("50.00", "0.013");
 * in memory and in PostgreSQL it is an integer count of micro-units (bigint). Nothing on the
 * money path ever becomes a JavaScript number.
 */
export type Micros = bigint;

export const MICROS_PER_UNIT = 1_000_000n;
export const MICROS_PER_CENT = 10_000n;

/** Twelve integer digits keep every amount, and sums of many, far inside a signed 64-bit column. */
const MAX_INTEGER_DIGITS = 12;
const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,6}))?$/;

export class MoneyFormatError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Parses a decimal string into micro-units, or throws MoneyFormatError saying why not. */
export function parseMoney(input: unknown): Micros {
  if (typeof input !== 'string') {
    throw new MoneyFormatError('must be a decimal string such as "12.50", not a JSON number');
  }
  const match = DECIMAL.exec(input);
  if (!match) {
    if (/^-?\d+\.\d{7,}$/.test(input)) {
      throw new MoneyFormatError('must have at most 6 fraction digits');
    }
    throw new MoneyFormatError('must be a decimal string such as "12.50"');
  }
  const [, sign, whole, fraction = ''] = match;
  if (whole.replace(/^0+(?=\d)/, '').length > MAX_INTEGER_DIGITS) {
    throw new MoneyFormatError(`must be below 10^${MAX_INTEGER_DIGITS}`);
  }
  const micros = BigInt(whole) * MICROS_PER_UNIT + BigInt(fraction.padEnd(6, '0'));
  return sign ? -micros : micros;
}

/**
 * Formats micro-units as a decimal string with at least two fraction digits and no trailing
 * zeros beyond them: 50_000_000n → "50.00", 13_000n → "0.013", -1_500_000n → "-1.50".
 */
export function formatMoney(micros: Micros): string {
  const negative = micros < 0n;
  const magnitude = negative ? -micros : micros;
  const whole = magnitude / MICROS_PER_UNIT;
  let fraction = (magnitude % MICROS_PER_UNIT).toString().padStart(6, '0').replace(/0+$/, '');
  if (fraction.length < 2) fraction = fraction.padEnd(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** Formats micro-units for people, in the wallet currency: "$1,234.50", "€0.013". */
export function formatMoneyForDisplay(micros: Micros, currency: string, locale = 'en-US'): string {
  // Intl formats a decimal string exactly (no float conversion), keeping sub-cent digits.
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 6,
  });
  return format.format(formatMoney(micros) as unknown as number);
}

export function isWholeCents(micros: Micros): boolean {
  return micros % MICROS_PER_CENT === 0n;
}

/** Rounds a non-negative amount up to the next whole cent. */
export function ceilToCent(micros: Micros): Micros {
  if (micros <= 0n) return 0n;
  const remainder = micros % MICROS_PER_CENT;
  return remainder === 0n ? micros : micros + (MICROS_PER_CENT - remainder);
}

export function minMicros(a: Micros, b: Micros): Micros {
  return a < b ? a : b;
}

export function maxMicros(a: Micros, b: Micros): Micros {
  return a > b ? a : b;
}
