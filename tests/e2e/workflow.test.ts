import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { linkSecret, signLink } from '../../src/lib/workflow/links.ts';
import { servedSiteCopy } from '../support/served-site.ts';
import { person, preApprovalAnswers } from '../../support/submissions.ts';

/**
 * A request's whole life in a browser against `astro dev` (pages, functions and
 * the local store, as `npm start` runs them): the employee sends, the supervisor
 * decides through the signed link, HR and the task force use the command-line
 * tool (the same routing Airtable's columns go through), payroll exports.
 */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const served = servedSiteCopy();
const { freshPage } = served;

/** One of HR's command-line tools, run in the copy on its local store. */
function tool(script: string, ...args: string[]): string {
  const run = spawnSync(process.execPath, [join(served.site().dir, 'scripts', script), ...args], { cwd: served.site().dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${script} ${args.join(' ')}: ${run.stderr}${run.stdout}`);
  return run.stdout;
}

/** The decision link of a request, as HR's queue shows it for an email. */
function decisionLinkOf(receipt: string, role: string): string {
  const line = tool('submissions.ts', 'queue', role)
    .split('\n')
    .find((l) => l.includes(receipt));
  const url = line?.match(/https?:\/\/[^\s'"]+?\/decide\/\?token=[^\s│|'"]+/)?.[0];
  if (!url) throw new Error(`no decision link for ${receipt} in the ${role} queue`);
  // The link names the site's address; the test's server listens elsewhere.
  return `${served.url()}${new URL(url).pathname}${new URL(url).search}`;
}

async function axeViolations(url: string): Promise<string[]> {
  const page = await freshPage(true);
  await page.goto(url);
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  await page.close();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function fill(page: Page, answers: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(answers)) {
    const control = page.locator(`form [name="${name}"]`).first();
    const type = await control.getAttribute('type');
    const tag = await control.evaluate((el) => el.tagName.toLowerCase());
    if (type === 'radio') await page.locator(`form [name="${name}"][value="${value}"]`).check();
    else if (type === 'checkbox') await control.check();
    else if (tag === 'select') await control.selectOption(value);
    else await control.fill(value);
  }
}

/** A pre-approval request sent as JSON, as another program would send it. */
async function preApprovalByScript(employeeId: string): Promise<string> {
  const response = await fetch(`${served.url()}/api/forms/pre-approval`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(preApprovalAnswers({ employeeId, startDate: '2027-03-01' })),
  });
  return ((await response.json()) as { receipt: string }).receipt;
}

const receiptOnPage = async (page: Page) => (await page.locator('[data-receipt]').textContent())!.trim();

describe('a compensation request', () => {
  it('goes from the employee’s form through the supervisor’s link and HR to the payroll export, once', async () => {
    const employee = await freshPage(false);
    await employee.goto(`${served.url()}/forms/compensation/`);
    await fill(employee, {
      fullName: person.fullName,
      email: person.email,
      employeeId: '610001',
      site: person.site,
      jobTitle: person.jobTitle,
      supervisorName: person.supervisorName,
      supervisorEmail: person.supervisorEmail,
      employeeType: 'permanent-classified',
      'lines[0][courseId]': 'paraeducator-academy',
      'lines[0][startDate]': '2026-10-01',
      'lines[0][completionDate]': '2026-10-20',
      'lines[0][hours]': '12',
      outsideWorkday: 'yes',
      notPaidElsewhere: 'yes',
    });
    await employee.locator('form button[type="submit"]').click();
    await employee.waitForURL(/\/forms\/received\//);
    const receipt = await receiptOnPage(employee);
    await employee.getByRole('link', { name: 'See where it stands' }).click();
    await expect.poll(() => employee.locator('[data-status]').getAttribute('data-status')).toBe('with-supervisor');

    const supervisor = await freshPage(false);
    const link = decisionLinkOf(receipt, 'supervisor');
    await supervisor.goto(link);
    expect(await supervisor.locator('h1').textContent()).toContain(receipt);
    expect(await supervisor.locator('body').textContent()).toContain('Paraeducator Academy');
    expect(await axeViolations(link)).toEqual([]);
    await supervisor.getByLabel('Approve').check();
    await supervisor.getByRole('button', { name: 'Record my decision' }).click();
    await expect.poll(() => supervisor.locator('h1').textContent()).toBe('Decision recorded');

    tool('submissions.ts', 'act', receipt, 'approve', '--as', 'hr', '--by', 'Dana Whitfield');
    await employee.reload();
    expect(await employee.locator('[data-status]').getAttribute('data-status')).toBe('with-payroll');
    expect(await employee.locator('.timeline').textContent()).toContain('By Sam Lee');

    const out = mkdtempSync(join(tmpdir(), 'pg-payroll-'));
    tool('payroll.ts', '--fiscal-year', '2026', '--out', out);
    const csv = readdirSync(out)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('\n');
    expect(csv.split('\n').filter((l) => l.includes(receipt))).toHaveLength(1);
    expect(csv).toContain('610001');
  });
});

describe('a denied pre-approval', () => {
  it('shows the reason, and its appeal reaches the task force’s queue', async () => {
    const employee = await freshPage(false);
    await employee.goto(`${served.url()}/forms/pre-approval/`);
    await fill(employee, {
      fullName: person.fullName,
      email: person.email,
      employeeId: '610002',
      site: person.site,
      jobTitle: person.jobTitle,
      supervisorName: person.supervisorName,
      supervisorEmail: person.supervisorEmail,
      courseTitle: 'American Sign Language I',
      courseDescription: 'Fingerspelling, everyday signs and Deaf culture.',
      instructor: 'Jordan Park',
      provider: 'Alder County Community College',
      startDate: '2027-02-01',
      hours: '12',
      purpose: 'Communicate with the deaf students in my classroom.',
    });
    await employee.locator('form button[type="submit"]').click();
    await employee.waitForURL(/\/forms\/received\//);
    const receipt = await receiptOnPage(employee);

    const supervisor = await freshPage(false);
    await supervisor.goto(decisionLinkOf(receipt, 'supervisor'));
    await supervisor.getByLabel('Deny').check();
    await supervisor.getByRole('button', { name: 'Record my decision' }).click();
    // No reason given: the error summary names the field and links to it.
    expect(await supervisor.title()).toMatch(/^Error:/);
    await supervisor.locator('.error-summary a[href="#f-comment"]').click();
    await supervisor.locator('#f-comment').fill('Not related to your current role.');
    await supervisor.getByRole('button', { name: 'Record my decision' }).click();
    await expect.poll(() => supervisor.locator('h1').textContent()).toBe('Decision recorded');

    await employee.goto(`${served.url()}/requests/`);
    await employee.getByLabel('Receipt').fill(receipt.toLowerCase());
    await employee.getByRole('button', { name: 'Show where it stands' }).click();
    expect(await employee.locator('[data-status]').getAttribute('data-status')).toBe('denied');
    expect(await employee.locator('.timeline').textContent()).toContain('Not related to your current role.');
    expect(await axeViolations(employee.url())).toEqual([]);

    await employee.getByRole('link', { name: 'appeal the decision' }).click();
    expect(await employee.locator('[name="receipt"]').inputValue()).toBe(receipt);
    await employee.locator('[name="reason"]').fill('I work with deaf students every day.');
    await employee.locator('form button[type="submit"]').click();
    await employee.waitForURL(/\/forms\/received\//);
    const appealReceipt = await receiptOnPage(employee);
    const queue = tool('submissions.ts', 'queue', 'task-force');
    expect(queue).toContain(appealReceipt);
    expect(queue).toContain(`Appeal of ${receipt}`);
  });
});

describe('decision links that cannot be used', () => {
  it('answer a tampered, an expired and a used link each with a clear page', async () => {
    const receipt = await preApprovalByScript('610003');
    const link = decisionLinkOf(receipt, 'supervisor');
    const page = await freshPage(false);

    // The expiry pushed a day later: the signature no longer matches.
    const tampered = link.replace(/(token=[^.]+\.with-supervisor\.)(\d+)/, (_, head: string, n: string) => `${head}${Number(n) + 86_400}`);
    expect(tampered).not.toBe(link);
    await page.goto(tampered);
    expect(await page.locator('h1').textContent()).toBe('This link is not valid');
    expect(await axeViolations(tampered)).toEqual([]);

    // A link signed as the site signs them (its local key in development), that ran out yesterday.
    const expired = `${served.url()}/decide/?token=${encodeURIComponent(signLink({ receipt, step: 'with-supervisor', expires: Math.floor(Date.now() / 1000) - 86_400 }, linkSecret({})))}`;
    await page.goto(expired);
    expect(await page.locator('h1').textContent()).toBe('This link has expired');
    expect(await axeViolations(expired)).toEqual([]);

    await page.goto(link);
    await page.getByLabel('Approve').check();
    await page.getByRole('button', { name: 'Record my decision' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Decision recorded');
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('This decision has already been made');
    expect(await page.locator('main').textContent()).toContain('approved');
  });
});

describe('withdrawing without JavaScript', () => {
  it('asks for the box to be ticked, then withdraws before any decision', async () => {
    const receipt = await preApprovalByScript('610004');
    const page = await freshPage(false);
    await page.goto(`${served.url()}/requests/status/?receipt=${receipt}`);
    expect(await axeViolations(page.url())).toEqual([]);
    await page.getByRole('button', { name: 'Withdraw this request' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Tick the box');
    await page.getByLabel('I want to withdraw this request').check();
    await page.getByRole('button', { name: 'Withdraw this request' }).click();
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('withdrawn');
    expect(await page.locator('[role="status"]').textContent()).toContain('You withdrew this request.');
    expect(await page.getByRole('button', { name: 'Withdraw this request' }).count()).toBe(0);
  });
});
