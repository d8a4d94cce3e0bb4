import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COURSES_TABLE, rowFromCourse } from '../../src/lib/airtable/courses.ts';
import { readCourseFiles } from '../../src/lib/catalog/files.ts';
import { recordFor, tableFor } from '../../src/lib/airtable/fields.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { exitSurvey } from '../../src/lib/forms/exit-survey.ts';
import { checkpoint, focusPlan } from '../../src/lib/forms/focus-plan.ts';
import type { AnyForm } from '../../src/lib/forms/form.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { FORMS } from '../../src/lib/forms/registry.ts';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { loadSampleRoster, Roster } from '../../src/lib/identity/roster.ts';
import { loadProgram } from '../../src/lib/program/settings.ts';
import { readReportCourses } from '../../src/lib/reports/courses.ts';
import { programKpis } from '../../src/lib/reports/kpi.ts';
import { kpiHtml } from '../../src/lib/reports/kpi-html.ts';
import { kpiText } from '../../src/lib/reports/kpi-text.ts';
import { overdueDecisions } from '../../src/lib/reports/overdue.ts';
import { payrollCsv, payrollFor } from '../../src/lib/reports/payroll.ts';
import { AirtableClient, airtableConfig, MAX_RECORDS_PER_REQUEST, READ_SPACING_MS } from '../../src/lib/airtable/client.ts';
import { BASE_TABLES } from '../../src/lib/airtable/base-schema.ts';
import { readAllSubmissions } from '../../src/lib/airtable/all-submissions.ts';
import { LOCAL_BLOBS_DIR, openLocalStore } from '../../src/lib/store/local.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { act } from '../../src/lib/workflow/act.ts';
import type { Action, Role } from '../../src/lib/program/routing.ts';
import { AirtableServer } from '../../support/airtable-server.ts';
import { startBlobs, TEST_LINK_SECRET, testDeps } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { checkpointAnswers, compensationAnswers, focusPlanAnswers, jsonRequest, multipartRequest, preApprovalAnswers } from '../../support/submissions.ts';
import { TestClock } from '../support/clock.ts';

const program = loadProgram();
const links = { origin: 'http://localhost', secret: TEST_LINK_SECRET };

/**
 * Pat Cole, a permanent classified employee supervised by Sam Lee, whose name HR's
 * roster writes as a spreadsheet formula: the payroll file must not run it.
 */
const PAT = '200417';
const sample = loadSampleRoster();
const roster = new Roster([
  ...sample.members,
  {
    employeeId: PAT,
    name: '=HYPERLINK("http://example.org","Pat Cole")',
    email: 'pat.cole@cedarvalley.example',
    site: 'Oak Grove Elementary',
    jobTitle: 'Custodian',
    group: 'permanent-classified',
    fte: 1,
    weeklyHours: 40,
    supervisorId: STAFF.sam,
    evaluatorId: STAFF.sam,
    active: true,
  },
]);
/** Each person answers one survey per course: the k-th survey of a course comes from the k-th of these. */
const surveyors = sample.members.filter((m) => m.active).map((m) => m.employeeId);

/** The handlers' dependencies on the given day, with Pat on the roster. */
const depsOn = (store: SubmissionStore, on: string): SubmitDeps => ({ ...testDeps(store, on), roster: async () => roster });

