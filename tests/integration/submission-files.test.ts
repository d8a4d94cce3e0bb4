import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleSubmission } from '../../src/lib/app/submit.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { LOCAL_BLOBS_DIR, openLocalStore } from '../../src/lib/store/local.ts';
import { testDeps } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { compensationAnswers, jsonRequest, multipartRequest, pdf, preApprovalAnswers } from '../../support/submissions.ts';

/**
 * `npm run submissions -- files RECEIPT [folder]`, run as HR would from a project
 * folder of its own (the repository's settings, a local store), without Airtable.
 */
let project: string;
let claim: string;
let preApproved: string;
const RTL_OVERRIDE = '\u202E';

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'pg-files-'));
  symlinkSync(resolve('content'), join(project, 'content'), 'dir');
  const local = await openLocalStore(join(project, LOCAL_BLOBS_DIR));
  try {
    const deps = testDeps(local.store);
    const cookie = await sessionFor(deps, STAFF.ana);
    const pre = await handleSubmission(as(cookie, jsonRequest('/api/forms/pre-approval', preApprovalAnswers({ startDate: '2026-12-01' }))), preApproval, deps);
    preApproved = ((await pre.json()) as { receipt: string }).receipt;
    await local.store.setStatus(preApproved, 'approved', '2026-10-01');
    // Ana's claim: the course's evidence, a PDF named like a web page behind a right-to-left mark, and a
    // growth-plan form named to look like a PDF while it reads backwards.
    const answers = compensationAnswers(
      [{ preApprovalReceipt: preApproved, startDate: '2026-10-05', completionDate: '2026-11-02', hours: '6', evidence: pdf('\u200Ftranscript.html') }],
      { permitHolder: 'yes', growthPlan: pdf(`plan${RTL_OVERRIDE}fdp.exe`) },
    );
    const sent = await handleSubmission(as(cookie, multipartRequest('/api/forms/compensation', answers)), compensation, deps);
    const body = (await sent.json()) as { receipt: string };
    expect(sent.status, JSON.stringify(body)).toBe(201);
    claim = body.receipt;
  } finally {
    await local.stop();
  }
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve('scripts/submissions.ts'), ...args], { cwd: project, env: { PATH: process.env['PATH'] ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

describe('writing a request’s files out', () => {
  it('writes each file under a name that says what it is, ends in its type’s extension and hides nothing', async () => {
    const result = await run(['files', claim.toLowerCase(), 'evidence']);
    expect(result.code, result.stderr).toBe(0);
    const written = readdirSync(join(project, 'evidence')).sort();
    expect(written).toEqual(['Course 1 - transcript.html.pdf', 'planfdp.exe.pdf']);
    expect(written.join('')).not.toMatch(/[\u200F\u202E]/);
    expect(readFileSync(join(project, 'evidence', 'planfdp.exe.pdf'), 'utf8')).toBe(await pdf().text());
    expect(result.stdout).toContain(`${join('evidence', 'Course 1 - transcript.html.pdf')}: Evidence of completion, course 1, application/pdf`);
  });

  it('writes into exports/RECEIPT when no folder is given, and says when a request has no files', async () => {
    expect((await run(['files', claim])).code).toBe(0);
    expect(existsSync(join(project, 'exports', claim, 'planfdp.exe.pdf'))).toBe(true);
    const none = await run(['files', preApproved]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain(`${preApproved} has no files.`);
  });

  it('refuses an unknown receipt with exit code 1, and a missing one with the usage and exit code 2', async () => {
    const unknown = await run(['files', 'CR-0000000000']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('CR-0000000000: no such request');
    const usage = await run(['files']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run submissions -- files RECEIPT [folder]');
  });
});
