import { addDays, canonicalTimeZone, daysBetween, lastDayOfMonth, localDate, localDayOf, startOfLocalDay, startOfLocalMonth } from './time-zones';

const NY = 'America/New_York';
const at = (iso: string) => new Date(iso).getTime();

describe('time zones', () => {
  it('accepts IANA names in any case, answering the canonical one, and refuses offsets and unknown names', () => {
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('america/new_york')).toBe(NY);
    expect(canonicalTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('Etc/GMT+12')).toBe('Etc/GMT+12');
    for (const bad of ['+01:00', 'UTC+1', 'Mars/Olympus_Mons', '', ' America/New_York', 'x'.repeat(80)]) {
      expect(canonicalTimeZone(bad)).toBeUndefined();
    }
  });

  it('starts New York days at local midnight: 05:00 UTC in winter, 04:00 in summer', () => {
    expect(startOfLocalDay('2026-01-15', NY).toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(startOfLocalDay('2026-07-15', NY).toISOString()).toBe('2026-07-15T04:00:00.000Z');
    expect(localDate(at('2026-01-15T04:59:59.999Z'), NY)).toBe('2026-01-14');
    expect(localDate(at('2026-01-15T05:00:00.000Z'), NY)).toBe('2026-01-15');
  });

  it('makes the March change day 23 hours long and the November one 25', () => {
    const march = localDayOf(at('2026-03-08T12:00:00Z'), NY);
    expect(march).toMatchObject({ day: '2026-03-08', startsAt: at('2026-03-08T05:00:00Z'), endsAt: at('2026-03-09T04:00:00Z') });
    expect(march.endsAt - march.startsAt).toBe(23 * 3600 * 1000);

    const november = localDayOf(at('2026-11-01T12:00:00Z'), NY);
    expect(november).toMatchObject({ day: '2026-11-01', startsAt: at('2026-11-01T04:00:00Z'), endsAt: at('2026-11-02T05:00:00Z') });
    expect(november.endsAt - november.startsAt).toBe(25 * 3600 * 1000);
    // 01:30 happens twice on the November change day; both are that day.
    expect(localDate(at('2026-11-01T05:30:00Z'), NY)).toBe('2026-11-01');
    expect(localDate(at('2026-11-01T06:30:00Z'), NY)).toBe('2026-11-01');
  });

  it('finds the day an instant falls in on either side of each bound', () => {
    expect(localDayOf(at('2026-03-09T03:59:59.999Z'), NY).day).toBe('2026-03-08');
    expect(localDayOf(at('2026-03-09T04:00:00.000Z'), NY).day).toBe('2026-03-09');
    expect(localDayOf(at('2026-11-02T04:59:59.999Z'), NY).day).toBe('2026-11-01');
    expect(localDayOf(at('2026-11-02T05:00:00.000Z'), NY).day).toBe('2026-11-02');
    expect(localDayOf(at('2026-11-01T03:59:59.999Z'), NY).day).toBe('2026-10-31');
  });

  it('starts a month at the local midnight of its first day (November begins on its change day)', () => {
    expect(startOfLocalMonth(at('2026-11-01T04:00:00Z'), NY).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfLocalMonth(at('2026-11-01T03:59:59Z'), NY).toISOString()).toBe('2026-10-01T04:00:00.000Z');
    expect(startOfLocalMonth(at('2026-03-31T12:00:00Z'), NY).toISOString()).toBe('2026-03-01T05:00:00.000Z');
    expect(startOfLocalMonth(at('2026-03-31T12:00:00Z'), 'UTC').toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('finds the first moment of a day whose midnight a zone skips', () => {
    // Chile moved its clocks from 24:00 to 01:00 on 2026-09-06 (America/Santiago, UTC-4 → UTC-3).
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(localDate(start, 'America/Santiago')).toBe('2026-09-06');
    expect(localDate(start.getTime() - 1, 'America/Santiago')).toBe('2026-09-05');
  });

  it('does calendar arithmetic on days', () => {
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-01', '2026-12-01')).toBe(30);
    expect(daysBetween('2026-12-01', '2026-11-24')).toBe(-7);
    expect(lastDayOfMonth(2028, 2)).toBe('2028-02-29');
    expect(lastDayOfMonth(2026, 12)).toBe('2026-12-31');
  });
});
