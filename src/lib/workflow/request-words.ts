import { coursesOf } from '../forms/pre-approval-courses.ts';
import type { HistoryEntry, StoredSubmission } from '../forms/record.ts';
import { html, type Markup } from '../html/template.ts';
import { splitIntoBlocks } from '../program/blocks.ts';
import { formatCents } from '../program/budget.ts';
import { formatDate, today } from '../program/calendar.ts';
import { formatMoney } from '../program/money.ts';
import { ROLE_LABELS, TRANSITIONS, type Role } from '../program/routing.ts';
import type { Program } from '../program/settings.ts';
import { approvedHoursOf } from '../store/submissions.ts';
import { decisionDueOn, historyOf } from './act.ts';

/**
 * What a request's pages say in words: who did what (for the requester), what
 * a yes means and when it is due (for the reviewer), what a paid claim paid.
 */

const dateOf = (iso: string, timeZone: string) => formatDate(today(new Date(iso), timeZone));

/** What each action did, as the requester reads it in the history. */
const DONE: Record<string, string> = {
  approve: 'Approved',
  reduce: 'Approved with fewer hours',
  deny: 'Denied',
  return: 'Returned to you for changes',
  resend: 'Changed and sent again',
  withdraw: 'Withdrawn',
  pay: 'Paid',
  overturn: 'Denial overturned',
  uphold: 'Denial upheld',
  sign: 'Signed',
  checkpoint: 'Checkpoint sent',
  close: 'Closed: goal met',
  continue: 'Continued into next year',
};

/** "your supervisor", "Human Resources": the role as the requester names it. */
const ROLE_WORDS: Record<Role, string> = {
  employee: 'you',
  supervisor: 'your supervisor',
  evaluator: 'your evaluator',
  hr: 'Human Resources',
  payroll: 'payroll',
  'task-force': 'the task force',
};

/** Who took a step: the transition from the status before it, to the status after. */
function roleOf(form: string, before: HistoryEntry | undefined, entry: HistoryEntry): Role | undefined {
  return TRANSITIONS.find((t) => t.form === form && t.action === entry.action && t.to === entry.status && (!before || t.from === before.status))?.by;
}

/** One line of the history: "Approved by your supervisor, Janet Reyes, November 30, 2026". */
export function historyLine(record: StoredSubmission, index: number, timeZone: string): string {
  const entries = historyOf(record);
  const entry = entries[index]!;
  const on = dateOf(entry.on, timeZone);
  if (index === 0) return `Sent by you, ${on}`;
  const role = roleOf(record.form, entries[index - 1], entry);
  const done = DONE[entry.action ?? ''] ?? 'Changed';
  if (!role) return `${done} by ${entry.by}, ${on}`;
  if (role === 'employee') return `${done} by you, ${on}`;
  // A step recorded without a person's name carries the role's own name: said once.
  const name = entry.by && entry.by !== ROLE_LABELS[role] ? `, ${entry.by}` : '';
  return `${done} by ${ROLE_WORDS[role]}${name}, ${on}`;
}

/** Hours, blocks and pay of a claim, as HR approved it. */
export function claimPay(record: StoredSubmission, program: Program): { hours: number; blocks: number; pay: number } | null {
  const claim = record.facts.claim;
  if (!claim) return null;
  const split = splitIntoBlocks(approvedHoursOf(claim) ?? claim.hours, program);
  return { hours: split.payableHours, blocks: split.blocks, pay: split.pay };
}

const blocksWord = (n: number) => `${n} ${n === 1 ? 'block' : 'blocks'}`;

/** A paid request: what was paid, and the day payroll recorded it. */
export function paidNote(record: StoredSubmission, program: Program): Markup | null {
  if (record.status !== 'paid') return null;
  const paidOn = historyOf(record).findLast((h) => h.action === 'pay')?.on;
  const when = paidOn ? html`, recorded by payroll on ${dateOf(paidOn, program.timeZone)}` : '';
  const pay = claimPay(record, program);
  if (pay) {
    return html`<p class="status-amount" data-paid-amount="${pay.pay}">Paid ${formatMoney(pay.pay)} for ${pay.hours} hours (${blocksWord(pay.blocks)})${when}.</p>`;
  }
  const asked = record.facts.reimbursement;
  if (!asked) return null;
  const cents = asked.approvedCents ?? asked.cents;
  return html`<p class="status-amount" data-paid-amount="${cents / 100}">Paid ${formatCents(cents)} from your professional-development budget${when}.</p>`;
}

/** What is left of the yearly cap, for a claim's page. */
export function capLeftNote(left: { hours: number; fiscalYear: string } | undefined, program: Program): Markup | null {
  if (!left) return null;
  const blocks = Math.floor(left.hours / program.blockHours);
  return html`<p data-hours-left="${left.hours}">You can still claim ${left.hours} of the ${program.yearlyCapHours} hours a year in ${left.fiscalYear} (${blocksWord(blocks)}, ${formatMoney(blocks * program.payPerBlock)}).</p>`;
}

/** When the step a request waits on is expected to be done: the program's decision deadline, in working days. */
export function expectedBy(record: StoredSubmission, program: Program): string {
  return formatDate(decisionDueOn(record, program));
}

/** What a yes on this request means, for the person giving it: what is paid, or what the requester may then do. */
export function approvingMeans(record: StoredSubmission, program: Program): Markup | null {
  const name = typeof record.data['fullName'] === 'string' && record.data['fullName'] ? record.data['fullName'] : 'The requester';
  const pay = record.form === 'compensation' && record.status === 'with-supervisor' ? claimPay(record, program) : null;
  if (pay) {
    return html`<p>Approving sends the claim to Human Resources to check. Once they approve it, payroll pays ${name} ${formatMoney(pay.pay)} for ${pay.hours} hours (${blocksWord(pay.blocks)} of ${program.blockHours} hours at ${formatMoney(program.payPerBlock)}).</p>`;
  }
  if (record.form === 'pre-approval' && record.status === 'with-supervisor') {
    const courses = coursesOf(record.data);
    const hours = courses.reduce((n, c) => n + c.hours, 0);
    const split = splitIntoBlocks(hours, program);
    const which = courses.length > 1 ? 'the courses you approve' : 'the course';
    return html`<p>Approving lets ${name} take ${which} and, once completed, claim the hours on a compensation request: ${hours} hours in all, worth ${blocksWord(split.blocks)} (${formatMoney(split.pay)}) if every course is approved and within the yearly cap of ${program.yearlyCapHours} hours.</p>`;
  }
  if (record.form === 'reimbursement' && record.status === 'with-supervisor' && record.facts.reimbursement) {
    return html`<p>Approving sends the request to Human Resources to check; once they approve it, payroll pays ${name} ${formatCents(record.facts.reimbursement.cents)} from their professional-development budget.</p>`;
  }
  if (record.form === 'focus-plan' && record.status === 'with-evaluator') {
    return html`<p>Signing sends the plan to ${name} to sign; once both of you have signed, it is in progress until its checkpoint.</p>`;
  }
  return null;
}
