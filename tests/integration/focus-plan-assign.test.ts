import { beforeEach, describe, expect, it } from 'vitest';
import { assignPlansHandler } from '../../src/lib/app/assign-handler.ts';
import { formPageHandler } from '../../src/lib/app/request-handlers.ts';
import type { SubmitDeps } from '../../src/lib/app/submit.ts';
import { focusPlan } from '../../src/lib/forms/focus-plan.ts';
import { listOutbox } from '../../src/lib/mail/outbox.ts';
import { assignmentOf, assignmentsIn } from '../../src/lib/store/assignments.ts';
import { programKpis } from '../../src/lib/reports/kpi.ts';
import { kpiHtml } from '../../src/lib/reports/kpi-html.ts';
import { kpiText } from '../../src/lib/reports/kpi-text.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { testDeps } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { focusPlanAnswers } from '../../support/submissions.ts';
import { signedInEachTest, type Who } from '../support/send.ts';

/**
 * Step 1 of the focus plan, on the site: Priya Shah evaluates the teachers
 * Jordan Ellis and Hannah Schultz (content/staff.csv); Emily Carter is Sam Lee's
 * teacher; Ana Reyes evaluates nobody. Today is 2026-11-24, in the school year
 * 2026–27 (support/blobs.ts).
 */
const world = signedInEachTest();
const { signedIn, submit } = world;
let store: SubmissionStore;
let deps: SubmitDeps;
beforeEach(() => ({ store, deps } = world));

const HANNAH = '300413';
const EMILY = '300401';
const PAGE = '/focus-plans/assign/';

const openPage = async (who: Who, query = '', d = deps) => assignPlansHandler(await signedIn(who, new Request(`http://localhost${PAGE}${query}`), d), d);

