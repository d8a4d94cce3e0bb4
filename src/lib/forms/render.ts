import { claimOptionLabel, offeredForIncentive } from '../catalog/claimable.ts';
import type { CatalogCourse } from '../catalog/files.ts';
import { valueAt } from '../http/form-data.ts';
import { errorMessage, errorMessageId } from '../html/error-message.ts';
import { errorSummary as summary } from '../html/error-summary.ts';
import { hint, hintId } from '../html/hint.ts';
import { label, labelText } from '../html/label.ts';
import { html, type Markup } from '../html/template.ts';
import type { Problem } from '../program/compensation.ts';
import { inputId } from './errors.ts';
import type { AnyForm } from './form.ts';
import { formFields, type FieldMeta, type FormField, type RepeatField } from './walk.ts';

/**
 * A form's markup, from its schema's field metadata. The static page renders it
 * empty; a refused post renders it again with what was typed and every error.
 * Patterns: label, hint, error message and input wired with aria-describedby; an
 * error summary at the top linking to each field.
 */
export interface RenderState {
  values?: unknown;
  problems?: Problem[];
  catalog: CatalogCourse[];
  /** Where the form posts, for forms that are not a submission (a decision, a withdrawal); hidden fields they carry. */
  action?: { href: string; hidden: Record<string, string> };
  /** False when the page shows the error summary itself, above more than this form. */
  summary?: boolean;
  /** Whom to ask when the roster's facts shown on the form are wrong. */
  rosterContact?: { name: string; email: string };
}

export const HONEYPOT = 'website';
export const SUBMISSION_ID = 'submissionId';

/** The error summary of a form's problems, each linking to its field; a problem of the whole form has nowhere to link to. */
export function errorSummaryHtml(problems: Problem[]): Markup {
  return summary(problems.map((p) => (p.field ? { text: p.message, href: `#${inputId(p.field)}` } : { text: p.message })));
}

/** The same, as text: for the browser script's `innerHTML`. */
export function errorSummary(problems: Problem[]): string {
  return String(errorSummaryHtml(problems));
}

/** What rendering needs of a form: submission forms, and the small forms of decisions and withdrawals. */
export type RenderableForm = Pick<AnyForm, 'id' | 'schema' | 'sections' | 'multipart' | 'submitLabel'>;

export function renderFormHtml(form: RenderableForm, state: RenderState): Markup {
  const problems = state.problems ?? [];
  const ctx: FieldContext = { values: state.values, errors: new Map(problems.map((p) => [p.field, p.message])), catalog: state.catalog };
  const fields = new Map(formFields(form).map((f) => [f.name, f]));
  const sections = form.sections.map((section) => {
    const shown = section.fields.map((name) => {
      const field = fields.get(name);
      if (!field) throw new Error(`field ${name} has no label`);
      return field;
    });
    const fromRoster = shown.filter((f) => f.kind !== 'repeat' && f.meta.fromRoster);
    const asked = shown.filter((f) => !fromRoster.includes(f));
    const inner = [
      fromRoster.length > 0 && rosterFacts(fromRoster, state, ctx.errors),
      ...asked.map((field) => (field.kind === 'repeat' ? repeatField(field.name, field, ctx) : simpleField(field.name, field.meta, ctx))),
    ];
    const head = section.title && html`<h2 class="section-title">${section.title}</h2>`;
    const intro = section.intro && html`<p class="section-intro">${section.intro}</p>`;
    return html`<div class="form-section">${head}${intro}${inner}</div>`;
  });
  const id = valueAt(state.values, SUBMISSION_ID);
  const hidden = state.action
    ? Object.entries(state.action.hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)
    : html`<input type="hidden" name="${SUBMISSION_ID}" value="${typeof id === 'string' ? id : ''}">`;
  const slot = state.summary !== false && html`<div data-summary-slot>${errorSummaryHtml(problems)}</div>`;
  const multipart = form.multipart && html` enctype="multipart/form-data"`;
  const action = state.action?.href ?? `/api/forms/${form.id}`;
  return html`${slot}<form id="form-start" class="form" method="post" action="${action}" novalidate${multipart} data-form="${form.id}">${hidden}${honeypot}${sections}<button type="submit" class="button">${form.submitLabel}</button></form>`;
}

