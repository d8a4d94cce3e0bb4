import { describe, expect, it } from 'vitest';
import { allocationCents, budgetProblem, budgetShare } from '../../src/lib/program/budget.ts';
import { parseProgram } from '../../src/lib/program/settings.ts';
import { placeholderValues } from '../../src/lib/handbook/placeholders.ts';
import { programYamlWith, repoProgram } from '../../support/program.ts';

// The repository's settings: $600 a fiscal year per FTE, a 40-hour full-time week.
const program = repoProgram();

describe('a person’s yearly PD budget', () => {
  it('is the whole amount for a full-time person: 1.0 FTE at 40 hours is $600', () => {
    expect(allocationCents({ fte: 1, weeklyHours: 40 }, program)).toBe(60_000);
  });

  it('is half for a part-time person at 0.5 FTE and 20 hours a week: $300, not a quarter', () => {
    expect(allocationCents({ fte: 0.5, weeklyHours: 20 }, program)).toBe(30_000);
  });

  it('is nothing for a person on the roster with zero weekly hours, whatever their FTE', () => {
    expect(allocationCents({ fte: 1, weeklyHours: 0 }, program)).toBe(0);
    expect(allocationCents({ fte: 0, weeklyHours: 0 }, program)).toBe(0);
  });

  it('follows the weekly hours when they are fewer than the FTE says: 1.0 FTE at 37.5 hours is 600 x 37.5 / 40 = $562.50', () => {
    expect(allocationCents({ fte: 1, weeklyHours: 37.5 }, program)).toBe(56_250);
  });

  it('follows the FTE when it is smaller than the hours: 0.75 FTE at 40 hours is $450', () => {
    expect(budgetShare({ fte: 0.75, weeklyHours: 40 }, program)).toBe(0.75);
    expect(allocationCents({ fte: 0.75, weeklyHours: 40 }, program)).toBe(45_000);
  });

  it('is rounded down to the cent: $1,000 per FTE at 10 of 30 hours is $333.33', () => {
    const thirds = { pdBudget: { dollarsPerFte: 1000, fullTimeWeeklyHours: 30 } };
    expect(allocationCents({ fte: 1, weeklyHours: 10 }, thirds)).toBe(33_333);
  });

  it('is the whole year’s for a person who joined or left mid-year, since the roster holds no such dates', () => {
    // The roster says only whether a person is active: there is no date to pro-rate by.
    expect(allocationCents({ fte: 1, weeklyHours: 40 }, program)).toBe(60_000);
  });
});

describe('a request above what is left of the budget', () => {
  it('is refused naming the amount field and saying what is left, pending requests counted', () => {
    expect(budgetProblem('amount', 25_000, 40_000, 60_000)).toEqual({
      field: 'amount',
      message: 'You have $200 left of your $600 PD budget this fiscal year, counting requests not yet decided; $250 is more than that',
    });
  });

  it('is taken when it uses exactly what is left', () => {
    expect(budgetProblem('amount', 20_000, 40_000, 60_000)).toBeNull();
  });
});

describe('the budget settings', () => {
  it('refuses a full-time week of no hours, naming the field', () => {
    expect(() => parseProgram(programYamlWith({ pdBudget: { dollarsPerFte: 600, fullTimeWeeklyHours: 0 } }))).toThrow(/pdBudget\.fullTimeWeeklyHours/);
  });

  it('are shown in the handbook from the settings', () => {
    const values = placeholderValues({ ...program, pdBudget: { dollarsPerFte: 750, fullTimeWeeklyHours: 37.5 } });
    expect(values['pdBudgetPerFte']).toBe('$750');
    expect(values['pdBudgetFullTimeHours']).toBe('37.5');
    expect(values['pdBudgetHalfTime']).toBe('$375');
  });
});
