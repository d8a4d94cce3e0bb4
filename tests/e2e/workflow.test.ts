import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, fiscalYearOf, today } from '../../src/lib/program/calendar.ts';
import { loadProgram } from '../../src/lib/program/settings.ts';
import { linkSecret, signLink } from '../../src/lib/workflow/links.ts';
import { servedSiteCopy } from '../support/served-site.ts';
import { signIn } from '../support/sign-in.ts';
import { preApprovalAnswers } from '../../support/submissions.ts';

/**
 * A request's whole life in a browser against `astro dev` (pages, functions and
 * the local store, as `npm start` runs them): the employee signs in and sends,
 * the supervisor signs in and decides through the signed link, HR and the task
 * force use the command-line tool (the same routing Airtable's columns go
 * through), payroll exports. Mail lands in the local outbox, /dev/outbox/.
 *
 * People from the sample roster (content/staff.csv). The site copy's store is the
 * whole file's: Ana's claims here add up to 18 hours, the year's cap; and the site
 * sends an address five sign-in links an hour, so Ana signs in five times at most.
 */
const ANA = { name: 'Ana Reyes', email: 'ana.reyes@cedarvalley.example', employeeId: '104233' };
const SAM = { name: 'Sam Lee', email: 'sam.lee@cedarvalley.example' };
const KEVIN = { name: 'Kevin Tran', email: 'kevin.tran@cedarvalley.example' };
const DANA = { name: 'Dana Whitfield', email: 'dana.whitfield@cedarvalley.example' };

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const served = servedSiteCopy();
const { freshPage } = served;
const now = today(new Date(), loadProgram().timeZone);

