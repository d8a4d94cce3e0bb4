import type { z } from 'zod';
import type { Problem } from '../program/compensation.ts';

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

/** The id of the input a field's error links to. */
export function inputId(field: string): string {
  return `f-${field.replace(/[^A-Za-z0-9]+/g, '-')}`;
}