/** What a browser without JavaScript posts: one `teachers` pair per ticked box. */
async function post(who: Who, fields: [string, string][], headers: Record<string, string> = {}, d = deps): Promise<Response> {
  const request = new Request(`http://localhost${PAGE}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return assignPlansHandler(await signedIn(who, request, d), d);
}

const planForm = async (who: Who) => (await formPageHandler(await signedIn(who, new Request('http://localhost/forms/focus-plan/')), deps)).text();

const sendPlan = (who: Who, answers: Record<string, unknown> = {}) => submit(focusPlan, focusPlanAnswers(answers), who);

const assignmentMails = async () => (await listOutbox(store)).pending.map((p) => p.message).filter((m) => m.kind === 'plan-assigned');
const checkboxFor = (employeeId: string) => new RegExp(`<input type="checkbox"[^>]* name="teachers" value="${employeeId}"`);

describe('an evaluator assigns focus plans on the site', () => {
  it('lists only the teachers they evaluate, assigns the ones chosen, and emails each a link to the form', async () => {
    const before = await (await openPage('priya')).text();
    expect(before).toContain('Jordan Ellis');
    expect(before).toContain('Hannah Schultz');
    expect(before).not.toContain('Emily Carter');
    expect(before).toMatch(checkboxFor(STAFF.jordan));

    const sent = await post('priya', [
      ['teachers', STAFF.jordan],
      ['teachers', HANNAH],
      ['checkpointDate', '2027-04-30'],
      ['note', 'Bring your small-group notes to our meeting.'],
    ]);
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`${PAGE}?assigned=2`);

    const jordans = (await assignmentOf(store, 2026, STAFF.jordan))!;
    expect(jordans).toMatchObject({ teacherName: 'Jordan Ellis', evaluatorId: STAFF.priya, evaluatorName: 'Priya Shah', assignedOn: '2026-11-24' });
    expect(jordans.checkpointDate).toBe('2027-04-30');
    expect(jordans.history).toEqual([{ action: 'assigned', on: '2026-11-24T18:00:00.000Z', by: 'Priya Shah', byId: STAFF.priya }]);
    expect(await assignmentOf(store, 2026, HANNAH)).not.toBeNull();

    const mails = await assignmentMails();
    expect(mails.map((m) => m.to).sort()).toEqual(['hannah.schultz@cedarvalley.example', 'jordan.ellis@cedarvalley.example']);
    const toJordan = mails.find((m) => m.to.startsWith('jordan'))!;
    expect(toJordan.text).toContain('Your evaluator, Priya Shah, asked you to start a professional-learning focus plan');
    expect(toJordan.text).toContain('Proposed checkpoint date: April 30, 2027');
    expect(toJordan.text).toContain('Bring your small-group notes to our meeting.');
    expect(toJordan.text).toContain('http://localhost/forms/focus-plan/');
    expect(toJordan.receipt).toBe(jordans.id);

    const after = await (await openPage('priya', '?assigned=2')).text();
    expect(after).toContain('You assigned 2 plans.');
    expect(after).toContain('Assigned on November 24, 2026 by Priya Shah; no plan sent yet');
    // Both are assigned now: there is no one left to tick.
    expect(after).not.toMatch(checkboxFor(STAFF.jordan));
    expect(after).toContain('Every teacher you evaluate has been assigned a plan, or has sent one, this school year.');
  });

  it('shows the teacher who asked and when, starts the form with the date proposed, and records the assignment on the plan sent', async () => {
    expect(await planForm('jordan')).not.toContain('asked you to start a plan');
    await post('priya', [
      ['teachers', STAFF.jordan],
      ['checkpointDate', '2027-04-30'],
      ['note', 'Start with reading groups.'],
    ]);

    const form = await planForm('jordan');
    expect(form).toContain('Your evaluator Priya Shah asked you to start a plan on November 24, 2026.');
    expect(form).toContain('Start with reading groups.');
    expect(form).toMatch(/<input[^>]* type="date" id="f-checkpointDate" name="checkpointDate" value="2027-04-30"/);
    // Hannah was not assigned: her form says nothing of it.
    expect(await (await formPageHandler(as(await sessionFor(deps, HANNAH), new Request('http://localhost/forms/focus-plan/')), deps)).text()).not.toContain(
      'asked you to start a plan',
    );

    const plan = await sendPlan('jordan', { checkpointDate: '2027-04-30' });
    expect(plan.facts.assignment).toBe((await assignmentOf(store, 2026, STAFF.jordan))!.id);

    const list = await (await openPage('priya')).text();
    expect(list).toContain(`Plan sent: <a href="/requests/status/?receipt=${plan.receipt}">${plan.receipt}</a>, waiting for your review`);
    await store.setStatus(plan.receipt, 'active');
    expect(await (await openPage('priya')).text()).toContain('Checkpoint due April 30, 2027');
  });

  it('records no assignment on a plan its teacher started alone, and no longer offers that teacher', async () => {
    const plan = await sendPlan('jordan');
    expect(plan.facts.assignment).toBeUndefined();

    const page = await (await openPage('priya')).text();
    expect(page).not.toMatch(checkboxFor(STAFF.jordan));
    expect(page).toMatch(checkboxFor(HANNAH));
    const again = await post('priya', [['teachers', STAFF.jordan]]);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain(`Jordan Ellis already sent a focus plan this school year (${plan.receipt})`);
    expect(await assignmentOf(store, 2026, STAFF.jordan)).toBeNull();
  });
});

describe('who may assign', () => {
  it('refuses someone who evaluates no teacher, with a page and not an error, for a look and for a post', async () => {
    const look = await openPage('ana');
    expect(look.status).toBe(403);
    expect(await look.text()).toContain('HR’s staff roster names you as the evaluator of no active teacher');

    const posted = await post('ana', [['teachers', STAFF.jordan]]);
    expect(posted.status).toBe(403);
    expect(await assignmentOf(store, 2026, STAFF.jordan)).toBeNull();
    expect(await assignmentMails()).toEqual([]);
  });

  it('refuses an evaluator who chooses a teacher of another evaluator, or staff who are not teachers, and assigns none of those chosen', async () => {
    const mixed = await post('priya', [
      ['teachers', STAFF.jordan],
      ['teachers', EMILY],
    ]);
    expect(mixed.status).toBe(403);
    expect(await mixed.text()).toContain('You can assign a focus plan only to teachers HR’s staff roster says you evaluate. Nothing was assigned.');
    expect(await assignmentOf(store, 2026, STAFF.jordan)).toBeNull();
    expect(await assignmentOf(store, 2026, EMILY)).toBeNull();

    // Sam evaluates Ana, but she is classified staff: the focus plan is the teachers'.
    expect((await post('sam', [['teachers', STAFF.ana]])).status).toBe(403);
    expect(await assignmentMails()).toEqual([]);
  });

  it('refuses a post from another site', async () => {
    const response = await post('priya', [['teachers', STAFF.jordan]], { origin: 'https://elsewhere.example' });
    expect(response.status).toBe(403);
    expect(await assignmentOf(store, 2026, STAFF.jordan)).toBeNull();
  });

  it('sends a visitor who is not signed in to sign in first, and back here after', async () => {
    const response = await assignPlansHandler(new Request(`http://localhost${PAGE}`), deps);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toContain(`next=${encodeURIComponent(PAGE)}`);
  });
});

