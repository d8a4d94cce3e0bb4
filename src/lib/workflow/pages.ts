import { escape } from 'html-escaper';
import type { z } from 'zod';
import type { CatalogCourse } from '../catalog/files.ts';
import { metaOf } from '../forms/fields.ts';
import type { AnyForm } from '../forms/form.ts';
import { formById } from '../forms/registry.ts';
import { errorSummary, renderForm, type RenderableForm } from '../forms/render.ts';
import { page } from '../html/shell.ts';
import { formatDate, today } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import type { Program } from '../program/settings.ts';
import type { StoredFile, StoredSubmission } from '../forms/record.ts';
import { signForm, withdrawForm } from './action-forms.ts';
import { decisionDueOn, historyOf } from './act.ts';
import { actionsFor, hasDecision, ROLE_LABELS, statusLabel, waitsOn } from '../program/routing.ts';

/**
 * The pages of a request's life: its status for the requester, the decision page
 * a signed link opens, and the answers when a link cannot be used. Rendered by
 * functions with the site's shell, so they look like every other page.
 */
export const STATUS_PATH = '/requests/status/';
export const statusPath = (receipt: string) => `${STATUS_PATH}?receipt=${encodeURIComponent(receipt)}`;

const dateOf = (iso: string) => formatDate(today(new Date(iso)));

function breadcrumbs(current: string): string {
  return (
    `<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>` +
    `<li><a href="/requests/">Your requests</a></li><li>${escape(current)}</li></ol></nav>`
  );
}

/** The box to type a receipt in: on /requests/ and again when one is not found. */
export function receiptLookup(value = '', problem?: string): string {
  const error = problem ? `<p class="error-message" id="f-receipt-error"><span class="visually-hidden">Error:</span> ${escape(problem)}</p>` : '';
  return (
    `<form class="form" method="get" action="${STATUS_PATH}">` +
    `<div class="field${problem ? ' field-error' : ''}"><label class="label" for="f-receipt">Receipt</label>` +
    `<p class="hint" id="f-receipt-hint">On the confirmation you saw when you sent the form, like PA-7K2M9Q4XAB.</p>${error}` +
    `<input class="input input-medium" type="text" id="f-receipt" name="receipt" value="${escape(value)}" autocomplete="off" spellcheck="false"` +
    ` aria-describedby="f-receipt-hint${problem ? ' f-receipt-error' : ''}"${problem ? ' aria-invalid="true"' : ''}></div>` +
    `<button type="submit" class="button">Show where it stands</button></form>`
  );
}

