import { splitIntoBlocks } from '../program/blocks.ts';
import { formatDate, formatMonthDay, parseIsoDate, type IsoDate } from '../program/calendar.ts';
import { formatMoney } from '../program/money.ts';
import type { Program } from '../program/settings.ts';
import { whyNotPaid } from './claimable.ts';
import { formatHours } from './format.ts';
import type { Course } from './schema.ts';

type Worth = Pick<Course, 'hours' | 'audience' | 'countsFor' | 'renewalAreas'>;

/**
 * What a course is worth in the classified incentive, as sentences for its page:
 * the blocks and pay its hours make (within one fiscal year's cap) and what happens
 * to hours short of a block; or, when the incentive does not pay for it, what it counts for.
 */
export function courseWorth(course: Worth, program: Program): string[] {
  const why = whyNotPaid({ ...course, title: '', status: 'active' });
  if (why) return [`This course ${why}.`];
  const block = `a block of ${formatHours(program.blockHours)}`;
  const carry = `carry over for up to ${program.carryOverYears} years, until other courses' hours make up a block`;
  const counted = Math.min(course.hours, program.yearlyCapHours);
  const { blocks, pay, remainderHours } = splitIntoBlocks(counted, program);
  const perBlock = `${formatMoney(program.payPerBlock)} for each block of ${formatHours(program.blockHours)}`;
  if (blocks === 0) {
    return [`${formatHours(course.hours)}, less than ${block}: the ${program.programName} pays ${perBlock}.`, `These hours ${carry}.`];
  }
  const lines = [
    `${formatHours(course.hours)}: ${blocks} ${blocks === 1 ? 'block' : 'blocks'} in the ${program.programName}, paid ${formatMoney(pay)} (${perBlock}).`,
  ];
  if (course.hours > program.yearlyCapHours) {
    lines.push(
      `The program pays for at most ${formatHours(program.yearlyCapHours)} in a fiscal year, so no more than this is paid for it; hours you have already claimed this year lower it.`,
    );
  } else if (remainderHours > 0) {
    lines.push(`The other ${formatHours(remainderHours)} ${carry}.`);
  }
  return lines;
}

type Taking = Pick<Course, 'delivery' | 'sessions' | 'enrol' | 'enrolUrl' | 'provider'>;

/** When a course runs, as a list of sentences: self-paced, its session dates, or dates to come. */
export function whenToTake(course: Taking): string[] {
  if (course.delivery === 'self-paced') return ['Self-paced: start when you like and work at your own pace.'];
  if (course.sessions.length === 0) return [`Dates to be announced: ask ${course.provider}.`];
  return course.sessions.map(({ start, end }) => (end && end !== start ? dateRange(start, end) : formatDate(start)));
}

/** "January 9 to 10, 2027", "January 19 to May 20, 2027", "August 10, 2026 to May 27, 2027": the year once when it is one year. */
function dateRange(start: IsoDate, end: IsoDate): string {
  const a = parseIsoDate(start)!;
  const b = parseIsoDate(end)!;
  if (a.year !== b.year) return `${formatDate(start)} to ${formatDate(end)}`;
  const last = a.month === b.month ? String(b.day) : formatMonthDay(b);
  return `${formatMonthDay(a)} to ${last}, ${b.year}`;
}

/** Where to enrol, as a sentence; the page adds the link when the course has one. */
export function whereToEnrol(course: Taking): string {
  return course.enrol ? `Where to enrol: ${course.enrol}.` : `Ask ${course.provider} how to enrol.`;
}
