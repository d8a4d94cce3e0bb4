import { claimOptionLabel, offeredForIncentive } from '../catalog/claimable.ts';
import type { CatalogCourse } from '../catalog/files.ts';
import { valueAt } from '../http/form-data.ts';
import { errorMessage, errorMessageId } from '../html/error-message.ts';
import { hint, hintId } from '../html/hint.ts';
import { label, labelText } from '../html/label.ts';
import { html, type Markup } from '../html/template.ts';
import type { Problem } from '../program/compensation.ts';
import { errorSummaryHtml, messagesByField } from './error-summary.ts';
import { HONEYPOT, inputId, SUBMISSION_ID } from './field-ids.ts';
import type { AnyForm } from './form.ts';
import { runningTotalHtml, type TotalFigures } from './running-total.ts';
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
  /** An opaque value per signed-in person: the browser script keeps drafts under it, and only that person's. */
  draftOwner?: string;
  /** A repeated group ("lines") shown with one more row than was given: the answer to "Add another course" without JavaScript. */
  addRow?: string;
  /** A list added up as the person types (a claim's hours): the total follows its rows and carries the list's own errors. */
  runningTotal?: TotalFigures;
}

/** The name of the button that adds a row without JavaScript; its value is the group's path. */
export const ADD_ROW = 'add-row';

// Defined beside the browser script's own needs (no schema there); the server's modules keep importing them from here.
export { HONEYPOT, SUBMISSION_ID } from './field-ids.ts';
export { errorSummaryHtml } from './error-summary.ts';

/** What rendering needs of a form: submission forms, and the small forms of decisions and withdrawals. */
export type RenderableForm = Pick<AnyForm, 'id' | 'schema' | 'sections' | 'multipart' | 'submitLabel'>;

