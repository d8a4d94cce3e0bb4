import { sumHours, splitIntoBlocks, hoursLeftUnderCap } from './blocks.ts';
import { deadlineIn, fiscalYearLabel, fiscalYearOf, formatDate, formatMonthDay, type IsoDate } from './calendar.ts';
import type { Program } from './settings.ts';

/** A rule broken by a request: the field it concerns (dotted path) and what to do about it. */
export interface Problem {
  field: string;
  message: string;
}

export const EMPLOYEE_TYPES = ['permanent-classified', 'probationary-classified', 'substitute-or-temporary', 'certificated'] as const;
export type EmployeeType = (typeof EMPLOYEE_TYPES)[number];

/** Every group HR's roster can put a person in: the program's employee types, and managers, who are not in it. */
export const EMPLOYEE_GROUPS = [...EMPLOYEE_TYPES, 'management'] as const;
export type EmployeeGroup = (typeof EMPLOYEE_GROUPS)[number];

export const EMPLOYEE_GROUP_LABELS: Record<EmployeeGroup, string> = {
  'permanent-classified': 'Permanent classified employee',
  'probationary-classified': 'Probationary classified employee',
  'substitute-or-temporary': 'Substitute or temporary employee',
  certificated: 'Certificated employee',
  management: 'Manager or administrator',
};

/** Only permanent classified employees take part in the incentive. */
export function eligibilityProblem(type: EmployeeGroup): Problem | null {
  if (type === 'permanent-classified') return null;
  return {
    field: 'employeeType',
    message: 'Only permanent classified employees can be paid through this program. Ask HR if your status has changed.',
  };
}

/**
 * The last day hours completed on a date can be claimed: the submission deadline of
 * the fiscal year they were completed in, moved on by the carry-over window
 * (a window of 2 years covers that fiscal year and the next).
 */
export function claimDeadline(completedOn: IsoDate, program: Program): IsoDate {
  const fiscalYear = fiscalYearOf(completedOn, program.fiscalYearStart);
  const lastYear = fiscalYear + Math.max(1, program.carryOverYears) - 1;
  return deadlineIn(lastYear, program.submissionDeadline, program.fiscalYearStart);
}

/** A completion date that is in the future, or whose claim window has closed. */
export function completionDateProblem(field: string, completedOn: IsoDate, todayIs: IsoDate, program: Program): Problem | null {
  if (completedOn > todayIs) {
    return { field, message: `The completion date ${formatDate(completedOn)} is in the future: claim hours once you have completed them.` };
  }
  const deadline = claimDeadline(completedOn, program);
  if (todayIs > deadline) {
    return {
      field,
      message: `Hours completed on ${formatDate(completedOn)} had to be claimed by ${formatDate(deadline)}, including the carry-over window.`,
    };
  }
  return null;
}

/**
 * Hours completed before the claim's fiscal year carry over to complete a block, not to
 * move whole blocks into a year with room under its cap (unless the program says any may).
 */
export function carriedOverProblem(field: string, lines: { completionDate: IsoDate; hours: number }[], todayIs: IsoDate, program: Program): Problem | null {
  if (program.carryOverHours === 'any') return null;
  const thisYear = fiscalYearOf(todayIs, program.fiscalYearStart);
  const carried = sumHours(lines.filter((l) => fiscalYearOf(l.completionDate, program.fiscalYearStart) < thisYear).map((l) => l.hours));
  if (carried < program.blockHours) return null;
  const most = program.blockHours - 1;
  return {
    field,
    message: `Claim at most ${most} of the ${carried} hours you completed before this fiscal year: change those hours or remove a course. Only hours short of a block (fewer than ${program.blockHours}) carry over, to make up a block with hours from this year; whole blocks had to be claimed by ${formatMonthDay(program.submissionDeadline)} of the year they were completed.`,
  };
}

const hoursText = (n: number) => `${n} ${n === 1 ? 'hour' : 'hours'}`;

/**
 * Hours must come in whole blocks, and the message says what to change:
 * "Claim 6 hours now: change the hours or remove a course; keep the other 1 for a later claim".
 */
export function blockProblem(field: string, totalHours: number, program: Program): Problem | null {
  const split = splitIntoBlocks(totalHours, program);
  if (split.remainderHours === 0 && split.blocks > 0) return null;
  if (split.blocks === 0) {
    return {
      field,
      message: `Claim at least ${hoursText(program.blockHours)}, a whole block: ${hoursText(totalHours)} cannot be paid yet. Keep these hours and claim them with later ones once they add up to ${program.blockHours}.`,
    };
  }
  const other = split.remainderHours === 1 ? 'the other hour' : `the other ${split.remainderHours}`;
  return {
    field,
    message: `Claim ${hoursText(split.payableHours)} now, in whole blocks of ${program.blockHours}: change the hours or remove a course; keep ${other} for a later claim.`,
  };
}

/** The yearly cap, counting what the employee already submitted in the same fiscal year. */
export function capProblem(field: string, requestedHours: number, alreadySubmitted: number, on: IsoDate, program: Program): Problem | null {
  const left = hoursLeftUnderCap(alreadySubmitted, program);
  if (requestedHours <= left) return null;
  const year = fiscalYearLabel(fiscalYearOf(on, program.fiscalYearStart), program.fiscalYearStart);
  if (left === 0) {
    return {
      field,
      message: `Remove these ${requestedHours} hours from this claim: you have already submitted the yearly maximum of ${program.yearlyCapHours} hours for fiscal year ${year}. Claim them next fiscal year if they are still within the carry-over window.`,
    };
  }
  return {
    field,
    message: `Claim at most ${hoursText(left)} on this claim, not ${requestedHours}: change the hours or remove a course. ${
      alreadySubmitted > 0
        ? `You have already submitted ${alreadySubmitted} of the ${program.yearlyCapHours} hours allowed in fiscal year ${year}.`
        : `Fiscal year ${year} allows ${program.yearlyCapHours} hours.`
    }`,
  };
}

/** A course outside the catalog needs a pre-approval decided before the employee enrolled. */
export function preApprovalProblem(
  field: string,
  preApproval: { status: string; employeeId: string; decidedOn?: IsoDate | undefined } | null,
  employeeId: string,
  enrolledOn: IsoDate,
): Problem | null {
  if (!preApproval) {
    return { field, message: 'We cannot find a pre-approval request with that receipt. Check the receipt on your pre-approval confirmation.' };
  }
  if (preApproval.employeeId !== employeeId) {
    return { field, message: 'That pre-approval receipt belongs to another employee ID.' };
  }
  if (preApproval.status === 'denied') {
    return { field, message: 'That pre-approval request was denied, so its course cannot be paid. You may appeal the denial.' };
  }
  if (preApproval.status === 'withdrawn') {
    return { field, message: 'That pre-approval request was withdrawn.' };
  }
  if (preApproval.status !== 'approved' || !preApproval.decidedOn) {
    return { field, message: 'That pre-approval request has not been approved yet. Claim the course once your supervisor approves it.' };
  }
  if (preApproval.decidedOn > enrolledOn) {
    return {
      field,
      message: `Pre-approval must come before you enrol: it was approved on ${formatDate(preApproval.decidedOn)}, after you enrolled on ${formatDate(enrolledOn)}.`,
    };
  }
  return null;
}

export { sumHours };
