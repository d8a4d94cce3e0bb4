import { errorSummary as summary } from '../html/error-summary.ts';
import { type Markup } from '../html/template.ts';
import type { Problem } from '../program/compensation.ts';
import { inputId } from './field-ids.ts';

/** The error summary of a form's problems, each linking to its field; a problem of the whole form has nowhere to link to. */
export function errorSummaryHtml(problems: Problem[], options: { focusOnLoad?: boolean } = {}): Markup {
  return summary(
    problems.map((p) => (p.field ? { text: p.message, href: `#${inputId(p.field)}` } : { text: p.message })),
    undefined,
    options,
  );
}

/** The same, as text: for the browser script's `innerHTML`. */
export function errorSummary(problems: Problem[]): string {
  return String(errorSummaryHtml(problems));
}

/** Each field's messages, as the page shows them beside it: one paragraph, every message of that field in it. */
export function messagesByField(problems: Problem[]): Map<string, string> {
  const byField = new Map<string, string>();
  for (const p of problems) {
    const before = byField.get(p.field);
    byField.set(p.field, before ? `${before} ${p.message}` : p.message);
  }
  return byField;
}
