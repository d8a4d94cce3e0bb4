import { mainPath, type Action, type Role, type Status } from '../program/routing.ts';

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
  /** A number column read with a choice that approves less: fewer hours, or a smaller reimbursement in dollars. */
  hoursColumn?: string;
  /** Where the site says why it could not apply a decision set in this column; the only one of these columns the site writes. */
  errorColumn?: string;
  /** The status a decision in this column applies to. */
  appliesTo: Status;
}

export const AIRTABLE_DECISIONS: readonly AirtableDecisionColumn[] = [
  {
    form: 'compensation',
    role: 'hr',
    column: 'HR decision',
    choices: { Approve: 'approve', 'Approve fewer hours': 'reduce', Deny: 'deny', 'Return for more information': 'return' },
    commentColumn: 'HR comment',
    hoursColumn: 'Approved hours',
    errorColumn: 'HR decision error',
    appliesTo: 'with-hr',
  },
  { form: 'compensation', role: 'payroll', column: 'Payroll', choices: { Paid: 'pay' }, appliesTo: 'with-payroll' },
  {
    form: 'reimbursement',
    role: 'hr',
    column: 'HR decision',
    choices: { Approve: 'approve', 'Approve a smaller amount': 'reduce', Deny: 'deny', 'Return for more information': 'return' },
    commentColumn: 'HR comment',
    hoursColumn: 'Approved amount (USD)',
    errorColumn: 'HR decision error',
    appliesTo: 'with-hr',
  },
  { form: 'reimbursement', role: 'payroll', column: 'Payroll', choices: { Paid: 'pay' }, appliesTo: 'with-payroll' },
  {
    form: 'appeal',
    role: 'task-force',
    column: 'Task force decision',
    choices: { Uphold: 'uphold', Overturn: 'overturn', 'Return for more information': 'return' },
    commentColumn: 'Task force comment',
    appliesTo: 'with-task-force',
  },
];

/** The columns of a form's decisions, as the base has them: each choice, then its comment, hours and error columns. */
export function decisionColumnsFor(form: string): { name: string; type: 'singleSelect' | 'multilineText' | 'number'; choices?: string[] }[] {
  return AIRTABLE_DECISIONS.filter((d) => d.form === form).flatMap((d) => [
    { name: d.column, type: 'singleSelect' as const, choices: Object.keys(d.choices) },
    ...(d.commentColumn ? [{ name: d.commentColumn, type: 'multilineText' as const }] : []),
    ...(d.hoursColumn ? [{ name: d.hoursColumn, type: 'number' as const }] : []),
    ...(d.errorColumn ? [{ name: d.errorColumn, type: 'multilineText' as const }] : []),
  ]);
}

/**
 * The decision columns a record clears as it enters their step, so an old decision is never
 * read as a new one; and while it is at an earlier step, so a return chosen before it was
 * sent again is not taken for a decision set too early.
 */
export function clearedOnEntry(form: string, status: string): Record<string, null> {
  const out: Record<string, null> = {};
  const path = mainPath(form);
  const at = path.indexOf(status as Status);
  for (const d of AIRTABLE_DECISIONS) {
    if (d.form === form && (d.appliesTo === status || (at !== -1 && at < path.indexOf(d.appliesTo)))) {
      out[d.column] = null;
      if (d.commentColumn) out[d.commentColumn] = null;
    }
  }
  return out;
}
