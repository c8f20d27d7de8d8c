import { MICROS_PER_UNIT, type Micros } from '../database/money';

/**
 * How Stripe counts each currency (https://docs.stripe.com/currencies): the integer it calls an
 * amount is in the currency's minor unit, and some currencies accept only part of those integers.
 * Wallets keep micro-units, so every amount that reaches Stripe must be a whole number of what Stripe
 * can charge: never rounded on the way, so what is charged is exactly what is credited.
 */
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
/** Counted in thousandths, but Stripe's partners need the last digit to be 0: hundredths in effect. */
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);
/** Counted in hundredths for backwards compatibility, charged in whole units only (a multiple of 100). */
const WHOLE_UNITS_IN_HUNDREDTHS = new Set(['ISK']);

export interface CurrencyUnits {
  /** Micro-units in one of the integers Stripe's `amount` counts (a cent for USD, a fils for KWD). */
  minorMicros: Micros;
  /** Micro-units in the smallest amount that can be charged (a cent for USD and KWD, a yen for JPY). */
  chargeMicros: Micros;
}

export function currencyUnits(currency: string): CurrencyUnits {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return { minorMicros: MICROS_PER_UNIT, chargeMicros: MICROS_PER_UNIT };
  if (THREE_DECIMAL.has(code)) return { minorMicros: 1_000n, chargeMicros: 10_000n };
  if (WHOLE_UNITS_IN_HUNDREDTHS.has(code)) return { minorMicros: 10_000n, chargeMicros: MICROS_PER_UNIT };
  return { minorMicros: 10_000n, chargeMicros: 10_000n };
}

/** An amount that is not a whole number of what Stripe can charge in that currency. */
export class UnchargeableAmountError extends Error {}

export function isChargeable(micros: Micros, currency: string): boolean {
  return micros % currencyUnits(currency).chargeMicros === 0n;
}

/** Rounds a non-negative amount up to the next amount Stripe can charge in that currency. */
export function ceilToChargeable(micros: Micros, currency: string): Micros {
  if (micros <= 0n) return 0n;
  const unit = currencyUnits(currency).chargeMicros;
  const remainder = micros % unit;
  return remainder === 0n ? micros : micros + (unit - remainder);
}

/** "whole JPY (no fraction digits)", "whole cents (at most 2 fraction digits)", for error messages. */
export function chargeableDescription(currency: string): string {
  const unit = currencyUnits(currency).chargeMicros;
  const code = currency.toUpperCase();
  if (unit === MICROS_PER_UNIT) return `whole ${code} (no fraction digits)`;
  return `a multiple of 0.01 ${code} (at most 2 fraction digits)`;
}

/** Micro-units to Stripe's `amount` integer. Refuses, rather than rounds, an amount Stripe cannot charge. */
export function toMinorUnits(micros: Micros, currency: string): number {
  if (!isChargeable(micros, currency)) {
    throw new UnchargeableAmountError(`${micros} micro-units of ${currency.toUpperCase()} is not ${chargeableDescription(currency)}`);
  }
  return Number(micros / currencyUnits(currency).minorMicros);
}

/** Stripe's `amount` integer to micro-units. */
export function fromMinorUnits(minor: number, currency: string): Micros {
  return BigInt(minor) * currencyUnits(currency).minorMicros;
}
