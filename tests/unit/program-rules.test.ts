import { describe, expect, it } from 'vitest';
import { addDays, deadlineIn, fiscalYearLabel, fiscalYearOf, fiscalYearRange, formatDate, parseIsoDate, today } from '../../src/lib/program/calendar.ts';
import { hoursLeftUnderCap, splitIntoBlocks, sumHours } from '../../src/lib/program/blocks.ts';
import {
  blockProblem,
  capProblem,
  claimDeadline,
  completionDateProblem,
  eligibilityProblem,
  EMPLOYEE_TYPES,
  preApprovalProblem,
} from '../../src/lib/program/compensation.ts';
import type { MonthDay } from '../../src/lib/program/calendar.ts';
import { programYamlWith, repoProgram } from '../../support/program.ts';
import { parseProgram } from '../../src/lib/program/settings.ts';

const JULY_1: MonthDay = { month: 7, day: 1 };
const JAN_1: MonthDay = { month: 1, day: 1 };
const MARCH_1: MonthDay = { month: 3, day: 1 };
const OCT_15: MonthDay = { month: 10, day: 15 };
const JUNE_30: MonthDay = { month: 6, day: 30 };

/** Every date from first to last, both included. */
function daysFrom(first: string, last: string): string[] {
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  return days;
}

describe('parseIsoDate', () => {
  it('splits a real date into numbers', () => {
    expect(parseIsoDate('2026-07-01')).toEqual({ year: 2026, month: 7, day: 1 });
    expect(parseIsoDate('2025-12-31')).toEqual({ year: 2025, month: 12, day: 31 });
    expect(parseIsoDate('2026-04-30')).toEqual({ year: 2026, month: 4, day: 30 });
  });

  it('accepts February 29 in leap years, including a century divisible by 400', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 });
  });

  it('refuses February 29 in common years and in centuries not divisible by 400', () => {
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('1900-02-29')).toBeNull();
    expect(parseIsoDate('2100-02-29')).toBeNull();
    expect(parseIsoDate('2023-02-28')).toEqual({ year: 2023, month: 2, day: 28 });
  });

  it('refuses a month 13, a month 0, a day 0 and a day past the end of its month', () => {
    expect(parseIsoDate('2026-13-01')).toBeNull();
    expect(parseIsoDate('2026-00-10')).toBeNull();
    expect(parseIsoDate('2026-07-00')).toBeNull();
    expect(parseIsoDate('2026-04-31')).toBeNull();
    expect(parseIsoDate('2026-01-32')).toBeNull();
  });

  it('refuses anything not written YYYY-MM-DD', () => {
    for (const text of [
      '2026-7-1',
      '26-07-01',
      '2026/07/01',
      '07/01/2026',
      '2026-07-01T00:00:00Z',
      ' 2026-07-01',
      '2026-07-01 ',
      '',
      'July 1, 2026',
      '2026-07',
      '+2026-07-01',
    ]) {
      expect(parseIsoDate(text), text).toBeNull();
    }
  });
});

describe('fiscalYearOf', () => {
  it('a date on June 30 belongs to the fiscal year that started the July before', () => {
    expect(fiscalYearOf('2026-06-30', JULY_1)).toBe(2025);
  });

  it('a date on July 1 starts a new fiscal year named by its own calendar year', () => {
    expect(fiscalYearOf('2026-07-01', JULY_1)).toBe(2026);
  });

  it('January 1 and December 31 belong to the fiscal year that started the previous July', () => {
    expect(fiscalYearOf('2027-01-01', JULY_1)).toBe(2026);
    expect(fiscalYearOf('2026-12-31', JULY_1)).toBe(2026);
  });

  it('with a January 1 start the fiscal year is the calendar year', () => {
    expect(fiscalYearOf('2026-01-01', JAN_1)).toBe(2026);
    expect(fiscalYearOf('2026-12-31', JAN_1)).toBe(2026);
    expect(fiscalYearOf('2026-06-30', JAN_1)).toBe(2026);
    expect(fiscalYearOf('2027-01-01', JAN_1)).toBe(2027);
  });

  it('with a March 1 start February 28 and 29 close the fiscal year that started the March before', () => {
    expect(fiscalYearOf('2023-02-28', MARCH_1)).toBe(2022);
    expect(fiscalYearOf('2023-03-01', MARCH_1)).toBe(2023);
    expect(fiscalYearOf('2024-02-28', MARCH_1)).toBe(2023);
    expect(fiscalYearOf('2024-02-29', MARCH_1)).toBe(2023);
    expect(fiscalYearOf('2024-03-01', MARCH_1)).toBe(2024);
  });

  it('with a start in the middle of a month the day before belongs to the previous fiscal year', () => {
    expect(fiscalYearOf('2026-10-14', OCT_15)).toBe(2025);
    expect(fiscalYearOf('2026-10-15', OCT_15)).toBe(2026);
  });

  it('refuses a date that does not exist', () => {
    expect(() => fiscalYearOf('2023-02-29', JULY_1)).toThrow(new RangeError('not a calendar date: 2023-02-29'));
  });
});

