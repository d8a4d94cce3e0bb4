import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import type { CatalogCourse } from '../../src/lib/catalog/files.ts';
import type { CountsFor, RenewalArea } from '../../src/lib/catalog/schema.ts';
import type { AnyForm } from '../../src/lib/forms/form.ts';
import type { SubmissionFacts } from '../../src/lib/forms/record.ts';
import { staffSurvey } from '../../src/lib/forms/staff-survey.ts';
import { Roster, type StaffMember } from '../../src/lib/identity/roster.ts';
import type { Status } from '../../src/lib/program/routing.ts';
import { parseProgram, type Program } from '../../src/lib/program/settings.ts';
import { html } from '../../src/lib/html/template.ts';
import { programKpis } from '../../src/lib/reports/kpi.ts';
import { kpiHtml } from '../../src/lib/reports/kpi-html.ts';
import { kpiText } from '../../src/lib/reports/kpi-text.ts';
import { clockHoursCsv, missingTrainingCsv } from '../../src/lib/reports/measures-csv.ts';
import { measuresHtml } from '../../src/lib/reports/measures-html.ts';
import { measuresText } from '../../src/lib/reports/measures-text.ts';
import { programMeasures, type Measure, type Measures } from '../../src/lib/reports/measures.ts';
import { readStoredMeasureData, type StoredMeasureData } from '../../src/lib/reports/measures-data.ts';
import { catalogCompletion, CompletionStore } from '../../src/lib/store/completions.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { startBlobs, testDeps } from '../../support/blobs.ts';
import { as, sessionFor } from '../../support/people.ts';
import { programYamlWith, repoProgram } from '../../support/program.ts';
import { jsonRequest } from '../../support/submissions.ts';

// A small district, every figure below worked out by hand from it.
const NORTH = 'North School';
const SOUTH = 'South School';
const member = (employeeId: string, name: string, site: string, group: StaffMember['group'], more: Partial<StaffMember> = {}): StaffMember => ({
  employeeId,
  name,
  email: `${employeeId}@cedarvalley.example`,
  site,
  jobTitle: 'Staff',
  group,
  fte: 1,
  weeklyHours: 40,
  active: true,
  ...more,
});
const C1 = '300001'; // teachers: licensed staff
const C2 = '300002';
const C3 = '300003';
const K1 = '400001'; // classified
const K2 = '400002'; // part-time: 0.5 FTE, 20 hours a week
const K3 = '400003'; // left mid-year: inactive on the roster, after finishing a required training
const M1 = '500001'; // a manager
const roster = new Roster([
  member(C1, 'Cara One', NORTH, 'certificated'),
  member(C2, 'Cole Two', NORTH, 'certificated'),
  member(C3, 'Cruz Three', SOUTH, 'certificated'),
  member(K1, 'Kim One', NORTH, 'permanent-classified'),
  member(K2, 'Kai Two', SOUTH, 'permanent-classified', { fte: 0.5, weeklyHours: 20 }),
  member(K3, 'Kit Three', NORTH, 'permanent-classified', { active: false }),
  member(M1, 'Max One', SOUTH, 'management'),
]);

const course = (id: string, audience: CatalogCourse['audience'], countsFor: CountsFor[], renewalAreas: RenewalArea[] = []): CatalogCourse => ({
  id,
  code: id.toUpperCase(),
  title: id,
  provider: 'Cedar Valley USD',
  hours: 4,
  status: 'active',
  audience,
  countsFor,
  renewalAreas,
  requiredTraining: countsFor.includes('required-training'),
});
const ALL_STAFF_TRAINING = course('safety-for-all', 'all', ['required-training']);
const CLASSIFIED_TRAINING = course('classified-safety', 'classified', ['required-training']);
const PEDAGOGY = course('pedagogy-course', 'certificated', ['licence-renewal', 'salary-lane'], ['pedagogy']);
const SPECIAL_ED = course('special-ed-course', 'all', ['licence-renewal'], ['special-education']);
const ENGLISH_LEARNERS = course('el-course', 'certificated', ['licence-renewal'], ['english-learners']);
const catalog = (...courses: CatalogCourse[]) => new Map(courses.map((c) => [c.id, c]));
const fullCatalog = catalog(ALL_STAFF_TRAINING, CLASSIFIED_TRAINING, PEDAGOGY, SPECIAL_ED, ENGLISH_LEARNERS);