/**
 * What the form takes from HR's roster, shown rather than asked: a person cannot
 * type another name or choose who decides, and is told whom to ask when it is wrong.
 */
function rosterFacts(fields: FormField[], state: RenderState, errors: Map<string, string>): Markup {
  const rows = fields.map((f) => {
    const raw = valueAt(state.values, f.name);
    const options = f.kind !== 'repeat' ? f.meta.options : undefined;
    const value = typeof raw === 'string' ? (options?.find((o) => o.value === raw)?.label ?? raw) : 'Not on the roster';
    // A rule about a roster fact (not eligible in this group) is shown by the fact, and the summary's link lands on it.
    const error = errors.get(f.name);
    const id = inputId(f.name);
    const classes = error ? 'summary-row field-error' : 'summary-row';
    return html`<div class="${classes}" data-field="${f.name}"><dt>${f.meta.label}</dt><dd id="${id}" tabindex="-1" data-roster="${f.name}">${value}${error && errorMessage({ fieldId: id, text: error })}</dd></div>`;
  });
  const contact = state.rosterContact;
  const ask = contact
    ? html`<p class="hint">From HR’s staff roster. Not right? Contact ${contact.name} at <a href="mailto:${contact.email}">${contact.email}</a>.</p>`
    : html`<p class="hint">From HR’s staff roster.</p>`;
  return html`<dl class="summary-list">${rows}</dl>${ask}`;
}

/** The form as text: for Astro's `set:html` and pages still built from strings. */
export function renderForm(form: RenderableForm, state: RenderState): string {
  return String(renderFormHtml(form, state));
}

// A field people never see; software that fills every field gives itself away.
const honeypot = html`<div class="hp" aria-hidden="true"><label for="f-${HONEYPOT}">Leave this empty</label><input type="text" id="f-${HONEYPOT}" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>`;

interface FieldContext {
  values: unknown;
  errors: Map<string, string>;
  catalog: CatalogCourse[];
}

/** "lines.0.hours" -> "lines[0][hours]" */
function inputName(path: string): string {
  const [first, ...rest] = path.split('.');
  return first + rest.map((p) => `[${p}]`).join('');
}

function describedBy(id: string, meta: FieldMeta, error: string | undefined): Markup | false {
  const ids = [meta.hint && hintId(id), error && errorMessageId(id)].filter(Boolean).join(' ');
  return !!ids && html` aria-describedby="${ids}"`;
}

function hintAndError(id: string, meta: FieldMeta, error: string | undefined): Markup {
  return html`${meta.hint && hint({ fieldId: id, text: meta.hint })}${error && errorMessage({ fieldId: id, text: error })}`;
}

