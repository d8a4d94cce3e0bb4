import { describe, expect, it } from 'vitest';
import { courseWorth, whenToTake, whereToEnrol } from '../../src/lib/catalog/worth.ts';
import type { Course } from '../../src/lib/catalog/schema.ts';
import { repoProgram } from '../../support/program.ts';

const program = repoProgram();
const NAME = program.programName;
const paid = { audience: 'all', countsFor: ['classified-incentive'], renewalAreas: [] } satisfies Partial<Course>;
const worth = (hours: number, rest: Partial<Course> = {}) =>
  courseWorth({ ...paid, hours, ...rest }, { ...program, blockHours: 6, payPerBlock: 250, yearlyCapHours: 18, carryOverYears: 2 });

describe('what a course is worth, on its page', () => {
  it('gives the blocks and the pay its hours make', () => {
    expect(worth(12)).toEqual([`12 hours: 2 blocks in the ${NAME}, paid $500 ($250 for each block of 6 hours).`]);
    expect(worth(6)).toEqual([`6 hours: 1 block in the ${NAME}, paid $250 ($250 for each block of 6 hours).`]);
  });

  it('says what becomes of the hours past the last whole block', () => {
    expect(worth(7.5)).toEqual([
      `7.5 hours: 1 block in the ${NAME}, paid $250 ($250 for each block of 6 hours).`,
      "The other 1.5 hours carry over for up to 2 years, until other courses' hours make up a block.",
    ]);
  });

  it('says a course shorter than a block pays nothing alone, and that its hours carry over', () => {
    expect(worth(3)).toEqual([
      `3 hours, less than a block of 6 hours: the ${NAME} pays $250 for each block of 6 hours.`,
      "These hours carry over for up to 2 years, until other courses' hours make up a block.",
    ]);
  });

  it('pays a long course only up to the yearly cap, and says so', () => {
    const [first, cap] = worth(54);
    expect(first).toBe(`54 hours: 3 blocks in the ${NAME}, paid $750 ($250 for each block of 6 hours).`);
    expect(cap).toMatch(/^The program pays for at most 18 hours in a fiscal year/);
  });

  it('says what a course counts for when the incentive does not pay for it', () => {
    expect(worth(2, { countsFor: ['required-training'] })).toEqual([
      'This course is a required training, taken on work time: it is not paid by the incentive.',
    ]);
    expect(worth(45, { audience: 'certificated', countsFor: ['clock-hours', 'licence-renewal'], renewalAreas: ['pedagogy'] })).toEqual([
      'This course is for certificated staff: it counts for certificated clock hours and licence renewal (pedagogy), not for the classified incentive.',
    ]);
  });

  it('follows the program settings', () => {
    expect(courseWorth({ ...paid, hours: 16 }, { ...program, blockHours: 8, payPerBlock: 300, yearlyCapHours: 32 })).toEqual([
      `16 hours: 2 blocks in the ${NAME}, paid $600 ($300 for each block of 8 hours).`,
    ]);
  });
});

describe('how to take a course, on its page', () => {
  const course = { delivery: 'in-person', sessions: [], provider: 'Cedar Valley Health Services' } satisfies Partial<Course>;

  it('lists the session dates, the year once when a session is within one year', () => {
    const sessions = [
      { start: '2027-01-09', end: '2027-01-10' },
      { start: '2027-01-19', end: '2027-05-20' },
      { start: '2026-08-10', end: '2027-05-27' },
      { start: '2027-03-13' },
    ];
    expect(whenToTake({ ...course, sessions })).toEqual([
      'January 9 to 10, 2027',
      'January 19 to May 20, 2027',
      'August 10, 2026 to May 27, 2027',
      'March 13, 2027',
    ]);
  });

  it('says a self-paced course starts when you like, and a course without dates yet who to ask', () => {
    expect(whenToTake({ ...course, delivery: 'self-paced' })).toEqual(['Self-paced: start when you like and work at your own pace.']);
    expect(whenToTake(course)).toEqual(['Dates to be announced: ask Cedar Valley Health Services.']);
  });

  it('says where to enrol, or whom to ask when the course does not say', () => {
    expect(whereToEnrol({ ...course, enrol: 'Frontline, under Professional Growth' })).toBe('Where to enrol: Frontline, under Professional Growth.');
    expect(whereToEnrol(course)).toBe('Ask Cedar Valley Health Services how to enrol.');
  });
});
