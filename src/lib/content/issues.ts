import type { z } from 'zod';

/** "content/x.yaml: payPerBlock: expected number" — one line per problem, so an editor can find each. */
export function describeIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(whole file)';
    return `  ${field}: ${issue.message}`;
  });
  return `${file} has ${lines.length === 1 ? 'a problem' : `${lines.length} problems`}:\n${lines.join('\n')}`;
}
