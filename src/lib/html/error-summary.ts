import { html, type Markup } from './template.ts';

export interface SummaryItem {
  text: string;
  /** Where the problem is: "#f-email". A problem of the whole page has none and is plain text. */
  href?: string;
}

/**
 * Every problem on the page, at its top, each linking to its field. The
 * container is what takes focus; role="alert" sits on an element inside it, so
 * moving focus and announcing the alert do not race and cut the message short.
 */
export function errorSummary(items: readonly SummaryItem[], title = 'There is a problem', options: { focusOnLoad?: boolean } = {}): Markup {
  if (items.length === 0) return html``;
  // A page without the form script (a decision page) still lands on its problems: browsers focus `autofocus` on load.
  const autofocus = options.focusOnLoad && html` autofocus`;
  const list = items.map((item) => html`<li>${item.href ? html`<a href="${item.href}">${item.text}</a>` : item.text}</li>`);
  return html`<div class="error-summary" data-error-summary tabindex="-1"${autofocus}><div role="alert"><h2 class="error-summary-title" id="error-summary-title">${title}</h2><ul class="error-summary-list">${list}</ul></div></div>`;
}
