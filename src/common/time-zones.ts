/**
 * Days and months where an agency lives. Spend limits, the monthly auto-reload cap and the daily
 * figures count in the agency's IANA time zone (default "UTC"), so "today" starts at the agency's
 * local midnight: 05:00 UTC in New York in winter, 04:00 in summer, and a day may last 23 or 25
 * hours on a daylight-saving change. Calendar days travel as 'YYYY-MM-DD' strings, instants as
 * Dates or epoch milliseconds. Pure, no I/O; formatters are cached per zone, since building one
 * costs far more than using it.
 */

export const DEFAULT_TIME_ZONE = 'UTC';

const DAY_MS = 24 * 3600 * 1000;

/** One local calendar day of a zone, with the instants it starts (inclusive) and ends (exclusive). */
export interface LocalDay {
  timeZone: string;
  /** 'YYYY-MM-DD' */
  day: string;
  startsAt: number;
  endsAt: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * The canonical IANA name of a time zone ("america/new_york" → "America/New_York"), or undefined
 * when the name is not one Intl knows. Offsets such as "+01:00" are refused: a fixed offset does
 * not follow the agency's daylight-saving changes.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The local wall-clock reading of an instant, as the parts of a UTC date (whole seconds). */
function wallClock(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
function offsetMs(at: number, timeZone: string): number {
  return wallClock(at, timeZone) - Math.floor(at / 1000) * 1000;
}

/** The local calendar day of an instant. */
export function localDate(at: Date | number, timeZone: string): string {
  return isoDay(wallClock(typeof at === 'number' ? at : at.getTime(), timeZone));
}

/** The instant a local calendar day begins (its first moment: midnight, or later where midnight is skipped). */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const midnight = utcMidnight(day);
  // Twice: the offset at the first guess may differ from the offset at the answer across a change.
  let at = midnight - offsetMs(midnight, timeZone);
  at = midnight - offsetMs(at, timeZone);
  if (localDate(at, timeZone) === day && localDate(at - 1, timeZone) !== day) return new Date(at);
  // A zone that skips midnight itself (its clocks jump from 23:59:59 to 01:00): find the first moment.
  let low = midnight - 2 * DAY_MS;
  let high = midnight + 2 * DAY_MS;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (localDate(mid, timeZone) < day) low = mid;
    else high = mid;
  }
  return new Date(high);
}

const currentDays = new Map<string, LocalDay>();

/**
 * The local day an instant falls in, with its bounds. The current day of each zone is kept, so
 * asking again within the same day costs two comparisons, not a formatting.
 */
export function localDayOf(at: Date | number, timeZone: string): LocalDay {
  const ms = typeof at === 'number' ? at : at.getTime();
  const cached = currentDays.get(timeZone);
  if (cached && ms >= cached.startsAt && ms < cached.endsAt) return cached;
  const day = localDate(ms, timeZone);
  const found: LocalDay = {
    timeZone,
    day,
    startsAt: startOfLocalDay(day, timeZone).getTime(),
    endsAt: startOfLocalDay(addDays(day, 1), timeZone).getTime(),
  };
  if (!cached || ms >= cached.endsAt) {
    if (currentDays.size >= 1000) currentDays.clear();
    currentDays.set(timeZone, found);
  }
  return found;
}

/** The first day of the month a day is in. */
export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The instant the local calendar month of an instant began. */
export function startOfLocalMonth(at: Date | number, timeZone: string): Date {
  return startOfLocalDay(monthStart(localDate(at, timeZone)), timeZone);
}

/** Calendar arithmetic on 'YYYY-MM-DD' days (no time zone involved: a day is a day). */
export function addDays(day: string, days: number): string {
  return isoDay(utcMidnight(day) + days * DAY_MS);
}

/** Whole calendar days from one day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** The last calendar day of a month (month 1–12). */
export function lastDayOfMonth(year: number, month: number): string {
  return isoDay(Date.UTC(year, month, 0));
}

function utcMidnight(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`Not a calendar day: ${JSON.stringify(day)}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function isoDay(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}
