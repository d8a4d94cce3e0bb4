import { formById } from '../forms/registry.ts';
import { addWorkingDays, type IsoDate } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';
import type { StoredSubmission } from '../forms/record.ts';
import { decisionDueOn, enteredOn } from '../workflow/act.ts';

export interface OverdueDecision {
  receipt: string;
  form: string;
  supervisorName: string;
  supervisorEmail: string;
  requesterName: string;
  waitingSince: IsoDate;
  dueOn: IsoDate;
  workingDaysOverdue: number;
  decisionLink: string;
}

/** Working days after `from` up to and including `to`, counted with the program's own working-day rule. */
function workingDaysAfter(from: IsoDate, to: IsoDate): number {
  let days = 0;
  for (let next = addWorkingDays(from, 1); next <= to; next = addWorkingDays(next, 1)) days++;
  return days;
}

/**
 * Requests waiting on a supervisor past the program's decision deadline: due
 * `decisionDeadlineDays` working days after they reached the supervisor, overdue
 * from the next working day. Most overdue first.
 */
export function overdueDecisions(submissions: readonly StoredSubmission[], today: IsoDate, program: Program): OverdueDecision[] {
  const text = (record: StoredSubmission, name: string) => (typeof record.data[name] === 'string' ? (record.data[name] as string) : '');
  return submissions
    .filter((s) => s.status === 'with-supervisor')
    .map((record) => {
      const waitingSince = enteredOn(record, program.timeZone);
      const dueOn = decisionDueOn(record, program);
      return {
        receipt: record.receipt,
        form: formById(record.form)?.name ?? record.form,
        supervisorName: text(record, 'supervisorName'),
        supervisorEmail: text(record, 'supervisorEmail'),
        requesterName: text(record, 'fullName'),
        waitingSince,
        dueOn,
        workingDaysOverdue: workingDaysAfter(dueOn, today),
        decisionLink: record.decisionLink?.url ?? '',
      };
    })
    .filter((d) => d.workingDaysOverdue > 0)
    .sort((a, b) => b.workingDaysOverdue - a.workingDaysOverdue || a.waitingSince.localeCompare(b.waitingSince) || a.receipt.localeCompare(b.receipt));
}
