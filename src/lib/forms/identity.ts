import { EMPLOYEE_GROUP_LABELS, EMPLOYEE_GROUPS } from '../program/compensation.ts';
import { choice, confirm, email, employeeId, fromRoster, text } from './fields.ts';

/**
 * Who is asking, and who decides: the same fields on every staff form, filled
 * from HR's staff roster for the signed-in person (forms/person.ts). They are
 * shown on the page, never typed: a requester cannot be someone else, nor
 * choose who approves.
 */
export const identity = {
  fullName: fromRoster(text('Full name', { max: 120 })),
  email: fromRoster(email('Work email address')),
  employeeId: fromRoster(employeeId('Employee ID')),
  site: fromRoster(text('Site or department', { max: 120 })),
  jobTitle: fromRoster(text('Job title', { max: 120 })),
};

export const employeeGroup = fromRoster(
  choice(
    'Employee group',
    EMPLOYEE_GROUPS.map((value) => ({ value, label: EMPLOYEE_GROUP_LABELS[value] })),
  ),
);

export const supervisor = {
  supervisorName: fromRoster(text('Supervisor', { max: 120 })),
  supervisorEmail: fromRoster(email('Supervisor email address')),
};

export const evaluator = {
  evaluatorName: fromRoster(text('Evaluator', { max: 120 })),
  evaluatorEmail: fromRoster(email('Evaluator email address')),
};

export const IDENTITY_FIELDS = ['fullName', 'email', 'employeeId', 'site', 'jobTitle'] as const;
export const SUPERVISOR_FIELDS = ['supervisorName', 'supervisorEmail'] as const;
export const EVALUATOR_FIELDS = ['evaluatorName', 'evaluatorEmail'] as const;

/** The handbook's attestation: every request is signed off as true and complete by the person sending it. */
export const trueAndComplete = confirm(
  'The information in this request is true and complete',
  'Confirm that the information in this request is true and complete',
  { hint: 'HR checks requests against records; a false statement can mean repaying what was paid.' },
);
