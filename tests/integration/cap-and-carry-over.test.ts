import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { placeholderValues } from '../../src/lib/handbook/placeholders.ts';
import { capRuleText, carryOverRuleText } from '../../src/lib/program/cap-rule.ts';
import { freshStoreEachTest, testDeps } from '../../support/blobs.ts';
import { repoProgram } from '../../support/program.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { compensationAnswers, multipartRequest } from '../../support/submissions.ts';

/**
 * The reading of the district's words: at most the cap of compensated hours per fiscal
 * year, counted in the year a claim is sent; hours short of a block carry over (within
 * the window) to reach one; every claim sent by the deadline. The handbook says the same,
 * in sentences written from the settings the rules read.
 */
const fresh = freshStoreEachTest();

const line = (hours: number, completionDate: string, startDate = completionDate) => ({
  courseId: 'paraeducator-academy',
  startDate,
  completionDate,
  hours: String(hours),
});

async function claimOn(day: string, lines: Record<string, unknown>[], program?: Partial<SubmitDeps['program']>) {
  const base = testDeps(fresh.store, day);
  const deps = { ...base, program: { ...base.program, ...program } };
  const request = as(await sessionFor(deps, STAFF.ana), multipartRequest('/api/forms/compensation', compensationAnswers(lines)));
  const response = await handleSubmission(request, compensation, deps);
  return { status: response.status, body: (await response.json()) as { receipt?: string; errors?: { field: string; message: string }[] } };
}

describe('a claim of hours from two fiscal years', () => {
  it('makes a block of hours short of one last year and hours of this year, counted in the year it is sent', async () => {
    const { status } = await claimOn('2026-11-24', [line(3, '2026-05-10'), line(3, '2026-09-01')]);
    expect(status).toBe(201);
    expect(await fresh.store.hoursSubmitted(STAFF.ana, 2026)).toBe(6);
    expect(await fresh.store.hoursSubmitted(STAFF.ana, 2025)).toBe(0);
  });

  it('refuses whole blocks carried from last year, which had to be claimed by last year’s deadline', async () => {
    const { status, body } = await claimOn('2026-11-24', [line(6, '2026-05-10')]);
    expect(status).toBe(422);
    expect(body.errors).toContainEqual({
      field: 'lines',
      message: expect.stringContaining('Claim at most 5 of the 6 hours you completed before this fiscal year'),
    });
  });

  it('takes whole blocks from last year when the program lets any hours carry over', async () => {
    expect((await claimOn('2026-11-24', [line(6, '2026-05-10')], { carryOverHours: 'any' })).status).toBe(201);
  });
});

describe('the window', () => {
  it('is open on its deadline day and closed the day after', async () => {
    // Completed in fiscal 2025 (a two-year window: fiscal 2025 and 2026, to June 30, 2027).
    expect((await claimOn('2027-06-30', [line(3, '2025-09-01'), line(3, '2027-06-01')])).status).toBe(201);
    const closed = await claimOn('2027-07-01', [line(3, '2025-09-02'), line(3, '2027-06-02')]);
    expect(closed.status).toBe(422);
    expect(closed.body.errors).toContainEqual({ field: 'lines.0.completionDate', message: expect.stringContaining('had to be claimed by June 30, 2027') });
  });

  it('is closed in the year after it, whatever else is on the claim', async () => {
    const { body } = await claimOn('2026-11-24', [line(3, '2024-09-01'), line(3, '2026-09-01')]);
    expect(body.errors).toContainEqual({ field: 'lines.0.completionDate', message: expect.stringContaining('had to be claimed by June 30, 2026') });
  });
});

describe('the handbook', () => {
  const program = repoProgram();

  it('states the cap and carry-over from the settings the rules read, and nowhere else', () => {
    const chapter = readFileSync('content/handbook/guidelines.md', 'utf8');
    expect(chapter).toContain('{{capRule}}');
    expect(chapter).toContain('{{carryOverRule}}');
    // The old reading, that the completion date decides the cap, is gone.
    expect(chapter).not.toMatch(/date that matters is the date you \*\*completed\*\*/);
    expect(placeholderValues(program)['carryOverRule']).toBe(carryOverRuleText(program));
    expect(capRuleText(program)).toContain('counts in the fiscal year you send it: you can be paid for up to 18 hours');
  });

  it('changes its words when the settings change', () => {
    expect(carryOverRuleText(program)).toContain('Only hours short of a block carry over (fewer than 6)');
    expect(carryOverRuleText({ ...program, carryOverHours: 'any' })).toContain('Any hours not yet claimed carry over');
    expect(carryOverRuleText({ ...program, carryOverYears: 3 })).toContain('within 3 fiscal years');
    expect(carryOverRuleText({ ...program, carryOverYears: 1 })).toContain('nothing carries over');
  });
});
