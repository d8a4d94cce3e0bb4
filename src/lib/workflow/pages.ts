import type { CatalogCourse } from '../catalog/files.ts';
import { inputId } from '../forms/errors.ts';
import type { AnyForm } from '../forms/form.ts';
import { formById } from '../forms/registry.ts';
import { errorSummaryHtml, renderFormHtml, type RenderableForm } from '../forms/render.ts';
import { formFields, type FieldMeta, type SingleField } from '../forms/walk.ts';
import { breadcrumbs } from '../html/breadcrumbs.ts';
import { errorMessage, errorMessageId } from '../html/error-message.ts';
import { hint, hintId } from '../html/hint.ts';
import { label } from '../html/label.ts';
import { page } from '../html/shell.ts';
import { html, join, type Markup } from '../html/template.ts';
import { formatDate } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import type { Program } from '../program/settings.ts';
import type { StoredFile, StoredSubmission } from '../forms/record.ts';
import { signForm, withdrawForm } from './action-forms.ts';
import { courseOutcomesHtml } from './course-decisions.ts';
import { historyOf } from './act.ts';
import { actionsFor, appealable, hasDecision, LINKED_STEPS, mayResend, resendsTo, ROLE_LABELS, statusLabel, waitsOn } from '../program/routing.ts';
import { approvedHoursOf } from '../store/submissions.ts';
import { formatCents } from '../program/budget.ts';
import { approvingMeans, capLeftNote, expectedBy, historyLine, paidNote } from './request-words.ts';

/**
 * The pages of a request's life: its status for the requester, the decision page
 * a signed link opens, and the answers when a link cannot be used. Rendered by
 * functions with the site's shell, so they look like every other page.
 */
export const STATUS_PATH = '/requests/status/';
export const statusPath = (receipt: string) => `${STATUS_PATH}?receipt=${encodeURIComponent(receipt)}`;

const requestCrumbs = (current: string) => breadcrumbs([{ href: '/', label: 'Home' }, { href: '/requests/', label: 'Your requests' }, { label: current }]);

/** The box to type a receipt in: on /requests/ and again when one is not found. */
export function receiptLookupHtml(value = '', problem?: string): Markup {
  const id = inputId('receipt');
  const describedBy = problem ? `${hintId(id)} ${errorMessageId(id)}` : hintId(id);
  const above = html`${label({ fieldId: id, text: 'Receipt' })}${hint({ fieldId: id, text: 'On the confirmation you saw when you sent the form, like PA-7K2M9Q4XAB.' })}${problem && errorMessage({ fieldId: id, text: problem })}`;
  const input = html`<input class="input input-medium" type="text" id="${id}" name="receipt" value="${value}" autocomplete="off" spellcheck="false" aria-describedby="${describedBy}"${problem && html` aria-invalid="true"`}>`;
  return html`<form class="form" method="get" action="${STATUS_PATH}"><div class="${problem ? 'field field-error' : 'field'}">${above}${input}</div><button type="submit" class="button">Show where it stands</button></form>`;
}

/** The same, as text: for Astro's `set:html`. */
export function receiptLookup(value = '', problem?: string): string {
  return String(receiptLookupHtml(value, problem));
}

export function receiptNotFound(program: Program, typed: string): string {
  const problem = typed ? 'We cannot find a request with that receipt: check it for typing mistakes' : 'Enter the receipt of your request';
  return page(program, {
    title: 'Error: Check a request',
    path: '/requests/',
    body: html`${requestCrumbs('Check a request')}<h1>Check a request</h1>${errorSummaryHtml([{ field: 'receipt', message: problem }])}${receiptLookupHtml(typed, problem)}`,
  });
}

export interface StatusView {
  record: StoredSubmission;
  /** Requests that refer to this one: its appeal, a plan's checkpoint. */
  related: StoredSubmission[];
  problems?: Problem[];
  /** The small form the problems belong to. */
  failed?: 'withdraw' | 'sign';
  values?: unknown;
  notice?: string;
  /** The person signed in. */
  signedIn?: { name: string };
  /** False when the person reading is not the requester (a reviewer, HR): the requester's own steps are not offered. */
  mine?: boolean;
  /** A claim's page: what is left of the yearly cap in the claim's fiscal year. */
  capLeft?: { hours: number; fiscalYear: string };
  /** The catalog, so the request's answers show course names. */
  catalog?: Map<string, CatalogCourse>;
}

