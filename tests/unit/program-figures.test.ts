import { describe, expect, it } from 'vitest';
import { fiscalYearEnd, formatMonthDay } from '../../src/lib/program/calendar.ts';
import { formatMoney, maxBlocksPerYear, payTable } from '../../src/lib/program/money.ts';
import { repoProgram } from '../../support/program.ts';

describe('program figures', () => {
  it('the pay table has one row per block up to the yearly cap', () => {
    expect(payTable(repoProgram())).toEqual([
      { blocks: 1, hours: 6, pay: 250 },
      { blocks: 2, hours: 12, pay: 500 },
      { blocks: 3, hours: 18, pay: 750 },
    ]);
  });

  it('the pay table follows other settings', () => {
    const program = { ...repoProgram(), blockHours: 8, payPerBlock: 300, yearlyCapHours: 32 };
    expect(maxBlocksPerYear(program)).toBe(4);
    expect(payTable(program).at(-1)).toEqual({ blocks: 4, hours: 32, pay: 1200 });
  });

  it('money is written as US dollars, cents only when there are some', () => {
    expect(formatMoney(250)).toBe('$250');
    expect(formatMoney(1250)).toBe('$1,250');
    expect(formatMoney(262.5)).toBe('$262.50');
  });

  it('the fiscal year ends the day before it starts again', () => {
    expect(formatMonthDay(fiscalYearEnd({ month: 7, day: 1 }))).toBe('June 30');
    expect(formatMonthDay(fiscalYearEnd({ month: 1, day: 1 }))).toBe('December 31');
    expect(formatMonthDay(fiscalYearEnd({ month: 3, day: 1 }))).toBe('February 28');
    expect(formatMonthDay(fiscalYearEnd({ month: 10, day: 15 }))).toBe('October 14');
  });
});
