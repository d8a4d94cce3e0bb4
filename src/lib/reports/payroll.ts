import { hoursLeftUnderCap, splitIntoBlocks, sumHours } from '../program/blocks.ts';
import { fiscalYearLabel } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';
import type { StoredSubmission } from '../forms/record.ts';
import { approvedBy, statusLabel, type Status } from '../program/routing.ts';
import { approvedHoursOf } from '../store/submissions.ts';
import { toCsv } from './csv.ts';
import { reimbursementLines, type ReimbursementLine } from './payroll-reimbursements.ts';

/** Compensation requests HR has approved: waiting for payroll, or paid. */
export const PAYABLE: ReadonlySet<Status> = new Set(approvedBy('compensation', 'hr'));

export interface PayrollRow {
  employeeId: string;
  name: string;
  receipt: string;
  status: string;
  submittedAt: string;
  hoursClaimed: number;
  hoursPaid: number;
  blocks: number;
  amount: number;
  /** Why less than the claim is paid; empty when it is paid in full. */
  note: string;
}

export interface Payroll {
  fiscalYear: number;
  rows: PayrollRow[];
  /** Approved reimbursements from PD budgets: pay lines of their own, apart from hours and their totals. */
  reimbursements: ReimbursementLine[];
  totals: { requests: number; employees: number; hours: number; blocks: number; amount: number; cut: number };
}

/**
 * What payroll pays for a fiscal year: every approved compensation request of
 * that year once, taken per employee in the order they were submitted, each
 * paid in whole blocks up to what is left under the yearly cap. The form refuses
 * a claim past the cap, but an overturned denial claims its hours again later,
 * and HR may change a request in Airtable: payroll never pays past the cap.
 */
export function payrollFor(submissions: readonly StoredSubmission[], fiscalYear: number, program: Program): Payroll {
  const seen = new Set<string>();
  const approved = submissions
    .filter((s) => s.form === 'compensation' && s.facts.claim?.fiscalYear === fiscalYear && s.facts.employeeId && PAYABLE.has(s.status))
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.receipt.localeCompare(b.receipt))
    .filter((s) => !seen.has(s.receipt) && seen.add(s.receipt));

  const year = fiscalYearLabel(fiscalYear, program.fiscalYearStart);
  const paidSoFar = new Map<string, number>();
  const rows = approved.map((request): PayrollRow => {
    const employeeId = request.facts.employeeId!;
    // The store files claims under the lower-case ID, so "ab-12" and "AB-12" are one person.
    const who = employeeId.toLowerCase();
    const before = paidSoFar.get(who) ?? 0;
    const claimed = request.facts.claim!.hours;
    // HR may approve fewer hours than claimed (another program paid part): those are what is paid.
    const approvedHours = approvedHoursOf(request.facts.claim) ?? claimed;
    const left = hoursLeftUnderCap(before, program);
    const split = splitIntoBlocks(Math.min(approvedHours, left), program);
    paidSoFar.set(who, sumHours([before, split.payableHours]));
    return {
      employeeId,
      name: typeof request.data['fullName'] === 'string' ? request.data['fullName'] : '',
      receipt: request.receipt,
      status: request.status,
      submittedAt: request.submittedAt,
      hoursClaimed: claimed,
      hoursPaid: split.payableHours,
      blocks: split.blocks,
      amount: split.pay,
      note: noteFor({ claimed, approved: approvedHours, reason: reductionReason(request) }, split.payableHours, before, left, year, program),
    };
  });
  // Worked out in the order of submission; listed by employee, for payroll to read person by person.
  rows.sort((a, b) => a.employeeId.localeCompare(b.employeeId, 'en', { numeric: true }));
  return {
    fiscalYear,
    rows,
    reimbursements: reimbursementLines(submissions, fiscalYear),
    totals: {
      requests: rows.length,
      employees: paidSoFar.size,
      hours: sumHours(rows.map((r) => r.hoursPaid)),
      blocks: rows.reduce((n, r) => n + r.blocks, 0),
      amount: rows.reduce((n, r) => n + r.amount, 0),
      cut: rows.filter((r) => r.hoursPaid < r.hoursClaimed).length,
    },
  };
}

/** HR's reason for approving fewer hours than claimed, from the request's history. */
function reductionReason(request: StoredSubmission): string {
  return request.history?.findLast((h) => h.action === 'reduce')?.comment ?? '';
}

function noteFor(
  hours: { claimed: number; approved: number; reason: string },
  paid: number,
  before: number,
  left: number,
  year: string,
  program: Program,
): string {
  const { claimed, approved } = hours;
  if (paid === claimed) return '';
  const reason = hours.reason && `: ${hours.reason}${/[.!?]$/.test(hours.reason) ? '' : '.'}`;
  const reduced = approved < claimed && `Human Resources approved ${approved} of the ${claimed} hours claimed${reason || '.'}`;
  if (reduced && paid === approved) return reduced;
  return [reduced, cutNote(approved, paid, before, left, year, program)].filter(Boolean).join(' ');
}

function cutNote(claimed: number, paid: number, before: number, left: number, year: string, program: Program): string {
  const cap = `the yearly cap of ${program.yearlyCapHours} hours in fiscal year ${year}`;
  if (left === 0) return `Not paid: earlier requests of this employee already reach ${cap}.`;
  if (claimed > left) return `Cut from ${claimed} to ${paid} hours: earlier requests of this employee already count ${before} hours toward ${cap}.`;
  return `Cut from ${claimed} to ${paid} hours: only whole blocks of ${program.blockHours} hours are paid.`;
}

export const PAYROLL_COLUMNS = ['Employee ID', 'Name', 'Receipt', 'Status', 'Hours claimed', 'Hours paid', 'Blocks', 'Amount (USD)', 'Note'] as const;

/** The file payroll receives: one row per request, amounts in dollars and cents; reimbursements after hours, without hours. */
export function payrollCsv(payroll: Payroll): string {
  const reimbursements = payroll.reimbursements.map((r) => ({
    'Employee ID': r.employeeId,
    Name: r.name,
    Receipt: r.receipt,
    Status: statusLabel(r.status),
    'Amount (USD)': r.amount.toFixed(2),
    Note: r.note,
  }));
  return toCsv(PAYROLL_COLUMNS, [
    ...payroll.rows.map((r) => ({
      'Employee ID': r.employeeId,
      Name: r.name,
      Receipt: r.receipt,
      Status: statusLabel(r.status),
      'Hours claimed': r.hoursClaimed,
      'Hours paid': r.hoursPaid,
      Blocks: r.blocks,
      'Amount (USD)': r.amount.toFixed(2),
      Note: r.note,
    })),
    ...reimbursements,
  ]);
}

export const payrollFileName = (fiscalYear: number) => `payroll-${fiscalYear}.csv`;
