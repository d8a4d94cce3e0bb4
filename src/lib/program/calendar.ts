/** A day of the year, as the program's settings write yearly dates (the fiscal year's start). */
export interface MonthDay {
  month: number;
  day: number;
}

/** A plain calendar date, YYYY-MM-DD: the program's rules count days, never times or zones. */
export type IsoDate = string;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Splits a YYYY-MM-DD date; null for anything that is not a real calendar day. */
export function parseIsoDate(date: string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function mustParse(date: IsoDate) {
  const parsed = parseIsoDate(date);
  if (!parsed) throw new RangeError(`not a calendar date: ${date}`);
  return parsed;
}

/** A month and day in a given year; February 29 becomes February 28 in other years. */
function onYear(year: number, { month, day }: MonthDay): IsoDate {
  return isoDate(year, month, Math.min(day, daysInMonth(year, month)));
}

/**
 * The date it is at `now` on the district's clock (program.yaml's timeZone), as YYYY-MM-DD.
 * No default: a server's zone (UTC on most hosts) would move "today", and with it a
 * deadline day, by several hours.
 */
export function today(now: Date, timeZone: string): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Whether the runtime's clock knows a time zone by its IANA name (America/Chicago).
 * A fixed offset such as -08:00 is refused even where a runtime accepts one: it
 * would ignore daylight saving and be an hour out for half the year.
 */
export function isKnownTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A zone as people say it: "Pacific Time" for America/Los_Angeles. */
export function timeZoneName(timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longGeneric' }).formatToParts(new Date(0));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** The first date on or after `from` that falls on a yearly month and day (February 29 becomes February 28 in other years). */
export function nextOnOrAfter(from: IsoDate, yearly: MonthDay): IsoDate {
  const { year } = mustParse(from);
  const sameYear = onYear(year, yearly);
  return sameYear >= from ? sameYear : onYear(year + 1, yearly);
}

export function formatMonthDay({ month, day }: MonthDay): string {
  return `${MONTHS[month - 1]} ${day}`;
}

export function formatDate(date: IsoDate): string {
  const { year, month, day } = mustParse(date);
  return `${MONTHS[month - 1]} ${day}, ${year}`;
}

/** The last day of the fiscal year: the day before it starts again (February 28 in the usual case). */
export function fiscalYearEnd({ month, day }: MonthDay): MonthDay {
  if (day > 1) return { month, day: day - 1 };
  const previous = month === 1 ? 12 : month - 1;
  // 2001 is a common year, so a year ending in February ends on the 28th.
  return { month: previous, day: daysInMonth(2001, previous) };
}

/** The fiscal year a date falls in, named by the calendar year it starts in (July 1, 2026 to June 30, 2027 is 2026). */
export function fiscalYearOf(date: IsoDate, start: MonthDay): number {
  const { year, month, day } = mustParse(date);
  const onOrAfterStart = month > start.month || (month === start.month && day >= start.day);
  return onOrAfterStart ? year : year - 1;
}

/** "2026–27" for a fiscal year that spans two calendar years, "2026" for one that does not. */
export function fiscalYearLabel(fiscalYear: number, start: MonthDay): string {
  if (start.month === 1 && start.day === 1) return String(fiscalYear);
  return `${fiscalYear}–${String((fiscalYear + 1) % 100).padStart(2, '0')}`;
}

export function fiscalYearRange(fiscalYear: number, start: MonthDay): { first: IsoDate; last: IsoDate } {
  const first = onYear(fiscalYear, start);
  const end = fiscalYearEnd(start);
  const endYear = start.month === 1 && start.day === 1 ? fiscalYear : fiscalYear + 1;
  // A fiscal year starting March 1 ends on February 29 in leap years.
  const last = start.month === 3 && start.day === 1 ? isoDate(endYear, 2, daysInMonth(endYear, 2)) : onYear(endYear, end);
  return { first, last };
}

/** The date within a fiscal year on which a yearly deadline (month and day) falls. */
export function deadlineIn(fiscalYear: number, deadline: MonthDay, start: MonthDay): IsoDate {
  const { first } = fiscalYearRange(fiscalYear, start);
  const sameYear = onYear(fiscalYear, deadline);
  return sameYear >= first ? sameYear : onYear(fiscalYear + 1, deadline);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = mustParse(date);
  // setUTCFullYear, unlike Date.UTC, reads years below 100 as they are.
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day + days);
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The date `days` working days (Monday to Friday) after `date`; district holidays are not known here. */
export function addWorkingDays(date: IsoDate, days: number): IsoDate {
  let out = date;
  for (let left = days; left > 0;) {
    out = addDays(out, 1);
    const { year, month, day } = mustParse(out);
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return out;
}

/**
 * A moment as people read it, on the district's clock (program.yaml's timeZone): "November 30, 2026, 2:05 PM".
 * The date part is formatDate's, so a date reads the same beside a time as alone.
 */
export function formatDateTime(at: string | Date, timeZone: string): string {
  const moment = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(moment.getTime())) return String(at);
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(moment);
  return `${formatDate(today(moment, timeZone))}, ${time}`;
}
