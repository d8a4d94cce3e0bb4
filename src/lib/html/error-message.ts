import { html, type Markup } from './template.ts';

/** The id of a field's error message, for its input's aria-describedby. */
export const errorMessageId = (fieldId: string) => `${fieldId}-error`;

/**
 * What is wrong with one field, beside it. "Error:" is read by screen readers
 * only: the page's colour and position say it to everyone else.
 */
export function errorMessage({ fieldId, text }: { fieldId: string; text: string }): Markup {
  return html`<p class="error-message" id="${errorMessageId(fieldId)}"><span class="visually-hidden">Error:</span> ${text}</p>`;
}
