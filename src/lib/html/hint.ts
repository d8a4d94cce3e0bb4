import { html, type Markup } from './template.ts';

/** The id of a field's hint, for its input's aria-describedby. */
export const hintId = (fieldId: string) => `${fieldId}-hint`;

export function hint({ fieldId, text }: { fieldId: string; text: string }): Markup {
  return html`<p class="hint" id="${hintId(fieldId)}">${text}</p>`;
}
