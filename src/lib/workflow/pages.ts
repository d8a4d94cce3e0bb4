import type { CatalogCourse } from '../catalog/files.ts';
import { inputId } from '../forms/errors.ts';
import type { AnyForm } from '../forms/form.ts';
import { formById } from '../forms/registry.ts';
import { errorSummaryHtml, renderFormHtml, type RenderableForm } from '../forms/render.ts';
import { formFields, type SingleField } from '../forms/walk.ts';
import { breadcrumbs } from '../html/breadcrumbs.ts';
import { errorMessage, errorMessageId } from '../html/error-message.ts';
import { hint, hintId } from '../html/hint.ts';
import { label } from '../html/label.ts';
import { page } from '../html/shell.ts';
import { html, join, type Markup } from '../html/template.ts';
import { formatDate, today } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import type { Program } from '../program/settings.ts';
import type { StoredFile, StoredSubmission } from '../forms/record.ts';
import { signForm, withdrawForm } from './action-forms.ts';
import { decisionDueOn, historyOf } from './act.ts';
import { actionsFor, hasDecision, mayResend, resendsTo, ROLE_LABELS, statusLabel, waitsOn } from '../program/routing.ts';
import { approvedHoursOf } from '../store/submissions.ts';

/**
 * The pages of a request's life: its status for the requester, the decision page
 * a signed link opens, and the answers when a link cannot be used. Rendered by
 * functions with the site's shell, so they look like every other page.
 */
export const STATUS_PATH = '/requests/status/';
export const statusPath = (receipt: string) => `${STATUS_PATH}?receipt=${encodeURIComponent(receipt)}`;

const dateOf = (iso: string, timeZone: string) => formatDate(today(new Date(iso), timeZone));

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
}

/** Where a request stands, for the person who holds its receipt: no name, email or employee ID on it. */
export function statusPage(program: Program, view: StatusView): string {
  const { record } = view;
  const form = formById(record.form)!;
  const history = historyOf(record).map((h, i) => {
    const who = i === 0 ? 'Sent by you' : h.action === 'withdraw' ? 'By you' : `By ${h.by}`;
    const comment = h.comment && html`<p class="timeline-comment">“${h.comment}”</p>`;
    return html`<li><p><strong>${i === 0 ? 'Received' : statusLabel(h.status)}</strong>, ${dateOf(h.on, program.timeZone)}. ${who}.</p>${comment}</li>`;
  });
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
      html`<div class="panel-status"><h2>Where it stands</h2><p class="status-now" data-status="${record.status}">${statusLabel(record.status)}</p>${approvedHoursNote(record)}${view.mine !== false && nextStep(program, record, view.related)}</div>`,
      view.mine !== false && actions(form, view),
      related.length > 0 && html`<h2>Linked requests</h2><ul>${related}</ul>`,
      html`<h2>History</h2><ol class="timeline">${history}</ol><p><a href="/requests/">Check another request</a></p>`,
    ]}`,
  });
}

/** Fewer hours than claimed, when HR approved fewer: how many, and why. */
function approvedHoursNote(record: StoredSubmission): Markup | null {
  const approved = approvedHoursOf(record.facts.claim);
  if (approved === undefined) return null;
  const reason = historyOf(record).findLast((h) => h.action === 'reduce')?.comment;
  return html`<p data-approved-hours="${approved}">Human Resources approved ${approved} of the ${record.facts.claim!.hours} hours claimed${reason ? html`: “${reason}”` : '.'}</p>`;
}

function nextStep(program: Program, record: StoredSubmission, related: StoredSubmission[]): Markup | null {
  const role = waitsOn(record.status);
  const receipt = encodeURIComponent(record.receipt);
  if (record.status === 'with-supervisor') {
    const due = formatDate(decisionDueOn(record, program));
    return html`<p>Your supervisor is asked to decide within ${program.decisionDeadlineDays} working days, by ${due}. If you hear nothing by then, contact the Professional Development Office.</p>`;
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
    return appealed
      ? html`<p>You appealed this decision (<a href="${statusPath(appealed.receipt)}">${appealed.receipt}</a>).</p>`
      : html`<p>You can <a href="/forms/appeal/from/?receipt=${receipt}">appeal the decision</a> to the professional-growth task force, or <a href="/forms/${record.form}/from/?receipt=${receipt}">start a new request from this one</a>.</p>`;
  }
  if (record.status === 'continued') {
    return html`<p>Your plan continues next year. <a href="/forms/focus-plan/from/?receipt=${receipt}">Start next year’s plan from this one</a>.</p>`;
  }
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

/** Every answer of a request, by its label, for the person who decides on it. */
export function answersList(form: AnyForm, record: StoredSubmission, catalog: Map<string, CatalogCourse>, fileHref?: (index: number) => string): Markup {
  const fileName = (file: StoredFile) => {
    const index = record.files.indexOf(file);
    return fileHref ? html`<a href="${fileHref(index)}" download>${file.name}</a>` : file.name;
  };
  const show = (value: unknown, kind: string): string => {
    if (kind === 'checkbox') return value === true ? 'Yes' : 'No';
    if (kind === 'select' && typeof value === 'string') return catalog.get(value)?.title ?? value;
    if (kind === 'date' && typeof value === 'string') return formatDate(value);
    return value === undefined || value === '' ? 'Not given' : String(value);
  };
  // A file's answer is the files sent for its path (lines.0.evidence in a course row); any other, the value.
  const answer = (field: SingleField, path: string, value: unknown): Markup[] => {
    if (field.kind !== 'file') return [html`<dt>${field.meta.label}</dt><dd>${show(value, field.kind)}</dd>`];
    const files = record.files.filter((f) => f.field === path);
    return files.length ? [html`<dt>${field.meta.label}</dt><dd>${join(files.map(fileName), ', ')}</dd>`] : [];
  };
  const fields = new Map(formFields(form).map((f) => [f.name, f]));
  const sections = form.sections.map((section) => {
    const rows = section.fields.flatMap((name) => {
      const field = fields.get(name);
      if (!field) return [];
      if (field.kind !== 'repeat') return answer(field, name, record.data[name]);
      const items = Array.isArray(record.data[name]) ? (record.data[name] as Record<string, unknown>[]) : [];
      return items.map((item, i) => {
        // A row shows what was answered in it: a question left blank is not listed.
        const inner = field.fields.flatMap((f) => (f.kind !== 'file' && item[f.name] === undefined ? [] : answer(f, `${name}.${i}.${f.name}`, item[f.name])));
        return html`<dt>${field.meta.itemLabel} ${i + 1}</dt><dd><dl class="answers answers-nested">${inner}</dl></dd>`;
      });
    });
    return html`${section.title && html`<h3>${forReader(section.title)}</h3>`}<dl class="answers">${rows}</dl>`;
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
  return page(program, {
    title: `${view.problems?.length ? 'Error: ' : ''}Decide on ${form.name.toLowerCase()} ${record.receipt}`,
    path: '/decide/',
    signedIn: view.signedIn,
    body: html`${[
      html`<h1>${form.name} <span class="receipt-inline">${record.receipt}</span></h1>`,
      html`<p class="lede">${String(record.data['fullName'] ?? '')} sent this on ${formatDate(record.submittedOn)}. It is ${statusLabel(record.status).toLowerCase()}.</p>`,
      answersList(form, record, view.catalog, fileHref),
      related,
      html`<h2>Decide</h2>`,
      renderFormHtml(view.form, { catalog: [], action: { href: '/decide/', hidden: { token: view.token } }, values, problems: view.problems ?? [] }),
    ]}`,
  });
}

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