export function renderFormHtml(form: RenderableForm, state: RenderState): Markup {
  const problems = state.problems ?? [];
  const ctx: FieldContext = {
    values: state.values,
    errors: messagesByField(problems),
    catalog: state.catalog,
    action: state.action?.href ?? `/api/forms/${form.id}`,
    ...(state.addRow ? { addRow: state.addRow } : {}),
    ...(state.runningTotal ? { total: state.runningTotal } : {}),
  };
  const fields = new Map(formFields(form).map((f) => [f.name, f]));
  // Whom to ask about the roster's facts is said once, under the last of them: one link, one stop of the Tab key.
  const isRosterFact = (name: string) => {
    const field = fields.get(name);
    return field?.kind !== 'repeat' && !!field?.meta.fromRoster;
  };
  const lastFacts = form.sections.findLastIndex((s) => s.fields.some(isRosterFact));
  const sections = form.sections.map((section, index) => {
    const shown = section.fields.map((name) => {
      const field = fields.get(name);
      if (!field) throw new Error(`field ${name} has no label`);
      return field;
    });
    const fromRoster = shown.filter((f) => f.kind !== 'repeat' && f.meta.fromRoster);
    const asked = shown.filter((f) => !fromRoster.includes(f));
    // A section that is one repeated group of the same name has one heading, the section's, which the group's errors link to.
    const lone = asked.length === 1 && asked[0]!.kind === 'repeat' && asked[0]!.meta.label === section.title ? asked[0]! : null;
    const inner = [
      fromRoster.length > 0 && rosterFacts(fromRoster, state, ctx.errors, index === lastFacts),
      ...asked.map((field) => (field.kind === 'repeat' ? repeatField(field.name, field, ctx, !lone) : simpleField(field.name, field.meta, ctx))),
    ];
    const head =
      section.title &&
      (lone && lone.name !== state.runningTotal?.list
        ? html`<h2 class="section-title" id="${inputId(lone.name)}" tabindex="-1">${section.title}</h2>`
        : html`<h2 class="section-title">${section.title}</h2>`);
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
  const drafts = state.draftOwner && html` data-draft-owner="${state.draftOwner}"`;
  // Enter in a text box presses the form's first submit button: with an "Add another course" button
  // above the real one, this unseen copy keeps Enter sending the form.
  const enter = [...fields.values()].some((f) => f.kind === 'repeat') && html`<button type="submit" hidden>${form.submitLabel}</button>`;
  return html`${slot}<form id="form-start" class="form" method="post" action="${action}" novalidate${multipart} data-form="${form.id}"${drafts}>${hidden}${honeypot}${enter}${sections}<button type="submit" class="button" data-send>${form.submitLabel}</button></form>`;
}

/**
 * What the form takes from HR's roster, shown rather than asked: a person cannot
 * type another name or choose who decides, and is told whom to ask when it is wrong.
 */
function rosterFacts(fields: FormField[], state: RenderState, errors: Map<string, string>, withContact: boolean): Markup {
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
  const contact = withContact && state.rosterContact;
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
  /** Where the form posts: the no-JavaScript "Add another course" posts there too. */
  action: string;
  addRow?: string;
  total?: TotalFigures;
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
  // A field of a branch is asked when its branch is chosen, so it is not "(optional)" there.
  const above = () => html`${label({ fieldId: id, text: meta.label, optional: meta.optional && !meta.when })}${hintAndError(id, meta, error)}`;
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
      // A declaration (a box that must be ticked) is made afresh each time: the browser's draft never keeps it.
      const declaration = !meta.optional && html` data-declaration`;
      const box = html`<input type="checkbox" id="${id}" name="${name}" value="yes"${checked}${wired}${declaration}>`;
      return group(html`${hintAndError(id, meta, error)}<div class="checkbox">${box}${label({ fieldId: id, text: meta.label, classes: '' })}</div>`);
    }
    case 'select': {
      const choices = meta.optionsFrom === 'catalog' ? catalogOptions(ctx.catalog, meta.catalogOffers ?? 'listed') : (meta.options ?? []);
      const options = choices.map((o) => html`<option value="${o.value}"${value === o.value && html` selected`}>${o.label}</option>`);
      // A phone cuts a long option short in the closed list: the whole name is shown below it (the script keeps it current).
      const chosen = choices.find((o) => o.value === value)?.label;
      const whole = html`<p class="chosen-option" data-whole-name-of="${id}"${!chosen && html` hidden`}>${chosen ?? ''}</p>`;
      return group(
        html`${above()}<select class="select" id="${id}" name="${name}"${wired}><option value="">Choose a course</option>${options}</select>${whole}`,
      );
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

function repeatField(path: string, field: RepeatField, ctx: FieldContext, titled = true): Markup {
  const { meta } = field;
  const error = ctx.errors.get(path);
  const id = inputId(path);
  const given = valueAt(ctx.values, path);
  const rows = Array.isArray(given) ? given.length : given && typeof given === 'object' ? Object.keys(given).length : 0;
  const count = Math.min(meta.max, Math.max(meta.slots, rows + (ctx.addRow === path ? 1 : 0)));
  const items = Array.from({ length: count }, (_, i) => {
    const inner = rowFields(field, `${path}.${i}`, ctx, titled ? 4 : 3);
    return html`<fieldset class="repeat-item" id="${inputId(`${path}.${i}`)}" data-repeat-item><legend class="legend">${meta.itemLabel} ${i + 1}</legend>${inner}</fieldset>`;
  });
  const classes = error ? 'field repeat field-error' : 'field repeat';
  const title = titled && html`<h3 class="repeat-title" id="${id}" tabindex="-1">${meta.label}</h3>`;
  // Without JavaScript a row is added by the server, which shows the form again one row longer and scrolled to it.
  const add =
    count < meta.max &&
    html`<button type="submit" class="button button-secondary" name="${ADD_ROW}" value="${path}" formaction="${ctx.action}#${inputId(`${path}.${count}`)}" formnovalidate>Add another ${meta.itemLabel.toLowerCase()}</button>`;
  // A list with a total: its own errors (blocks, the cap) are the total's, shown by it; no row is marked for them.
  if (ctx.total?.list === path) {
    const heading = titled && html`<h3 class="repeat-title">${meta.label}</h3>`;
    return html`<div class="field repeat" data-repeat="${path}" data-max="${meta.max}">${heading}${items}${add}</div>${runningTotalHtml(ctx.total, given, error)}`;
  }
  return html`<div class="${classes}" data-field="${path}" data-repeat="${path}" data-max="${meta.max}">${title}${error && errorMessage({ fieldId: id, text: error })}${items}${add}</div>`;
}

/**
 * One row's fields in order, each branch of a choice right after the choice, under
 * the heading of its answer. Every branch is on the page (without JavaScript a person
 * sees them all); the script shows only the chosen one.
 */
function rowFields(field: RepeatField, row: string, ctx: FieldContext, level: 3 | 4): Markup[] {
  const controllers = new Set(field.fields.flatMap((f) => (f.meta.when ? [f.meta.when.field] : [])));
  return field.fields
    .filter((f) => !f.meta.when)
    .map((f) => {
      const path = `${row}.${f.name}`;
      if (!controllers.has(f.name)) return simpleField(path, f.meta, ctx);
      // The choice that decides which questions follow is always asked.
      const choice = simpleField(path, { ...f.meta, optional: false }, ctx);
      const branches = (f.meta.options ?? []).map((option) => {
        const asked = field.fields.filter((b) => b.meta.when?.field === f.name && b.meta.when.value === option.value);
        if (asked.length === 0) return null;
        const heading = level === 3 ? html`<h3 class="branch-title">${option.label}</h3>` : html`<h4 class="branch-title">${option.label}</h4>`;
        return html`<div class="branch" data-branch="${inputName(path)}" data-branch-value="${option.value}">${heading}${asked.map((b) => simpleField(`${row}.${b.name}`, b.meta, ctx))}</div>`;
      });
      return html`${choice}${branches}`;
    });
}
