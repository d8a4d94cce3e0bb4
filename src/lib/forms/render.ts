import { escape } from 'html-escaper';
import type { z } from 'zod';
import type { CatalogCourse } from '../catalog/files.ts';
import type { Problem } from '../program/compensation.ts';
import { valueAt } from '../http/form-data.ts';
import { inputId } from './errors.ts';
import { metaOf, type FieldMeta, type RepeatMeta } from './fields.ts';
import type { AnyForm } from './form.ts';

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
}

export const HONEYPOT = 'website';
export const SUBMISSION_ID = 'submissionId';

export function errorSummary(problems: Problem[]): string {
  if (problems.length === 0) return '';
  const items = problems
    // A problem of the whole form (not of one field) has nowhere to link to.
    .map((p) => (p.field ? `<li><a href="#${inputId(p.field)}">${escape(p.message)}</a></li>` : `<li>${escape(p.message)}</li>`))
    .join('');
  return (
    `<div class="error-summary" data-error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1">` +
    `<h2 class="error-summary-title" id="error-summary-title">There is a problem</h2>` +
    `<ul class="error-summary-list">${items}</ul></div>`
  );
}

/** What rendering needs of a form: submission forms, and the small forms of decisions and withdrawals. */
export type RenderableForm = Pick<AnyForm, 'id' | 'schema' | 'sections' | 'multipart' | 'submitLabel'>;

export function renderForm(form: RenderableForm, state: RenderState): string {
  const problems = state.problems ?? [];
  const errors = new Map(problems.map((p) => [p.field, p.message]));
  const shape = form.schema.shape as Record<string, z.ZodType>;
  const ctx: FieldContext = { values: state.values, errors, catalog: state.catalog };
  const sections = form.sections
    .map((section) => {
      const fields = section.fields.map((name) => field(name, shape[name]!, ctx)).join('');
      const head = section.title ? `<h2 class="section-title">${escape(section.title)}</h2>` : '';
      const intro = section.intro ? `<p class="section-intro">${escape(section.intro)}</p>` : '';
      return `<div class="form-section">${head}${intro}${fields}</div>`;
    })
    .join('');
  const id = valueAt(state.values, SUBMISSION_ID);
  const hidden = state.action
    ? Object.entries(state.action.hidden)
        .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
        .join('')
    : `<input type="hidden" name="${SUBMISSION_ID}" value="${typeof id === 'string' ? escape(id) : ''}">`;
  return (
    (state.summary === false ? '' : `<div data-summary-slot>${errorSummary(problems)}</div>`) +
    `<form id="form-start" class="form" method="post" action="${escape(state.action?.href ?? `/api/forms/${form.id}`)}" novalidate` +
    `${form.multipart ? ' enctype="multipart/form-data"' : ''} data-form="${form.id}">` +
    hidden +
    // A field people never see; software that fills every field gives itself away.
    `<div class="hp" aria-hidden="true"><label for="f-${HONEYPOT}">Leave this empty</label>` +
    `<input type="text" id="f-${HONEYPOT}" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>` +
    sections +
    `<button type="submit" class="button">${escape(form.submitLabel)}</button>` +
    `</form>`
  );
}

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

function field(path: string, schema: z.ZodType, ctx: FieldContext): string {
  const meta = metaOf(schema);
  if (!meta) throw new Error(`field ${path} has no label`);
  if (meta.kind === 'repeat') return repeatField(path, meta, ctx);
  return simpleField(path, meta, ctx);
}