export function receiptNotFound(program: Program, typed: string): string {
  const problem = typed ? 'We cannot find a request with that receipt: check it for typing mistakes' : 'Enter the receipt of your request';
  return page(program, {
    title: 'Error: Check a request',
    path: '/requests/',
    body: `${breadcrumbs('Check a request')}<h1>Check a request</h1>` + errorSummary([{ field: 'receipt', message: problem }]) + receiptLookup(typed, problem),
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
}

/** Where a request stands, for the person who holds its receipt: no name, email or employee ID on it. */
export function statusPage(program: Program, view: StatusView): string {
  const { record } = view;
  const form = formById(record.form)!;
  const history = historyOf(record)
    .map((h, i) => {
      const who = i === 0 ? 'Sent by you' : h.action === 'withdraw' ? 'By you' : `By ${escape(h.by)}`;
      const comment = h.comment ? `<p class="timeline-comment">“${escape(h.comment)}”</p>` : '';
      return `<li><p><strong>${escape(i === 0 ? 'Received' : statusLabel(h.status))}</strong>, ${escape(dateOf(h.on))}. ${who}.</p>${comment}</li>`;
    })
    .join('');
  const related = view.related
    .map(
      (r) =>
        `<li>${escape(formById(r.form)?.name ?? r.form)} <a href="${statusPath(r.receipt)}">${escape(r.receipt)}</a>: ${escape(statusLabel(r.status).toLowerCase())}</li>`,
    )
    .join('');
  const notice = view.notice ? `<div class="notice" role="status"><p>${escape(view.notice)}</p></div>` : '';
  const errors = view.problems?.length ? errorSummary(view.problems) : '';
  return page(program, {
    title: `${view.problems?.length ? 'Error: ' : ''}${form.name} ${record.receipt}`,
    path: '/requests/',
    body:
      `${breadcrumbs(record.receipt)}${errors}${notice}<h1>${escape(form.name)} <span class="receipt-inline">${escape(record.receipt)}</span></h1>` +
      `<p class="lede">${escape(record.facts.summary)}</p>` +
      `<div class="panel-status"><h2>Where it stands</h2><p class="status-now" data-status="${escape(record.status)}">${escape(statusLabel(record.status))}</p>` +
      `${nextStep(program, record, view.related)}</div>` +
      actions(program, form, view) +
      (related ? `<h2>Linked requests</h2><ul>${related}</ul>` : '') +
      `<h2>History</h2><ol class="timeline">${history}</ol>` +
      `<p><a href="/requests/">Check another request</a></p>`,
  });
}

function nextStep(program: Program, record: StoredSubmission, related: StoredSubmission[]): string {
  const role = waitsOn(record.status);
  if (record.status === 'with-supervisor') {
    const due = decisionDueOn(record, program);
    return `<p>Your supervisor is asked to decide within ${program.decisionDeadlineDays} working days, by ${escape(formatDate(due))}. If you hear nothing by then, contact the Professional Development Office.</p>`;
  }
  if (record.status === 'active') {
    const date = record.data['checkpointDate'];
    return `<p>Carry out your action steps. Before your checkpoint date${typeof date === 'string' ? `, ${escape(formatDate(date))}` : ''}, send <a href="/forms/focus-plan-checkpoint/">the checkpoint form</a> with this receipt.</p>`;
  }
  if (record.status === 'denied') {
    const appealed = related.find((r) => r.form === 'appeal');
    return appealed
      ? `<p>You appealed this decision (<a href="${statusPath(appealed.receipt)}">${escape(appealed.receipt)}</a>).</p>`
      : `<p>You can <a href="/forms/appeal/from/?receipt=${encodeURIComponent(record.receipt)}">appeal the decision</a> to the professional-growth task force, or <a href="/forms/${record.form}/from/?receipt=${encodeURIComponent(record.receipt)}">start a new request from this one</a>.</p>`;
  }
  if (record.status === 'continued') {
    return `<p>Your plan continues next year. <a href="/forms/focus-plan/from/?receipt=${encodeURIComponent(record.receipt)}">Start next year’s plan from this one</a>.</p>`;
  }
  if (role && role !== 'employee') return `<p>Waiting for ${escape(ROLE_LABELS[role].toLowerCase())}.</p>`;
  return '';
}

function actions(program: Program, form: AnyForm, view: StatusView): string {
  const { record } = view;
  const out: string[] = [];
  const problemsFor = (which: 'withdraw' | 'sign') => (view.failed === which ? view.problems : undefined);
  const hidden = { receipt: record.receipt };
  if (actionsFor(record.form, record.status, 'employee').some((t) => t.action === 'sign')) {
    out.push(
      `<h2>Sign your plan</h2><p>Your evaluator has signed. Sign once you have met and agree to the plan.</p>` +
        smallForm(signForm, { href: '/requests/sign/', hidden }, problemsFor('sign'), view.failed === 'sign' ? view.values : undefined),
    );
  }
  if (actionsFor(record.form, record.status, 'employee').some((t) => t.action === 'withdraw') && !hasDecision(historyOf(record))) {
    out.push(
      `<h2>Withdraw</h2><p>You can withdraw this ${escape(form.name.toLowerCase())} until the first decision on it.</p>` +
        smallForm(withdrawForm, { href: '/requests/withdraw/', hidden }, problemsFor('withdraw'), undefined),
    );
  }
  void program;
  return out.join('');
}

function smallForm(form: RenderableForm, action: { href: string; hidden: Record<string, string> }, problems: Problem[] | undefined, values: unknown): string {
  // The summary is shown once at the top of the page; the fields carry their own messages.
  return renderForm(form, { catalog: [], action, values, problems: problems ?? [], summary: false });
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
export function answersList(form: AnyForm, record: StoredSubmission, catalog: Map<string, CatalogCourse>, fileHref?: (index: number) => string): string {
  const fileName = (file: StoredFile) => {
    const index = record.files.indexOf(file);
    return fileHref ? `<a href="${escape(fileHref(index))}" download>${escape(file.name)}</a>` : escape(file.name);
  };
  const shape = form.schema.shape as Record<string, z.ZodType>;
  const show = (value: unknown, kind: string): string => {
    if (kind === 'checkbox') return value === true ? 'Yes' : 'No';
    if (kind === 'select' && typeof value === 'string') return catalog.get(value)?.title ?? value;
    if (kind === 'date' && typeof value === 'string') return formatDate(value);
    return value === undefined || value === '' ? 'Not given' : String(value);
  };
  const sections = form.sections.map((section) => {
    const rows = section.fields.flatMap((name) => {
      const meta = metaOf(shape[name]!);
      if (!meta) return [];
      if (meta.kind === 'repeat') {
        const items = Array.isArray(record.data[name]) ? (record.data[name] as Record<string, unknown>[]) : [];
        return items.map((item, i) => {
          const inner = Object.entries(meta.shape).flatMap(([innerName, schema]) => {
            const innerMeta = metaOf(schema as z.ZodType);
            if (!innerMeta) return [];
            if (innerMeta.kind === 'file') {
              const file = record.files.find((f) => f.field === `${name}.${i}.${innerName}`);
              return file ? [`<dt>${escape(innerMeta.label)}</dt><dd>${fileName(file)}</dd>`] : [];
            }
            if (item[innerName] === undefined) return [];
            return [`<dt>${escape(innerMeta.label)}</dt><dd>${escape(show(item[innerName], innerMeta.kind))}</dd>`];
          });
          return `<dt>${escape(meta.itemLabel)} ${i + 1}</dt><dd><dl class="answers answers-nested">${inner.join('')}</dl></dd>`;
        });
      }
      if (meta.kind === 'file') {
        const files = record.files.filter((f) => f.field === name);
        return files.length ? [`<dt>${escape(meta.label)}</dt><dd>${files.map(fileName).join(', ')}</dd>`] : [];
      }
      return [`<dt>${escape(meta.label)}</dt><dd>${escape(show(record.data[name], meta.kind))}</dd>`];
    });
    return `${section.title ? `<h3>${escape(forReader(section.title))}</h3>` : ''}<dl class="answers">${rows.join('')}</dl>`;
  });
  return sections.join('');
}

export interface DecisionView {
  record: StoredSubmission;
  token: string;
  form: RenderableForm;
  related: StoredSubmission[];
  catalog: Map<string, CatalogCourse>;
  problems?: Problem[];
  values?: unknown;
}

/** What a signed link opens: the request, then the decision. */
export function decisionPage(program: Program, view: DecisionView): string {
  const { record } = view;
  const form = formById(record.form)!;
  const role = waitsOn(record.status);
  const related = view.related
    .map((r) => {
      const relatedForm = formById(r.form);
      return relatedForm ? `<h2>${escape(relatedForm.name)} ${escape(r.receipt)}</h2>${answersList(relatedForm, r, view.catalog)}` : '';
    })
    .join('');
  const values = view.values ?? { name: String(record.data[role === 'evaluator' ? 'evaluatorName' : 'supervisorName'] ?? '') };
  return page(program, {
    title: `${view.problems?.length ? 'Error: ' : ''}Decide on ${form.name.toLowerCase()} ${record.receipt}`,
    path: '/decide/',
    body:
      `<h1>${escape(form.name)} <span class="receipt-inline">${escape(record.receipt)}</span></h1>` +
      `<p class="lede">${escape(String(record.data['fullName'] ?? ''))} sent this on ${escape(formatDate(record.submittedOn))}. ` +
      `It is ${escape(statusLabel(record.status).toLowerCase())}.</p>` +
      answersList(form, record, view.catalog, (n) => `/decide/file/?token=${encodeURIComponent(view.token)}&file=${n}`) +
      related +
      `<h2>Decide</h2>` +
      renderForm(view.form, { catalog: [], action: { href: '/decide/', hidden: { token: view.token } }, values, problems: view.problems ?? [] }),
  });
}

export function decisionRecordedPage(program: Program, record: StoredSubmission): string {
  const form = formById(record.form)!;
  return page(program, {
    title: 'Decision recorded',
    path: '/decide/',
    body:
      `<div class="panel-confirmation"><h1>Decision recorded</h1><p>${escape(form.name)} ${escape(record.receipt)} is now ${escape(statusLabel(record.status).toLowerCase())}.</p></div>` +
      `<p>The requester is told. This link cannot be used again.</p><p><a href="/">Go to the Professional Growth home page</a></p>`,
  });
}

export type LinkProblem = 'invalid' | 'expired' | 'used' | 'not-found';

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
  'not-found': {
    status: 404,
    title: 'We cannot find this request',
    text: 'The request may have been removed. Contact the Professional Development Office.',
  },
};

export function linkProblem(program: Program, problem: LinkProblem, record?: StoredSubmission): { status: number; body: string } {
  const { status, title, text } = LINK_PROBLEMS[problem];
  const where = record
    ? `<p>${escape(formById(record.form)?.name ?? 'Request')} <span class="receipt-inline">${escape(record.receipt)}</span> is ${escape(statusLabel(record.status).toLowerCase())}.</p>`
    : '';
  return {
    status,
    body: page(program, {
      title: `Error: ${title}`,
      path: '/decide/',
      body: `<h1>${escape(title)}</h1>${where}<p>${escape(text)}</p><p><a href="/">Go to the Professional Growth home page</a></p>`,
    }),
  };
}