/** Where a request stands, for the person who holds its receipt: no name, email or employee ID on it. */
export function statusPage(program: Program, view: StatusView): string {
  const { record } = view;
  const form = formById(record.form)!;
  const history = historyOf(record).map((h, i) => {
    const comment = h.comment && html`<p class="timeline-comment">“${h.comment}”</p>`;
    return html`<li><p>${historyLine(record, i, program.timeZone)}.</p>${comment}</li>`;
  });
  const mine = view.mine !== false;
  // The requester sees what they sent (a teacher signs the plan shown here); a reviewer has the decision page for it.
  const answers =
    mine &&
    html`<details class="answers-details"${record.status === 'evaluator-signed' ? html` open` : ''}><summary>${record.form === 'focus-plan' ? 'Your plan as sent' : 'Your answers as sent'}</summary>${answersList(form, record, view.catalog ?? new Map(), undefined, 'requester')}</details>`;
  const related = view.related.map(
    (r) => html`<li>${formById(r.form)?.name ?? r.form} <a href="${statusPath(r.receipt)}">${r.receipt}</a>: ${statusLabel(r.status).toLowerCase()}</li>`,
  );
  return page(program, {
    title: `${view.problems?.length ? 'Error: ' : ''}${form.name} ${record.receipt}`,
    ...(view.signedIn ? { signedIn: view.signedIn } : {}),
    path: '/requests/',
    body: html`${[
      requestCrumbs(record.receipt),
      errorSummaryHtml(view.problems ?? []),
      view.notice && html`<div class="notice" role="status"><p>${view.notice}</p></div>`,
      html`<h1>${form.name} <span class="receipt-inline">${record.receipt}</span></h1><p class="lede">${record.facts.summary}</p>`,
      html`<div class="panel-status"><h2>Where it stands</h2><p class="status-now" data-status="${record.status}">${mine ? statusLabel(record.status) : aboutRequester(statusLabel(record.status))}</p>${approvedHoursNote(record)}${paidNote(record, program)}${mine && capLeftNote(view.capLeft, program)}${mine && nextStep(program, record, view.related)}</div>`,
      courseOutcomesHtml(record),
      answers,
      mine && actions(form, view),
      related.length > 0 && html`<h2>Linked requests</h2><ul>${related}</ul>`,
      html`<h2>History</h2><ol class="timeline">${history}</ol><p><a href="/requests/">Check another request</a></p>`,
    ]}`,
  });
}

/** Fewer hours than claimed, when HR approved fewer: how many, and why. */
function approvedHoursNote(record: StoredSubmission): Markup | null {
  const approved = approvedHoursOf(record.facts.claim);
  const reason = historyOf(record).findLast((h) => h.action === 'reduce')?.comment;
  const asked = record.facts.reimbursement;
  if (asked?.approvedCents !== undefined) {
    return html`<p data-approved-amount="${asked.approvedCents / 100}">Human Resources approved ${formatCents(asked.approvedCents)} of the ${formatCents(asked.cents)} asked${reason ? html`: “${reason}”` : '.'}</p>`;
  }
  if (approved === undefined) return null;
  return html`<p data-approved-hours="${approved}">Human Resources approved ${approved} of the ${record.facts.claim!.hours} hours claimed${reason ? html`: “${reason}”` : '.'}</p>`;
}

