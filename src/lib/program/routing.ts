/**
 * The program's routing as data: who may move a request from which status to
 * which (supervisor, then HR, then payroll; appeals to the task force; the
 * focus plan's stored steps, from the evaluator's signature to its close).
 * Pure: no storage, no HTTP. Anything not listed here is refused.
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
  returned: { label: 'Returned to you for changes', waitsOn: 'employee' },
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

export const ACTIONS = [
  'approve',
  'reduce',
  'deny',
  'return',
  'resend',
  'withdraw',
  'pay',
  'overturn',
  'uphold',
  'sign',
  'checkpoint',
  'close',
  'continue',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Transition {
  form: string;
  action: Action;
  by: Role;
  from: Status;
  to: Status;
  /** A refusal, a return or fewer hours must say why. */
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
  t('pre-approval', 'return', 'supervisor', 'with-supervisor', 'returned', true),
  t('pre-approval', 'withdraw', 'employee', 'with-supervisor', 'withdrawn'),
  // Returned for more information: the requester changes the same request and sends it again.
  t('pre-approval', 'resend', 'employee', 'returned', 'with-supervisor'),
  t('pre-approval', 'overturn', 'task-force', 'denied', 'approved'),
  // Pay: supervisor, then HR, then payroll.
  t('compensation', 'approve', 'supervisor', 'with-supervisor', 'with-hr'),
  t('compensation', 'deny', 'supervisor', 'with-supervisor', 'denied', true),
  t('compensation', 'return', 'supervisor', 'with-supervisor', 'returned', true),
  t('compensation', 'withdraw', 'employee', 'with-supervisor', 'withdrawn'),
  t('compensation', 'approve', 'hr', 'with-hr', 'with-payroll'),
  // Fewer hours than claimed (another program paid part): HR says how many, and why.
  t('compensation', 'reduce', 'hr', 'with-hr', 'with-payroll', true),
  t('compensation', 'deny', 'hr', 'with-hr', 'denied', true),
  t('compensation', 'return', 'hr', 'with-hr', 'returned', true),
  // A resent claim starts again with the supervisor, who sees what changed.
  t('compensation', 'resend', 'employee', 'returned', 'with-supervisor'),
  t('compensation', 'pay', 'payroll', 'with-payroll', 'paid'),
  // An overturned denial goes back to HR, who checks and records the hours.
  t('compensation', 'overturn', 'task-force', 'denied', 'with-hr'),
  // A reimbursement from the PD budget: supervisor, then HR (who may approve less, saying why), then payroll.
  t('reimbursement', 'approve', 'supervisor', 'with-supervisor', 'with-hr'),
  t('reimbursement', 'deny', 'supervisor', 'with-supervisor', 'denied', true),
  t('reimbursement', 'return', 'supervisor', 'with-supervisor', 'returned', true),
  t('reimbursement', 'withdraw', 'employee', 'with-supervisor', 'withdrawn'),
  t('reimbursement', 'approve', 'hr', 'with-hr', 'with-payroll'),
  t('reimbursement', 'reduce', 'hr', 'with-hr', 'with-payroll', true),
  t('reimbursement', 'deny', 'hr', 'with-hr', 'denied', true),
  t('reimbursement', 'return', 'hr', 'with-hr', 'returned', true),
  // Resent, its amount is checked against the budget again, without its own earlier amount.
  t('reimbursement', 'resend', 'employee', 'returned', 'with-supervisor'),
  t('reimbursement', 'pay', 'payroll', 'with-payroll', 'paid'),
  t('appeal', 'uphold', 'task-force', 'with-task-force', 'upheld', true),
  t('appeal', 'overturn', 'task-force', 'with-task-force', 'overturned'),
  // The task force may ask for more before it decides; the appeal comes back to it, of the same denial.
  t('appeal', 'return', 'task-force', 'with-task-force', 'returned', true),
  t('appeal', 'resend', 'employee', 'returned', 'with-task-force'),
  // The focus plan: evaluator signs after the meeting, then the teacher; the
  // checkpoint form moves it on; the final conference closes or continues it.
  t('focus-plan', 'sign', 'evaluator', 'with-evaluator', 'evaluator-signed'),
  t('focus-plan', 'return', 'evaluator', 'with-evaluator', 'returned', true),
  t('focus-plan', 'withdraw', 'employee', 'with-evaluator', 'withdrawn'),
  t('focus-plan', 'resend', 'employee', 'returned', 'with-evaluator'),
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

// The facts below are read off the table, so a change to the routing changes them too.

/** A no or a withdrawal: where these lead, a claim's hours go back to the yearly cap. */
const ENDING_ACTIONS: ReadonlySet<Action> = new Set(['deny', 'withdraw']);

/** Sent back and sent again: a loop beside the way a request goes, not a step along it. */
const SENDING_BACK: ReadonlySet<Action> = new Set(['return', 'resend']);

/** Statuses that no longer count toward the yearly cap. */
export const RELEASED: ReadonlySet<Status> = new Set(TRANSITIONS.filter((t) => ENDING_ACTIONS.has(t.action)).map((t) => t.to));

/** Statuses whose date is the request's decision date (a pre-approval must be approved before enrolment): a yes or a no that settles it. */
export const DECIDED: ReadonlySet<Status> = new Set(
  TRANSITIONS.filter((t) => (t.action === 'approve' || t.action === 'deny') && STATUSES[t.to].waitsOn === null).map((t) => t.to),
);

/** The way a form's request goes when every answer is yes: its statuses in order, from its first step to its last. */
export function mainPath(form: string): Status[] {
  const own = TRANSITIONS.filter((t) => t.form === form && !SENDING_BACK.has(t.action));
  const start = own.find((t) => !own.some((u) => u.to === t.from))?.from;
  const path: Status[] = [];
  for (let at = start; at && !path.includes(at); at = own.find((t) => t.from === at && !ENDING_ACTIONS.has(t.action))?.to) path.push(at);
  return path;
}

/** The statuses of a form's main path from the one a role's approval leads to: e.g. what HR has approved. */
export function approvedBy(form: string, by: Role): Status[] {
  const path = mainPath(form);
  const to = TRANSITIONS.find((t) => t.form === form && t.by === by && t.action === 'approve')?.to;
  return to ? path.slice(path.indexOf(to)) : [];
}

/** Whether a request in this status may be appealed: the task force can overturn it. */
export function appealable(form: string, status: Status): boolean {
  return TRANSITIONS.some((t) => t.form === form && t.from === status && t.by === 'task-force' && t.action === 'overturn');
}

/** Whether a new request of the same form may start from this one: a no that can be sent again, or a plan continued into next year. */
export function startsAgain(form: string, status: Status): boolean {
  return appealable(form, status) || TRANSITIONS.some((t) => t.form === form && t.action === 'continue' && t.to === status);
}

/** The step a returned request goes back to when its requester sends it again; none when this form cannot be returned. */
export function resendsTo(form: string): Status | undefined {
  return TRANSITIONS.find((t) => t.form === form && t.action === 'resend' && t.by === 'employee')?.to;
}

/** Whether the requester may change this request and send it again: it was returned to them. */
export function mayResend(form: string, status: string): boolean {
  return TRANSITIONS.some((t) => t.form === form && t.from === status && t.action === 'resend' && t.by === 'employee');
}

/** Whether a request has had any decision yet: after one, the employee can no longer withdraw it. */
export function hasDecision(history: readonly { action?: string | undefined }[]): boolean {
  return history.some((h) => h.action !== undefined && h.action !== 'withdraw');
}
