import { createHash } from 'node:crypto';
import { filesIn, withoutFiles } from './evidence.ts';

const CLIENT_ID = /^[A-Za-z0-9-]{16,64}$/;

/**
 * The page generates an ID when it loads, so a double click or a retry is the same
 * submission. A post without one (no JavaScript, a script) gets an ID from its
 * checked answers (only the form's own fields), so the same answers sent twice
 * are still one submission.
 */
export function submissionId(given: unknown, answers: Record<string, unknown>): string {
  if (typeof given === 'string' && CLIENT_ID.test(given)) return given;
  const files = filesIn(answers)
    .map(({ field, file }) => [field, file.name, file.size] as const)
    .sort((a, b) => a[0].localeCompare(b[0]));
  const canonical = JSON.stringify(sortKeys({ answers: withoutFiles(answers), files }));
  return `c-${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