function nextStep(program: Program, record: StoredSubmission, related: StoredSubmission[]): Markup | null {
  const role = waitsOn(record.status);
  const receipt = encodeURIComponent(record.receipt);
  if (record.status in LINKED_STEPS || record.status === 'with-hr' || record.status === 'with-task-force') {
    const who = ROLE_LABELS[role!];
    return html`<p>${who} is asked to decide within ${program.decisionDeadlineDays} working days of receiving it: expected by ${expectedBy(record, program)}. If you hear nothing by then, contact the Professional Development Office.</p>`;
  }
  if (record.status === 'active') {
    const date = record.data['checkpointDate'];
    const on = typeof date === 'string' && `, ${formatDate(date)}`;
    return html`<p>Carry out your action steps. Before your checkpoint date${on}, send <a href="/forms/focus-plan-checkpoint/">the checkpoint form</a> with this receipt.</p>`;
  }
  if (mayResend(record.form, record.status)) {
    const note = historyOf(record).findLast((h) => h.action === 'return');
    const who = note ? note.by : 'The person deciding';
    return html`<p>${who} returned your request for more information${note?.comment ? html`: “${note.comment}”` : '.'}</p><p><a href="/forms/${record.form}/from/?receipt=${receipt}">Change your request and send it again</a>. It keeps its receipt and its history, and goes back to ${ROLE_LABELS[waitsOn(resendsTo(record.form)!)!].toLowerCase()}.</p>`;
  }
  if (record.status === 'denied') {
    const appealed = related.find((r) => r.form === 'appeal');
    if (appealed) return html`<p>You appealed this decision (<a href="${statusPath(appealed.receipt)}">${appealed.receipt}</a>).</p>`;
    // Only what the task force can overturn is offered an appeal (a reimbursement's denial is not).
    return appealable(record.form, record.status)
      ? html`<p>You can <a href="/forms/appeal/from/?receipt=${receipt}">appeal the decision</a> to the professional-growth task force, or <a href="/forms/${record.form}/from/?receipt=${receipt}">start a new request from this one</a>.</p>`
      : html`<p>This decision cannot be appealed. If something has changed, you can <a href="/forms/${record.form}/">send a new request</a>.</p>`;
  }
  if (record.status === 'continued') {
    return html`<p>Your plan continues next year. <a href="/forms/focus-plan/from/?receipt=${receipt}">Start next year’s plan from this one</a>.</p>`;
  }
  if (record.status === 'with-payroll')
    return html`<p>Payroll pays it with a coming pay run; this page shows the amount and the date once payroll records it.</p>`;
  if (role && role !== 'employee') return html`<p>Waiting for ${ROLE_LABELS[role].toLowerCase()}.</p>`;
  return null;
}

function actions(form: AnyForm, view: StatusView): Markup[] {
  const { record } = view;
  const out: Markup[] = [];
  const problemsFor = (which: 'withdraw' | 'sign') => (view.failed === which ? view.problems : undefined);
  const hidden = { receipt: record.receipt };
  if (actionsFor(record.form, record.status, 'employee').some((t) => t.action === 'sign')) {
    const values = view.failed === 'sign' ? view.values : undefined;
    out.push(
      html`<h2>Sign your plan</h2><p>Your evaluator has signed. Sign once you have met and agree to the plan.</p>${smallForm(signForm, { href: '/requests/sign/', hidden }, problemsFor('sign'), values)}`,
    );
  }
  if (actionsFor(record.form, record.status, 'employee').some((t) => t.action === 'withdraw') && !hasDecision(historyOf(record))) {
    out.push(
      html`<h2>Withdraw</h2><p>You can withdraw this ${form.name.toLowerCase()} until the first decision on it.</p>${smallForm(withdrawForm, { href: '/requests/withdraw/', hidden }, problemsFor('withdraw'), undefined)}`,
    );
  }
  return out;
}

function smallForm(form: RenderableForm, action: { href: string; hidden: Record<string, string> }, problems: Problem[] | undefined, values: unknown): Markup {
  // The summary is shown once at the top of the page; the fields carry their own messages.
  return renderFormHtml(form, { catalog: [], action, values, problems: problems ?? [], summary: false });
}

/** A form's section titles speak to the requester ("About you"); the person deciding reads them about the requester. */
const READER_TITLES: Record<string, string> = {
  'About you': 'The requester',
  'Your supervisor': 'Supervisor',
  'Your evaluator': 'Evaluator',
  'Your plan': 'The plan',
  'Your progress': 'Progress',
  'Your views': 'Views',
  'About you (optional)': 'The requester',
};
const forReader = (title: string) => READER_TITLES[title] ?? title;

/** A status label ("With your supervisor") as someone other than the requester reads it. */
const aboutRequester = (label: string) => label.replace(/\byour\b/g, 'the').replace(/\byou\b/g, 'the requester');

/** What the person answered in a choice: its label, never the stored value. */
const choiceLabel = (meta: FieldMeta, value: string) => meta.options?.find((o) => o.value === value)?.label ?? value;

/**
 * A long answer as it was typed: its lines kept, and steps numbered "1." or
 * bulleted "-" read as a list (a plan's action steps).
 */
