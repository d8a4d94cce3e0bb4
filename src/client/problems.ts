// The server's problems shown on the page as the server itself shows them: the
// summary at the top (focused) and each message beside its field.
import { errorSummary, messagesByField } from '../lib/forms/error-summary.ts';
import { inputId } from '../lib/forms/field-ids.ts';
import { errorMessage, errorMessageId } from '../lib/html/error-message.ts';
import type { Problem } from '../lib/program/compensation.ts';

export function showProblems(form: HTMLFormElement, problems: Problem[]): void {
  const byField = messagesByField(problems);
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

/** Takes a field's error away once the person changes its answer: the next send checks it again. */
export function clearChangedField(target: EventTarget | null): void {
  const group = target instanceof Element ? target.closest<HTMLElement>('[data-field].field-error') : null;
  if (group) setFieldError(group, undefined);
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

/** One field's message, where the server's markup puts it (src/lib/forms/render.ts), or none. */
export function setFieldError(group: HTMLElement, message: string | undefined): void {
  const id = inputId(group.dataset['field'] ?? '');
  const messageId = errorMessageId(id);
  group.querySelector(`#${CSS.escape(messageId)}`)?.remove();
  group.classList.toggle('field-error', !!message);
  const markup = message && String(errorMessage({ fieldId: id, text: message }));
  // A roster fact is shown, not asked: its message goes in the fact itself, with nothing to mark invalid.
  const fact = group.querySelector<HTMLElement>('[data-roster]');
  if (fact) {
    if (markup) fact.insertAdjacentHTML('beforeend', markup);
    return;
  }
  const describedHost = group.querySelector<HTMLElement>('fieldset.fieldset') ?? group.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
  const describedBy = (describedHost?.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== messageId);
  const repeat = !!group.dataset['repeat'];
  if (!repeat) {
    for (const control of group.querySelectorAll<HTMLElement>('[name]:not([type="hidden"])')) {
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    }
  }
  if (markup) {
    // A list's own message goes under its title, not under its first row's hint.
    const anchor = repeat ? group.querySelector(':scope > .repeat-title') : (group.querySelector('.hint') ?? group.querySelector('.label, .legend'));
    if (anchor) anchor.insertAdjacentHTML('afterend', markup);
    else group.insertAdjacentHTML('afterbegin', markup);
    describedBy.push(messageId);
  }
  if (describedHost && !repeat) {
    if (describedBy.length) describedHost.setAttribute('aria-describedby', describedBy.join(' '));
    else describedHost.removeAttribute('aria-describedby');
  }
}
