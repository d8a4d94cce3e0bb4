import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, today } from '../../src/lib/program/calendar.ts';
import { repoProgram } from '../../support/program.ts';
import { lastCheckpointFor } from '../../src/lib/forms/focus-plan.ts';
import { servedSiteCopy } from '../support/served-site.ts';
import { signIn } from '../support/sign-in.ts';
import { focusPlanAnswers, preApprovalAnswers } from '../../support/submissions.ts';

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const RECEIPT = /^[A-Z]{2}-[0-9A-Z]{10}$/;

const served = servedSiteCopy();
const { freshPage } = served;

const now = today(new Date(), repoProgram().timeZone);

/** People on the sample roster (content/staff.csv). */
interface Person {
  name: string;
  email: string;
  employeeId: string;
  supervisor?: string;
  evaluator?: string;
}
/** Their address is first.last@, as the roster has it. */
const staff = (name: string, employeeId: string, reviewers: { supervisor?: string; evaluator?: string } = {}): Person => ({
  name,
  email: `${name.toLowerCase().replace(/'/g, '').replace(/ /g, '.')}@cedarvalley.example`,
  employeeId,
  ...reviewers,
});

/**
 * Who sends each form: a different person for each accepted submission (so the
 * 18-hour cap, one survey per person per course and the routing hold however the
 * tests run), and one person per form who only looks at it and sends it empty.
 * Nobody signs in more than five times in the file: the site sends an address
 * five sign-in links an hour.
 */
const PEOPLE: Record<string, { looker: Person; withoutJs: Person; withJs: Person }> = {
  // Anyone with a supervisor.
  'pre-approval': {
    looker: staff('Kevin Tran', '104234', { supervisor: 'Sam Lee' }),
    withoutJs: staff('Fatima Hassan', '104235', { supervisor: 'Sam Lee' }),
    withJs: staff('Maya Johnson', '104237', { supervisor: 'Sam Lee' }),
  },
  // Permanent classified staff, who may claim.
  compensation: {
    looker: staff('Teresa Alvarez', '104240', { supervisor: 'Priya Shah' }),
    withoutJs: staff('Rebecca Stone', '100011', { supervisor: 'Helen Park' }),
    withJs: staff('Carlos Mendez', '100012', { supervisor: 'Luis Moreno' }),
  },
  'exit-survey': {
    looker: staff('Jorge Ramirez', '104262'),
    withoutJs: staff('Samuel Green', '104260'),
    withJs: staff('Mei Chen', '104261'),
  },
  // They appeal a pre-approval of their own, so each has a supervisor to deny it.
  appeal: {
    looker: staff('Ethan Price', '104251'),
    withoutJs: staff('Denise Howard', '104270'),
    withJs: staff('Brian Walsh', '104241'),
  },
  // Teachers, whose plans go to their evaluators.
  'focus-plan': {
    looker: staff('Jordan Ellis', '300412', { evaluator: 'Priya Shah' }),
    withoutJs: staff('Hannah Schultz', '300413', { evaluator: 'Priya Shah' }),
    withJs: staff('Omar Farouk', '300414', { evaluator: 'Grace Adeyemi' }),
  },
  'focus-plan-checkpoint': {
    looker: staff('Emily Carter', '300401'),
    withoutJs: staff("Sarah O'Connor", '300420'),
    withJs: staff('Daniel Wu', '300421'),
  },
};

/** What the roster fills in: shown on the form, never asked. */
const ROSTER_FIELDS = new Set([
  'fullName',
  'email',
  'employeeId',
  'site',
  'jobTitle',
  'employeeType',
  'supervisorName',
  'supervisorEmail',
  'evaluatorName',
  'evaluatorEmail',
]);
const asked = (answers: Record<string, unknown>) => Object.fromEntries(Object.entries(answers).filter(([name]) => !ROSTER_FIELDS.has(name)));

/** A page signed in as `person`, opened at `path`. */
async function signedInAt(person: Person, path: string, javaScriptEnabled: boolean): Promise<Page> {
  const page = await freshPage(javaScriptEnabled);
  await signIn(page, served.url(), person.email, path);
  return page;
}