describe('fiscalYearLabel', () => {
  it('names a fiscal year across two calendar years with an en dash and two digits', () => {
    expect(fiscalYearLabel(2026, JULY_1)).toBe('2026–27');
    expect(fiscalYearLabel(2026, JULY_1)).not.toContain('-');
  });

  it('names a fiscal year that starts January 1 by its single calendar year', () => {
    expect(fiscalYearLabel(2026, JAN_1)).toBe('2026');
  });

  it('wraps the second year at a century', () => {
    expect(fiscalYearLabel(2099, JULY_1)).toBe('2099–00');
    expect(fiscalYearLabel(2008, MARCH_1)).toBe('2008–09');
  });
});

describe('fiscalYearRange', () => {
  it('runs from July 1 to June 30 of the next year for a July 1 start', () => {
    expect(fiscalYearRange(2026, JULY_1)).toEqual({ first: '2026-07-01', last: '2027-06-30' });
  });

  it('is the calendar year for a January 1 start', () => {
    expect(fiscalYearRange(2026, JAN_1)).toEqual({ first: '2026-01-01', last: '2026-12-31' });
  });

  it('ends on February 29 for a March 1 start when the next year is a leap year', () => {
    expect(fiscalYearRange(2023, MARCH_1)).toEqual({ first: '2023-03-01', last: '2024-02-29' });
    expect(fiscalYearRange(2024, MARCH_1)).toEqual({ first: '2024-03-01', last: '2025-02-28' });
  });

  it('ends the day before the start for a start in the middle of a month', () => {
    expect(fiscalYearRange(2026, OCT_15)).toEqual({ first: '2026-10-15', last: '2027-10-14' });
  });

  it('every day of a range belongs to that fiscal year and the next range starts the day after', () => {
    for (const start of [JULY_1, JAN_1, MARCH_1, OCT_15]) {
      for (const year of [2023, 2024]) {
        const { first, last } = fiscalYearRange(year, start);
        const days = daysFrom(first, last);
        expect(
          days.filter((d) => fiscalYearOf(d, start) !== year),
          `${year} from ${start.month}/${start.day}`,
        ).toEqual([]);
        expect(fiscalYearOf(addDays(first, -1), start)).toBe(year - 1);
        expect(fiscalYearRange(year + 1, start).first).toBe(addDays(last, 1));
      }
    }
  });

  it('the settings refuse a fiscal year that starts on February 29, which would give overlapping years', () => {
    expect(() => parseProgram(programYamlWith({ fiscalYearStart: { month: 2, day: 29 } }))).toThrow(
      /fiscalYearStart\.day: a fiscal year cannot start on February 29/,
    );
  });
});

describe('deadlineIn', () => {
  it('puts a June 30 deadline at the end of a fiscal year that starts July 1', () => {
    expect(deadlineIn(2025, JUNE_30, JULY_1)).toBe('2026-06-30');
    expect(deadlineIn(2026, JUNE_30, JULY_1)).toBe('2027-06-30');
  });

  it('puts a deadline after the start in the same calendar year as the start', () => {
    expect(deadlineIn(2025, { month: 9, day: 15 }, JULY_1)).toBe('2025-09-15');
    expect(deadlineIn(2025, { month: 7, day: 1 }, JULY_1)).toBe('2025-07-01');
  });

  it('keeps a June 30 deadline in the same year when the fiscal year is the calendar year', () => {
    expect(deadlineIn(2026, JUNE_30, JAN_1)).toBe('2026-06-30');
  });

  it('moves a February 29 deadline to February 28 in a common year', () => {
    expect(deadlineIn(2024, { month: 2, day: 29 }, MARCH_1)).toBe('2025-02-28');
    expect(deadlineIn(2023, { month: 2, day: 29 }, MARCH_1)).toBe('2024-02-29');
  });
});

