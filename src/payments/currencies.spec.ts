import { parseMoney } from '../database/money';
import { ceilToChargeable, fromMinorUnits, isChargeable, toMinorUnits, UnchargeableAmountError } from './currencies';

describe('Stripe amounts', () => {
  it.each([
    ['USD', '1.23', 123],
    ['EUR', '200.00', 20000],
    ['JPY', '500.00', 500],
    ['KWD', '100.00', 100000],
    ['BHD', '0.01', 10],
    ['KWD', '12.34', 12340],
    ['ISK', '40.00', 4000],
  ])('%s %s is %p in Stripe’s smallest unit, and back', (currency, amount, minor) => {
    expect(toMinorUnits(parseMoney(amount), currency)).toBe(minor);
    expect(fromMinorUnits(minor, currency)).toBe(parseMoney(amount));
  });

  it.each([
    ['JPY', '1.50'],
    ['KWD', '1.005'],
    ['BHD', '0.001'],
    ['USD', '0.005'],
    ['ISK', '40.10'],
  ])('refuses %s %s rather than charge a rounded amount', (currency, amount) => {
    expect(isChargeable(parseMoney(amount), currency)).toBe(false);
    expect(() => toMinorUnits(parseMoney(amount), currency)).toThrow(UnchargeableAmountError);
  });

  it('rounds up to what the currency can charge', () => {
    expect(ceilToChargeable(parseMoney('80.005'), 'USD')).toBe(parseMoney('80.01'));
    expect(ceilToChargeable(parseMoney('80.005'), 'JPY')).toBe(parseMoney('81'));
    expect(ceilToChargeable(parseMoney('80.001'), 'KWD')).toBe(parseMoney('80.01'));
    expect(ceilToChargeable(parseMoney('80.00'), 'JPY')).toBe(parseMoney('80'));
  });
});