let blobs: Awaited<ReturnType<typeof startBlobs>>;
let store: SubmissionStore;
let deps: SubmitDeps;
let stored: StoredMeasureData;
const outcomes: Record<string, number> = {};
const duplicates: string[] = [];

const send = async (form: AnyForm, body: Record<string, unknown>, who: string) =>
  handleSubmission(as(await sessionFor(deps, who), jsonRequest(`/api/forms/${form.id}`, { submissionId: randomUUID(), ...body })), form, deps);

const saveAnswer = (form: string, data: Record<string, unknown>, status: Status = 'received', facts: SubmissionFacts = { summary: form }) =>
  store.save({
    id: randomUUID(),
    form,
    receiptPrefix: 'XX',
    status,
    submittedAt: '2026-10-01T17:00:00.000Z',
    submittedOn: '2026-10-01',
    facts,
    data,
    files: [],
  });
const saveReimbursement = (employeeId: string, dollars: number, status: Status) =>
  saveAnswer('reimbursement', {}, status, { employeeId, summary: `$${dollars}`, reimbursement: { cents: dollars * 100, fiscalYear: 2026 } });

beforeAll(async () => {
  blobs = await startBlobs();
  store = blobs.store;
  deps = { ...testDeps(store), roster: async () => roster };
  const program = deps.program;
  const completions = new CompletionStore(store.blobStore, program);
  const done = (employeeId: string, c: CatalogCourse, completedOn: string) =>
    catalogCompletion(c, { employeeId, completedOn, source: 'import', reference: `sheet.csv row ${completedOn}` });

  // One import of HR's sheets. Fiscal year 2026 (July 1, 2026 to June 30, 2027):
  await completions.recordMany([
    ...[C1, C3, K1, M1, K3].map((id) => done(id, ALL_STAFF_TRAINING, '2026-09-15')),
    done(K1, CLASSIFIED_TRAINING, '2026-09-16'),
    done(C2, PEDAGOGY, '2026-10-03'),
    // Fiscal year 2024: five people took part; 2025: three.
    ...[C1, C2, K1, K2, M1].map((id) => done(id, PEDAGOGY, '2024-11-01')),
    ...[C1, K1, M1].map((id) => done(id, PEDAGOGY, '2025-11-01')),
  ]);
  // The same completion again, from HR's second import of the same sheet: not counted twice.
  duplicates.push(await completions.record(done(C3, ALL_STAFF_TRAINING, '2026-09-15')));

  // Exit surveys answering 5, 4 and 3, stored as the form stores anonymous ones: average 4, two of three answering 4 or 5.
  for (const satisfaction of ['5', '4', '3'])
    await saveAnswer('exit-survey', { courseId: PEDAGOGY.id, satisfaction, relevance: '4', willUse: '4', anonymous: true });
  // Staff surveys: overall 5, 4, 2 (two of three satisfied); access 4, 2, 5 (two of three).
  for (const [who, satisfiedOverall, accessToPd] of [
    [C1, '5', '4'],
    [C2, '4', '2'],
    [K1, '2', '5'],
  ] as const) {
    outcomes[`staff ${who}`] = (await send(staffSurvey, { satisfiedOverall, accessToPd }, who)).status;
  }
  // Kim answers again the same year: refused, and not counted.
  const again = await send(staffSurvey, { satisfiedOverall: '5', accessToPd: '5' }, K1);
  outcomes['staff again'] = again.status;
  outcomes['staff again errors'] = JSON.stringify(await again.json()).includes('already answered the staff survey') ? 1 : 0;

  // The part-time person's budget: $300 of $600; $100 approved by HR, $50 waiting on her supervisor.
  await saveReimbursement(K2, 100, 'with-payroll');
  await saveReimbursement(K2, 50, 'with-supervisor');
  stored = await readStoredMeasureData(store, program, roster, 2026);
}, 60_000);

afterAll(async () => blobs?.stop());

/** The exit and staff surveys sent. */
const surveys = async () => [...(await store.list('exit-survey')), ...(await store.list('staff-survey'))];