/** One of HR's command-line tools, run in the copy on its local store. */
function tool(script: string, ...args: string[]): string {
  const run = spawnSync(process.execPath, [join(served.site().dir, 'scripts', script), ...args], { cwd: served.site().dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${script} ${args.join(' ')}: ${run.stderr}${run.stdout}`);
  return run.stdout;
}

/** A link the site made, on the server the test talks to (a link names the site's address). */
const onTestServer = (url: string) => `${served.url()}${new URL(url).pathname}${new URL(url).search}`;

/** The decision link of a request, as HR's queue shows it for an email. */
function decisionLinkOf(receipt: string, role: string): string {
  const line = tool('submissions.ts', 'queue', role)
    .split('\n')
    .find((l) => l.includes(receipt));
  const url = line?.match(/https?:\/\/[^\s'"]+?\/decide\/\?token=[^\s│|'"]+/)?.[0];
  if (!url) throw new Error(`no decision link for ${receipt} in the ${role} queue`);
  return onTestServer(url);
}

/** A browser context for one person, signed in through the sign-in link emailed to them, on `next`. */
async function signedIn(person: { email: string }, next: string, javaScriptEnabled = false): Promise<Page> {
  const page = await freshPage(javaScriptEnabled);
  await signIn(page, served.url(), person.email, next);
  return page;
}

/**
 * axe runs inside the page, so a page seen without JavaScript is checked again at
 * the same address with it, by the same person: a context of its own with that
 * person's session cookie (each sign-in link costs one of the address's five an hour).
 */
async function axeViolations(url: string, as: Page): Promise<string[]> {
  const page = await freshPage(true);
  await page.context().addCookies(await as.context().cookies());
  await page.goto(url);
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  await page.close();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function fill(page: Page, answers: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(answers)) {
    const control = page.locator(`form[data-form] [name="${name}"]`).first();
    const type = await control.getAttribute('type');
    const tag = await control.evaluate((el) => el.tagName.toLowerCase());
    if (type === 'radio') await page.locator(`form[data-form] [name="${name}"][value="${value}"]`).check();
    else if (type === 'checkbox') await control.check();
    else if (tag === 'select') await control.selectOption(value);
    else await control.fill(value);
  }
}

/** A pre-approval request sent as JSON by the person `page` is signed in as, as another program would send it. */
async function preApprovalByScript(page: Page): Promise<string> {
  const {
    fullName: _n,
    email: _e,
    employeeId: _id,
    site: _s,
    jobTitle: _j,
    supervisorName: _sn,
    supervisorEmail: _se,
    ...asked
  } = preApprovalAnswers({
    startDate: addDays(now, 90),
  });
  const response = await page.request.post(`${served.url()}/api/forms/pre-approval`, { headers: { accept: 'application/json' }, data: asked });
  const answer = (await response.json()) as { receipt?: string };
  if (!answer.receipt) throw new Error(`pre-approval refused: ${JSON.stringify(answer)}`);
  return answer.receipt;
}

/**
 * A claim for hours of the Paraeducator Academy (18 hours), completed last month; each
 * claim of the file on its own day, since the same completion is paid once.
 */
let claims = 0;
const claim = (hours: number) => ({
  'lines[0][courseId]': 'paraeducator-academy',
  'lines[0][startDate]': addDays(now, -40),
  'lines[0][completionDate]': addDays(now, -20 - claims++),
  'lines[0][hours]': String(hours),
  outsideWorkday: 'yes',
  paidElsewhere: 'no',
  trueAndComplete: 'yes',
});

/** Ana, without JavaScript, sends a claim; the receipt. */
async function anaClaims(page: Page, hours: number): Promise<string> {
  expect(await page.locator('dd[data-roster="fullName"]').textContent()).toBe(ANA.name);
  await fill(page, claim(hours));
  await page.locator('form[data-form] button[data-send]').click();
  await page.waitForURL(/\/forms\/received\//);
  return receiptOnPage(page);
}

/** The messages in the local outbox (opening it also sends what waits in the queue), newest first. */
async function outbox(page: Page, { to, kind, receipt }: { to: string; kind: string; receipt?: string }): Promise<Locator> {
  await page.goto(`${served.url()}/dev/outbox/`);
  const exactly = (text: string) => page.locator('dd', { hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) });
  let messages = page
    .locator('article')
    .filter({ has: exactly(to) })
    .filter({ has: exactly(kind) });
  if (receipt) messages = messages.filter({ has: exactly(receipt) });
  return messages;
}

const receiptOnPage = async (page: Page) => (await page.locator('[data-receipt]').textContent())!.trim();

describe('a compensation request', () => {
  it('Ana sends a claim without JavaScript, Sam approves it through the link emailed to him, and Ana is emailed that it is now with Human Resources', async () => {
    const ana = await signedIn(ANA, '/forms/compensation/');
    const receipt = await anaClaims(ana, 6);

    const sam = await signedIn(SAM, '/');
    const waiting = await outbox(sam, { to: SAM.email, kind: 'decision-waiting', receipt });
    expect(await waiting.count()).toBe(1);
    expect(await waiting.locator('h2').textContent()).toBe(`Decision needed: Compensation request ${receipt} from Ana Reyes`);
    const link = (await waiting.locator('a[href*="/decide/?token="]').getAttribute('href'))!;
    await sam.goto(onTestServer(link));
    expect(await sam.locator('h1').textContent()).toContain(receipt);
    await sam.getByLabel('Approve').check();
    await sam.getByRole('button', { name: 'Record my decision' }).click();
    await expect.poll(() => sam.locator('h1').textContent()).toBe('Decision recorded');

    const told = await outbox(ana, { to: ANA.email, kind: 'status-changed', receipt });
    expect(await told.count()).toBe(1);
    expect(await told.locator('h2').textContent()).toBe(`Compensation request ${receipt}: With Human Resources`);
    expect(await told.textContent()).toContain(`Your Compensation request ${receipt} is now: With Human Resources.`);
  });

  it('goes from the employee’s form through the supervisor’s link and HR to the payroll export, once', async () => {
    const employee = await signedIn(ANA, '/forms/compensation/');
    const receipt = await anaClaims(employee, 12);
    await employee.getByRole('link', { name: 'See where it stands' }).click();
    await expect.poll(() => employee.locator('[data-status]').getAttribute('data-status')).toBe('with-supervisor');

    const supervisor = await signedIn(SAM, '/');
    const link = decisionLinkOf(receipt, 'supervisor');
    await supervisor.goto(link);
    expect(await supervisor.locator('h1').textContent()).toContain(receipt);
    expect(await supervisor.locator('body').textContent()).toContain('Paraeducator Academy');
    expect(await axeViolations(link, supervisor)).toEqual([]);
    // The decision is recorded under the name of the person signed in: nobody types one.
    expect(await supervisor.locator('form input[name="name"], form input[name="fullName"]').count()).toBe(0);
    await supervisor.getByLabel('Approve').check();
    await supervisor.getByRole('button', { name: 'Record my decision' }).click();
    await expect.poll(() => supervisor.locator('h1').textContent()).toBe('Decision recorded');

    tool('submissions.ts', 'act', receipt, 'approve', '--as', 'hr', '--by', DANA.name);
    await employee.reload();
    expect(await employee.locator('[data-status]').getAttribute('data-status')).toBe('with-payroll');
    expect(await employee.locator('.timeline').textContent()).toContain('Approved by your supervisor, Sam Lee');

    const out = mkdtempSync(join(tmpdir(), 'pg-payroll-'));
    const fiscalYear = fiscalYearOf(now, loadProgram(join(served.site().dir, 'content/program.yaml')).fiscalYearStart);
    tool('payroll.ts', '--fiscal-year', String(fiscalYear), '--out', out);
    const csv = readdirSync(out)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('\n');
    expect(csv.split('\n').filter((l) => l.includes(receipt))).toHaveLength(1);
    expect(csv).toContain(ANA.employeeId);
  });
});

describe('a denied pre-approval', () => {
  it('shows the reason, and its appeal reaches the task force’s queue', async () => {
    const employee = await signedIn(ANA, '/forms/pre-approval/');
    await fill(employee, {
      'courses[0][courseTitle]': 'American Sign Language I',
      'courses[0][courseDescription]': 'Fingerspelling, everyday signs and Deaf culture.',
      'courses[0][instructor]': 'Jordan Park',
      'courses[0][provider]': 'Alder County Community College',
      'courses[0][startDate]': addDays(now, 60),
      'courses[0][hours]': '12',
      'courses[0][purpose]': 'Communicate with the deaf students in my classroom.',
      trueAndComplete: 'yes',
    });
    await employee.locator('form[data-form] button[data-send]').click();
    await employee.waitForURL(/\/forms\/received\//);
    const receipt = await receiptOnPage(employee);

    const supervisor = await signedIn(SAM, '/');
    await supervisor.goto(decisionLinkOf(receipt, 'supervisor'));
    await supervisor.getByLabel('Deny', { exact: true }).check();
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
    expect(await axeViolations(employee.url(), employee)).toEqual([]);

    await employee.getByRole('link', { name: 'appeal the decision' }).click();
    expect(await employee.locator('[name="receipt"]').inputValue()).toBe(receipt);
    await employee.locator('[name="reason"]').fill('I work with deaf students every day.');
    await employee.getByLabel('The information in this request is true and complete').check();
    await employee.locator('form[data-form] button[data-send]').click();
    await employee.waitForURL(/\/forms\/received\//);
    const appealReceipt = await receiptOnPage(employee);
    const queue = tool('submissions.ts', 'queue', 'task-force');
    expect(queue).toContain(appealReceipt);
    expect(queue).toContain(`Appeal of ${receipt}`);
  });
});

describe('decision links that cannot be used', () => {
  it('answer a tampered, an expired and a used link each with a clear page', async () => {
    const requester = await signedIn(KEVIN, '/');
    const receipt = await preApprovalByScript(requester);
    const link = decisionLinkOf(receipt, 'supervisor');
    const page = await signedIn(SAM, '/');

    // The expiry pushed a day later: the signature no longer matches.
    const tampered = link.replace(/(token=[^.]+\.with-supervisor\.)(\d+)/, (_, head: string, n: string) => `${head}${Number(n) + 86_400}`);
    expect(tampered).not.toBe(link);
    await page.goto(tampered);
    expect(await page.locator('h1').textContent()).toBe('This link is not valid');
    expect(await axeViolations(tampered, page)).toEqual([]);

    // A link signed as the site signs them (its local key in development), that ran out yesterday.
    const expired = `${served.url()}/decide/?token=${encodeURIComponent(signLink({ receipt, step: 'with-supervisor', expires: Math.floor(Date.now() / 1000) - 86_400 }, linkSecret({})))}`;
    await page.goto(expired);
    expect(await page.locator('h1').textContent()).toBe('This link has expired');
    expect(await axeViolations(expired, page)).toEqual([]);

    await page.goto(link);
    await page.getByLabel('Approve').check();
    await page.getByRole('button', { name: 'Record my decision' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Decision recorded');
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('This decision has already been made');
    expect(await page.locator('main').textContent()).toContain('approved');
  });

  it('open only for the person they were sent to, or HR: not for a colleague, nor for the requester', async () => {
    const ana = await signedIn(ANA, '/');
    const receipt = await preApprovalByScript(ana);
    const link = decisionLinkOf(receipt, 'supervisor');

    const kevin = await signedIn(KEVIN, '/');
    const toKevin = await kevin.goto(link);
    expect(toKevin?.status()).toBe(403);
    expect(await kevin.locator('h1').textContent()).toBe('This link was sent to someone else');
    expect(await kevin.getByRole('button', { name: 'Record my decision' }).count()).toBe(0);
    expect(await axeViolations(link, kevin)).toEqual([]);

    const toAna = await ana.goto(link);
    expect(toAna?.status()).toBe(403);
    expect(await ana.locator('h1').textContent()).toBe('This link was sent to someone else');
    expect(await ana.getByRole('button', { name: 'Record my decision' }).count()).toBe(0);

    const dana = await signedIn(DANA, '/');
    const toDana = await dana.goto(link);
    expect(toDana?.status()).toBe(200);
    expect(await dana.locator('h1').textContent()).toContain(receipt);
    expect(await dana.getByRole('button', { name: 'Record my decision' }).count()).toBe(1);
  });
});

describe('withdrawing without JavaScript', () => {
  it('asks for the box to be ticked, then withdraws before any decision', async () => {
    const page = await signedIn(ANA, '/');
    const receipt = await preApprovalByScript(page);
    await page.goto(`${served.url()}/requests/status/?receipt=${receipt}`);
    expect(await axeViolations(page.url(), page)).toEqual([]);
    await page.getByRole('button', { name: 'Withdraw this request' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Tick the box');
    await page.getByLabel('I want to withdraw this request').check();
    await page.getByRole('button', { name: 'Withdraw this request' }).click();
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('withdrawn');
    expect(await page.locator('[role="status"]').textContent()).toContain('You withdrew this request.');
    expect(await page.getByRole('button', { name: 'Withdraw this request' }).count()).toBe(0);
  });
});
