import { formatMoney } from './money.ts';
import type { Program } from './settings.ts';

/**
 * Each person's yearly PD budget (program.yaml `pdBudget`): dollars per FTE, pro-rated
 * by weekly hours against a full-time week. The smaller of the two shares counts, so a
 * half-time post worked 20 hours of 40 gets half, not a quarter, and a 1.0 FTE post
 * worked 30 hours of 40 gets three quarters. Money is kept in whole cents throughout,
 * so sums never drift.
 */
export interface BudgetHolder {
  fte: number;
  weeklyHours: number;
}

/** The share of a full-time allocation a person gets: 0 for zero hours. */
export function budgetShare(person: BudgetHolder, program: Pick<Program, 'pdBudget'>): number {
  return Math.max(0, Math.min(person.fte, person.weeklyHours / program.pdBudget.fullTimeWeeklyHours));
}

/**
 * A person's allocation for a fiscal year in cents, rounded down to the cent. HR's roster
 * carries no start or leaving dates, so a person who joined or left mid-year gets the
 * whole year's: the budget cannot be pro-rated by dates the roster does not hold.
 */
export function allocationCents(person: BudgetHolder, program: Pick<Program, 'pdBudget'>): number {
  // Rounded to 6 places first: 0.1 + 0.2 style errors must not lose a cent.
  return Math.floor(Number((program.pdBudget.dollarsPerFte * 100 * budgetShare(person, program)).toFixed(6)));
}

/** Dollars (as typed: two places at most) to whole cents. */
export function toCents(dollars: number): number {
  return Math.round(dollars * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** "$600", "$412.50". */
export function formatCents(cents: number): string {
  return formatMoney(fromCents(cents));
}

/**
 * Why an amount cannot be asked for: more than is left of the budget once every standing
 * request (sent, approved or paid) is counted. Null when it fits.
 */
export function budgetProblem(field: string, askedCents: number, reservedCents: number, allocation: number): { field: string; message: string } | null {
  const left = Math.max(0, allocation - reservedCents);
  if (askedCents <= left) return null;
  if (allocation === 0)
    return { field, message: `Your PD budget this fiscal year is ${formatCents(0)}: reimbursements come from a budget set by your FTE and weekly hours` };
  return {
    field,
    message: `You have ${formatCents(left)} left of your ${formatCents(allocation)} PD budget this fiscal year, counting requests not yet decided; ${formatCents(askedCents)} is more than that`,
  };
}
