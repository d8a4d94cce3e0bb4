// Makes a form page better when JavaScript runs; the form works without it.
// Checks answers with the same schema as the server, keeps a draft in this
// browser, and sends without leaving the page.
import { inputId, schemaProblems } from '../lib/forms/errors.ts';
import type { AnyForm } from '../lib/forms/form.ts';
import { formById } from '../lib/forms/registry.ts';
import { rosterFieldNames } from '../lib/forms/walk.ts';
import type { z } from 'zod';
import { errorSummary, SUBMISSION_ID } from '../lib/forms/render.ts';
import { errorMessage, errorMessageId } from '../lib/html/error-message.ts';
import { formDataToObject } from '../lib/http/form-data.ts';
import type { Problem } from '../lib/program/compensation.ts';

const DRAFT_PREFIX = 'pg-draft:';

export function enhance(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-form]');
  const definition = form && formById(form.dataset['form'] ?? '');
  if (!form || !definition) return;
  const draftKey = DRAFT_PREFIX + definition.id;
  setUpRepeats(form);
  restoreDraft(form, draftKey);
  const idInput = form.elements.namedItem(SUBMISSION_ID) as HTMLInputElement;
  if (!idInput.value) idInput.value = crypto.randomUUID();
  saveDraft(form, draftKey);

  let timer: number | undefined;
  form.addEventListener('input', (event) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => saveDraft(form, draftKey), 300);
    recheck(form, definition, event.target);
  });
  form.addEventListener('change', (event) => {
    saveDraft(form, draftKey);
    recheck(form, definition, event.target);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(form, definition, draftKey);
  });
}

async function send(form: HTMLFormElement, definition: AnyForm, draftKey: string): Promise<void> {
  compactRows(form);
  const data = new FormData(form);
  const problems = askedProblems(definition, definition.schema.safeParse(formDataToObject(data)).error);
  if (problems.length > 0) {
    showProblems(form, problems);
    return;
  }
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  button?.setAttribute('disabled', '');
  try {
    const response = await fetch(form.action, { method: 'POST', body: data, headers: { accept: 'application/json' } });
    const body = (await response.json().catch(() => ({}))) as { receipt?: string; errors?: Problem[]; error?: string };
    if (response.ok && body.receipt) {
      localStorage.removeItem(draftKey);
      window.location.assign(`/forms/received/?receipt=${encodeURIComponent(body.receipt)}`);
      return;
    }
    showProblems(form, body.errors ?? [{ field: '', message: body.error ?? 'Your form could not be sent. Please try again.' }]);
  } catch {
    showProblems(form, [{ field: '', message: 'Your form could not be sent: check your connection and try again. Your answers are kept.' }]);
  } finally {
    button?.removeAttribute('disabled');
  }
}

function showProblems(form: HTMLFormElement, problems: Problem[]): void {
  const byField = new Map(problems.map((p) => [p.field, p.message]));
  for (const group of form.querySelectorAll<HTMLElement>('[data-field]')) {
    setFieldError(group, byField.get(group.dataset['field'] ?? ''));
  }
  const slot = document.querySelector<HTMLElement>('[data-summary-slot]');
  if (slot) {
    slot.innerHTML = errorSummary(problems);
    const summary = slot.querySelector<HTMLElement>('[data-error-summary]');
    summary?.addEventListener('click', (event) => {
      if (event.target instanceof HTMLAnchorElement && focusField(event.target)) event.preventDefault();
    });
    summary?.focus();
  }
  document.title = document.title.startsWith('Error: ') ? document.title : `Error: ${document.title}`;
}

/**
 * A summary link's field, with its question in view: following the link would
 * scroll the input to the top and its label out of sight, so the label or
 * legend is scrolled into view first and the input focused without scrolling.
 */
function focusField(link: HTMLAnchorElement): boolean {
  const input = link.hash && document.getElementById(link.hash.slice(1));
  if (!input) return false;
  (questionOf(input) ?? input).scrollIntoView();
  input.focus({ preventScroll: true });
  return true;
}

