import { cardExpiry, cardToWatch, reminderWindow } from './card-expiry';

const card = (expMonth: number, expYear: number, id = 'card') => ({ id, type: 'card', expMonth, expYear });
const bank = { id: 'bank', type: 'us_bank_account', expMonth: null, expYear: null };

describe('card expiry', () => {
  it('counts the local days to the last day of the expiry month', () => {
    expect(cardExpiry(card(12, 2026), '2026-12-01')).toEqual({ expiresOn: '2026-12-31', daysLeft: 30, expiry: '12/2026' });
    expect(cardExpiry(card(2, 2028), '2028-02-22')).toEqual({ expiresOn: '2028-02-29', daysLeft: 7, expiry: '02/2028' });
    expect(cardExpiry(card(11, 2026), '2026-12-01')?.daysLeft).toBe(-1);
    expect(cardExpiry(bank, '2026-12-01')).toBeUndefined();
  });

  it('reminds 30 and again 7 days ahead, the narrowest window first, and not once expired', () => {
    expect([45, 31, 30, 8, 7, 1, 0, -1].map(reminderWindow)).toEqual([undefined, undefined, 30, 30, 7, 7, 7, undefined]);
  });

  it('watches the default card, or the only card behind a default bank account', () => {
    expect(cardToWatch([card(1, 2027, 'a'), card(2, 2027, 'b')])?.id).toBe('a');
    expect(cardToWatch([bank, card(1, 2027, 'a')])?.id).toBe('a');
    expect(cardToWatch([bank, card(1, 2027, 'a'), card(2, 2027, 'b')])).toBeUndefined();
    expect(cardToWatch([bank])).toBeUndefined();
    expect(cardToWatch([])).toBeUndefined();
  });
});
