// The claim's running total, kept current as the person types. The figures (block size,
// pay, what is left of the cap) are the page's, from data attributes the server wrote.
import { figuresFrom, totalText, typedHours } from '../lib/forms/running-total.ts';

/** How long typing pauses before the total is read out again: once a number, not at every key. */
const SETTLE_MS = 600;

export function setUpRunningTotal(form: HTMLFormElement): void {
  const box = form.querySelector<HTMLElement>('[data-running-total]');
  const output = box?.querySelector<HTMLOutputElement>('[data-total-text]');
  if (!box || !output) return;
  const figures = figuresFrom(box);
  const isHours = (target: EventTarget | null) =>
    target instanceof HTMLInputElement && target.name.startsWith(`${figures.list}[`) && target.name.endsWith(`[${figures.hours}]`);
  const update = () => {
    const inputs = form.querySelectorAll<HTMLInputElement>(`input[name^="${figures.list}["][name$="[${figures.hours}]"]`);
    const text = totalText(typedHours([...inputs].map((i) => i.value)), figures);
    // The same words again are not announced again.
    if (output.textContent !== text) output.textContent = text;
  };
  let timer: number | undefined;
  form.addEventListener('input', (event) => {
    if (!isHours(event.target)) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(update, SETTLE_MS);
  });
  form.addEventListener('change', (event) => {
    if (!isHours(event.target)) return;
    window.clearTimeout(timer);
    update();
  });
  // A restored draft's hours are the total's from the start.
  update();
}
