import { createHmac } from 'node:crypto';
import type { CatalogCourse } from '../catalog/files.ts';
import { breadcrumbs } from '../html/breadcrumbs.ts';
import { errorSummary } from '../html/error-summary.ts';
import { page } from '../html/shell.ts';
import { html, type Markup } from '../html/template.ts';
import { fiscalYearOf, formatDate, today as todayIn } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import type { Program } from '../program/settings.ts';
import type { StoredSubmission } from '../forms/record.ts';
import type { AnyForm } from '../forms/form.ts';
import { renderFormHtml } from '../forms/render.ts';
import { totalFigures } from '../forms/running-total.ts';

/** The top of a form page: its heading and introduction, the same on the static page and a refused post. */
export function formIntroHtml(form: AnyForm): Markup {
  return html`<h1>${form.title}</h1>${form.intro.map((p) => html`<p class="lede">${p}</p>`)}`;
}

/** Home, Forms, the form: above the form wherever a function shows it. */
export function formBreadcrumbsHtml(form: AnyForm): Markup {
  return breadcrumbs([
    { href: '/', label: 'Home' },
    { href: '/forms/', label: 'Forms' },
    { href: `/forms/${form.id}/`, label: form.name },
  ]);
}

/** The browser script of the form pages (src/client/), built to a file of its own so the pages carry no inline script. */
export const FORM_SCRIPT = '/scripts/forms.js';

/** The person a form page is for: the name the page shows, and the key their drafts are kept under in the browser. */
export interface FormPerson {
  name: string;
  draftOwner: string;
}

/**
 * A signed-in person as a form page needs them. Drafts stay in the browser,
 * which may be a shared computer: the script keeps each person's apart and
 * removes anyone else's. A keyed hash of the employee ID: left in storage, the
 * bare ID (or a plain hash of it, IDs being few) would say whose drafts they are.
 */
export function formPerson(person: { name: string; employeeId: string }, sessionSecret: string): FormPerson {
  const draftOwner = createHmac('sha256', sessionSecret).update(`drafts:${person.employeeId}`).digest('base64url').slice(0, 22);
  return { name: person.name, draftOwner };
}

export interface FormPageState {
  values: unknown;
  catalog: CatalogCourse[];
  /** The person signed in, from HR's roster. */
  person: FormPerson;
  problems?: Problem[];
  /** Said above the form: where its answers came from. */
  notice?: Markup;
  /** A repeated group shown one row longer ("Add another course" without JavaScript). */
  addRow?: string;
  /** Hours the person already sent this fiscal year: a claim's running total shows what is left of the cap. */
  hoursSubmitted?: number;
}

/** What a form page needs of the person's claims so far: their hours this fiscal year, for a form with a running total. */
export async function claimsSoFar(
  form: AnyForm,
  program: Program,
  hoursSubmitted: (employeeId: string, fiscalYear: number) => Promise<number>,
  employeeId: string,
  now: Date,
): Promise<{ hoursSubmitted?: number }> {
  if (!form.runningTotal) return {};
  const fiscalYear = fiscalYearOf(todayIn(now, program.timeZone), program.fiscalYearStart);
  return { hoursSubmitted: await hoursSubmitted(employeeId, fiscalYear) };
}

/** A form to fill in, for the person signed in: the roster's facts shown, the rest asked; with every problem when it was refused. */
export function formPage(program: Program, form: AnyForm, state: FormPageState): string {
  const refused = state.problems !== undefined;
  const filesNote =
    refused && form.multipart && html`<p class="notice">Files are not kept when a form is refused: select your files again before you send it.</p>`;
  const contact = program.contacts[0]!;
  const body = renderFormHtml(form, {
    values: state.values,
    catalog: state.catalog,
    rosterContact: { name: contact.name, email: contact.email },
    draftOwner: state.person.draftOwner,
    ...(state.problems ? { problems: state.problems } : {}),
    ...(state.addRow ? { addRow: state.addRow } : {}),
    ...(form.runningTotal && state.hoursSubmitted !== undefined ? { runningTotal: totalFigures(program, form.runningTotal, state.hoursSubmitted) } : {}),
  });
  return page(program, {
    title: refused ? `Error: ${form.title}` : form.title,
    path: `/forms/${form.id}/`,
    body: html`${formBreadcrumbsHtml(form)}${formIntroHtml(form)}${state.notice}${filesNote}${body}`,
    signedIn: state.person,
    scripts: [FORM_SCRIPT],
  });
}

/**
 * The pages a function answers a browser with: a refused form shown again with
 * what was typed and every error, or a short message with a way back.
 */
export function answerPage(
  program: Program,
  opts: {
    title: string;
    status: number;
    form: AnyForm;
    message?: string;
    values?: unknown;
    problems?: Problem[];
    catalog?: CatalogCourse[];
    person?: FormPerson;
    hoursSubmitted?: number;
  },
): string {
  const { form, hoursSubmitted } = opts;
  if (opts.problems && opts.person) {
    const soFar = hoursSubmitted !== undefined ? { hoursSubmitted } : {};
    return formPage(program, form, { values: opts.values, problems: opts.problems, catalog: opts.catalog ?? [], person: opts.person, ...soFar });
  }
  const back = html`<p><a href="/forms/${form.id}/">Go back to the form</a>. What you typed is still there if your browser kept it.</p>`;
  return page(program, {
    title: `Error: ${opts.title}`,
    path: `/forms/${form.id}/`,
    body: html`${formBreadcrumbsHtml(form)}<h1>${opts.title}</h1>${errorSummary([{ text: opts.message ?? '' }])}${back}`,
  });
}

/** The confirmation a person sees after sending: the receipt and what happens next. */
export function receivedPage(program: Program, form: AnyForm, record: StoredSubmission, signedIn: { name: string }): string {
  const steps = form.nextSteps.map((s) => html`<li>${s}</li>`);
  return page(program, {
    signedIn,
    title: `${form.name} received`,
    path: '/forms/received/',
    body: html`${[
      html`<div class="panel-confirmation"><h1>${form.name} received</h1><p>Your receipt</p><p class="receipt" data-receipt>${record.receipt}</p></div>`,
      html`<p>Received on ${formatDate(record.submittedOn)}. Keep the receipt: quote it whenever you ask about this ${form.name.toLowerCase()}.</p>`,
      html`<h2>What happens next</h2><ul>${steps}</ul>`,
      html`<p><a href="/requests/status/?receipt=${encodeURIComponent(record.receipt)}">See where it stands</a> at any time: we also email you each time it moves on.</p>`,
      html`<p><a href="/forms/">Back to the forms</a></p>`,
    ]}`,
  });
}

export function receiptNotFoundPage(program: Program): string {
  return page(program, {
    title: 'Receipt not found',
    path: '/forms/received/',
    body: html`${[
      html`<h1>We cannot find that receipt</h1><p>Check the receipt for typing mistakes. Receipts look like PA-7K2M9Q4XAB.</p>`,
      html`<p>If you just sent a form and see this page, contact the Professional Development Office with the time you sent it.</p>`,
      html`<p><a href="/forms/">Back to the forms</a></p>`,
    ]}`,
  });
}