/** A JSON submission to a form's endpoint as the person the page is signed in as, as another program would send it. */
async function submitJson(page: Page, form: string, body: Record<string, unknown>): Promise<string> {
  const response = await page.request.post(`${served.url()}/api/forms/${form}`, {
    headers: { accept: 'application/json' },
    data: body,
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
const plan = () => {
  // The latest date the district allows: always in the plan's window, whatever day the suite runs.
  const { submissionId: _id, ...answers } = focusPlanAnswers({ checkpointDate: lastCheckpointFor(now, repoProgram()) });
  return asked(answers);
};

const pdf = { name: 'certificate.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n') };

/**
 * What a person types into each form, by field name, for a submission that is
 * accepted; `page` is signed in as that person (for what must be sent before), with or without JavaScript.
 */
const cases: Record<string, (page: Page, javaScript: boolean) => Promise<Record<string, unknown>>> = {
  'pre-approval': async () => {
    const { submissionId: _id, courses, ...answers } = preApprovalAnswers({ startDate: addDays(now, 30) });
    // The request's one course, typed into the first row of the form.
    const row = Object.fromEntries(Object.entries(courses[0]!).map(([name, value]) => [`courses[0][${name}]`, value]));
    return { ...asked(answers), ...row };
  },
  compensation: async () => ({
    'lines[0][source]': 'catalog',
    'lines[0][courseId]': 'first-aid-and-cpr-certification',
    'lines[0][startDate]': addDays(now, -30),
    'lines[0][completionDate]': addDays(now, -20),
    'lines[0][hours]': '6',
    permitHolder: 'yes',
    growthPlan: pdf,
    outsideWorkday: 'yes',
    paidElsewhere: 'no',
    trueAndComplete: 'yes',
  }),
  // One answer without a name (the page without JavaScript), one with.
  'exit-survey': async (_page, javaScript) => ({
    courseId: 'conflict-resolution-for-school-teams',
    satisfaction: '5',
    relevance: '4',
    willUse: '4',
    comments: 'Practical and well paced.',
    anonymous: javaScript ? undefined : 'yes',
  }),
  appeal: async (page) => {
    const receipt = await submitJson(page, 'pre-approval', asked(preApprovalAnswers({ startDate: addDays(now, 30) })));
    act(receipt, 'deny', 'supervisor', '--comment', 'Not related to the role.');
    return { receipt, reason: 'The course is the only one of its kind offered this year.', trueAndComplete: 'yes' };
  },
  'focus-plan': async () => plan(),
  'focus-plan-checkpoint': async (page) => {
    const planReceipt = await submitJson(page, 'focus-plan', plan());
    // Signed by the evaluator, then the teacher, before a checkpoint.
    act(planReceipt, 'sign', 'evaluator');
    act(planReceipt, 'sign', 'employee');
    return {
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
    if (value === undefined) continue;
    const control = page.locator(`form[data-form] [name="${name}"]`);
    const first = control.first();
    const type = await first.getAttribute('type');
    const tag = await first.evaluate((el) => el.tagName.toLowerCase());
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

/**
 * axe runs inside the page, so a page seen without JavaScript is checked again at
 * the same address with it, by the same person signed in in a context of its own.
 */
async function axeViolationsAt(url: string, person: Person): Promise<string[]> {
  const { pathname, search } = new URL(url);
  const page = await signedInAt(person, `${pathname}${search}`, true);
  const violations = await axeViolations(page);
  await page.close();
  return violations;
}

const rosterFact = (page: Page, field: string) => page.locator(`dl.summary-list dd[data-roster="${field}"]`);

/** The form drafts this browser keeps for the page's site: key and what is kept. */
const draftsIn = (page: Page): Promise<[string, string][]> => page.evaluate(() => Object.entries(localStorage).filter(([key]) => key.startsWith('pg-draft:')));

/** Types into a field and leaves it (a change saves the draft at once), then waits until the draft holds the text. */
async function typeDraft(page: Page, name: string, text: string): Promise<void> {
  await page.fill(`form[data-form] [name="${name}"]`, text);
  await page.locator(`form[data-form] [name="${name}"]`).blur();
  await page.waitForFunction((typed) => Object.entries(localStorage).some(([key, kept]) => key.startsWith('pg-draft:') && kept.includes(typed)), text);
}

describe.each(Object.keys(cases))('the %s form', (form) => {
  const people = PEOPLE[form]!;

  it('passes axe when empty, shows the roster’s facts instead of asking them, and loads only its own script', async () => {
    const page = await freshPage(true);
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await signIn(page, served.url(), people.looker.email, `/forms/${form}/`);
    scripts.length = 0;
    await page.reload({ waitUntil: 'load' });
    expect(await axeViolations(page)).toEqual([]);

    expect((await rosterFact(page, 'fullName').textContent())?.trim()).toBe(people.looker.name);
    expect((await rosterFact(page, 'employeeId').textContent())?.trim()).toBe(people.looker.employeeId);
    if (people.looker.supervisor) expect((await rosterFact(page, 'supervisorName').textContent())?.trim()).toBe(people.looker.supervisor);
    if (people.looker.evaluator) expect((await rosterFact(page, 'evaluatorName').textContent())?.trim()).toBe(people.looker.evaluator);
    for (const name of ROSTER_FIELDS) expect(await page.locator(`form[data-form] [name="${name}"]`).count(), name).toBe(0);

    // axe injects its own script through the browser's protocol, not as a request.
    expect(scripts).toEqual(['/scripts/forms.js']);
    expect(await page.locator('script:not([src])').count(), 'inline scripts').toBe(0);
    expect(await page.locator('script[src]').evaluateAll((ss) => ss.map((s) => new URL((s as HTMLScriptElement).src).pathname))).toEqual(['/scripts/forms.js']);
    await page.close();
  });

  it('is accepted without JavaScript, and the confirmation shows the receipt and passes axe', async () => {
    const page = await signedInAt(people.withoutJs, `/forms/${form}/`, false);
    await fill(page, await cases[form]!(page, false));
    await page.locator('form[data-form] button[data-send]').click();
    await page.waitForURL(/\/forms\/received\/\?receipt=/);
    expect(await page.locator('h1').textContent()).toMatch(/ received$/);
    expect((await page.locator('[data-receipt]').textContent())!.trim()).toMatch(RECEIPT);
    expect(await axeViolationsAt(page.url(), people.withoutJs)).toEqual([]);
    await page.close();
  });

  it('is accepted with JavaScript, and the draft kept in the browser is cleared', async () => {
    const page = await signedInAt(people.withJs, `/forms/${form}/`, true);
    await fill(page, await cases[form]!(page, true));
    await page.locator('form[data-form] button[data-send]').click();
    await page.waitForURL(/\/forms\/received\/\?receipt=/);
    expect(await page.locator('h1').textContent()).toMatch(/ received$/);
    expect((await page.locator('[data-receipt]').textContent())!.trim()).toMatch(RECEIPT);
    expect(await draftsIn(page)).toEqual([]);
    await page.close();
  });

  it('refused without JavaScript shows the error summary linked to each field, and passes axe', async () => {
    const page = await signedInAt(people.looker, `/forms/${form}/`, false);
    await page.locator('form[data-form] button[data-send]').click();
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^Error: /);
    const links = page.locator('.error-summary a');
    expect(await links.count()).toBeGreaterThan(0);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
      expect(await page.locator(href).count(), href).toBe(1);
    }
    await page.close();
    // The same refusal page, reached by a native post that the page's script does not intercept.
    const checked = await signedInAt(people.looker, `/forms/${form}/`, true);
    await Promise.all([
      checked.waitForURL(`**/api/forms/${form}`),
      checked.evaluate(() => document.querySelector<HTMLFormElement>('form[data-form]')!.submit()),
    ]);
    expect(await checked.title()).toMatch(/^Error: /);
    expect(await axeViolations(checked)).toEqual([]);
    await checked.close();
  });

  it('refused with JavaScript shows the same summary without leaving the page, focused, and passes axe', async () => {
    const page = await signedInAt(people.looker, `/forms/${form}/`, true);
    await page.locator('form[data-form] button[data-send]').click();
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

describe('signing in for a form', () => {
  it('a form opened while signed out sends the person to sign in, then back to the form, which shows them and their supervisor from the roster', async () => {
    const page = await freshPage(false);
    await page.goto(`${served.url()}/forms/pre-approval/`);
    expect(page.url()).toBe(`${served.url()}/sign-in/?next=${encodeURIComponent('/forms/pre-approval/')}`);
    expect(await page.locator('h1').textContent()).toBe('Sign in');

    await signIn(page, served.url(), 'ana.reyes@cedarvalley.example');
    expect(page.url()).toBe(`${served.url()}/forms/pre-approval/`);
    expect(await page.locator('h1').textContent()).toBe('Request pre-approval for a course');
    expect((await rosterFact(page, 'fullName').textContent())?.trim()).toBe('Ana Reyes');
    expect((await rosterFact(page, 'employeeId').textContent())?.trim()).toBe('104233');
    expect((await rosterFact(page, 'supervisorName').textContent())?.trim()).toBe('Sam Lee');
    expect((await rosterFact(page, 'supervisorEmail').textContent())?.trim()).toBe('sam.lee@cedarvalley.example');
    for (const name of ['fullName', 'employeeId', 'supervisorEmail']) expect(await page.locator(`input[name="${name}"]`).count(), name).toBe(0);
    await page.close();
  });
});

describe('drafts', () => {
  it('keeps what was typed through a reload, with the same submission ID', async () => {
    const page = await signedInAt(staff('Nina Volkov', '100013'), '/forms/pre-approval/', true);
    await page.fill('[name="courses[0][courseTitle]"]', 'Signing basics');
    await page.fill('[name="courses[0][courseDescription]"]', 'Two evenings on signing basics.');
    const id = await page.inputValue('[name="submissionId"]');
    await page.waitForTimeout(500);
    await page.reload();
    expect(await page.inputValue('[name="courses[0][courseTitle]"]')).toBe('Signing basics');
    expect(await page.inputValue('[name="courses[0][courseDescription]"]')).toBe('Two evenings on signing basics.');
    expect(await page.inputValue('[name="submissionId"]')).toBe(id);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('a blank row between filled ones is closed up, so an error names the row where it is shown', async () => {
    const page = await signedInAt(staff('Rosa Delgado', '104250'), '/forms/compensation/', true);
    const addRow = page.getByRole('button', { name: 'Add another course' });
    await addRow.click();
    await addRow.click();
    await fill(page, {
      'lines[0][source]': 'catalog',
      'lines[0][courseId]': 'first-aid-and-cpr-certification',
      'lines[2][source]': 'catalog',
      'lines[2][courseId]': 'conflict-resolution-for-school-teams',
      'lines[2][hours]': 'six',
    });
    await page.locator('form[data-form] button[data-send]').click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary a[href="#f-lines-1-hours"]').textContent()).toBe('Enter hours completed as a number, like 6');
    expect(await page.inputValue('#f-lines-1-hours')).toBe('six');
    expect(await page.inputValue('#f-lines-1-courseId')).toBe('conflict-resolution-for-school-teams');
    expect(await page.locator('[data-repeat-item]').count()).toBe(3);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('a draft typed by one person is not shown to the next person who signs in on the same browser, and is removed from it', async () => {
    const page = await signedInAt(staff('Jamie Ortiz', '104290'), '/forms/exit-survey/', true);
    await typeDraft(page, 'comments', 'Jamie thought the second session ran long.');
    const [[jamiesKey]] = (await draftsIn(page)) as [[string, string]];

    await signIn(page, served.url(), staff('Chris Patel', '104291').email, '/forms/exit-survey/');
    expect((await rosterFact(page, 'fullName').textContent())?.trim()).toBe('Chris Patel');
    expect(await page.inputValue('[name="comments"]')).toBe('');
    const kept = await draftsIn(page);
    expect(kept.map(([key]) => key)).not.toContain(jamiesKey);
    expect(kept.filter(([, draft]) => draft.includes('Jamie'))).toEqual([]);
    await page.close();
  });

  it('a draft is removed from the browser when its person signs out, and not shown when they sign in again', async () => {
    const victor = staff('Victor Petrov', '104271');
    const page = await signedInAt(victor, '/forms/exit-survey/', true);
    await typeDraft(page, 'comments', 'Notes Victor left on a shared computer.');
    await Promise.all([page.waitForURL('**/sign-out/'), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect(await draftsIn(page)).toEqual([]);

    await signIn(page, served.url(), victor.email, '/forms/exit-survey/');
    expect(await page.inputValue('[name="comments"]')).toBe('');
    await page.close();
  });

  it('an error beside a field goes once the person changes that answer, and the others stay until the next send', async () => {
    const page = await signedInAt(staff('Michael Torres', '200110'), '/forms/exit-survey/', true);
    await page.locator('form[data-form] button[data-send]').click();
    await page.locator('.error-summary').waitFor();
    const course = page.locator('#f-courseId');
    expect(await page.locator('#f-courseId-error').textContent()).toMatch(/^Error: /);
    expect(await course.getAttribute('aria-invalid')).toBe('true');
    expect(await course.getAttribute('aria-describedby')).toContain('f-courseId-error');

    await course.selectOption('conflict-resolution-for-school-teams');
    expect(await page.locator('#f-courseId-error').count()).toBe(0);
    expect(await course.getAttribute('aria-invalid')).toBeNull();
    expect((await course.getAttribute('aria-describedby')) ?? '').not.toContain('f-courseId-error');
    expect(await page.locator('[data-field="courseId"]').getAttribute('class')).not.toContain('field-error');
    expect(await page.locator('#f-satisfaction-error').count()).toBe(1);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('a rule refusal from the server shows by the claim’s running total, saying what to do', async () => {
    const page = await signedInAt(staff('Keisha Williams', '104242'), '/forms/compensation/', true);
    const answers = await cases['compensation']!(page, true);
    await fill(page, { ...answers, 'lines[0][hours]': '5', permitHolder: undefined, growthPlan: undefined });
    await page.locator('form[data-form] button[data-send]').click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('Claim at least 6 hours, a whole block');
    expect(await page.locator('[data-running-total] .error-message').textContent()).toContain('Claim at least 6 hours, a whole block');
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });
});