export function multilineAnswer(text: string): Markup {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const numbered = /^\d+[.)]\s+/;
  const bulleted = /^[-*•]\s+/;
  if (lines.length > 1 && lines.every((l) => numbered.test(l)))
    return html`<ol class="answer-list">${lines.map((l) => html`<li>${l.replace(numbered, '')}</li>`)}</ol>`;
  if (lines.length > 1 && lines.every((l) => bulleted.test(l)))
    return html`<ul class="answer-list">${lines.map((l) => html`<li>${l.replace(bulleted, '')}</li>`)}</ul>`;
  return join(
    lines.map((l) => html`${l}`),
    html`<br>`,
  );
}

/** Every answer of a request, by its label: for the person who decides on it, or the requester reading what they sent. */
export function answersList(
  form: AnyForm,
  record: StoredSubmission,
  catalog: Map<string, CatalogCourse>,
  fileHref?: (index: number) => string,
  reader: 'reviewer' | 'requester' = 'reviewer',
): Markup {
  const fileName = (file: StoredFile) => {
    const index = record.files.indexOf(file);
    return fileHref ? html`<a href="${fileHref(index)}" download>${file.name}</a>` : file.name;
  };
  const show = (value: unknown, kind: string, meta: FieldMeta): string | Markup => {
    if (kind === 'checkbox') return value === true ? 'Yes' : 'No';
    if (kind === 'select' && typeof value === 'string') return catalog.get(value)?.title ?? choiceLabel(meta, value);
    if (kind === 'radios' && typeof value === 'string') return choiceLabel(meta, value);
    if (kind === 'textarea' && typeof value === 'string' && value.trim()) return multilineAnswer(value);
    if (kind === 'date' && typeof value === 'string') return formatDate(value);
    return value === undefined || value === '' ? 'Not given' : String(value);
  };
  // A file's answer is the files sent for its path (lines.0.evidence in a course row); any other, the value.
  const answer = (field: SingleField, path: string, value: unknown): Markup[] => {
    if (field.kind !== 'file') return [html`<dt>${field.meta.label}</dt><dd>${show(value, field.kind, field.meta)}</dd>`];
    const files = record.files.filter((f) => f.field === path);
    return files.length ? [html`<dt>${field.meta.label}</dt><dd>${join(files.map(fileName), ', ')}</dd>`] : [];
  };
  const fields = new Map(formFields(form).map((f) => [f.name, f]));
  const sections = form.sections.map((section) => {
    const rows = section.fields.flatMap((name) => {
      const field = fields.get(name);
      // The requester's page names nobody: the roster's facts about them are not repeated there.
      if (!field || (reader === 'requester' && field.kind !== 'repeat' && field.meta.fromRoster)) return [];
      if (field.kind !== 'repeat') return answer(field, name, record.data[name]);
      const items = Array.isArray(record.data[name]) ? (record.data[name] as Record<string, unknown>[]) : [];
      return items.map((item, i) => {
        // A row shows what was answered in it: a question left blank is not listed.
        const inner = field.fields.flatMap((f) => (f.kind !== 'file' && item[f.name] === undefined ? [] : answer(f, `${name}.${i}.${f.name}`, item[f.name])));
        return html`<dt>${field.meta.itemLabel} ${i + 1}</dt><dd><dl class="answers answers-nested">${inner}</dl></dd>`;
      });
    });
    if (rows.length === 0) return null;
    const title = section.title && (reader === 'reviewer' ? forReader(section.title) : section.title);
    return html`${title && html`<h3>${title}</h3>`}<dl class="answers">${rows}</dl>`;
  });
  return html`${sections}`;
}

export interface DecisionView {
  record: StoredSubmission;
  token: string;
  form: RenderableForm;
  related: StoredSubmission[];
  catalog: Map<string, CatalogCourse>;
  problems?: Problem[];
  values?: unknown;
  /** The person signed in: the link's addressee, or HR. */
  signedIn: { name: string };
}

