import type { StoredSubmission } from '../forms/record.ts';
import { formatCents, fromCents } from '../program/budget.ts';
import { approvedBy, type Status } from '../program/routing.ts';
import { standingCents } from '../store/submissions.ts';

/** Reimbursements HR has approved: waiting for payroll, or paid. */
export const REIMBURSABLE_STATUSES: ReadonlySet<Status> = new Set(approvedBy('reimbursement', 'hr'));

/** One pay line of the payroll file for a reimbursement from a person's PD budget: its amount, no hours. */
export interface ReimbursementLine {
  employeeId: string;
  name: string;
  receipt: string;
  status: string;
  submittedAt: string;
  /** US dollars payroll pays: HR's approved amount when less than asked. */
  amount: number;
  note: string;
}

/** Every approved reimbursement of a fiscal year once, by employee: a separate pay line from hours. */
export function reimbursementLines(submissions: readonly StoredSubmission[], fiscalYear: number): ReimbursementLine[] {
  const seen = new Set<string>();
  return submissions
    .filter((s) => s.form === 'reimbursement' && s.facts.reimbursement?.fiscalYear === fiscalYear && s.facts.employeeId && REIMBURSABLE_STATUSES.has(s.status))
    .filter((s) => !seen.has(s.receipt) && seen.add(s.receipt))
    .map((s): ReimbursementLine => {
      const asked = s.facts.reimbursement!;
      return {
        employeeId: s.facts.employeeId!,
        name: typeof s.data['fullName'] === 'string' ? s.data['fullName'] : '',
        receipt: s.receipt,
        status: s.status,
        submittedAt: s.submittedAt,
        amount: fromCents(standingCents(asked)),
        note: noteFor(s),
      };
    })
    .sort((a, b) => a.employeeId.localeCompare(b.employeeId, 'en', { numeric: true }) || a.submittedAt.localeCompare(b.submittedAt));
}

function noteFor(s: StoredSubmission): string {
  const asked = s.facts.reimbursement!;
  const what = `PD budget reimbursement: ${s.facts.summary}`;
  if (asked.approvedCents === undefined) return what;
  const reason = s.history?.findLast((h) => h.action === 'reduce')?.comment ?? '';
  return `${what}. Human Resources approved ${formatCents(asked.approvedCents)} of the ${formatCents(asked.cents)} asked${reason ? `: ${reason}` : ''}`;
}
