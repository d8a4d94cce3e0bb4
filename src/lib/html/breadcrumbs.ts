import { html, type Markup } from './template.ts';

export interface Crumb {
  label: string;
  /** None for the page itself, which is marked as the current one. */
  href?: string;
}

/** Where a page sits: Home, then each level down to it. */
export function breadcrumbs(crumbs: readonly Crumb[], { classes = '' }: { classes?: string } = {}): Markup {
  if (crumbs.length === 0) return html``;
  const items = crumbs.map((c) => html`<li>${c.href ? html`<a href="${c.href}">${c.label}</a>` : html`<span aria-current="page">${c.label}</span>`}</li>`);
  return html`<nav class="${classes ? `breadcrumbs ${classes}` : 'breadcrumbs'}" aria-label="Breadcrumb"><ol>${items}</ol></nav>`;
}
