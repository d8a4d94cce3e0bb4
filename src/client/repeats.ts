// Rows of a repeated group ("Add another course"): adding one, and closing up blank ones before sending.
import { inputId } from '../lib/forms/field-ids.ts';
import { showChosen } from './choices.ts';
import { setFieldError } from './problems.ts';

/**
 * "Add another course": a button under each repeated group, hidden once it has its most rows.
 * The page's own button asks the server for a longer form; here it adds the row in place.
 */
export function setUpRepeats(form: HTMLFormElement): void {
  for (const repeat of form.querySelectorAll<HTMLElement>('[data-repeat]')) {
    const max = Number(repeat.dataset['max'] ?? '10');
    const button = repeat.querySelector<HTMLButtonElement>(':scope > button[name]') ?? document.createElement('button');
    button.removeAttribute('name');
    button.removeAttribute('formaction');
    button.type = 'button';
    button.className = 'button button-secondary';
    button.textContent ||= 'Add another course';
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
  // The row's own id ("f-lines-1"), which the no-JavaScript page scrolls to.
  item.id = inputId(`${path}.${to}`);
  for (const el of item.querySelectorAll<HTMLElement>('*')) {
    for (const attr of ['name', 'id', 'for', 'aria-describedby', 'data-field', 'data-branch', 'data-whole-name-of']) {
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
export function compactRows(form: HTMLFormElement): void {
  for (const repeat of form.querySelectorAll<HTMLElement>('[data-repeat]')) {
    const path = repeat.dataset['repeat']!;
    const items = [...repeat.querySelectorAll<HTMLElement>('[data-repeat-item]')];
    const ordered = [...items.filter((i) => !isBlankRow(i)), ...items.filter(isBlankRow)];
    if (ordered.every((item, i) => item === items[i])) continue;
    // The rows sit together, before the button that adds one (the group may have no title above them).
    const next = items.at(-1)!.nextElementSibling;
    ordered.forEach((item, to) => {
      const from = items.indexOf(item);
      if (from !== to) renumber(item, path, from, to);
    });
    // Two passes of renumbering could collide (1->0 while 0->1); names are unique again once all have moved.
    if (next) next.before(...ordered);
    else repeat.append(...ordered);
  }
}

/** Copies the last row with its numbers moved on and its answers empty. */
export function addRow(repeat: HTMLElement): HTMLElement {
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
  // A new row has nothing wrong with it yet, whatever the row it was copied from had.
  copy.querySelectorAll<HTMLElement>('[data-field]').forEach((group) => setFieldError(group, undefined));
  last.after(copy);
  showChosen(copy);
  copy.querySelector<HTMLElement>('input, select, textarea')?.focus();
  return copy;
}