describe('addDays', () => {
  it('crosses month ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-04-30', 1)).toBe('2026-05-01');
    expect(addDays('2026-05-01', -1)).toBe('2026-04-30');
  });

  it('crosses year ends both ways', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-12-20', 14)).toBe('2027-01-03');
  });

  it('lands on February 29 only in leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
  });

  it('counts a whole leap year as 366 days and adding zero days changes nothing', () => {
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
    expect(addDays('2023-01-01', 365)).toBe('2024-01-01');
    expect(addDays('2026-06-16', 0)).toBe('2026-06-16');
  });

  it('refuses a date that does not exist', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  // Bug: Date.UTC reads years 0-99 as 1900-1999.
  it('keeps the year of a date before year 100', () => {
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(addDays('0050-03-01', -1)).toBe('0050-02-28');
  });
});

describe('formatDate', () => {
  it('writes a date as month name, day without a leading zero, and year', () => {
    expect(formatDate('2026-07-01')).toBe('July 1, 2026');
    expect(formatDate('2027-06-30')).toBe('June 30, 2027');
    expect(formatDate('2024-02-29')).toBe('February 29, 2024');
    expect(formatDate('2025-12-09')).toBe('December 9, 2025');
  });

  it('refuses a date that does not exist', () => {
    expect(() => formatDate('2023-02-29')).toThrow(new RangeError('not a calendar date: 2023-02-29'));
  });
});

describe('today', () => {
  it('2026-07-01T05:00:00Z is still June 30 in Los Angeles, Cedar Valley’s zone', () => {
    const now = new Date('2026-07-01T05:00:00Z');
    expect(today(now, 'America/Los_Angeles')).toBe('2026-06-30');
    expect(today(now, repoProgram().timeZone)).toBe('2026-06-30');
  });

  it('the new day starts at local midnight, not UTC midnight', () => {
    expect(today(new Date('2026-07-01T06:59:59Z'), 'America/Los_Angeles')).toBe('2026-06-30');
    expect(today(new Date('2026-07-01T07:00:00Z'), 'America/Los_Angeles')).toBe('2026-07-01');
    // Pacific standard time in winter: UTC-8.
    expect(today(new Date('2026-01-01T07:59:59Z'), 'America/Los_Angeles')).toBe('2025-12-31');
    expect(today(new Date('2026-01-01T08:00:00Z'), 'America/Los_Angeles')).toBe('2026-01-01');
  });

  it('follows another time zone when given one', () => {
    const now = new Date('2026-07-01T05:00:00Z');
    expect(today(now, 'UTC')).toBe('2026-07-01');
    expect(today(new Date('2026-06-30T13:00:00Z'), 'Pacific/Auckland')).toBe('2026-07-01');
  });
});