/** Sends a form through the real write path as if on the given day, signed in as `who` (Ana unless said); the receipt. */
async function send(store: SubmissionStore, form: AnyForm, answers: Record<string, unknown>, on: string, who: string = STAFF.ana): Promise<string> {
  const path = `/api/forms/${form.id}`;
  const deps = depsOn(store, on);
  const request = form.multipart ? multipartRequest(path, answers) : jsonRequest(path, answers);
  const response = await handleSubmission(as(await sessionFor(deps, who), request), form, deps);
  const body = (await response.json()) as { receipt: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.receipt;
}

/** One step of the program's routing, taken on the given day. */
async function move(store: SubmissionStore, receipt: string, action: Action, by: Role, on: string): Promise<void> {
  const result = await act(
    { receipt, action, by, ...(action === 'deny' ? { comment: 'Not within the program this year.' } : {}) },
    { store, now: new Date(`${on}T19:00:00Z`), timeZone: program.timeZone, links },
  );
  expect(result.ok, result.ok ? '' : result.message).toBe(true);
}

const course = (courseId: string, hours: number, completed: string) => ({ courseId, startDate: completed, completionDate: completed, hours: String(hours) });

const claim = (store: SubmissionStore, on: string, lines: Record<string, unknown>[], who: string = STAFF.ana) =>
  send(store, compensation, compensationAnswers(lines), on, who);

async function approvedByHr(store: SubmissionStore, receipt: string, on: string): Promise<void> {
  await move(store, receipt, 'approve', 'supervisor', on);
  await move(store, receipt, 'approve', 'hr', on);
}

/** The `nth` survey of a course (from 0), by a person of its own. */
const survey = (store: SubmissionStore, courseId: string, satisfaction: number, on: string, nth: number) =>
  send(
    store,
    exitSurvey,
    { courseId, satisfaction: String(satisfaction), relevance: '4', willUse: '4', anonymous: 'yes', submissionId: randomUUID() },
    on,
    surveyors[nth]!,
  );

const planAnswers = (checkpointDate: string) => focusPlanAnswers({ track: 'learner', checkpointDate });

/** A plan signed by both, and its checkpoint sent on `checkpointOn` when given. */
async function plan(store: SubmissionStore, on: string, checkpointDate: string, checkpointOn?: string): Promise<string> {
  const receipt = await send(store, focusPlan, planAnswers(checkpointDate), on);
  await move(store, receipt, 'sign', 'evaluator', on);
  await move(store, receipt, 'sign', 'employee', on);
  if (checkpointOn) {
    const answers = checkpointAnswers(receipt);
    await send(store, checkpoint, answers, checkpointOn);
  }
  return receipt;
}

/**
 * A year of the program for the measures: surveys of three courses this fiscal
 * year (one with too few answers) and ten last year, focus plans on time, late,
 * not yet due and withdrawn, and one claim approved by HR.
 */
async function seedYear(store: SubmissionStore): Promise<void> {
  for (const [i, answer] of [5, 4, 4, 5, 3].entries()) await survey(store, 'first-aid-and-cpr-certification', answer, '2026-10-05', i);
  for (const [i, answer] of [3, 3, 4, 3, 4, 3].entries()) await survey(store, 'conflict-resolution-for-school-teams', answer, '2026-11-02', i);
  for (const [i, answer] of [5, 5].entries()) await survey(store, 'mandated-reporter-training', answer, '2027-02-10', i);
  // Last fiscal year, by ten others: counted for participation only; their 1s would pull this year's averages down.
  for (let i = 0; i < 10; i++) await survey(store, 'first-aid-and-cpr-certification', 1, '2026-03-10', 5 + i);

  await plan(store, '2026-09-01', '2027-01-15', '2027-01-15');
  await plan(store, '2026-09-02', '2027-01-15', '2027-01-20');
  await plan(store, '2026-09-03', '2027-05-10');
  const withdrawn = await send(store, focusPlan, planAnswers('2027-02-01'), '2026-09-04');
  await move(store, withdrawn, 'withdraw', 'employee', '2026-09-05');
  await plan(store, '2025-10-01', '2026-01-15', '2026-01-10');

  const paid = await claim(store, '2026-11-10', [course('paraeducator-academy', 12, '2026-10-20')]);
  await approvedByHr(store, paid, '2026-11-12');
}

describe('reports on the site’s own store', () => {
  let blobs: Awaited<ReturnType<typeof startBlobs>>;
  let store: SubmissionStore;
  beforeEach(async () => {
    blobs = await startBlobs();
    store = blobs.store;
  });
  afterEach(async () => blobs.stop());

  describe('the payroll file', () => {
    it('has one row per approved request of the fiscal year, cuts the requests that pass the yearly cap, and leaves out other years, denials and withdrawals', async () => {
      // Ana: a 12-hour claim is denied, so two more fill her 18 hours; the denial is then overturned and approved.
      const first = await claim(store, '2026-11-02', [course('paraeducator-academy', 12, '2026-10-20')]);
      await move(store, first, 'deny', 'supervisor', '2026-11-02');
      const second = await claim(store, '2026-11-03', [
        course('first-aid-and-cpr-certification', 6, '2026-10-20'),
        course('conflict-resolution-for-school-teams', 6, '2026-10-21'),
      ]);
      const third = await claim(store, '2026-11-04', [course('first-aid-and-cpr-certification', 6, '2026-10-22')]);
      await approvedByHr(store, second, '2026-11-05');
      await approvedByHr(store, third, '2026-11-05');
      await move(store, first, 'overturn', 'task-force', '2026-11-06');
      await move(store, first, 'approve', 'hr', '2026-11-06');

      // Pat: one claim paid; one denied by HR, one withdrawn, one not yet approved by HR.
      const paid = await claim(store, '2026-11-05', [course('first-aid-and-cpr-certification', 6, '2026-10-20')], PAT);
      await approvedByHr(store, paid, '2026-11-06');
      await move(store, paid, 'pay', 'payroll', '2026-11-09');
      const denied = await claim(store, '2026-11-06', [course('conflict-resolution-for-school-teams', 6, '2026-10-20')], PAT);
      await move(store, denied, 'approve', 'supervisor', '2026-11-06');
      await move(store, denied, 'deny', 'hr', '2026-11-07');
      const withdrawn = await claim(store, '2026-11-06', [course('conflict-resolution-for-school-teams', 6, '2026-10-21')], PAT);
      await move(store, withdrawn, 'withdraw', 'employee', '2026-11-07');
      const waiting = await claim(store, '2026-11-07', [course('conflict-resolution-for-school-teams', 6, '2026-10-22')], PAT);
      await move(store, waiting, 'approve', 'supervisor', '2026-11-08');

      // Ana in the fiscal year before: approved, but not this year's pay.
      const lastYear = await claim(store, '2026-05-10', [course('first-aid-and-cpr-certification', 6, '2026-04-20')]);
      await approvedByHr(store, lastYear, '2026-05-12');

      const payroll = payrollFor(await store.list(), 2026, program);
      const withPayroll = '"Approved by Human Resources, with payroll"';
      expect(payrollCsv(payroll)).toBe(
        [
          'Employee ID,Name,Receipt,Status,Hours claimed,Hours paid,Blocks,Amount (USD),Note',
          `104233,Ana Reyes,${first},${withPayroll},12,12,2,500.00,`,
          `104233,Ana Reyes,${second},${withPayroll},12,6,1,250.00,Cut from 12 to 6 hours: earlier requests of this employee already count 12 hours toward the yearly cap of 18 hours in fiscal year 2026–27.`,
          `104233,Ana Reyes,${third},${withPayroll},6,0,0,0.00,Not paid: earlier requests of this employee already reach the yearly cap of 18 hours in fiscal year 2026–27.`,
          `200417,"'=HYPERLINK(""http://example.org"",""Pat Cole"")",${paid},Paid,6,6,1,250.00,`,
          '',
        ].join('\n'),
      );
      expect(payroll.totals).toEqual({ requests: 4, employees: 2, hours: 24, blocks: 4, amount: 1000, cut: 2 });

      const before = payrollFor(await store.list(), 2025, program);
      expect(before.rows.map((r) => [r.receipt, r.hoursPaid, r.amount])).toEqual([[lastYear, 6, 250]]);
    });
  });

  describe('overdue decisions', () => {
    it('lists a request 6 working days with its supervisor and not one 4 days there, most overdue first', async () => {
      const sixDays = await send(store, preApproval, preApprovalAnswers(), '2026-11-16');
      await send(store, preApproval, preApprovalAnswers(), '2026-11-18');
      const sevenDays = await claim(store, '2026-11-13', [course('first-aid-and-cpr-certification', 6, '2026-10-20')]);
      // Long past the deadline, but decided: no longer waiting on the supervisor.
      const decided = await send(store, preApproval, preApprovalAnswers(), '2026-11-02');
      await move(store, decided, 'approve', 'supervisor', '2026-11-20');

      const overdue = overdueDecisions(await store.list(), '2026-11-24', program);
      expect(overdue.map((d) => [d.receipt, d.waitingSince, d.dueOn, d.workingDaysOverdue])).toEqual([
        [sevenDays, '2026-11-13', '2026-11-20', 2],
        [sixDays, '2026-11-16', '2026-11-23', 1],
      ]);
      expect(overdue[1]).toMatchObject({
        form: 'Pre-approval request',
        supervisorName: 'Sam Lee',
        supervisorEmail: 'sam.lee@cedarvalley.example',
        decisionLink: expect.stringMatching(/^http:\/\/localhost\/decide\/\?token=/),
      });
      expect(overdue[0]!.form).toBe('Compensation request');
    });

    it('does not count the weekend: a request from a Monday is due the next Monday, and one from a Friday is one working day late on Monday', async () => {
      const monday = await send(store, preApproval, preApprovalAnswers(), '2026-11-16');
      const friday = await send(store, preApproval, preApprovalAnswers(), '2026-11-13');
      const overdue = overdueDecisions(await store.list(), '2026-11-23', program);
      expect(overdue.map((d) => [d.receipt, d.dueOn, d.workingDaysOverdue])).toEqual([[friday, '2026-11-20', 1]]);
      expect(overdue.some((d) => d.receipt === monday)).toBe(false);
      // Due on Friday, it is not late over the weekend: Saturday and Sunday are not working days.
      expect(overdueDecisions(await store.list(), '2026-11-22', program)).toEqual([]);
    });
  });

  describe('the program’s measures', () => {
    // A year seeded once, in a store of its own: these tests only read it.
    let year: StoredSubmission[];
    beforeAll(async () => {
      const seeded = await startBlobs();
      try {
        await seedYear(seeded.store);
        year = await seeded.store.list();
      } finally {
        await seeded.stop();
      }
    });

    it('averages satisfaction per course against the target, and shows no average from fewer than 5 responses', async () => {
      const kpis = programKpis({
        submissions: year,
        courses: await readReportCourses(program, {}),
        fiscalYear: 2026,
        today: '2027-03-01',
        program,
        roster,
      });
      expect(kpis.satisfaction.courses).toEqual([
        { courseId: 'conflict-resolution-for-school-teams', title: 'Conflict Resolution for School Teams', responses: 6, average: 20 / 6 },
        { courseId: 'first-aid-and-cpr-certification', title: 'First Aid and CPR Certification', responses: 5, average: 4.2 },
        { courseId: 'mandated-reporter-training', title: 'Mandated Reporter Training', responses: 2, average: null },
      ]);
      const html = kpiHtml(kpis, program, 'the test store');
      expect(html).toContain('<th scope="row">Mandated Reporter Training</th><td class="num">2</td><td>fewer than 5 responses</td><td></td>');
      expect(html).toContain('<th scope="row">First Aid and CPR Certification</th><td class="num">5</td><td>4.20 of 5</td><td>yes</td>');
    });

    it('counts no exit survey as participation or required training: surveys are optional, anonymous and can be sent again', async () => {
      const kpis = programKpis({
        submissions: year,
        courses: await readReportCourses(program, {}),
        fiscalYear: 2026,
        today: '2027-03-01',
        program,
        roster,
      });
      // Thirteen surveys this year and two of a required training are in the store: neither may show as a count.
      expect(Object.keys(kpis).sort()).toEqual(['first', 'fiscalYear', 'focusPlans', 'label', 'last', 'pay', 'planStarts', 'satisfaction', 'today']);
      const text = kpiText(kpis, program, 'the test store');
      expect(text).not.toMatch(/Participation|Required training|completions/i);
      const html = kpiHtml(kpis, program, 'the test store');
      expect(html).not.toMatch(/id="participation"|id="required-training"|Course completions|exit survey sent in the fiscal year/);
      // The notes, renumbered: satisfaction, focus plans, plan starts, pay.
      expect(text).toContain('[4] Hours and pay are the payroll export’s figures');
      expect(text).not.toContain('[5]');
      expect(html).toContain('<li id="note-4">Hours and pay are the payroll export’s figures');
      expect(html).not.toContain('id="note-5"');
    });

    it('counts a plan as checkpointed on time only when its checkpoint came by the checkpoint date, a later one as late, and waits on plans not yet due', async () => {
      const kpis = programKpis({
        submissions: year,
        courses: await readReportCourses(program, {}),
        fiscalYear: 2026,
        today: '2027-03-01',
        program,
        roster,
      });
      expect(kpis.focusPlans).toEqual({ started: 3, due: 2, onTime: 1, late: 1, notYetDue: 1, share: 0.5 });
      expect(kpiText(kpis, program, 'the test store')).toMatch(/checkpoint sent late[\s\S]*\n\s*3\s+2\s+1\s+1\s+50\.0%\s+1\n/);
      expect(kpiHtml(kpis, program, 'the test store')).toContain('<th scope="row">Checkpoint sent late</th><td class="num">1</td>');
      const later = programKpis({ submissions: year, courses: new Map(), fiscalYear: 2026, today: '2027-05-16', program, roster });
      expect(later.focusPlans).toEqual({ started: 3, due: 3, onTime: 1, late: 1, notYetDue: 0, share: 1 / 3 });
    });

    it('shows, site by site, the teachers on HR’s roster who started a plan by the target date, against the target', async () => {
      const seeded = await startBlobs();
      try {
        const store = seeded.store;
        const teachers = { emily: '300401', jordan: '300412', sarah: '300420', daniel: '300421' };
        await send(store, focusPlan, planAnswers('2027-05-01'), '2026-10-20', teachers.emily);
        await send(store, focusPlan, planAnswers('2027-05-01'), '2026-10-01', teachers.sarah);
        // Sent after the target date, or withdrawn: not a start by the target date.
        await send(store, focusPlan, planAnswers('2027-05-01'), '2026-11-05', teachers.jordan);
        const withdrawn = await send(store, focusPlan, planAnswers('2027-05-01'), '2026-10-02', teachers.daniel);
        await move(store, withdrawn, 'withdraw', 'employee', '2026-10-03');
        // Ana is classified staff, not a teacher: her plan counts for no site's share.
        await send(store, focusPlan, planAnswers('2027-05-01'), '2026-10-01');
        const submissions = await store.list();
        const measure = (today: string, settings = program) =>
          programKpis({ submissions, courses: new Map(), fiscalYear: 2026, today, program: settings, roster }).planStarts;

        const starts = measure('2026-12-01');
        expect(starts).toMatchObject({ percent: 25, by: '2026-10-31' });
        expect(starts.sites).toEqual([
          { site: 'Cedar Valley High School', teachers: 2, started: 1, share: 0.5, met: true },
          { site: 'Maple Ridge Middle School', teachers: 3, started: 0, share: 0, met: false },
          { site: 'Oak Grove Elementary', teachers: 1, started: 1, share: 1, met: true },
        ]);
        expect(starts.all).toEqual({ site: 'All sites', teachers: 6, started: 2, share: 2 / 6, met: false });
        // Before the target date, a site short of it is not yet judged.
        expect(measure('2026-10-15').sites[1]).toMatchObject({ site: 'Maple Ridge Middle School', met: null });
        // Another district's target: 60% by November 15.
        const later = { ...program, focusPlan: { ...program.focusPlan, startTarget: { percent: 60, by: { month: 11, day: 15 } } } };
        expect(measure('2026-12-01', later).sites.map((x) => [x.started, x.met])).toEqual([
          [1, false],
          [1, false],
          [1, true],
        ]);

        const kpis = programKpis({ submissions, courses: new Map(), fiscalYear: 2026, today: '2026-12-01', program, roster });
        const text = kpiText(kpis, program, 'the test store');
        expect(text).toContain('Focus plans started, by site (target: 25% of each site’s teachers by October 31, 2026)');
        expect(text).toMatch(/Maple Ridge Middle School\s+3\s+0\s+0\.0%\s+no/);
        const html = kpiHtml(kpis, program, 'the test store');
        expect(html).toContain('<th scope="row">Oak Grove Elementary</th><td class="num">1</td><td class="num">1</td><td class="num">100.0%</td><td>yes</td>');
        expect(html).toContain('Target 25%');
      } finally {
        await seeded.stop();
      }
    });

    it('reports the hours and pay that the payroll file pays', async () => {
      const submissions = year;
      const kpis = programKpis({ submissions, courses: new Map(), fiscalYear: 2026, today: '2027-03-01', program, roster });
      expect(kpis.pay).toEqual(payrollFor(submissions, 2026, program).totals);
      expect(kpis.pay).toMatchObject({ requests: 1, hours: 12, blocks: 2, amount: 500 });
    });

    it('writes one HTML file with nothing to fetch, each chart named and beside a table of its figures', async () => {
      const kpis = programKpis({
        submissions: year,
        courses: await readReportCourses(program, {}),
        fiscalYear: 2026,
        today: '2027-03-01',
        program,
        roster,
      });
      const html = kpiHtml(kpis, program, 'the <test> store');
      expect(html).not.toMatch(/<script|<link|<img|src=|url\(|https?:\/\//i);
      expect(html).toContain('Data: the &lt;test&gt; store.');
      const charts = [
        ...html.matchAll(
          /<figure><svg role="img" aria-labelledby="([\w-]+)"[\s\S]*?<\/svg><\/figure>(<div class="scroll" role="region" tabindex="0" aria-label="[^"]+"><table>)?/g,
        ),
      ];
      // Satisfaction, focus plans and plan starts (the measures of the plan are passed in apart).
      expect(charts).toHaveLength(3);
      for (const [, titleId, table] of charts) {
        expect(html).toMatch(new RegExp(`<title id="${titleId}">[^<]+</title>`));
        expect(table).toMatch(/<table>$/);
      }
      expect(html).toContain('Satisfaction is the average answer to “I was satisfied with this course”');
    });
  });
});

describe('the measures from Airtable', () => {
  it('are the same as from the site’s own store when Airtable holds the same records', async () => {
    const blobs = await startBlobs();
    // At Airtable's own limit: the seven tables (six forms and the catalog) are read paced under it.
    // The reads below pace themselves by the real clock (spaced()), so the stand-in's clock runs with it;
    // the upload moves it on instead of waiting.
    const clock = new TestClock({ running: true });
    const server = new AirtableServer({ tables: Object.fromEntries(BASE_TABLES.map((t) => [t.name, t.fields.map((f) => f.name)])), now: clock.now });
    await server.start();
    try {
      await seedYear(blobs.store);
      const overturned = await claim(blobs.store, '2026-11-20', [course('first-aid-and-cpr-certification', 6, '2026-10-20')]);
      await approvedByHr(blobs.store, overturned, '2026-11-21');
      const local = await blobs.store.list();

      const env = { AIRTABLE_API_KEY: server.token, AIRTABLE_BASE_ID: server.baseId, AIRTABLE_ENDPOINT_URL: server.url };
      const client = new AirtableClient(airtableConfig(env)!);
      const pace = async () => clock.advance(READ_SPACING_MS);
      const upload = async (table: string, rows: Record<string, unknown>[], mergeOn?: string) => {
        for (let i = 0; i < rows.length; i += MAX_RECORDS_PER_REQUEST) {
          await pace();
          await client.upsert(table, rows.slice(i, i + MAX_RECORDS_PER_REQUEST), mergeOn);
        }
      };
      for (const form of FORMS)
        await upload(
          tableFor(form),
          local.filter((r) => r.form === form.id).map((r) => recordFor(form, r)),
        );
      await upload(
        COURSES_TABLE,
        readCourseFiles(program).map(({ id, course: c, body }) => rowFromCourse(id, c, body)),
        'Slug',
      );

      await pace();
      const fromAirtable = await readAllSubmissions(program.timeZone, env, join(tmpdir(), 'no-local-store-here'));
      expect(fromAirtable.source).toBe(`Airtable base ${server.baseId}`);
      expect(fromAirtable.submissions).toHaveLength(local.length);
      const measures = async (submissions: typeof local, courseEnv: Record<string, string>) =>
        programKpis({ submissions, courses: await readReportCourses(program, courseEnv), fiscalYear: 2026, today: '2027-03-01', program, roster });
      // The catalog read paces itself apart from the submissions' reads (a pace of its own), so
      // straight after them it can be the sixth request in Airtable's second: it comes a second later.
      clock.advance(1_000);
      const viaAirtable = await measures(fromAirtable.submissions, env);
      expect(viaAirtable).toEqual(await measures(local, {}));
      expect(viaAirtable.satisfaction.courses.reduce((n, c) => n + c.responses, 0)).toBe(13);
      expect(viaAirtable.pay.amount).toBe(750);
      expect(payrollCsv(payrollFor(fromAirtable.submissions, 2026, program))).toBe(payrollCsv(payrollFor(local, 2026, program)));
    } finally {
      await server.stop();
      await blobs.stop();
    }
  });
});

describe('the command-line tools', () => {
  let project: string;
  let waiting: string;
  let approved: string;

  beforeAll(async () => {
    // A project folder of its own: the settings and catalog of the repository, and a local store HR's tools read by default.
    project = mkdtempSync(join(tmpdir(), 'pg-reports-'));
    symlinkSync(resolve('content'), join(project, 'content'), 'dir');
    const local = await openLocalStore(join(project, LOCAL_BLOBS_DIR));
    try {
      approved = await claim(local.store, '2026-11-10', [course('paraeducator-academy', 12, '2026-10-20')]);
      await approvedByHr(local.store, approved, '2026-11-12');
      waiting = await send(local.store, preApproval, preApprovalAnswers(), '2026-11-16');
      for (const [i, answer] of [5, 4, 4, 5, 4].entries()) await survey(local.store, 'first-aid-and-cpr-certification', answer, '2026-11-18', i);
    } finally {
      await local.stop();
    }
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  /** Runs a tool as HR would from the project folder, without any Airtable settings. */
  function run(script: string, args: string[], cwd = project): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      const child = spawn(process.execPath, [resolve('scripts', script), ...args], { cwd, env: { PATH: process.env['PATH'] ?? '' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
    });
  }

  it('payroll writes the file into the folder given, prints the totals, and refuses a missing or malformed fiscal year with exit code 2', async () => {
    const result = await run('payroll.ts', ['--fiscal-year', '2026', '--out', 'to-payroll']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Data: the local store (.netlify/blobs-serve).');
    expect(result.stdout).toMatch(/requests\s+employees\s+hours\s+blocks\s+amount\n[-\s]+\n\s+1\s+1\s+12\s+2\s+\$500\n/);
    expect(result.stdout).toContain(`Written: ${join('to-payroll', 'payroll-2026.csv')}`);
    expect(readFileSync(join(project, 'to-payroll', 'payroll-2026.csv'), 'utf8')).toBe(
      `Employee ID,Name,Receipt,Status,Hours claimed,Hours paid,Blocks,Amount (USD),Note\n104233,Ana Reyes,${approved},"Approved by Human Resources, with payroll",12,12,2,500.00,\n`,
    );

    const missing = await run('payroll.ts', []);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--fiscal-year is missing: give the calendar year the fiscal year starts in/);
    const malformed = await run('payroll.ts', ['--fiscal-year', '26-27']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--fiscal-year must be a four-digit year');
    expect(existsSync(join(project, 'exports'))).toBe(false);
  });

  it('overdue lists the late decision with its supervisor and link, says when there are none, and exits 0 either way', async () => {
    const late = await run('overdue.ts', ['--today', '2026-11-24']);
    expect(late.code, late.stderr).toBe(0);
    expect(late.stdout).toMatch(
      new RegExp(
        `${waiting}\\s+Pre-approval request\\s+Sam Lee\\s+sam\\.lee@cedarvalley\\.example\\s+November 16, 2026\\s+November 23, 2026\\s+1\\s+http://localhost/decide/\\?token=`,
      ),
    );
    const none = await run('overdue.ts', ['--today', '2026-11-20']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No overdue decisions');
    const bad = await run('overdue.ts', ['--today', '2026-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--today must be a calendar date written YYYY-MM-DD');
  });

  it('report prints the measures and writes reports/kpi-<year>.html by default', async () => {
    const result = await run('report.ts', ['--fiscal-year', '2026', '--today', '2026-11-24']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Classified Professional Growth Program: measures for fiscal year 2026–27');
    expect(result.stdout).toMatch(/First Aid and CPR Certification\s+5\s+4\.40 of 5\s+yes/);
    // The average over all courses once, as the plan's measure: (5 + 4 + 4 + 5 + 4) / 5.
    expect(result.stdout).toMatch(/Course satisfaction, average out of 5\s+4\.40 of 5\s+4\.00 of 5 or more\s+yes/);
    expect(result.stdout).not.toMatch(/^All courses/m);
    expect(result.stdout).toContain(`Written: ${join('reports', 'kpi-2026.html')}`);
    const html = readFileSync(join(project, 'reports', 'kpi-2026.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<td>4.40 of 5</td>');
    // The store is there: participation and required training once each, counted from completions (none yet).
    expect(result.stdout.match(/Staff taking part, change over two years/g)).toHaveLength(1);
    expect(result.stdout.match(/Required training completed, against the roster/g)).toHaveLength(1);
    expect(html.match(/<th scope="row">Staff taking part, change over two years<\/th>/g)).toHaveLength(1);
    expect(html.match(/<th scope="row">Required training completed, against the roster<\/th>/g)).toHaveLength(1);
    for (const out of [result.stdout, html]) expect(out).not.toMatch(/NETLIFY_AUTH_TOKEN|Course completions|Participation: course completions/);
    // Counted from the completions the five surveys and Ana's approved claim recorded: 5 × 6 + 12 hours, by six people.
    expect(result.stdout).toMatch(/All required trainings\s+148\s+0\s+0\.0%\n/);
    expect(result.stdout).toMatch(/All sites\s+0\s+0\s+6\n/);
    expect(result.stdout).toContain('Clock hours: 6 people, 42 clock hours');
  });

  it('report without the site’s store says participation and required training need it, how to give it, and prints no figure for them', async () => {
    // HR's settings and catalog, but no local store and no Netlify settings: only what Airtable would give.
    const bare = mkdtempSync(join(tmpdir(), 'pg-reports-bare-'));
    try {
      symlinkSync(resolve('content'), join(bare, 'content'), 'dir');
      const result = await run('report.ts', ['--fiscal-year', '2026', '--today', '2026-11-24', '--missing-training', 'missing.csv'], bare);
      expect(result.code, result.stderr).toBe(0);
      const html = readFileSync(join(bare, 'reports', 'kpi-2026.html'), 'utf8');
      for (const out of [result.stdout, html]) {
        expect(out).toContain('Participation, required training, clock hours and PD budgets are counted from the completion records');
        expect(out).toContain('set NETLIFY_SITE_ID (the site’s ID) and NETLIFY_AUTH_TOKEN (a Netlify personal access token)');
        expect(out).not.toMatch(/Staff taking part|Participation:|Required training completed|Course completions/);
      }
      expect(result.stdout).toContain('Not written: missing.csv (it needs the site’s store)');
      expect(existsSync(join(bare, 'missing.csv'))).toBe(false);
      // Satisfaction is a rating, not a count: it stays, once, with nothing yet to average.
      expect(result.stdout.match(/^Course satisfaction/gm)).toHaveLength(2);
      expect(result.stdout).toMatch(
        /^Course satisfaction, by course \(target: an average of 4 or more out of 5; over all courses, see the measures of the plan\) \[1\]$/m,
      );
      expect(result.stdout).toMatch(/^Course satisfaction, average out of 5\s+nothing to count yet\s+4\.00 of 5 or more\s+not judged/m);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('submissions act approves fewer hours with --hours and a reason, refuses hours that are not fewer whole blocks, and payroll pays the approved hours', async () => {
    // A claim of another fiscal year, so the files of this one stay as the tests above read them.
    const local = await openLocalStore(join(project, LOCAL_BLOBS_DIR));
    let atHr: string;
    try {
      atHr = await claim(local.store, '2025-11-10', [course('paraeducator-academy', 12, '2025-10-20')]);
      await move(local.store, atHr, 'approve', 'supervisor', '2025-11-12');
    } finally {
      await local.stop();
    }
    const notBlocks = await run('submissions.ts', ['act', atHr, 'reduce', '--as', 'hr', '--hours', '9', '--comment', 'A grant paid part.']);
    expect(notBlocks.code).toBe(1);
    expect(notBlocks.stderr).toContain('The hours approved must be whole blocks of 6 hours; 9 is not.');
    const reduced = await run('submissions.ts', ['act', atHr, 'reduce', '--as', 'hr', '--hours', '6', '--comment', 'A grant paid part.']);
    expect(reduced.code, reduced.stderr).toBe(0);
    expect(reduced.stdout).toContain(`${atHr}: Approved by Human Resources, with payroll`);
    expect((await run('payroll.ts', ['--fiscal-year', '2025', '--out', 'reduced'])).code).toBe(0);
    expect(readFileSync(join(project, 'reduced', 'payroll-2025.csv'), 'utf8')).toContain(
      `${atHr},"Approved by Human Resources, with payroll",12,6,1,250.00,Human Resources approved 6 of the 12 hours claimed: A grant paid part.\n`,
    );
  });
});
