// Makes a form page better when JavaScript runs; the form works without it.
// Keeps a draft in this browser for the person signed in, and sends without
// leaving the page. The answers are checked by the server alone, which tells a
// script every problem at once (422 with the same messages its pages show).
import { SUBMISSION_ID } from '../lib/forms/field-ids.ts';
import type { Problem } from '../lib/program/compensation.ts';
import { showChosen } from './choices.ts';
import { Drafts } from './drafts.ts';
import { clearChangedField, showProblems } from './problems.ts';
import { compactRows, setUpRepeats } from './repeats.ts';
import { setUpRunningTotal } from './running-total.ts';

export function enhance(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-form]');
  if (!form) return;
  const owner = form.dataset['draftOwner'];
  // Without a person to keep them for, no drafts: they could be shown to the next one.
  const drafts = owner ? new Drafts(owner, form.dataset['form'] ?? '') : null;
  setUpRepeats(form);
  drafts?.restore(form);
  showChosen(form);
  setUpRunningTotal(form);
  const idInput = form.elements.namedItem(SUBMISSION_ID) as HTMLInputElement | null;
  if (idInput && !idInput.value) idInput.value = crypto.randomUUID();
  drafts?.save(form);

  let timer: number | undefined;
  form.addEventListener('input', (event) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => drafts?.save(form), 300);
    clearChangedField(event.target);
  });
  form.addEventListener('change', (event) => {
    showChosen(form);
    drafts?.save(form);
    clearChangedField(event.target);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // A second press (or Enter) while the first is on its way does nothing.
    if (form.getAttribute('aria-busy') === 'true') return;
    void send(form, drafts);
  });
}

interface Answer {
  receipt?: string;
  errors?: Problem[];
  error?: string;
}

/** "Sending…" on the button, which cannot be pressed again, until the answer comes; `done` puts it back. */
function sending(form: HTMLFormElement): { done: () => void } {
  const button = form.querySelector<HTMLButtonElement>('button[data-send]');
  const label = button?.textContent ?? '';
  form.setAttribute('aria-busy', 'true');
  if (button) {
    button.disabled = true;
    button.textContent = 'Sending…';
  }
  return {
    done() {
      form.removeAttribute('aria-busy');
      if (button) {
        button.disabled = false;
        button.textContent = label;
      }
    },
  };
}

async function send(form: HTMLFormElement, drafts: Drafts | null): Promise<void> {
  compactRows(form);
  const state = sending(form);
  try {
    const response = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { accept: 'application/json' } });
    const body = (await response.json().catch(() => ({}))) as Answer;
    if (response.ok && body.receipt) {
      drafts?.clear();
      // Still "Sending…" while the receipt page loads.
      window.location.assign(`/forms/received/?receipt=${encodeURIComponent(body.receipt)}`);
      return;
    }
    state.done();
    showProblems(form, body.errors?.length ? body.errors : [{ field: '', message: body.error ?? 'Your form could not be sent. Please try again.' }]);
  } catch {
    state.done();
    showProblems(form, [{ field: '', message: 'Your form could not be sent: check your connection and try again. Your answers are kept.' }]);
  }
}