/** The measures with the program's settings, the minimum number of answers changed when a test says. */
async function measuresWith(minimumAnswers: number, courses = fullCatalog, fiscalYear = 2026): Promise<Measures> {
  const program: Program = { ...deps.program, measures: { ...deps.program.measures, minimumAnswers } };
  return programMeasures({ program, fiscalYear, roster, courses, submissions: await surveys(), completions: stored.completions, budgets: stored.budgets });
}
const measure = (m: Measures, id: Measure['id']) => m.measures.find((x) => x.id === id)!;

describe('a year of completions, surveys and budgets, reported against the roster', () => {
  it('records a completion imported twice once', () => {
    expect(duplicates).toEqual(['duplicate']);
    const fy2026 = stored.completions.find((y) => y.fiscalYear === 2026)!.completions;
    expect(fy2026.filter((c) => c.employeeId === C3)).toHaveLength(1);
  });

  it('counts required training against active people in each training’s audience, leaving out the person who left', async () => {
    const m = await measuresWith(3);
    const [classified, all] = m.fromStore!.requiredTraining.trainings;
    // For all staff: C1, C2, C3, K1, K2, M1 must take it (K3 has left); C1, C3, K1, M1 did.
    expect(all).toMatchObject({ courseId: 'safety-for-all', owed: 6, done: 4 });
    expect(all!.missing.map((p) => p.employeeId)).toEqual([C2, K2]);
    // For classified staff: K1 and K2; K1 did.
    expect(classified).toMatchObject({ courseId: 'classified-safety', owed: 2, done: 1, share: 0.5 });
    expect(classified!.missing.map((p) => p.employeeId)).toEqual([K2]);
    expect(m.fromStore!.requiredTraining.all).toEqual({ owed: 8, done: 5, share: 5 / 8 });
    expect(measure(m, 'required-training')).toMatchObject({ value: 5 / 8, target: 1, met: false });
  });

  it('breaks required training down by site and by employee group', async () => {
    const m = await measuresWith(3);
    expect(m.fromStore!.requiredTraining.sites).toEqual([
      { site: NORTH, owed: 4, done: 3, share: 0.75 },
      { site: SOUTH, owed: 4, done: 2, share: 0.5 },
    ]);
    expect(m.fromStore!.requiredTraining.groups).toEqual([
      { group: 'certificated', owed: 3, done: 2, share: 2 / 3 },
      { group: 'management', owed: 1, done: 1, share: 1 },
      { group: 'permanent-classified', owed: 4, done: 2, share: 0.5 },
    ]);
  });

  it('writes who has not completed each required training as CSV', async () => {
    const rows = parse(missingTrainingCsv(await measuresWith(3)), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['Training'], r['Employee ID'], r['Site']])).toEqual([
      ['classified-safety', K2, SOUTH],
      ['safety-for-all', C2, NORTH],
      ['safety-for-all', K2, SOUTH],
    ]);
  });

  it('counts participation as distinct staff with a completion, per site, against two years before', async () => {
    const m = await measuresWith(3);
    expect(m.fromStore!.participation.years).toEqual([2024, 2025, 2026]);
    // 2026: C1, C2, C3, K1, K3, M1 (the person who left still took part that year).
    expect(m.fromStore!.participation.all).toEqual([5, 3, 6]);
    expect(m.fromStore!.participation.sites).toEqual([
      { site: NORTH, staff: [3, 2, 4] },
      { site: SOUTH, staff: [2, 1, 2] },
    ]);
    expect(measure(m, 'participation')).toMatchObject({ value: 0.2, target: 0.1, met: true });
  });

  it('adds up clock hours per person, with licence-renewal and salary-lane hours apart', async () => {
    const rows = parse(clockHoursCsv(await measuresWith(3)), { columns: true }) as Record<string, string>[];
    const cole = rows.find((r) => r['Employee ID'] === C2)!;
    expect(cole).toMatchObject({
      Name: 'Cole Two',
      Site: NORTH,
      Completions: '1',
      'Clock hours': '4',
      'Licence-renewal clock hours': '4',
      'Salary-lane clock hours': '4',
    });
    const kim = rows.find((r) => r['Employee ID'] === K1)!;
    expect(kim).toMatchObject({ Completions: '2', 'Clock hours': '8', 'Licence-renewal clock hours': '0' });
    expect(rows).toHaveLength(6);
  });

  it('gives the part-time person half the allocation, and adds budgets up per site', async () => {
    expect(stored.budgets.get(K2)).toEqual({ fiscalYear: 2026, allocation: 300, spent: 100, pending: 50, left: 150 });
    expect(stored.budgets.has(K3)).toBe(false);
    const m = await measuresWith(3);
    expect(m.budgets!.sites).toEqual([
      { site: NORTH, people: 3, allocation: 1800, spent: 0, pending: 0, left: 1800 },
      { site: SOUTH, people: 3, allocation: 1500, spent: 100, pending: 50, left: 1350 },
    ]);
  });

  it('takes one staff survey per person a year, keeping nobody’s name or ID with the answers', async () => {
    expect([outcomes[`staff ${C1}`], outcomes[`staff ${C2}`], outcomes[`staff ${K1}`]]).toEqual([201, 201, 201]);
    expect(outcomes['staff again']).toBeGreaterThanOrEqual(400);
    expect(outcomes['staff again errors']).toBe(1);
    const answers = await store.list('staff-survey');
    expect(answers).toHaveLength(3);
    const everything = JSON.stringify(answers);
    for (const id of [C1, C2, K1, 'Cara One', 'Kim One']) expect(everything).not.toContain(id);
    expect(answers.every((a) => a.facts.employeeId === undefined)).toBe(true);
  });

  it('judges the survey measures against the first year of the plan', async () => {
    const m = await measuresWith(3);
    expect(m.planYear).toBe(1);
    expect(measure(m, 'course-satisfaction')).toMatchObject({ value: 4, target: 4, basis: 3, met: true, reliable: true });
    expect(measure(m, 'course-satisfied-share')).toMatchObject({ value: 2 / 3, target: null, met: null });
    expect(measure(m, 'satisfied-overall')).toMatchObject({ value: 2 / 3, target: 0.6, basis: 3, met: true, reliable: true });
    expect(measure(m, 'access-to-pd')).toMatchObject({ value: 2 / 3, target: 0.6, basis: 3, met: true });
  });

  it('flags figures from fewer answers than the program’s minimum as too few to rely on', async () => {
    const m = await measuresWith(4);
    expect(m.measures.filter((x) => !x.reliable).map((x) => x.id)).toEqual([
      'course-satisfaction',
      'course-satisfied-share',
      'satisfied-overall',
      'access-to-pd',
    ]);
    expect(measuresText(m)).toContain('too few answers: 3 of the 4 needed');
    const page = String(html`${measuresHtml(m)}`);
    expect(page).toContain('<strong>Too few answers (marked *):</strong>');
    expect(String(html`${measuresHtml(await measuresWith(3))}`)).not.toContain('Too few answers');
  });

  it('counts every licensed person as able to earn every renewal area only while each area has a course open to them', async () => {
    expect(measure(await measuresWith(3), 'renewal-in-district')).toMatchObject({ value: 1, target: 0.2, basis: 3, met: true });
    const withoutEnglishLearners = await measuresWith(3, catalog(ALL_STAFF_TRAINING, CLASSIFIED_TRAINING, PEDAGOGY, SPECIAL_ED));
    expect(withoutEnglishLearners.renewalAreasMissing).toEqual(['english-learners']);
    expect(measure(withoutEnglishLearners, 'renewal-in-district')).toMatchObject({ value: 0, met: false });
  });

  it('takes the target of the plan’s year, and sets none before the plan starts', async () => {
    const later = await measuresWith(3, fullCatalog, 2028);
    expect(later.planYear).toBe(3);
    expect(measure(later, 'satisfied-overall').target).toBe(0.72);
    expect(measure(later, 'renewal-in-district').target).toBe(0.6);
    const before = await measuresWith(3, fullCatalog, 2025);
    expect(before.planYear).toBeNull();
    // No staff survey that year: nothing to count, and so nothing flagged as too few.
    expect(measure(before, 'access-to-pd')).toMatchObject({ value: null, basis: 0, reliable: true, target: null, met: null });
  });

  it('shows each measure in the HTML report with a chart and a table beside it', async () => {
    const page = String(html`${measuresHtml(await measuresWith(3))}`);
    expect(page).toContain('aria-labelledby="chart-measures-title"');
    expect(page).toContain('<caption>Measures against targets, fiscal year 2026</caption>');
    expect(page).toContain('Staff satisfied with professional learning overall');
    expect(page).toContain('<caption>PD budgets by site</caption>');
    expect(page).toContain('<caption>Not completed: safety-for-all</caption>');
  });

  it('prints every target as the program’s setting for this year of the plan, from a copy of the program with other targets', async () => {
    // The plan starting a year earlier makes fiscal year 2026 its second year: the second of each list.
    const settings = parseProgram(
      programYamlWith({
        measures: {
          ...repoProgram().measures,
          planStartYear: 2025,
          courseSatisfactionAverage: 3.5,
          satisfiedOverall: [50, 61, 70, 80, 90],
          accessToPd: [50, 68, 70, 80, 90],
          renewalInDistrict: [10, 23, 60, 80, 100],
          participationGrowthOverTwoYears: 25,
          requiredTraining: 95,
        },
      }),
    );
    const submissions = await surveys();
    const m = programMeasures({ program: settings, fiscalYear: 2026, roster, courses: fullCatalog, submissions, completions: stored.completions });
    expect(m.planYear).toBe(2);
    expect(Object.fromEntries(m.measures.map((x) => [x.id, [x.target, x.met]]))).toEqual({
      'course-satisfaction': [3.5, true],
      'course-satisfied-share': [null, null],
      'satisfied-overall': [0.61, true],
      // Two of three (66.7%) short of 68%.
      'access-to-pd': [0.68, false],
      'renewal-in-district': [0.23, true],
      // Six staff took part against five two years before: up 20%, short of 25%.
      participation: [0.25, false],
      'required-training': [0.95, false],
    });
    const kpis = programKpis({ submissions, courses: fullCatalog, fiscalYear: 2026, today: '2027-03-01', program: settings, roster });
    const text = `${kpiText(kpis, settings, 'the test store')}\n${measuresText(m)}`;
    expect(text).toContain('Course satisfaction, by course (target: an average of 3.5 or more out of 5; over all courses, see the measures of the plan) [1]');
    expect(text).toMatch(/Course satisfaction, average out of 5\s+4\.00 of 5\s+3\.50 of 5 or more\s+yes/);
    expect(text).toMatch(/Staff satisfied with professional learning overall\s+66\.7%\s+61\.0%\s+yes/);
    expect(text).toMatch(/Staff who can get the professional learning they need\s+66\.7%\s+68\.0%\s+no/);
    expect(text).toMatch(/Licensed staff who can earn every renewal area in district\s+100\.0%\s+23\.0%\s+yes/);
    expect(text).toMatch(/Staff taking part, change over two years\s+\+20\.0%\s+up \+25\.0%\s+no/);
    expect(text).toMatch(/Required training completed, against the roster\s+62\.5%\s+95\.0%\s+no/);
    const page = kpiHtml(kpis, settings, 'the test store', measuresHtml(m));
    expect(page).toContain('Target: an average of 3.5 or more out of 5.');
    expect(page).toContain('class="target-label">Target 3.5</text>');
    expect(page).toContain('<td>3.50 of 5 or more</td>');
    // The required-training charts draw the setting’s line, not a fixed 100%.
    expect(page.match(/class="target-label">Target 95\.0%<\/text>/g)).toHaveLength(2);
    expect(page).not.toContain('Target 100%');
  });

  it('says plainly that participation and required training need the site’s store when it cannot be read, and prints no figure for them', async () => {
    const m = programMeasures({ program: deps.program, fiscalYear: 2026, roster, courses: fullCatalog, submissions: await surveys() });
    expect(m.fromStore).toBeUndefined();
    // The survey figures stand without the store.
    expect(m.measures.map((x) => x.id)).toEqual(['course-satisfaction', 'course-satisfied-share', 'satisfied-overall', 'access-to-pd', 'renewal-in-district']);
    const text = measuresText(m);
    const page = String(html`${measuresHtml(m)}`);
    for (const out of [text, page]) {
      expect(out).toContain('this report could not read it, so none of them is shown');
      expect(out).toContain('set NETLIFY_SITE_ID (the site’s ID) and NETLIFY_AUTH_TOKEN (a Netlify personal access token)');
      expect(out).not.toMatch(
        /Staff taking part|Participation:|Required training completed|Required training against the roster|clock hours this fiscal year|Clock hours:/,
      );
    }
    expect(missingTrainingCsv(m)).toBe('Training,Training title,Employee ID,Name,Site,Employee group\n');
  });
});
