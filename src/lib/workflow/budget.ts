import type { StoredSubmission } from '../forms/record.ts';
import type { Roster, StaffMember } from '../identity/roster.ts';
import { allocationCents, fromCents } from '../program/budget.ts';
import { approvedBy, RELEASED } from '../program/routing.ts';
import type { Program } from '../program/settings.ts';
import { standingCents, type SubmissionStore } from '../store/submissions.ts';

/** A person's PD budget in a fiscal year, in US dollars. */
export interface BudgetSummary {
  fiscalYear: number;
  allocation: number;
  /** Approved by HR (with payroll) or paid. */
  spent: number;
  /** Sent and not yet decided. */
  pending: number;
  /** What a new request may still ask for: never below zero. */
  left: number;
}

export const REIMBURSEMENT_FORM = 'reimbursement';

/** Statuses in which HR has approved a reimbursement: the money is spent, paid or about to be. */
const SPENT: ReadonlySet<string> = new Set(approvedBy(REIMBURSEMENT_FORM, 'hr'));

export async function budgetOf(store: SubmissionStore, program: Program, member: StaffMember, fiscalYear: number): Promise<BudgetSummary> {
  return summarise(program, member, fiscalYear, await store.ofEmployee(member.employeeId, REIMBURSEMENT_FORM));
}

/** Every active person's summary, for the report's "budgets spent and left per site". */
export async function budgetsFor(store: SubmissionStore, program: Program, roster: Roster, fiscalYear: number): Promise<Map<string, BudgetSummary>> {
  // One read of every reimbursement, not one list per person: 10,000 people is the size planned for.
  const byPerson = new Map<string, StoredSubmission[]>();
  for (const record of await store.list(REIMBURSEMENT_FORM)) {
    const id = record.facts.employeeId;
    if (id) byPerson.set(id, [...(byPerson.get(id) ?? []), record]);
  }
  const out = new Map<string, BudgetSummary>();
  for (const member of roster.members) {
    if (member.active) out.set(member.employeeId, summarise(program, member, fiscalYear, byPerson.get(member.employeeId) ?? []));
  }
  return out;
}

/** Adds up a person's reimbursements of one fiscal year, in cents so the sums are exact. */
export function summarise(program: Program, member: StaffMember, fiscalYear: number, records: readonly StoredSubmission[]): BudgetSummary {
  const allocation = allocationCents(member, program);
  let spent = 0;
  let pending = 0;
  for (const record of records) {
    const asked = record.facts.reimbursement;
    if (!asked || asked.fiscalYear !== fiscalYear || RELEASED.has(record.status)) continue;
    if (SPENT.has(record.status)) spent += standingCents(asked);
    else pending += standingCents(asked);
  }
  return {
    fiscalYear,
    allocation: fromCents(allocation),
    spent: fromCents(spent),
    pending: fromCents(pending),
    left: fromCents(Math.max(0, allocation - spent - pending)),
  };
}