function describedBy(id: string, meta: FieldMeta, error: string | undefined): string {
  const ids = [meta.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? ` aria-describedby="${ids}"` : '';
}

function hintAndError(id: string, meta: FieldMeta, error: string | undefined): string {
  const hint = meta.hint ? `<p class="hint" id="${id}-hint">${escape(meta.hint)}</p>` : '';
  const err = error ? `<p class="error-message" id="${id}-error"><span class="visually-hidden">Error:</span> ${escape(error)}</p>` : '';
  return hint + err;
}

function labelText(meta: FieldMeta): string {
  return `${escape(meta.label)}${meta.optional && meta.kind !== 'checkbox' ? ' <span class="optional">(optional)</span>' : ''}`;
}

function simpleField(path: string, meta: FieldMeta, ctx: FieldContext): string {
  const id = inputId(path);
  const name = inputName(path);
  const error = ctx.errors.get(path);
  const raw = valueAt(ctx.values, path);
  const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
  const invalid = error ? ' aria-invalid="true"' : '';
  const group = (inner: string, extraClass = '') => `<div class="field${error ? ' field-error' : ''}${extraClass}" data-field="${escape(path)}">${inner}</div>`;

  switch (meta.kind) {
    case 'radios': {
      const options = (meta.options ?? [])
        .map(
          (o, i) =>
            `<div class="radio"><input type="radio" id="${i === 0 ? id : `${id}-${i}`}" name="${name}" value="${escape(o.value)}"` +
            `${value === o.value ? ' checked' : ''}${invalid}><label for="${i === 0 ? id : `${id}-${i}`}">${escape(o.label)}</label></div>`,
        )
        .join('');
      return group(
        `<fieldset class="fieldset"${describedBy(id, meta, error)}><legend class="legend">${labelText(meta)}</legend>` +
          `${hintAndError(id, meta, error)}<div class="radios">${options}</div></fieldset>`,
      );
    }
    case 'checkbox': {
      const checked = raw === true || raw === 'yes' || raw === 'on' || raw === 'true';
      return group(
        `${hintAndError(id, meta, error)}<div class="checkbox"><input type="checkbox" id="${id}" name="${name}" value="yes"` +
          `${checked ? ' checked' : ''}${describedBy(id, meta, error)}${invalid}><label for="${id}">${labelText(meta)}</label></div>`,
      );
    }
    case 'select': {
      const choices = meta.optionsFrom === 'catalog' ? catalogOptions(ctx.catalog) : (meta.options ?? []);
      const options = [`<option value="">Choose a course</option>`]
        .concat(choices.map((o) => `<option value="${escape(o.value)}"${value === o.value ? ' selected' : ''}>${escape(o.label)}</option>`))
        .join('');
      return group(
        `<label class="label" for="${id}">${labelText(meta)}</label>${hintAndError(id, meta, error)}` +
          `<select class="select" id="${id}" name="${name}"${describedBy(id, meta, error)}${invalid}>${options}</select>`,
      );
    }
    case 'textarea':
      return group(
        `<label class="label" for="${id}">${labelText(meta)}</label>${hintAndError(id, meta, error)}` +
          `<textarea class="textarea" id="${id}" name="${name}" rows="${meta.rows ?? 5}"${describedBy(id, meta, error)}${invalid}>${escape(value)}</textarea>`,
      );
    case 'file':
      return group(
        `<label class="label" for="${id}">${labelText(meta)}</label>${hintAndError(id, meta, error)}` +
          `<input class="file" type="file" id="${id}" name="${name}" accept="${escape(meta.accept ?? '')}"${describedBy(id, meta, error)}${invalid}>`,
      );
    default: {
      const type = meta.kind === 'number' ? 'text' : meta.kind;
      const attrs = [
        meta.autocomplete ? ` autocomplete="${meta.autocomplete}"` : '',
        meta.inputmode ? ` inputmode="${meta.inputmode}"` : '',
        meta.kind === 'email' ? ' spellcheck="false"' : '',
      ].join('');
      const width = meta.width ? ` input-${meta.width}` : '';
      return group(
        `<label class="label" for="${id}">${labelText(meta)}</label>${hintAndError(id, meta, error)}` +
          `<input class="input${width}" type="${type}" id="${id}" name="${name}" value="${escape(value)}"${attrs}${describedBy(id, meta, error)}${invalid}>`,
      );
    }
  }
}

function catalogOptions(catalog: CatalogCourse[]): { value: string; label: string }[] {
  return catalog
    .filter((c) => c.status === 'active')
    .sort((a, b) => a.title.localeCompare(b.title, 'en'))
    .map((c) => ({ value: c.id, label: `${c.title} (${c.code}, ${c.hours} h)` }));
}

function repeatField(path: string, meta: RepeatMeta, ctx: FieldContext): string {
  const error = ctx.errors.get(path);
  const id = inputId(path);
  const given = valueAt(ctx.values, path);
  const rows = Array.isArray(given) ? given.length : given && typeof given === 'object' ? Object.keys(given).length : 0;
  const count = Math.min(meta.max, Math.max(meta.slots, rows));
  const items = Array.from({ length: count }, (_, i) => {
    const inner = Object.entries(meta.shape)
      .map(([name, schema]) => field(`${path}.${i}.${name}`, schema as z.ZodType, ctx))
      .join('');
    return `<fieldset class="repeat-item" data-repeat-item><legend class="legend">${escape(meta.itemLabel)} ${i + 1}</legend>${inner}</fieldset>`;
  }).join('');
  const err = error ? `<p class="error-message" id="${id}-error"><span class="visually-hidden">Error:</span> ${escape(error)}</p>` : '';
  return (
    `<div class="field repeat${error ? ' field-error' : ''}" data-field="${escape(path)}" data-repeat="${escape(path)}" data-max="${meta.max}">` +
    `<h3 class="repeat-title" id="${id}" tabindex="-1">${escape(meta.label)}</h3>${err}${items}</div>`
  );
}
