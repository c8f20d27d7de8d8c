import { daysBetween, lastDayOfMonth } from '../common/time-zones';

/**
 * When a saved card stops working, counted in the agency's local days. Pure: the reminder job,
 * the insights and their tests share these rules.
 */

export interface CardExpiry {
  /** The card's last valid day: the last day of its expiry month. */
  expiresOn: string;
  /** Days from `today` to that day: 0 on the day itself, negative once expired. */
  daysLeft: number;
  /** "MM/YYYY", as printed on the card. */
  expiry: string;
}

/** Reminders go 30 and again 7 days before a card expires. */
export const REMINDER_WINDOWS = [30, 7] as const;
export type ReminderWindow = (typeof REMINDER_WINDOWS)[number];

interface SavedMethod {
  type: string;
  expMonth: number | null;
  expYear: number | null;
}

/** Undefined for a method that does not expire (a bank account). */
export function cardExpiry(method: SavedMethod, today: string): CardExpiry | undefined {
  if (method.type !== 'card' || !method.expMonth || !method.expYear) return undefined;
  const expiresOn = lastDayOfMonth(method.expYear, method.expMonth);
  return { expiresOn, daysLeft: daysBetween(today, expiresOn), expiry: `${String(method.expMonth).padStart(2, '0')}/${method.expYear}` };
}

/**
 * The reminder a card is due today: the narrowest window it is in, so a job that first sees a
 * card 5 days before it expires sends the 7-day reminder only. None once it has expired.
 */
export function reminderWindow(daysLeft: number): ReminderWindow | undefined {
  if (daysLeft < 0) return undefined;
  return [...REMINDER_WINDOWS].sort((a, b) => a - b).find((window) => daysLeft <= window);
}

/**
 * The card whose expiry stops auto-reload: the default method when it is a card, or the only
 * card when the default is something else (a bank account). Other backup cards get no reminder;
 * the insights still list every card about to expire.
 */
export function cardToWatch<T extends SavedMethod>(methodsInPriorityOrder: T[]): T | undefined {
  const [first] = methodsInPriorityOrder;
  if (!first) return undefined;
  if (first.type === 'card') return first;
  const cards = methodsInPriorityOrder.filter((method) => method.type === 'card');
  return cards.length === 1 ? cards[0] : undefined;
}
