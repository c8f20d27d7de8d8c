/** The driver hands timestamps over as text; the domain works with Dates. */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** The UTC calendar day of a moment, as YYYY-MM-DD: spend limits count in UTC days. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