/** A fieldset's legend when the input is near it (always for a radio or checkbox), else the input's label. */
function questionOf(input: HTMLElement): HTMLElement | null {
  const legend = input.closest('fieldset')?.querySelector('legend');
  if (legend) {
    if (input instanceof HTMLInputElement && (input.type === 'radio' || input.type === 'checkbox')) return legend;
    // Only while the input would still sit in the top half of the screen, clear of a software keyboard.
    if (input.getBoundingClientRect().bottom - legend.getBoundingClientRect().top < window.innerHeight / 2) return legend;
  }
  const labels = input instanceof HTMLInputElement || input instanceof HTMLSelectElement || input instanceof HTMLTextAreaElement ? input.labels : null;
  return labels?.[0] ?? null;
}

/**
 * The schema's problems with what the person typed: the fields the roster fills
 * are not on the page (the server puts them in), so they are not the person's to fix.
 */
function askedProblems(definition: AnyForm, error: z.ZodError | undefined): Problem[] {
  if (!error) return [];
  const fromRoster = rosterFieldNames(definition);
  return schemaProblems(error).filter((p) => !fromRoster.has(p.field));
}

/** Clears a field's error as soon as its answer passes the schema. */
function recheck(form: HTMLFormElement, definition: AnyForm, target: EventTarget | null): void {
  const group = (target as HTMLElement | null)?.closest<HTMLElement>('[data-field].field-error');
  if (!group) return;
  const field = group.dataset['field'];
  const still = askedProblems(definition, definition.schema.safeParse(formDataToObject(new FormData(form))).error).find((p) => p.field === field)?.message;
  if (!still) setFieldError(group, undefined);
}

function setFieldError(group: HTMLElement, message: string | undefined): void {
  const field = group.dataset['field'] ?? '';
  const id = inputId(field);
  group.querySelector(`#${CSS.escape(errorMessageId(id))}`)?.remove();
  group.classList.toggle('field-error', !!message);
  const controls = group.querySelectorAll<HTMLElement>(`[name]:not([type="hidden"])`);
  const describedHost = group.querySelector<HTMLElement>('fieldset.fieldset') ?? group.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
  const describedBy = (describedHost?.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== errorMessageId(id));
  if (!group.dataset['repeat']) {
    controls.forEach((c) => (message ? c.setAttribute('aria-invalid', 'true') : c.removeAttribute('aria-invalid')));
  }
  if (message) {
    const markup = String(errorMessage({ fieldId: id, text: message }));
    const anchor = group.querySelector('.hint') ?? group.querySelector('.label, .legend, .repeat-title');
    if (anchor) anchor.insertAdjacentHTML('afterend', markup);
    else group.insertAdjacentHTML('afterbegin', markup);
    describedBy.push(errorMessageId(id));
  }
  if (describedHost && !group.dataset['repeat']) {
    if (describedBy.length) describedHost.setAttribute('aria-describedby', describedBy.join(' '));
    else describedHost.removeAttribute('aria-describedby');
  }
}

/** "Add another course": copies the last row with its numbers moved on and its answers empty. */
function setUpRepeats(form: HTMLFormElement): void {
  for (const repeat of form.querySelectorAll<HTMLElement>('[data-repeat]')) {
    const max = Number(repeat.dataset['max'] ?? '10');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button-secondary';
    button.textContent = 'Add another course';
    const refresh = () => (button.hidden = repeat.querySelectorAll('[data-repeat-item]').length >= max);
    button.addEventListener('click', () => {
      addRow(repeat);
      refresh();
    });
    repeat.append(button);
    refresh();
  }
}

/** Gives a row the names and ids of another position: lines[2][hours] becomes lines[1][hours]. */
function renumber(item: HTMLElement, path: string, from: number, to: number): void {
  const swap = (text: string) =>
    text
      .replace(`${path}[${from}]`, `${path}[${to}]`)
      .replace(`${inputId(`${path}.${from}`)}-`, `${inputId(`${path}.${to}`)}-`)
      .replace(`${path}.${from}.`, `${path}.${to}.`);
  for (const el of item.querySelectorAll<HTMLElement>('*')) {
    for (const attr of ['name', 'id', 'for', 'aria-describedby', 'data-field']) {
      const value = el.getAttribute(attr);
      if (value) el.setAttribute(attr, value.split(' ').map(swap).join(' '));
    }
  }
  const legend = item.querySelector('legend');
  if (legend) legend.textContent = legend.textContent!.replace(/\d+$/, String(to + 1));
}

