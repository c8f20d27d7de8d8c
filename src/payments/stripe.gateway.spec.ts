import { parseMoney } from '../database/money';
import { fromMinorUnits, toMinorUnits } from './stripe.gateway';

describe('Stripe amounts', () => {
  it.each([
    ['USD', '1.23', 123],
    ['EUR', '200.00', 20000],
    ['JPY', '500.00', 500],
    ['KWD', '100.00', 100000],
    ['BHD', '0.01', 10],
  ])('%s %s is %p in Stripe’s smallest unit, and back', (currency, amount, minor) => {
    expect(toMinorUnits(parseMoney(amount), currency)).toBe(minor);
    expect(fromMinorUnits(minor, currency)).toBe(parseMoney(amount));
  });
});