describe('splitIntoBlocks', () => {
  const program = repoProgram();

  it('0 hours make no block and no pay', () => {
    expect(splitIntoBlocks(0, program)).toEqual({ blocks: 0, payableHours: 0, remainderHours: 0, pay: 0 });
  });

  it('5.75 hours are all carried over', () => {
    expect(splitIntoBlocks(5.75, program)).toEqual({ blocks: 0, payableHours: 0, remainderHours: 5.75, pay: 0 });
  });

  it('6 hours are exactly one block paid 250', () => {
    expect(splitIntoBlocks(6, program)).toEqual({ blocks: 1, payableHours: 6, remainderHours: 0, pay: 250 });
  });

  it('7 hours are one block with 1 hour over', () => {
    expect(splitIntoBlocks(7, program)).toEqual({ blocks: 1, payableHours: 6, remainderHours: 1, pay: 250 });
  });

  it('12, 17.5 and 18 hours make 2, 2 and 3 blocks', () => {
    expect(splitIntoBlocks(12, program)).toEqual({ blocks: 2, payableHours: 12, remainderHours: 0, pay: 500 });
    expect(splitIntoBlocks(17.5, program)).toEqual({ blocks: 2, payableHours: 12, remainderHours: 5.5, pay: 500 });
    expect(splitIntoBlocks(18, program)).toEqual({ blocks: 3, payableHours: 18, remainderHours: 0, pay: 750 });
  });

  it('1.5 and 4.5 hours add up to exactly one block', () => {
    expect(sumHours([1.5, 4.5])).toBe(6);
    expect(splitIntoBlocks(sumHours([1.5, 4.5]), program)).toEqual({ blocks: 1, payableHours: 6, remainderHours: 0, pay: 250 });
  });

  it('quarter hours that are inexact in binary still add up exactly', () => {
    expect(sumHours([0.25, 0.5, 5.25])).toBe(6);
    expect(sumHours([2.75, 2.75, 0.5])).toBe(6);
    expect(sumHours([])).toBe(0);
  });

  it('pay follows the block size and the pay per block of the settings', () => {
    const other = { ...program, blockHours: 8, payPerBlock: 300 };
    expect(splitIntoBlocks(17, other)).toEqual({ blocks: 2, payableHours: 16, remainderHours: 1, pay: 600 });
    expect(splitIntoBlocks(7.5, { ...program, blockHours: 2.5, payPerBlock: 100 })).toEqual({
      blocks: 3,
      payableHours: 7.5,
      remainderHours: 0,
      pay: 300,
    });
  });
});

describe('hoursLeftUnderCap', () => {
  const program = repoProgram();

  it('leaves the whole cap of 18 when nothing was submitted', () => {
    expect(hoursLeftUnderCap(0, program)).toBe(18);
  });

  it('leaves 12 after 6 and nothing after 18', () => {
    expect(hoursLeftUnderCap(6, program)).toBe(12);
    expect(hoursLeftUnderCap(18, program)).toBe(0);
  });

  it('never goes below zero when more than the cap was already submitted', () => {
    expect(hoursLeftUnderCap(20, program)).toBe(0);
  });

  it('follows the yearly cap of the settings', () => {
    expect(hoursLeftUnderCap(6, { ...program, yearlyCapHours: 24 })).toBe(18);
  });
});

describe('claimDeadline', () => {
  const program = repoProgram();

  it('hours completed in fiscal year 2025–26 can be claimed until June 30, 2027 with a two-year window', () => {
    expect(program.carryOverYears).toBe(2);
    expect(claimDeadline('2025-09-10', program)).toBe('2027-06-30');
    expect(claimDeadline('2025-07-01', program)).toBe('2027-06-30');
    expect(claimDeadline('2026-06-30', program)).toBe('2027-06-30');
  });

  it('hours completed on July 1, 2026 start the next window and can be claimed until June 30, 2028', () => {
    expect(claimDeadline('2026-07-01', program)).toBe('2028-06-30');
  });

  it('a one-year window ends with the fiscal year the hours were completed in', () => {
    const oneYear = { ...program, carryOverYears: 1 };
    expect(claimDeadline('2025-09-10', oneYear)).toBe('2026-06-30');
    expect(claimDeadline('2026-06-30', oneYear)).toBe('2026-06-30');
  });

  it('a window of 0 years behaves as a window of 1 year', () => {
    const none = { ...program, carryOverYears: 0 };
    expect(claimDeadline('2025-09-10', none)).toBe('2026-06-30');
    expect(claimDeadline('2026-07-01', none)).toBe('2027-06-30');
  });

  it('follows a calendar fiscal year', () => {
    expect(claimDeadline('2025-09-10', { ...program, fiscalYearStart: JAN_1 })).toBe('2026-06-30');
    expect(claimDeadline('2025-03-10', { ...program, fiscalYearStart: JAN_1 })).toBe('2026-06-30');
  });
});