describe('the same teacher twice', () => {
  it('is refused in the same school year, naming who assigned the plan and when, and the teacher is emailed once', async () => {
    expect((await post('priya', [['teachers', STAFF.jordan]])).status).toBe(303);
    const again = await post('priya', [
      ['teachers', STAFF.jordan],
      ['teachers', HANNAH],
    ]);
    expect(again.status).toBe(422);
    const page = await again.text();
    expect(page).toContain('<a href="#f-teachers">Jordan Ellis was already assigned a plan on November 24, 2026 by Priya Shah</a>');
    // All or none: Hannah, chosen beside him, is not assigned either.
    expect(await assignmentOf(store, 2026, HANNAH)).toBeNull();
    expect((await assignmentMails()).map((m) => m.to)).toEqual(['jordan.ellis@cedarvalley.example']);
  });

  it('is a new assignment in the next school year', async () => {
    await post('priya', [['teachers', STAFF.jordan]]);
    const nextYear = testDeps(store, '2027-08-20');
    expect((await post('priya', [['teachers', STAFF.jordan]], {}, nextYear)).status).toBe(303);
    const [first, second] = [await assignmentOf(store, 2026, STAFF.jordan), await assignmentOf(store, 2027, STAFF.jordan)];
    expect(second!.assignedOn).toBe('2027-08-20');
    expect(second!.id).not.toBe(first!.id);
  });
});

describe('the form without JavaScript', () => {
  it('comes back with an error summary linking to each field, and what was ticked and typed, when no teacher is chosen or the date cannot be', async () => {
    const none = await post('priya', [
      ['checkpointDate', '2027-04-30'],
      ['note', 'See you soon.'],
    ]);
    expect(none.status).toBe(422);
    const nonePage = await none.text();
    expect(nonePage).toContain('<title>Error: Assign focus plans');
    expect(nonePage).toContain('<a href="#f-teachers">Select at least one teacher</a>');
    expect(nonePage).toContain('id="f-teachers"');
    expect(nonePage).toContain('name="checkpointDate" value="2027-04-30"');
    expect(nonePage).toContain('>See you soon.</textarea>');

    const tooSoon = await post('priya', [
      ['teachers', HANNAH],
      ['checkpointDate', '2026-12-01'],
    ]);
    expect(tooSoon.status).toBe(422);
    const soonPage = await tooSoon.text();
    expect(soonPage).toContain('<a href="#f-checkpointDate">Choose a checkpoint date on or after December 8, 2026, to leave time to carry out the plan</a>');
    expect(soonPage).toMatch(/<input type="checkbox"[^>]* name="teachers" value="300413" checked>/);
    expect(soonPage).toMatch(/id="f-checkpointDate" name="checkpointDate" value="2026-12-01"[^>]* aria-invalid="true"/);

    const notADate = await (
      await post('priya', [
        ['teachers', HANNAH],
        ['checkpointDate', 'next spring'],
      ])
    ).text();
    expect(notADate).toContain('Enter proposed checkpoint date as a real date, like 2026-09-15');
    expect(await assignmentOf(store, 2026, HANNAH)).toBeNull();
    expect(await assignmentMails()).toEqual([]);
  });
});

describe('HR’s report', () => {
  it('shows, site by site, the teachers assigned a plan beside those who started one, when it can read the assignments', async () => {
    await post('priya', [
      ['teachers', STAFF.jordan],
      ['teachers', HANNAH],
    ]);
    // Sam assigns Emily at Oak Grove; Jordan sends his plan.
    await post('sam', [['teachers', EMILY]]);
    await sendPlan('jordan');
    const input = {
      submissions: await store.list(),
      courses: new Map(),
      fiscalYear: 2026,
      today: '2026-11-24',
      program: deps.program,
      roster: await deps.roster(),
    };

    const kpis = programKpis({ ...input, assignments: await assignmentsIn(store, 2026) });
    const maple = kpis.planStarts.sites.find((x) => x.site === 'Maple Ridge Middle School')!;
    // Jordan's plan came after the target date (October 31): assigned, not yet a start by the date.
    expect(maple).toMatchObject({ teachers: 3, assigned: 2, started: 0 });
    expect(kpis.planStarts.all).toMatchObject({ assigned: 3 });
    expect(kpiText(kpis, deps.program, 'the test store')).toMatch(/Maple Ridge Middle School\s+3\s+2\s+0\s+0\.0%\s+no/);
    const withColumn = kpiHtml(kpis, deps.program, 'the test store');
    expect(withColumn).toContain('<th scope="col" class="num">Assigned</th>');
    expect(withColumn).toContain('<th scope="row">Maple Ridge Middle School</th><td class="num">3</td><td class="num">2</td><td class="num">0</td>');

    // Read from Airtable alone, the report has no assignments: no column rather than a wrong zero.
    const without = programKpis(input);
    expect(without.planStarts.all.assigned).toBeUndefined();
    expect(kpiHtml(without, deps.program, 'Airtable')).not.toContain('<th scope="col" class="num">Assigned</th>');
  });
});
