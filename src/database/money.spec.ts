import { MoneyFormatError, ceilToCent, formatMoney, formatMoneyForDisplay, isWholeCents, parseMoney } from './money';

describe('parseMoney', () => {
  it.each([
    ['0', 0n],
    ['0.0', 0n],
    ['50.00', 50_000_000n],
    ['49.99', 49_990_000n],
    ['0.013', 13_000n],
    ['0.000001', 1n],
    ['1.5', 1_500_000n],
    ['-1.50', -1_500_000n],
    ['-0.000001', -1n],
    ['007.10', 7_100_000n],
    ['999999999999.999999', 999_999_999_999_999_999n],
  ])('parses %p as %p micros', (input, expected) => {
    expect(parseMoney(input)).toBe(expected);
  });

  it.each([
    [12.5, 'JSON number'],
    [12, 'JSON number'],
    [null, 'JSON number'],
    [undefined, 'JSON number'],
    [{}, 'JSON number'],
    ['', 'decimal string'],
    [' 1.00', 'decimal string'],
    ['1.00 ', 'decimal string'],
    ['+1.00', 'decimal string'],
    ['1e3', 'decimal string'],
    ['0x10', 'decimal string'],
    ['1,000.00', 'decimal string'],
    ['.5', 'decimal string'],
    ['5.', 'decimal string'],
    ['abc', 'decimal string'],
    ['NaN', 'decimal string'],
    ['Infinity', 'decimal string'],
    ['--1', 'decimal string'],
    ['1.0000001', '6 fraction digits'],
    ['0.1234567', '6 fraction digits'],
    ['1000000000000', 'below 10^12'],
    ['99999999999999999999999.00', 'below 10^12'],
  ])('rejects %p (%s)', (input, reason) => {
    expect(() => parseMoney(input)).toThrow(MoneyFormatError);
    expect(() => parseMoney(input)).toThrow(new RegExp(reason.replace(/[\^]/g, '\\^')));
  });
});

describe('formatMoney', () => {
  it.each([
    [0n, '0.00'],
    [1n, '0.000001'],
    [10_000n, '0.01'],
    [13_000n, '0.013'],
    [100_000n, '0.10'],
    [50_000_000n, '50.00'],
    [49_990_000n, '49.99'],
    [-1_500_000n, '-1.50'],
    [-1n, '-0.000001'],
    [123_456_789_012n, '123456.789012'],
  ])('formats %p as %p', (micros, expected) => {
    expect(formatMoney(micros)).toBe(expected);
  });

  it('round-trips every formatted value', () => {
    for (const micros of [0n, 1n, 9n, 10n, 99n, 1_000_001n, -7_654_321n, 999_999_999_999_999_999n]) {
      expect(parseMoney(formatMoney(micros))).toBe(micros);
    }
  });
});

describe('display and cents', () => {
  it('formats for people in the wallet currency without losing sub-cent digits', () => {
    expect(formatMoneyForDisplay(1_234_500_000n, 'USD')).toBe('$1,234.50');
    expect(formatMoneyForDisplay(13_000n, 'USD')).toBe('$0.013');
    expect(formatMoneyForDisplay(-2_000_000n, 'EUR')).toBe('-€2.00');
  });

  it('knows whole cents and rounds up to them', () => {
    expect(isWholeCents(1_230_000n)).toBe(true);
    expect(isWholeCents(1_230_001n)).toBe(false);
    expect(ceilToCent(1_230_001n)).toBe(1_240_000n);
    expect(ceilToCent(1_230_000n)).toBe(1_230_000n);
    expect(ceilToCent(1n)).toBe(10_000n);
    expect(ceilToCent(0n)).toBe(0n);
    expect(ceilToCent(-5n)).toBe(0n);
  });
});