const isBlankRow = (item: HTMLElement) =>
  [...item.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('[name]')].every((c) =>
    c instanceof HTMLInputElement && (c.type === 'checkbox' || c.type === 'radio')
      ? !c.checked
      : c instanceof HTMLInputElement && c.type === 'file'
        ? !c.files?.length
        : c.value.trim() === '',
  );

/** Moves filled rows above blank ones, as the server does, so errors name the rows where they are shown. */
function compactRows(form: HTMLFormElement): void {
  for (const repeat of form.querySelectorAll<HTMLElement>('[data-repeat]')) {
    const path = repeat.dataset['repeat']!;
    const items = [...repeat.querySelectorAll<HTMLElement>('[data-repeat-item]')];
    const ordered = [...items.filter((i) => !isBlankRow(i)), ...items.filter(isBlankRow)];
    if (ordered.every((item, i) => item === items[i])) continue;
    const anchor = items[0]!.previousElementSibling!;
    ordered.forEach((item, to) => {
      const from = items.indexOf(item);
      if (from !== to) renumber(item, path, from, to);
    });
    // Two passes of renumbering could collide (1->0 while 0->1); names are unique again once all have moved.
    anchor.after(...ordered);
  }
}

function addRow(repeat: HTMLElement): HTMLElement {
  const items = repeat.querySelectorAll<HTMLElement>('[data-repeat-item]');
  const last = items[items.length - 1]!;
  const copy = last.cloneNode(true) as HTMLElement;
  renumber(copy, repeat.dataset['repeat']!, items.length - 1, items.length);
  for (const el of copy.querySelectorAll<HTMLElement>('*')) {
    if (el instanceof HTMLInputElement) {
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
      else el.value = '';
    }
    if (el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) el.value = '';
  }
  copy.querySelectorAll('.error-message').forEach((e) => e.remove());
  copy.querySelectorAll('.field-error').forEach((e) => e.classList.remove('field-error'));
  last.after(copy);
  copy.querySelector<HTMLElement>('input, select, textarea')?.focus();
  return copy;
}

interface Draft {
  fields: [string, string][];
  rows: Record<string, number>;
}

function saveDraft(form: HTMLFormElement, key: string): void {
  const fields: [string, string][] = [];
  for (const [name, value] of new FormData(form).entries()) {
    if (typeof value === 'string' && name !== 'website') fields.push([name, value]);
  }
  const rows: Record<string, number> = {};
  for (const repeat of form.querySelectorAll<HTMLElement>('[data-repeat]')) {
    rows[repeat.dataset['repeat']!] = repeat.querySelectorAll('[data-repeat-item]').length;
  }
  try {
    localStorage.setItem(key, JSON.stringify({ fields, rows } satisfies Draft));
  } catch {
    // Storage full or disabled: the form still works, only without a draft.
  }
}

function restoreDraft(form: HTMLFormElement, key: string): void {
  let draft: Draft | null;
  try {
    draft = JSON.parse(localStorage.getItem(key) ?? 'null') as Draft | null;
  } catch {
    draft = null;
  }
  if (!draft) return;
  for (const [path, count] of Object.entries(draft.rows ?? {})) {
    const repeat = form.querySelector<HTMLElement>(`[data-repeat="${CSS.escape(path)}"]`);
    while (repeat && repeat.querySelectorAll('[data-repeat-item]').length < count) addRow(repeat);
  }
  for (const [name, value] of draft.fields ?? []) {
    const controls = form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`[name="${CSS.escape(name)}"]`);
    for (const control of controls) {
      if (control instanceof HTMLInputElement && (control.type === 'radio' || control.type === 'checkbox')) {
        if (control.value === value) control.checked = true;
      } else if (!(control instanceof HTMLInputElement && control.type === 'file')) {
        control.value = value;
      }
    }
  }
  window.scrollTo(0, 0);
}
