/**
 * The program's routing as data: who may move a request from which status to
 * which (PROGRAM.md: supervisor, then HR, then payroll; appeals to the task
 * force; the focus plan's seven steps). Pure: no storage, no HTTP. Anything not
 * listed here is an illegal change and is refused.
 */
export const ROLES = ['employee', 'supervisor', 'evaluator', 'hr', 'payroll', 'task-force'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  employee: 'You',
  supervisor: 'Your supervisor',
  evaluator: 'Your evaluator',
  hr: 'Human Resources',
  payroll: 'Payroll',
  'task-force': 'The professional-growth task force',
};

/** Each status with the words a requester reads, and who the request waits on (none when it is settled). */
export const STATUSES = {
  received: { label: 'Received', waitsOn: null },
  'with-supervisor': { label: 'With your supervisor', waitsOn: 'supervisor' },
  'with-hr': { label: 'With Human Resources', waitsOn: 'hr' },
  'with-payroll': { label: 'Approved by Human Resources, with payroll', waitsOn: 'payroll' },
  approved: { label: 'Approved', waitsOn: null },
  paid: { label: 'Paid', waitsOn: null },
  denied: { label: 'Denied', waitsOn: null },
  withdrawn: { label: 'Withdrawn', waitsOn: null },
  'with-task-force': { label: 'With the task force', waitsOn: 'task-force' },
  upheld: { label: 'Decided: the denial stands', waitsOn: null },
  overturned: { label: 'Decided: the denial is overturned', waitsOn: null },
  'with-evaluator': { label: 'With your evaluator for review', waitsOn: 'evaluator' },
  'evaluator-signed': { label: 'Signed by your evaluator, waiting for your signature', waitsOn: 'employee' },
  active: { label: 'Signed by both: in progress', waitsOn: 'employee' },
  'checkpoint-received': { label: 'Checkpoint received: final conference next', waitsOn: 'evaluator' },
  closed: { label: 'Closed: goal met', waitsOn: null },
  continued: { label: 'Continued into next year', waitsOn: null },
} as const satisfies Record<string, { label: string; waitsOn: Role | null }>;

export type Status = keyof typeof STATUSES;

export const ACTIONS = ['approve', 'deny', 'withdraw', 'pay', 'overturn', 'uphold', 'sign', 'checkpoint', 'close', 'continue'] as const;
export type Action = (typeof ACTIONS)[number];

export interface Transition {
  form: string;
  action: Action;
  by: Role;
  from: Status;
  to: Status;
  /** A refusal must say why. */
  commentRequired?: boolean;
}

const t = (form: string, action: Action, by: Role, from: Status, to: Status, commentRequired = false): Transition => ({
  form,
  action,
  by,
  from,
  to,
  ...(commentRequired ? { commentRequired } : {}),
});

export const TRANSITIONS: readonly Transition[] = [
  // A course off the catalog: the supervisor decides before the employee enrols.
  t('pre-approval', 'approve', 'supervisor', 'with-supervisor', 'approved'),
  t('pre-approval', 'deny', 'supervisor', 'with-supervisor', 'denied', true),
  t('pre-approval', 'withdraw', 'employee', 'with-supervisor', 'withdrawn'),
  t('pre-approval', 'overturn', 'task-force', 'denied', 'approved'),
  // Pay: supervisor, then HR, then payroll.
  t('compensation', 'approve', 'supervisor', 'with-supervisor', 'with-hr'),
  t('compensation', 'deny', 'supervisor', 'with-supervisor', 'denied', true),
  t('compensation', 'withdraw', 'employee', 'with-supervisor', 'withdrawn'),
  t('compensation', 'approve', 'hr', 'with-hr', 'with-payroll'),
  t('compensation', 'deny', 'hr', 'with-hr', 'denied', true),
  t('compensation', 'pay', 'payroll', 'with-payroll', 'paid'),
  // An overturned denial goes back to HR, who checks and records the hours.
  t('compensation', 'overturn', 'task-force', 'denied', 'with-hr'),
  t('appeal', 'uphold', 'task-force', 'with-task-force', 'upheld', true),
  t('appeal', 'overturn', 'task-force', 'with-task-force', 'overturned'),
  // The focus plan: evaluator signs after the meeting, then the teacher; the
  // checkpoint form moves it on; the final conference closes or continues it.
  t('focus-plan', 'sign', 'evaluator', 'with-evaluator', 'evaluator-signed'),
  t('focus-plan', 'withdraw', 'employee', 'with-evaluator', 'withdrawn'),
  t('focus-plan', 'sign', 'employee', 'evaluator-signed', 'active'),
  t('focus-plan', 'checkpoint', 'employee', 'active', 'checkpoint-received'),
  t('focus-plan', 'close', 'evaluator', 'checkpoint-received', 'closed'),
  t('focus-plan', 'continue', 'evaluator', 'checkpoint-received', 'continued'),
];

export function isStatus(value: string): value is Status {
  return Object.hasOwn(STATUSES, value);
}

export function statusLabel(status: string): string {
  return isStatus(status) ? STATUSES[status].label : status;
}

export function waitsOn(status: string): Role | null {
  return isStatus(status) ? STATUSES[status].waitsOn : null;
}

export function transitionFor(form: string, status: string, action: string, by: Role): Transition | undefined {
  return TRANSITIONS.find((x) => x.form === form && x.from === status && x.action === action && x.by === by);
}

/** What a role may do to a request in its current status. */
export function actionsFor(form: string, status: string, by: Role): Transition[] {
  return TRANSITIONS.filter((x) => x.form === form && x.from === status && x.by === by);
}

/** Statuses a person acts on through a signed link, because they have no Airtable seat. */
export const LINKED_STEPS: Partial<Record<Status, 'supervisor' | 'evaluator'>> = {
  'with-supervisor': 'supervisor',
  'with-evaluator': 'evaluator',
  'checkpoint-received': 'evaluator',
};

/** Statuses whose date is the request's decision date (a pre-approval must be approved before enrolment). */
export const DECIDED: ReadonlySet<Status> = new Set(['approved', 'denied']);

/** Whether a request has had any decision yet: after one, the employee can no longer withdraw it. */
export function hasDecision(history: readonly { action?: string | undefined }[]): boolean {
  return history.some((h) => h.action !== undefined && h.action !== 'withdraw');
}
