import type { PlanAssignment } from '../forms/assignment.ts';
import { inputId } from '../forms/errors.ts';
import { lastCheckpointFor } from '../forms/focus-plan.ts';
import { errorSummaryHtml } from '../forms/render.ts';
import { metaOf } from '../forms/walk.ts';
import { valueAt } from '../http/form-data.ts';
import { breadcrumbs } from '../html/breadcrumbs.ts';
import { errorMessage, errorMessageId } from '../html/error-message.ts';
import { hint, hintId } from '../html/hint.ts';
import { label } from '../html/label.ts';
import { page } from '../html/shell.ts';
import { html, type Markup } from '../html/template.ts';
import { fiscalYearLabel, formatDate, type IsoDate } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import { statusLabel, type Status } from '../program/routing.ts';
import type { Program } from '../program/settings.ts';
import { ASSIGN_PATH, assignable, assignSchema, type TeacherPlan } from './assign.ts';
import { statusPath } from './pages.ts';

/** The evaluator's page: where each teacher's plan stands this school year, and the form that assigns new ones. */
export interface AssignView {
  rows: TeacherPlan[];
  today: IsoDate;
  schoolYear: number;
  signedIn: { name: string };
  problems?: Problem[];
  values?: Record<string, unknown>;
  /** How many plans were just assigned, after a post. */
  assigned?: number;
}

const TITLE = 'Assign focus plans';
const crumbs = () => breadcrumbs([{ href: '/', label: 'Home' }, { label: TITLE }]);

/** A plan's status as its evaluator reads it: the status labels speak to the teacher. */
const FOR_EVALUATOR: Partial<Record<Status, string>> = {
  'with-evaluator': 'waiting for your review',
  'evaluator-signed': 'signed by you, waiting for the teacher’s signature',
  returned: 'returned to the teacher for changes',
  active: 'signed by both: in progress',
};

/** Where a teacher's plan stands, in the words of the list. */
function planState(row: TeacherPlan, today: IsoDate): Markup {
  const { plan, assignment } = row;
  if (plan) {
    const due = typeof plan.data['checkpointDate'] === 'string' ? plan.data['checkpointDate'] : undefined;
    const link = html`<a href="${statusPath(plan.receipt)}">${plan.receipt}</a>`;
    const checkpoint = plan.status === 'active' && due && html`<br>Checkpoint ${due < today ? 'was due' : 'due'} ${formatDate(due)}`;
    return html`Plan sent: ${link}, ${FOR_EVALUATOR[plan.status] ?? statusLabel(plan.status).toLowerCase()}${checkpoint}`;
  }
  if (assignment) return html`Assigned on ${formatDate(assignment.assignedOn)} by ${assignment.evaluatorName}; no plan sent yet`;
  return html`No plan`;
}

