// What a person typed, kept in this browser until the form is sent: each
// signed-in person's apart, and nobody else's left behind on a shared computer.
import { HONEYPOT, SUBMISSION_ID } from '../lib/forms/field-ids.ts';
import { html } from '../lib/html/template.ts';
import { formatDate } from '../lib/program/calendar.ts';
import { addRow } from './repeats.ts';

const PREFIX = 'pg-draft:';

interface Draft {
  fields: [string, string][];
  rows: Record<string, number>;
  /** The day it was last saved, in this browser's calendar (YYYY-MM-DD). */
  savedOn?: string;
}

/** A box a person must tick is a declaration made when sending: it is never kept, nor ticked again from an older draft. */
const isDeclaration = (form: HTMLFormElement, name: string) => !!form.querySelector(`input[data-declaration][name="${CSS.escape(name)}"]`);

/** One form's draft for one person; `owner` is the page's opaque value for the person signed in. */
export class Drafts {
  readonly #key: string;

  constructor(owner: string, formId: string) {
    this.#key = `${PREFIX}${owner}:${formId}`;
    forgetAllBut(`${PREFIX}${owner}:`);
  }

  save(form: HTMLFormElement): void {
    const fields: [string, string][] = [];
    for (const [name, value] of new FormData(form).entries()) {
      if (typeof value === 'string' && name !== HONEYPOT && !isDeclaration(form, name)) fields.push([name, value]);
    }
    const rows: Record<string, number> = {};
    for (const repeat of form.querySelectorAll<HTMLElement>('[data-repeat]')) {
      rows[repeat.dataset['repeat']!] = repeat.querySelectorAll('[data-repeat-item]').length;
    }
    try {
      // 'en-CA' writes a day as YYYY-MM-DD.
      const savedOn = new Date().toLocaleDateString('en-CA');
      localStorage.setItem(this.#key, JSON.stringify({ fields, rows, savedOn } satisfies Draft));
    } catch {
      // Storage full or disabled: the form still works, only without a draft.
    }
  }

  restore(form: HTMLFormElement): void {
    let draft: Draft | null;
    try {
      draft = JSON.parse(localStorage.getItem(this.#key) ?? 'null') as Draft | null;
    } catch {
      draft = null;
    }
    if (!draft) return;
    for (const [path, count] of Object.entries(draft.rows ?? {})) {
      const repeat = form.querySelector<HTMLElement>(`[data-repeat="${CSS.escape(path)}"]`);
      while (repeat && repeat.querySelectorAll('[data-repeat-item]').length < count) addRow(repeat);
    }
    const fields = (draft.fields ?? []).filter(([name]) => !isDeclaration(form, name));
    for (const [name, value] of fields) {
      for (const control of form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`[name="${CSS.escape(name)}"]`)) {
        if (control instanceof HTMLInputElement && (control.type === 'radio' || control.type === 'checkbox')) {
          if (control.value === value) control.checked = true;
        } else if (!(control instanceof HTMLInputElement && control.type === 'file')) {
          control.value = value;
        }
      }
    }
    // Restoring rows moved the focus to the last one added.
    window.scrollTo(0, 0);
    if (fields.some(([name, value]) => name !== SUBMISSION_ID && value.trim() !== '')) this.#tell(form, draft.savedOn);
  }

  /** Says above the form that its answers are a draft from before, with a way to start again. */
  #tell(form: HTMLFormElement, savedOn: string | undefined): void {
    const when = savedOn && /^\d{4}-\d{2}-\d{2}$/.test(savedOn) ? `on ${formatDate(savedOn)}` : 'on an earlier visit';
    const notice = html`<div class="notice" data-draft-notice><p>We kept what you typed ${when}. Check it before you send, or start again.</p><button type="button" class="button button-secondary">Clear the form</button></div>`;
    form.insertAdjacentHTML('beforebegin', String(notice));
    form.previousElementSibling?.querySelector('button')?.addEventListener('click', () => {
      this.clear();
      // The page as it first came (a reload would let the browser put typed answers back).
      window.location.assign(window.location.pathname + window.location.search);
    });
  }

  clear(): void {
    try {
      localStorage.removeItem(this.#key);
    } catch {
      // Storage disabled: there is no draft to clear.
    }
  }
}

/** Removes every draft whose key does not start with `keep`: another person's, or one kept before drafts were per person. */
function forgetAllBut(keep: string): void {
  try {
    const others = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter(
      (key): key is string => !!key?.startsWith(PREFIX) && !key.startsWith(keep),
    );
    for (const key of others) localStorage.removeItem(key);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