/** What a signed link opens: the request, then the decision. */
export function decisionPage(program: Program, view: DecisionView): string {
  const { record } = view;
  const form = formById(record.form)!;
  const related = view.related.map((r) => {
    const relatedForm = formById(r.form);
    // A checkpoint's evidence opens through the same link as the plan's own files.
    const relatedFile = (n: number) => `/decide/file/?token=${encodeURIComponent(view.token)}&from=${encodeURIComponent(r.receipt)}&file=${n}`;
    return relatedForm && html`<h2>${relatedForm.name} ${r.receipt}</h2>${answersList(relatedForm, r, view.catalog, relatedFile)}`;
  });
  const values = view.values ?? {};
  const fileHref = (n: number) => `/decide/file/?token=${encodeURIComponent(view.token)}&file=${n}`;
  const who = String(record.data['fullName'] ?? '') || 'The requester';
  return page(program, {
    title: `${view.problems?.length ? 'Error: ' : ''}Decide on ${form.name.toLowerCase()} ${record.receipt}`,
    path: '/decide/',
    signedIn: view.signedIn,
    body: html`${[
      // On a phone the form is far below: a refused decision answers with its problems first, focused.
      errorSummaryHtml(view.problems ?? [], { focusOnLoad: true }),
      html`<h1>${form.name} <span class="receipt-inline">${record.receipt}</span></h1>`,
      html`<p class="lede">${who} sent this on ${formatDate(record.submittedOn)}. It is waiting for your ${WAITING_FOR[record.status] ?? 'decision'}, expected by ${expectedBy(record, program)}.</p>`,
      html`<p><a href="#decide">Go to your decision</a></p>`,
      answersList(form, record, view.catalog, fileHref),
      related,
      html`<h2 id="decide">Your decision</h2>`,
      approvingMeans(record, program),
      renderFormHtml(view.form, {
        catalog: [],
        action: { href: '/decide/', hidden: { token: view.token } },
        values,
        problems: view.problems ?? [],
        summary: false,
      }),
    ]}`,
  });
}

/** What the step a link opens asks of its reviewer. */
const WAITING_FOR: Partial<Record<string, string>> = { 'with-evaluator': 'review and signature', 'checkpoint-received': 'decision at the final conference' };

export function decisionRecordedPage(program: Program, record: StoredSubmission, signedIn: { name: string }): string {
  const form = formById(record.form)!;
  return page(program, {
    title: 'Decision recorded',
    path: '/decide/',
    signedIn,
    body: html`${[
      html`<div class="panel-confirmation"><h1>Decision recorded</h1><p>${form.name} ${record.receipt} is now ${statusLabel(record.status).toLowerCase()}.</p></div>`,
      html`<p>The requester is told. This link cannot be used again.</p><p><a href="/">Go to the Professional Growth home page</a></p>`,
    ]}`,
  });
}

export type LinkProblem = 'invalid' | 'expired' | 'used' | 'replaced' | 'not-found' | 'not-yours';

const LINK_PROBLEMS: Record<LinkProblem, { status: number; title: string; text: string }> = {
  invalid: {
    status: 403,
    title: 'This link is not valid',
    text: 'The link may have been cut short or changed when it was copied. Open it again from the email, or ask the Professional Development Office for a new one.',
  },
  expired: {
    status: 410,
    title: 'This link has expired',
    text: 'Decision links work for a limited time. Ask the Professional Development Office for a new link to this request.',
  },
  used: {
    status: 409,
    title: 'This decision has already been made',
    text: 'Each link records one decision, and this one has been used. If the decision was wrong, contact the Professional Development Office.',
  },
  replaced: {
    status: 410,
    title: 'This link has been replaced',
    text: 'A newer link to this request was sent, and only the newest one works. Open the latest email, or ask the Professional Development Office for a new link.',
  },
  'not-yours': {
    status: 403,
    title: 'This link was sent to someone else',
    text: 'A decision link works only for the person it was sent to, signed in with their own account. If this decision is yours to make, sign out and sign in as yourself, or ask the Professional Development Office to send the link to you.',
  },
  'not-found': {
    status: 404,
    title: 'We cannot find this request',
    text: 'The request may have been removed. Contact the Professional Development Office.',
  },
};

export function linkProblem(program: Program, problem: LinkProblem, record?: StoredSubmission): { status: number; body: string } {
  const { status, title, text } = LINK_PROBLEMS[problem];
  const where =
    record &&
    html`<p>${formById(record.form)?.name ?? 'Request'} <span class="receipt-inline">${record.receipt}</span> is ${statusLabel(record.status).toLowerCase()}.</p>`;
  return {
    status,
    body: page(program, {
      title: `Error: ${title}`,
      path: '/decide/',
      body: html`<h1>${title}</h1>${where}<p>${text}</p><p><a href="/">Go to the Professional Growth home page</a></p>`,
    }),
  };
}
