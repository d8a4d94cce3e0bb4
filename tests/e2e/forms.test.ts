import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, today } from '../../src/lib/program/calendar.ts';
import { servedSiteCopy } from '../support/served-site.ts';
import { focusPlanAnswers, person, preApprovalAnswers } from '../../support/submissions.ts';

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const RECEIPT = /^[A-Z]{2}-[0-9A-Z]{10}$/;

const served = servedSiteCopy();
const { freshPage } = served;

const now = today();
let employee = 500000;
const nextEmployee = () => String(++employee);

/** A JSON submission straight to a form's endpoint, as another program would send it. */
async function submitJson(form: string, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${served.url()}/api/forms/${form}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { receipt?: string; errors?: unknown };
  if (!answer.receipt) throw new Error(`${form} refused: ${JSON.stringify(answer)}`);
  return answer.receipt;
}

/** A step of the routing taken with the command-line tool, on the copy's local store. */
function act(receipt: string, action: string, role: string, ...rest: string[]): void {
  const run = spawnSync(process.execPath, [join(served.site().dir, 'scripts/submissions.ts'), 'act', receipt, action, '--as', role, ...rest], {
    cwd: served.site().dir,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
}

// Without the page's submission ID: the form fills its own.
const planFor = (employeeId: string) => {
  const { submissionId: _id, ...answers } = focusPlanAnswers({ employeeId, checkpointDate: addDays(now, 90) });
  return answers;
};

const pdf = { name: 'certificate.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n') };

/** What a person types into each form, by field name, for a submission that is accepted. */
const cases: Record<string, () => Promise<Record<string, unknown>>> = {
  'pre-approval': async () => {
    const { submissionId: _id, ...answers } = preApprovalAnswers({ employeeId: nextEmployee(), startDate: addDays(now, 30) });
    return answers;
  },
  compensation: async () => ({
    ...person,
    employeeId: nextEmployee(),
    employeeType: 'permanent-classified',
    'lines[0][courseId]': 'first-aid-and-cpr-certification',
    'lines[0][startDate]': addDays(now, -30),
    'lines[0][completionDate]': addDays(now, -20),
    'lines[0][hours]': '6',
    permitHolder: 'yes',
    growthPlan: pdf,
    outsideWorkday: 'yes',
    notPaidElsewhere: 'yes',
  }),
  'exit-survey': async () => ({
    courseId: 'conflict-resolution-for-school-teams',
    satisfaction: '5',
    relevance: '4',
    willUse: '4',
    comments: 'Practical and well paced.',
    anonymous: 'yes',
  }),
  appeal: async () => {
    const employeeId = nextEmployee();
    const receipt = await submitJson('pre-approval', preApprovalAnswers({ employeeId, startDate: addDays(now, 30) }));
    act(receipt, 'deny', 'supervisor', '--comment', 'Not related to the role.');
    return { fullName: person.fullName, email: person.email, employeeId, receipt, reason: 'The course is the only one of its kind offered this year.' };
  },
  'focus-plan': async () => planFor(nextEmployee()),
  'focus-plan-checkpoint': async () => {
    const employeeId = nextEmployee();
    const planReceipt = await submitJson('focus-plan', planFor(employeeId));
    // Signed by the evaluator, then the teacher, before a checkpoint.
    act(planReceipt, 'sign', 'evaluator');
    act(planReceipt, 'sign', 'employee');
    return {
      fullName: person.fullName,
      email: person.email,
      employeeId,
      planReceipt,
      progress: 'Exit tickets in most lessons since February.',
      evidence: 'A tally of exit tickets and samples of student work.',
      evidenceFile: pdf,
      nextStep: 'continue',
    };
  },
};

async function fill(page: Page, answers: Record<string, unknown>): Promise<void> {
  for (const [name, value] of Object.entries(answers)) {
    const control = page.locator(`form[data-form] [name="${name}"]`);
    const first = control.first();
    const type = await first.getAttribute('type');
    const tag = await first.evaluate((el) => el.tagName.toLowerCase());
    if (value === undefined) continue;
    if (value && typeof value === 'object') await first.setInputFiles(value as { name: string; mimeType: string; buffer: Buffer });
    else if (type === 'radio') await page.locator(`form[data-form] [name="${name}"][value="${String(value)}"]`).check();
    else if (type === 'checkbox') await first.check();
    else if (tag === 'select') await first.selectOption(String(value));
    else await first.fill(String(value));
  }
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** axe runs inside the page, so a page seen without JavaScript is checked again at the same address with it. */
async function axeViolationsAt(url: string): Promise<string[]> {
  const page = await freshPage(true);
  await page.goto(url);
  const violations = await axeViolations(page);
  await page.close();
  return violations;
}

describe.each(Object.keys(cases))('the %s form', (form) => {
  it('passes axe when empty', async () => {
    expect(await axeViolationsAt(`${served.url()}/forms/${form}/`)).toEqual([]);
  });

  it('is accepted without JavaScript, and the confirmation shows the receipt and passes axe', async () => {
    const page = await freshPage(false);
    await page.goto(`${served.url()}/forms/${form}/`);
    await fill(page, await cases[form]!());
    await page.locator('form[data-form] button[type="submit"]').click();
    await page.waitForURL(/\/forms\/received\/\?receipt=/);
    expect((await page.locator('[data-receipt]').textContent())!.trim()).toMatch(RECEIPT);
    expect(await axeViolationsAt(page.url())).toEqual([]);
    await page.close();
  });

  it('is accepted with JavaScript, and the draft kept in the browser is cleared', async () => {
    const page = await freshPage(true);
    await page.goto(`${served.url()}/forms/${form}/`);
    await fill(page, await cases[form]!());
    await page.locator('form[data-form] button[type="submit"]').click();
    await page.waitForURL(/\/forms\/received\/\?receipt=/);
    expect((await page.locator('[data-receipt]').textContent())!.trim()).toMatch(RECEIPT);
    expect(await page.evaluate((key) => localStorage.getItem(key), `pg-draft:${form}`)).toBeNull();
    await page.close();
  });

  it('refused without JavaScript shows the error summary linked to each field, and passes axe', async () => {
    const page = await freshPage(false);
    await page.goto(`${served.url()}/forms/${form}/`);
    await page.locator('form[data-form] button[type="submit"]').click();
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^Error: /);
    const links = page.locator('.error-summary a');
    expect(await links.count()).toBeGreaterThan(0);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
      expect(await page.locator(href).count(), href).toBe(1);
    }
    await page.close();
    // The same refusal page, reached by a native post that the page's script does not intercept.
    const checked = await freshPage(true);
    await checked.goto(`${served.url()}/forms/${form}/`);
    await Promise.all([
      checked.waitForURL(`**/api/forms/${form}`),
      checked.evaluate(() => document.querySelector<HTMLFormElement>('form[data-form]')!.submit()),
    ]);
    expect(await checked.title()).toMatch(/^Error: /);
    expect(await axeViolations(checked)).toEqual([]);
    await checked.close();
  });

  it('refused with JavaScript shows the same summary without leaving the page, focused, and passes axe', async () => {
    const page = await freshPage(true);
    await page.goto(`${served.url()}/forms/${form}/`);
    await page.locator('form[data-form] button[type="submit"]').click();
    await page.locator('.error-summary').waitFor();
    expect(page.url()).toBe(`${served.url()}/forms/${form}/`);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    const first = page.locator('.error-summary a').first();
    await first.click();
    const target = (await first.getAttribute('href'))!.slice(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(target);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('drafts', () => {
  it('keeps what was typed through a reload, with the same submission ID', async () => {
    const page = await freshPage(true);
    await page.goto(`${served.url()}/forms/pre-approval/`);
    await page.fill('[name="fullName"]', 'Robin Diaz');
    await page.fill('[name="courseDescription"]', 'Two evenings on signing basics.');
    const id = await page.inputValue('[name="submissionId"]');
    await page.waitForTimeout(500);
    await page.reload();
    expect(await page.inputValue('[name="fullName"]')).toBe('Robin Diaz');
    expect(await page.inputValue('[name="courseDescription"]')).toBe('Two evenings on signing basics.');
    expect(await page.inputValue('[name="submissionId"]')).toBe(id);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('a blank row between filled ones is closed up, so an error names the row where it is shown', async () => {
    const page = await freshPage(true);
    await page.goto(`${served.url()}/forms/compensation/`);
    await fill(page, {
      'lines[0][courseId]': 'first-aid-and-cpr-certification',
      'lines[2][courseId]': 'conflict-resolution-for-school-teams',
      'lines[2][hours]': 'six',
    });
    await page.locator('form[data-form] button[type="submit"]').click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary a[href="#f-lines-1-hours"]').textContent()).toBe('Enter hours completed as a number, like 6');
    expect(await page.inputValue('#f-lines-1-hours')).toBe('six');
    expect(await page.inputValue('#f-lines-1-courseId')).toBe('conflict-resolution-for-school-teams');
    expect(await page.locator('[data-repeat-item]').count()).toBe(3);
  });

  it('a rule refusal from the server shows next to its field', async () => {
    const page = await freshPage(true);
    await page.goto(`${served.url()}/forms/compensation/`);
    const answers = await cases['compensation']!();
    await fill(page, { ...answers, 'lines[0][hours]': '5', permitHolder: undefined, growthPlan: undefined });
    await page.locator('form[data-form] button[type="submit"]').click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('5 hours: submit in blocks of 6');
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });
});