describe('completionDateProblem', () => {
  const program = repoProgram();

  it('refuses a completion date after today, naming the date', () => {
    expect(completionDateProblem('lines.0.completionDate', '2026-07-02', '2026-07-01', program)).toEqual({
      field: 'lines.0.completionDate',
      message: 'The completion date July 2, 2026 is in the future: claim hours once you have completed them.',
    });
  });

  it('refuses a date whose claim window has closed, naming the deadline', () => {
    expect(completionDateProblem('lines.1.completionDate', '2024-09-10', '2026-07-01', program)).toEqual({
      field: 'lines.1.completionDate',
      message: 'Hours completed on September 10, 2024 had to be claimed by June 30, 2026, including the carry-over window.',
    });
  });

  it('accepts a date on the last day of its window and a date completed today', () => {
    expect(completionDateProblem('completionDate', '2024-09-10', '2026-06-30', program)).toBeNull();
    expect(completionDateProblem('completionDate', '2026-07-01', '2026-07-01', program)).toBeNull();
    expect(completionDateProblem('completionDate', '2025-09-10', '2026-03-01', program)).toBeNull();
  });

  it('passes the field name through unchanged', () => {
    expect(completionDateProblem('anything.here', '2030-01-01', '2026-07-01', program)?.field).toBe('anything.here');
  });
});

describe('blockProblem', () => {
  const program = repoProgram();

  it('7 hours: says to claim the 6 that make a block now and keep the other 1 for a later claim', () => {
    expect(blockProblem('lines', 7, program)).toEqual({
      field: 'lines',
      message: 'Claim 6 hours now, in whole blocks of 6: change the hours or remove a course; keep the other hour for a later claim.',
    });
  });

  it('13 hours: says to claim 12 now and keep the other hour', () => {
    expect(blockProblem('lines', 13, program)?.message).toBe(
      'Claim 12 hours now, in whole blocks of 6: change the hours or remove a course; keep the other hour for a later claim.',
    );
  });

  it('8 hours: says to keep the other 2, in the plural', () => {
    expect(blockProblem('lines', 8, program)?.message).toBe(
      'Claim 6 hours now, in whole blocks of 6: change the hours or remove a course; keep the other 2 for a later claim.',
    );
  });

  it('5 hours: says to keep them until they add up to a block', () => {
    expect(blockProblem('lines', 5, program)?.message).toBe(
      'Claim at least 6 hours, a whole block: 5 hours cannot be paid yet. Keep these hours and claim them with later ones once they add up to 6.',
    );
    expect(blockProblem('lines', 1, program)?.message).toBe(
      'Claim at least 6 hours, a whole block: 1 hour cannot be paid yet. Keep these hours and claim them with later ones once they add up to 6.',
    );
  });

  it('whole blocks pass', () => {
    expect(blockProblem('lines', 6, program)).toBeNull();
    expect(blockProblem('lines', 12, program)).toBeNull();
    expect(blockProblem('lines', 18, program)).toBeNull();
  });

  it('0 hours are a problem, not a pass', () => {
    expect(blockProblem('lines', 0, program)).toEqual({
      field: 'lines',
      message: 'Claim at least 6 hours, a whole block: 0 hours cannot be paid yet. Keep these hours and claim them with later ones once they add up to 6.',
    });
  });

  it('follows the block size of the settings', () => {
    expect(blockProblem('lines', 8, { ...program, blockHours: 8 })).toBeNull();
    expect(blockProblem('lines', 12, { ...program, blockHours: 8 })?.message).toBe(
      'Claim 8 hours now, in whole blocks of 8: change the hours or remove a course; keep the other 4 for a later claim.',
    );
  });
});

describe('capProblem', () => {
  const program = repoProgram();

  it('already 12 of 18 and asking 6 passes', () => {
    expect(capProblem('lines', 6, 12, '2026-09-01', program)).toBeNull();
  });

  it('already 12 of 18 and asking 12 says how many more can be paid in which fiscal year', () => {
    expect(capProblem('lines', 12, 12, '2026-09-01', program)).toEqual({
      field: 'lines',
      message:
        'Claim at most 6 hours on this claim, not 12: change the hours or remove a course. You have already submitted 12 of the 18 hours allowed in fiscal year 2026–27.',
    });
  });

  it('names the fiscal year of the date given, not of the calendar year', () => {
    expect(capProblem('lines', 12, 12, '2027-06-30', program)?.message).toContain('fiscal year 2026–27');
    expect(capProblem('lines', 12, 12, '2027-07-01', program)?.message).toContain('fiscal year 2027–28');
  });

  it('already 18 speaks of the yearly maximum', () => {
    expect(capProblem('lines', 6, 18, '2026-09-01', program)).toEqual({
      field: 'lines',
      message:
        'Remove these 6 hours from this claim: you have already submitted the yearly maximum of 18 hours for fiscal year 2026–27. Claim them next fiscal year if they are still within the carry-over window.',
    });
  });

  it('more than the cap already submitted also speaks of the yearly maximum', () => {
    expect(capProblem('lines', 6, 20, '2026-09-01', program)?.message).toMatch(/^Remove these 6 hours .*yearly maximum of 18 hours for fiscal year 2026–27/);
  });

  it('nothing submitted yet allows the whole cap and no more', () => {
    expect(capProblem('lines', 18, 0, '2026-09-01', program)).toBeNull();
    expect(capProblem('lines', 24, 0, '2026-09-01', program)?.message).toBe(
      'Claim at most 18 hours on this claim, not 24: change the hours or remove a course. Fiscal year 2026–27 allows 18 hours.',
    );
  });
});

