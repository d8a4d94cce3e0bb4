import type { z } from 'zod';
import type { Problem } from '../program/compensation.ts';
import type { AnyForm } from './form.ts';
import { formFields } from './walk.ts';

/** One message per field, the first the schema found: what a person fixes first. */
export function schemaProblems(error: z.ZodError): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.');
    if (seen.has(field)) continue;
    seen.add(field);
    problems.push({ field, message: issue.message });
  }
  return problems;
}

/**
 * Problems from every check, each once, in the order of the page's fields: the summary
 * reads top to bottom as the form does. A problem of the whole form comes first; a
 * list's own problem (its total) after its rows, where the page shows it.
 */
export function inPageOrder(form: Pick<AnyForm, 'schema' | 'sections'>, problems: Problem[]): Problem[] {
  const fields = formFields(form);
  const top = form.sections.flatMap((s) => s.fields as string[]);
  const rank = (path: string): number[] => {
    if (!path) return [-1];
    const [name = '', row, inner] = path.split('.');
    const at = top.indexOf(name);
    const place = at === -1 ? top.length : at;
    const field = fields.find((f) => f.name === name);
    if (field?.kind !== 'repeat') return [place];
    if (row === undefined || inner === undefined) return [place, Number.MAX_SAFE_INTEGER];
    return [place, Number(row), field.fields.findIndex((f) => f.name === inner)];
  };
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.field}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const ranked = unique.map((problem) => ({ problem, rank: rank(problem.field) }));
  ranked.sort((a, b) => compareRanks(a.rank, b.rank));
  return ranked.map((r) => r.problem);
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

// Where it has always been imported from; defined with the names the browser script shares.
export { inputId } from './field-ids.ts';
