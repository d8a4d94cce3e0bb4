import type { Action, Role, Status } from '../program/routing.ts';

/**
 * HR, payroll and the task force decide in Airtable, each in a column of their
 * own that the site reads and never writes, so a sync can never overwrite a
 * decision. The site applies each decision through the same routing as every
 * other change, and shows the result in the Status column.
 */
export interface AirtableDecisionColumn {
  form: string;
  role: Role;
  /** The single-select column the role sets. */
  column: string;
  choices: Record<string, Action>;
  /** An optional comment column, passed on with the decision. */
  commentColumn?: string;
  /** The status a decision in this column applies to. */
  appliesTo: Status;
}

export const AIRTABLE_DECISIONS: readonly AirtableDecisionColumn[] = [
  {
    form: 'compensation',
    role: 'hr',
    column: 'HR decision',
    choices: { Approve: 'approve', Deny: 'deny' },
    commentColumn: 'HR comment',
    appliesTo: 'with-hr',
  },
  { form: 'compensation', role: 'payroll', column: 'Payroll', choices: { Paid: 'pay' }, appliesTo: 'with-payroll' },
  {
    form: 'appeal',
    role: 'task-force',
    column: 'Task force decision',
    choices: { Uphold: 'uphold', Overturn: 'overturn' },
    commentColumn: 'Task force comment',
    appliesTo: 'with-task-force',
  },
];

/** The decision columns a record clears as it enters their step, so an old decision is never read as a new one. */
export function clearedOnEntry(form: string, status: string): Record<string, null> {
  const out: Record<string, null> = {};
  for (const d of AIRTABLE_DECISIONS) {
    if (d.form === form && d.appliesTo === status) {
      out[d.column] = null;
      if (d.commentColumn) out[d.commentColumn] = null;
    }
  }
  return out;
}
