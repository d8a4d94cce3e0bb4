import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, fiscalYearLabel, fiscalYearOf, formatDate, today } from '../../src/lib/program/calendar.ts';
import { loadProgram } from '../../src/lib/program/settings.ts';
import { servedSiteCopy } from '../support/served-site.ts';
import { signIn } from '../support/sign-in.ts';
import { catalogLine, compensationAnswers, focusPlanAnswers } from '../../support/submissions.ts';

/**
 * The reviewer's journeys of issue 14 (items 4 to 6) in a browser against
 * `astro dev`: a supervisor deciding from the emailed link on a phone, an
 * evaluator returning a plan and the teacher sending it again, and the page of
 * a paid claim. People from the sample roster (content/staff.csv); HR and
 * payroll act through the command-line tool, as Airtable's columns do.
 */
const ANA = { name: 'Ana Reyes', email: 'ana.reyes@cedarvalley.example' };
const SAM = { name: 'Sam Lee', email: 'sam.lee@cedarvalley.example' };
const JORDAN = { name: 'Jordan Ellis', email: 'jordan.ellis@cedarvalley.example' };
const PRIYA = { name: 'Priya Shah', email: 'priya.shah@cedarvalley.example' };

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const served = servedSiteCopy();
const { freshPage } = served;
const program = loadProgram();
const now = today(new Date(), program.timeZone);

