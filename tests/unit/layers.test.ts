import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rule is only worth having if it bites: each case lints a file that
// does not exist, placed in a layer, with an import that goes the wrong way.
const eslint = new ESLint({ cwd: process.cwd() });

async function problemsOf(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the layers', () => {
  it('refuse a pure rule that imports the queue above it', async () => {
    const problems = await problemsOf(
      'src/lib/program/backward.ts',
      "import { SubmissionStore } from '../store/submissions.ts';\nexport const s = SubmissionStore;\n",
    );
    expect(problems.some((p) => p.startsWith('import-x/no-restricted-paths'))).toBe(true);
  });

  it('refuse a form that imports the composition root', async () => {
    const problems = await problemsOf('src/lib/forms/backward.ts', "import { runtimeDeps } from '../app/runtime.ts';\nexport const r = runtimeDeps;\n");
    expect(problems.some((p) => p.startsWith('import-x/no-restricted-paths'))).toBe(true);
  });

  it('refuse a browser script that imports the queue', async () => {
    const problems = await problemsOf(
      'src/client/backward.ts',
      "import { SubmissionStore } from '../lib/store/submissions.ts';\nexport const s = SubmissionStore;\n",
    );
    expect(problems.some((p) => p.startsWith('import-x/no-restricted-paths'))).toBe(true);
  });

  it('allow a layer to import the layers below it', async () => {
    const problems = await problemsOf(
      'src/lib/workflow/forward.ts',
      "import { SubmissionStore } from '../store/submissions.ts';\nexport const s = SubmissionStore;\n",
    );
    expect(problems.filter((p) => p.startsWith('import-x/'))).toEqual([]);
  });
});