describe('eligibilityProblem', () => {
  it('only permanent classified employees pass', () => {
    const results = Object.fromEntries(EMPLOYEE_TYPES.map((type) => [type, eligibilityProblem(type)]));
    const refusal = {
      field: 'employeeType',
      message: 'Only permanent classified employees can be paid through this program. Ask HR if your status has changed.',
    };
    expect(results).toEqual({
      'permanent-classified': null,
      'probationary-classified': refusal,
      'substitute-or-temporary': refusal,
      certificated: refusal,
    });
  });

  it('knows exactly four employment statuses', () => {
    expect(EMPLOYEE_TYPES).toEqual(['permanent-classified', 'probationary-classified', 'substitute-or-temporary', 'certificated']);
  });
});

describe('preApprovalProblem', () => {
  const field = 'lines.0.preApprovalReceipt';
  const approved = { status: 'approved', employeeId: '104233', decidedOn: '2026-08-20' };

  it('a receipt that finds no request says so', () => {
    expect(preApprovalProblem(field, null, '104233', '2026-09-01')).toEqual({
      field,
      message: 'We cannot find a pre-approval request with that receipt. Check the receipt on your pre-approval confirmation.',
    });
  });

  it("another employee's request is refused", () => {
    expect(preApprovalProblem(field, { ...approved, employeeId: '999999' }, '104233', '2026-09-01')).toEqual({
      field,
      message: 'That pre-approval receipt belongs to another employee ID.',
    });
  });

  it('a denied request is refused and points to the appeal', () => {
    expect(preApprovalProblem(field, { ...approved, status: 'denied' }, '104233', '2026-09-01')?.message).toBe(
      'That pre-approval request was denied, so its course cannot be paid. You may appeal the denial.',
    );
  });

  it('a withdrawn request is refused', () => {
    expect(preApprovalProblem(field, { ...approved, status: 'withdrawn' }, '104233', '2026-09-01')?.message).toBe('That pre-approval request was withdrawn.');
  });

  it('a request still received or with the supervisor is not approved yet', () => {
    const message = 'That pre-approval request has not been approved yet. Claim the course once your supervisor approves it.';
    expect(preApprovalProblem(field, { status: 'received', employeeId: '104233' }, '104233', '2026-09-01')).toEqual({ field, message });
    expect(preApprovalProblem(field, { status: 'with-supervisor', employeeId: '104233' }, '104233', '2026-09-01')?.message).toBe(message);
  });

  it('an approved request without a decision date is not taken as approved', () => {
    expect(preApprovalProblem(field, { status: 'approved', employeeId: '104233' }, '104233', '2026-09-01')?.message).toBe(
      'That pre-approval request has not been approved yet. Claim the course once your supervisor approves it.',
    );
  });

  it('an approval decided after the enrolment date is refused, naming both dates', () => {
    expect(preApprovalProblem(field, { ...approved, decidedOn: '2026-09-02' }, '104233', '2026-09-01')).toEqual({
      field,
      message: 'Pre-approval must come before you enrol: it was approved on September 2, 2026, after you enrolled on September 1, 2026.',
    });
  });

  it('an approval decided on or before the enrolment date passes', () => {
    expect(preApprovalProblem(field, { ...approved, decidedOn: '2026-09-01' }, '104233', '2026-09-01')).toBeNull();
    expect(preApprovalProblem(field, approved, '104233', '2026-09-01')).toBeNull();
  });
});