function simpleField(path: string, meta: FieldMeta, ctx: FieldContext): Markup {
  const id = inputId(path);
  const name = inputName(path);
  const error = ctx.errors.get(path);
  const raw = valueAt(ctx.values, path);
  const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
  const invalid = !!error && html` aria-invalid="true"`;
  const wired = html`${describedBy(id, meta, error)}${invalid}`;
  const above = () => html`${label({ fieldId: id, text: meta.label, optional: meta.optional })}${hintAndError(id, meta, error)}`;
  const group = (inner: Markup) => html`<div class="${error ? 'field field-error' : 'field'}" data-field="${path}">${inner}</div>`;

  switch (meta.kind) {
    case 'radios': {
      const options = (meta.options ?? []).map((o, i) => {
        const optionId = i === 0 ? id : `${id}-${i}`;
        const checked = value === o.value && html` checked`;
        return html`<div class="radio"><input type="radio" id="${optionId}" name="${name}" value="${o.value}"${checked}${invalid}>${label({ fieldId: optionId, text: o.label, classes: '' })}</div>`;
      });
      const legend = html`<legend class="legend">${labelText(meta.label, meta.optional)}</legend>`;
      return group(
        html`<fieldset class="fieldset"${describedBy(id, meta, error)}>${legend}${hintAndError(id, meta, error)}<div class="radios">${options}</div></fieldset>`,
      );
    }
    case 'checkbox': {
      const checked = (raw === true || raw === 'yes' || raw === 'on' || raw === 'true') && html` checked`;
      // Leaving a checkbox unticked is an answer: it is never marked "(optional)".
      const box = html`<input type="checkbox" id="${id}" name="${name}" value="yes"${checked}${wired}>`;
      return group(html`${hintAndError(id, meta, error)}<div class="checkbox">${box}${label({ fieldId: id, text: meta.label, classes: '' })}</div>`);
    }
    case 'select': {
      const choices = meta.optionsFrom === 'catalog' ? catalogOptions(ctx.catalog, meta.catalogOffers ?? 'listed') : (meta.options ?? []);
      const options = choices.map((o) => html`<option value="${o.value}"${value === o.value && html` selected`}>${o.label}</option>`);
      return group(html`${above()}<select class="select" id="${id}" name="${name}"${wired}><option value="">Choose a course</option>${options}</select>`);
    }
    case 'textarea':
      return group(html`${above()}<textarea class="textarea" id="${id}" name="${name}" rows="${meta.rows ?? 5}"${wired}>${value}</textarea>`);
    case 'file':
      return group(html`${above()}<input class="file" type="file" id="${id}" name="${name}" accept="${meta.accept ?? ''}"${wired}>`);
    default: {
      const type = meta.kind === 'number' ? 'text' : meta.kind;
      const classes = meta.width ? `input input-${meta.width}` : 'input';
      const autocomplete = meta.autocomplete && html` autocomplete="${meta.autocomplete}"`;
      const inputmode = meta.inputmode && html` inputmode="${meta.inputmode}"`;
      const spellcheck = meta.kind === 'email' && html` spellcheck="false"`;
      return group(
        html`${above()}<input class="${classes}" type="${type}" id="${id}" name="${name}" value="${value}"${autocomplete}${inputmode}${spellcheck}${wired}>`,
      );
    }
  }
}

/** A claim offers the courses the incentive pays for, a retired one with the day it left the list; any other list, every listed course. */
function catalogOptions(catalog: CatalogCourse[], offers: 'listed' | 'incentive'): { value: string; label: string }[] {
  return catalog
    .filter((c) => (offers === 'incentive' ? offeredForIncentive(c) : c.status === 'active'))
    .sort((a, b) => a.title.localeCompare(b.title, 'en'))
    .map((c) => ({ value: c.id, label: claimOptionLabel(c) }));
}

function repeatField(path: string, field: RepeatField, ctx: FieldContext): Markup {
  const { meta } = field;
  const error = ctx.errors.get(path);
  const id = inputId(path);
  const given = valueAt(ctx.values, path);
  const rows = Array.isArray(given) ? given.length : given && typeof given === 'object' ? Object.keys(given).length : 0;
  const count = Math.min(meta.max, Math.max(meta.slots, rows));
  const items = Array.from({ length: count }, (_, i) => {
    const inner = field.fields.map((f) => simpleField(`${path}.${i}.${f.name}`, f.meta, ctx));
    return html`<fieldset class="repeat-item" data-repeat-item><legend class="legend">${meta.itemLabel} ${i + 1}</legend>${inner}</fieldset>`;
  });
  const classes = error ? 'field repeat field-error' : 'field repeat';
  const title = html`<h3 class="repeat-title" id="${id}" tabindex="-1">${meta.label}</h3>`;
  return html`<div class="${classes}" data-field="${path}" data-repeat="${path}" data-max="${meta.max}">${title}${error && errorMessage({ fieldId: id, text: error })}${items}</div>`;
}