function teacherTable(view: AssignView, program: Program): Markup {
  const rows = view.rows.map(
    (row) => html`<tr><th scope="row">${row.teacher.name}</th><td>${row.teacher.site}</td><td>${planState(row, view.today)}</td></tr>`,
  );
  const year = fiscalYearLabel(view.schoolYear, program.fiscalYearStart);
  return html`<table class="pay-table"><caption>Teachers you evaluate, school year ${year}</caption><thead><tr><th scope="col">Teacher</th><th scope="col">Site</th><th scope="col">Focus plan</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const fieldClass = (error: string | undefined) => (error ? 'field field-error' : 'field');
const describedBy = (id: string, error: string | undefined) => html` aria-describedby="${error ? `${hintId(id)} ${errorMessageId(id)}` : hintId(id)}"`;

function teacherChoices(rows: TeacherPlan[], chosen: unknown, error: string | undefined): Markup {
  const id = inputId('teachers');
  const ticked = new Set(Array.isArray(chosen) ? chosen.map(String) : []);
  const boxes = rows.map((row, i) => {
    const boxId = i === 0 ? id : `${id}-${i}`;
    const checked = ticked.has(row.teacher.employeeId) && html` checked`;
    return html`<div class="checkbox"><input type="checkbox" id="${boxId}" name="teachers" value="${row.teacher.employeeId}"${checked}>${label({ fieldId: boxId, text: `${row.teacher.name}, ${row.teacher.jobTitle}`, classes: '' })}</div>`;
  });
  return html`<div class="${fieldClass(error)}" data-field="teachers"><fieldset class="fieldset"${describedBy(id, error)}><legend class="legend">Teachers to assign a plan to</legend>${hint({ fieldId: id, text: 'Select one or more. Teachers already assigned a plan, or who sent one, this school year are not listed.' })}${error && errorMessage({ fieldId: id, text: error })}${boxes}</fieldset></div>`;
}

function dateField(value: unknown, error: string | undefined, latest: IsoDate): Markup {
  const id = inputId('checkpointDate');
  const meta = metaOf(assignSchema.shape.checkpointDate)!;
  const text = `The teacher’s form starts with it, and they may change it: no later than ${formatDate(latest)}, the district’s last checkpoint date.`;
  const invalid = error && html` aria-invalid="true"`;
  return html`<div class="${fieldClass(error)}" data-field="checkpointDate">${label({ fieldId: id, text: meta.label, optional: true })}${hint({ fieldId: id, text })}${error && errorMessage({ fieldId: id, text: error })}<input class="input" type="date" id="${id}" name="checkpointDate" value="${typeof value === 'string' ? value : ''}"${describedBy(id, error)}${invalid}></div>`;
}

function noteField(value: unknown, error: string | undefined): Markup {
  const id = inputId('note');
  const meta = metaOf(assignSchema.shape.note)!;
  const invalid = error && html` aria-invalid="true"`;
  return html`<div class="${fieldClass(error)}" data-field="note">${label({ fieldId: id, text: meta.label, optional: true })}${hint({ fieldId: id, text: 'In the email, and above the form when they open it.' })}${error && errorMessage({ fieldId: id, text: error })}<textarea class="textarea" id="${id}" name="note" rows="3"${describedBy(id, error)}${invalid}>${typeof value === 'string' ? value : ''}</textarea></div>`;
}

function assignForm(view: AssignView, program: Program): Markup {
  const open = view.rows.filter(assignable);
  if (open.length === 0) return html`<p>Every teacher you evaluate has been assigned a plan, or has sent one, this school year.</p>`;
  const errors = new Map((view.problems ?? []).map((p) => [p.field, p.message]));
  const values = view.values ?? {};
  return html`<form class="form" method="post" action="${ASSIGN_PATH}" novalidate>${[
    teacherChoices(open, valueAt(values, 'teachers'), errors.get('teachers')),
    dateField(valueAt(values, 'checkpointDate'), errors.get('checkpointDate'), lastCheckpointFor(view.today, program)),
    noteField(valueAt(values, 'note'), errors.get('note')),
  ]}<button type="submit" class="button">Assign and email the teachers</button></form>`;
}

export function assignPage(program: Program, view: AssignView): string {
  const refused = (view.problems?.length ?? 0) > 0;
  const done =
    view.assigned !== undefined &&
    html`<div class="notice" role="status"><p>${view.assigned === 1 ? 'You assigned 1 plan.' : `You assigned ${view.assigned} plans.`} Each teacher is emailed a link to the focus-plan form.</p></div>`;
  return page(program, {
    title: refused ? `Error: ${TITLE}` : TITLE,
    path: ASSIGN_PATH,
    signedIn: view.signedIn,
    body: html`${crumbs()}<h1>${TITLE}</h1><p class="lede">Ask the teachers you evaluate to start a professional-learning focus plan (<a href="/policies/4330/">BP 4330</a>). Each teacher is emailed a link to the <a href="/forms/focus-plan/">focus-plan form</a>, which tells them you asked and starts with the checkpoint date you propose.</p>${done}${refused && errorSummaryHtml(view.problems!)}${teacherTable(view, program)}<h2>Assign a plan</h2>${assignForm(view, program)}`,
  });
}

/** Why the page cannot be used or a post was refused before anything was stored: evaluating no teacher, another's teacher, a post from elsewhere. */
export const REFUSALS = {
  'not-an-evaluator': 'HR’s staff roster names you as the evaluator of no active teacher, so there is no one for you to assign a focus plan to.',
  'not-your-teacher': 'You can assign a focus plan only to teachers HR’s staff roster says you evaluate. Nothing was assigned.',
  'not-from-this-site': 'Plans can only be assigned from this site’s pages. Nothing was assigned.',
} as const;

export function assignRefusedPage(program: Program, why: keyof typeof REFUSALS | { message: string }, signedIn?: { name: string }): string {
  const contact = program.contacts[0]!;
  const message = typeof why === 'string' ? REFUSALS[why] : why.message;
  const roster =
    (why === 'not-an-evaluator' || why === 'not-your-teacher') &&
    html`<p>If the roster is wrong, contact ${contact.name} at <a href="mailto:${contact.email}">${contact.email}</a>.</p>`;
  const back = why !== 'not-an-evaluator' && html`<p><a href="${ASSIGN_PATH}">Back to your teachers</a></p>`;
  return page(program, {
    title: `Error: ${TITLE}`,
    path: ASSIGN_PATH,
    ...(signedIn ? { signedIn } : {}),
    body: html`${crumbs()}<h1>${TITLE}</h1>${errorSummaryHtml([{ field: '', message }])}${roster}${back}`,
  });
}

/** Above the teacher's focus-plan form: who asked for the plan, when, and with what words. */
export function assignmentNotice(assignment: PlanAssignment): Markup {
  const dated =
    assignment.checkpointDate &&
    html` The checkpoint date they proposed, ${formatDate(assignment.checkpointDate)}, is filled in: change it if you agree on another.`;
  const note = assignment.note && html`<p>Their note:</p><blockquote class="timeline-comment">“${assignment.note}”</blockquote>`;
  return html`<div class="notice"><p>Your evaluator ${assignment.evaluatorName} asked you to start a plan on ${formatDate(assignment.assignedOn)}.${dated}</p>${note}</div>`;
}