function tool(script: string, ...args: string[]): string {
  const run = spawnSync(process.execPath, [join(served.site().dir, 'scripts', script), ...args], { cwd: served.site().dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${script} ${args.join(' ')}: ${run.stderr}${run.stdout}`);
  return run.stdout;
}

const onTestServer = (url: string) => `${served.url()}${new URL(url).pathname}${new URL(url).search}`;

/** A person's page at a size, with or without JavaScript, signed in through the emailed link. */
async function signedIn(person: { email: string }, next: string, size = PHONE, javaScriptEnabled = false): Promise<Page> {
  const page = await freshPage(javaScriptEnabled);
  await page.setViewportSize(size);
  await signIn(page, served.url(), person.email, next);
  return page;
}

/** The newest message of a kind to a person about a request, in the local outbox. */
async function message(page: Page, to: string, kind: string, receipt: string) {
  await page.goto(`${served.url()}/dev/outbox/`);
  const exactly = (text: string) => page.locator('dd', { hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) });
  return page
    .locator('article')
    .filter({ has: exactly(to) })
    .filter({ has: exactly(kind) })
    .filter({ has: exactly(receipt) })
    .first();
}

/** Sent as another program would: the answers as JSON, by the person signed in on `page`. */
async function sendByScript(page: Page, form: string, answers: Record<string, unknown>): Promise<string> {
  const { submissionId: _id, ...data } = answers;
  const response = await page.request.post(`${served.url()}/api/forms/${form}`, { headers: { accept: 'application/json' }, data });
  const answer = (await response.json()) as { receipt?: string };
  if (!answer.receipt) throw new Error(`${form} refused: ${JSON.stringify(answer)}`);
  return answer.receipt;
}

/** Each claim of the file on its own completion day: the same completion is paid once. */
let claims = 0;
const claimOf = (hours: number) => compensationAnswers([catalogLine('paraeducator-academy', hours, addDays(now, -20 - claims++))]);

/** axe runs inside the page: the page's address is checked again, at the same size, by the same person, in a context with JavaScript. */
async function axeViolations(as: Page): Promise<string[]> {
  const page = await freshPage(true);
  await page.setViewportSize(as.viewportSize() ?? PHONE);
  await page.context().addCookies(await as.context().cookies());
  await page.goto(as.url());
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  await page.close();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Where an element sits in the window: its top, in CSS pixels from the top of what is shown. */
const topOf = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())?.y ?? Number.NaN;

describe('a supervisor deciding from the emailed link on a phone, without JavaScript', () => {
  it('answers “Record my decision” with nothing chosen with the error summary at the top, focused, its link landing on the choices', async () => {
    const ana = await signedIn(ANA, '/');
    const receipt = await sendByScript(ana, 'compensation', claimOf(6));

    const sam = await signedIn(SAM, '/');
    const waiting = await message(sam, SAM.email, 'decision-waiting', receipt);
    const link = (await waiting.locator('a[href*="/decide/?token="]').getAttribute('href'))!;
    await sam.goto(onTestServer(link));
    const main = sam.locator('main');
    expect(await main.textContent()).toContain('It is waiting for your decision, expected by');
    expect(await main.textContent()).not.toContain('With your supervisor');
    expect(await main.textContent()).toContain('Permanent classified');
    expect(await main.textContent()).toContain(`payroll pays Ana Reyes $250 for 6 hours`);
    expect(await sam.getByLabel('Comment — required if you deny or return the request').count()).toBe(1);
    expect(await main.textContent()).not.toContain('Comment (optional)');
    expect(await axeViolations(sam)).toEqual([]);

    await sam.getByRole('button', { name: 'Record my decision' }).click();
    await sam.waitForLoadState();
    expect(await sam.title()).toMatch(/^Error:/);
    // Focused on load, and on the screen: not 2,000 px below.
    await expect.poll(() => sam.evaluate(() => document.activeElement?.matches('[data-error-summary]') ?? false)).toBe(true);
    const top = await topOf(sam, '[data-error-summary]');
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(PHONE.height / 2);
    expect(await sam.locator('[data-error-summary]').textContent()).toContain('Select');

    await sam.locator('[data-error-summary] a[href="#f-decision"]').click();
    const choice = await topOf(sam, '#f-decision');
    expect(choice).toBeGreaterThanOrEqual(0);
    expect(choice).toBeLessThan(PHONE.height);
    await sam.getByLabel('Approve', { exact: true }).check();
    await sam.getByRole('button', { name: 'Record my decision' }).click();
    await expect.poll(() => sam.locator('h1').textContent()).toBe('Decision recorded');
  });
});

describe('an evaluator returning a focus plan', () => {
  it('sends it back with a note; the teacher changes and resends the same plan, and signs it with the plan shown', async () => {
    const jordan = await signedIn(JORDAN, '/', DESKTOP, true);
    const steps = '1. Observe a colleague in January\n2. Try exit tickets in February\n3. Review the tallies with my coach';
    const receipt = await sendByScript(jordan, 'focus-plan', focusPlanAnswers({ track: 'learner', actionSteps: steps, checkpointDate: addDays(now, 60) }));

    const priya = await signedIn(PRIYA, '/');
    const link = (await (await message(priya, PRIYA.email, 'decision-waiting', receipt)).locator('a[href*="/decide/?token="]').getAttribute('href'))!;
    await priya.goto(onTestServer(link));
    expect(await priya.locator('main').textContent()).toContain('waiting for your review and signature');
    expect(await priya.locator('main').textContent()).toContain('Learner: building your own knowledge');
    expect(await priya.locator('main ol.answer-list li').allTextContents()).toEqual([
      'Observe a colleague in January',
      'Try exit tickets in February',
      'Review the tallies with my coach',
    ]);
    await priya.getByLabel('Return for more information').check();
    await priya.getByLabel(/^Comment — required if you return the request/).fill('Name one measurable outcome.');
    await priya.getByRole('button', { name: 'Record my decision' }).click();
    await expect.poll(() => priya.locator('h1').textContent()).toBe('Decision recorded');

    const told = await message(jordan, JORDAN.email, 'status-changed', receipt);
    expect(await told.textContent()).toContain('Name one measurable outcome.');
    await jordan.goto(`${served.url()}/requests/status/?receipt=${receipt}`);
    expect(await jordan.locator('.timeline').textContent()).toContain('Returned to you for changes by your evaluator, Priya Shah');
    await jordan.getByRole('link', { name: 'Change your request and send it again' }).click();
    await jordan.locator('form[data-form] [name="smartGoal"]').fill('By May, use exit tickets in 80% of small-group lessons, counted weekly.');
    await jordan.locator('form[data-form] button[type="submit"]').click();
    await jordan.waitForURL(/\/forms\/received\//);

    await jordan.goto(`${served.url()}/requests/status/?receipt=${receipt}`);
    expect(await jordan.locator('[data-status]').getAttribute('data-status')).toBe('with-evaluator');
    expect(await jordan.locator('.timeline').textContent()).toContain('Changed and sent again by you');

    const again = (await (await message(priya, PRIYA.email, 'decision-waiting', receipt)).locator('a[href*="/decide/?token="]').getAttribute('href'))!;
    await priya.goto(onTestServer(again));
    expect(await priya.locator('main').textContent()).toContain('counted weekly');
    await priya.getByLabel('Sign the plan: we have met and I agree to it').check();
    await priya.getByRole('button', { name: 'Record my decision' }).click();
    await expect.poll(() => priya.locator('h1').textContent()).toBe('Decision recorded');

    await jordan.goto(`${served.url()}/requests/status/?receipt=${receipt}`);
    const plan = jordan.locator('details.answers-details');
    expect(await plan.getAttribute('open')).not.toBeNull();
    expect(await plan.textContent()).toContain('counted weekly');
    // The plan is read before the signature.
    expect(await topOf(jordan, 'details.answers-details')).toBeLessThan(await topOf(jordan, 'input[name="agree"]'));
    expect(await axeViolations(jordan)).toEqual([]);
    await jordan.getByLabel('I have met my evaluator and agree to this plan').check();
    await jordan.getByRole('button', { name: 'Sign my plan' }).click();
    await expect.poll(() => jordan.locator('[data-status]').getAttribute('data-status')).toBe('active');
  });
});

describe('the status page of a paid claim', () => {
  for (const [size, javaScriptEnabled] of [
    [PHONE, false],
    [DESKTOP, true],
  ] as const) {
    it(`shows the amount, blocks, pay date, hours left and who did what (${size.width} px, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const ana = await signedIn(ANA, '/', size, javaScriptEnabled);
      const receipt = await sendByScript(ana, 'compensation', claimOf(6));
      tool('submissions.ts', 'act', receipt, 'approve', '--as', 'supervisor', '--by', SAM.name);
      tool('submissions.ts', 'act', receipt, 'approve', '--as', 'hr', '--by', 'Dana Whitfield');
      await ana.goto(`${served.url()}/requests/status/?receipt=${receipt}`);
      expect(await ana.locator('.panel-status').textContent()).toContain('Payroll pays it with a coming pay run');
      tool('submissions.ts', 'act', receipt, 'pay', '--as', 'payroll');

      await ana.reload();
      const panel = (await ana.locator('.panel-status').textContent())!.replace(/\s+/g, ' ');
      expect(panel).toContain(`Paid $250 for 6 hours (1 block), recorded by payroll on ${formatDate(now)}.`);
      const year = fiscalYearLabel(fiscalYearOf(now, program.fiscalYearStart), program.fiscalYearStart);
      expect(panel).toMatch(new RegExp(`You can still claim \\d+ of the 18 hours a year in ${year}`));
      const history = (await ana.locator('.timeline').textContent())!.replace(/\s+/g, ' ');
      expect(history).toContain(`Approved by your supervisor, Sam Lee, ${formatDate(now)}.`);
      expect(history).toContain(`Approved by Human Resources, Dana Whitfield, ${formatDate(now)}.`);
      expect(history).toContain(`Paid by payroll, ${formatDate(now)}.`);
      expect(await axeViolations(ana)).toEqual([]);
    });
  }
});
