import type { MonthDay } from './settings.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// February counts 28 here: a fiscal year that starts on March 1 ends on February 28 in most years.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function formatMonthDay({ month, day }: MonthDay): string {
  return `${MONTHS[month - 1]} ${day}`;
}

/** The last day of the fiscal year: the day before it starts again. */
export function fiscalYearEnd({ month, day }: MonthDay): MonthDay {
  if (day > 1) return { month, day: day - 1 };
  const previous = month === 1 ? 12 : month - 1;
  return { month: previous, day: DAYS_IN_MONTH[previous - 1] ?? 31 };
}
