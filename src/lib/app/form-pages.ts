import { escape } from 'html-escaper';
import type { CatalogCourse } from '../catalog/files.ts';
import { page } from '../html/shell.ts';
import { formatDate } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import type { Program } from '../program/settings.ts';
import type { StoredSubmission } from '../forms/record.ts';
import type { AnyForm } from '../forms/form.ts';
import { renderForm } from '../forms/render.ts';

/** The top of a form page: its heading and introduction, the same on the static page and a refused post. */
export function formIntro(form: AnyForm): string {
  return `<h1>${escape(form.title)}</h1>` + form.intro.map((p) => `<p class="lede">${escape(p)}</p>`).join('');
}

/**
 * The pages a function answers a browser with: a refused form shown again with
 * what was typed and every error, or a short message with a way back.
 */
export function answerPage(
  program: Program,
  opts: { title: string; status: number; form: AnyForm; message?: string; values?: unknown; problems?: Problem[]; catalog?: CatalogCourse[] },
): string {
  const { form } = opts;
  if (opts.problems) {
    const filesNote = form.multipart ? `<p class="notice">Files are not kept when a form is refused: select your files again before you send it.</p>` : '';
    return page(program, {
      title: `Error: ${form.title}`,
      path: `/forms/${form.id}/`,
      body: `${formBreadcrumbs(form)}${formIntro(form)}${filesNote}${renderForm(form, { values: opts.values, problems: opts.problems, catalog: opts.catalog ?? [] })}`,
    });
  }
  return page(program, {
    title: `Error: ${opts.title}`,
    path: `/forms/${form.id}/`,
    body:
      `${formBreadcrumbs(form)}<h1>${escape(opts.title)}</h1><div class="error-summary" role="alert" aria-labelledby="problem-title" tabindex="-1">` +
      `<h2 class="error-summary-title" id="problem-title">There is a problem</h2><p>${escape(opts.message ?? '')}</p></div>` +
      `<p><a href="/forms/${form.id}/">Go back to the form</a>. What you typed is still there if your browser kept it.</p>`,
  });
}

/** Home, Forms, the form: above the form wherever a function shows it. */
export function formBreadcrumbs(form: AnyForm): string {
  return (
    `<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/forms/">Forms</a></li>` +
    `<li><a href="/forms/${form.id}/">${escape(form.name)}</a></li></ol></nav>`
  );
}

/** The confirmation a person sees after sending: the receipt and what happens next. */
export function receivedPage(program: Program, form: AnyForm, record: StoredSubmission): string {
  const steps = form.nextSteps.map((s) => `<li>${escape(s)}</li>`).join('');
  return page(program, {
    title: `${form.name} received`,
    path: '/forms/received/',
    body:
      `<div class="panel-confirmation"><h1>${escape(form.name)} received</h1>` +
      `<p>Your receipt</p><p class="receipt" data-receipt>${escape(record.receipt)}</p></div>` +
      `<p>Received on ${escape(formatDate(record.submittedOn))}. Keep the receipt: quote it whenever you ask about this ${escape(form.name.toLowerCase())}.</p>` +
      `<h2>What happens next</h2><ul>${steps}</ul>` +
      `<p><a href="/requests/status/?receipt=${encodeURIComponent(record.receipt)}">See where it stands</a> at any time with your receipt.</p>` +
      `<p><a href="/forms/">Back to the forms</a></p>`,
  });
}

export function receiptNotFoundPage(program: Program): string {
  return page(program, {
    title: 'Receipt not found',
    path: '/forms/received/',
    body:
      `<h1>We cannot find that receipt</h1><p>Check the receipt for typing mistakes. Receipts look like PA-7K2M9Q4XAB.</p>` +
      `<p>If you just sent a form and see this page, contact the Professional Development Office with the time you sent it.</p>` +
      `<p><a href="/forms/">Back to the forms</a></p>`,
  });
}
