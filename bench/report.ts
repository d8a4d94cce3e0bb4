// The program report at a district's size, from the site's local store: a roster of
// 10,000 staff, 100,000 completions this fiscal year (and one a person in each of the two
// before), exit and staff surveys and PD reimbursements, written first through the
// store's own classes on Netlify's local Blobs server; then each phase of `npm run report`
// timed once. The target is the whole report in under a minute.
// Usage: npm run bench:report [-- --staff 10000 --completions 100000 --surveys 5000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readAllSubmissions } from '../src/lib/airtable/all-submissions.ts';
import { readCatalog, type CatalogCourse } from '../src/lib/catalog/files.ts';
import { readRosterSnapshot, saveRosterSnapshot } from '../src/lib/identity/roster-store.ts';
import { Roster, type StaffMember } from '../src/lib/identity/roster.ts';
import { EMPLOYEE_GROUPS } from '../src/lib/program/compensation.ts';
import type { Status } from '../src/lib/program/routing.ts';
import { loadProgram } from '../src/lib/program/settings.ts';
import { programKpis } from '../src/lib/reports/kpi.ts';
import { kpiHtml } from '../src/lib/reports/kpi-html.ts';
import { kpiText } from '../src/lib/reports/kpi-text.ts';
import { clockHoursCsv, missingTrainingCsv } from '../src/lib/reports/measures-csv.ts';
import { readStoredMeasureData } from '../src/lib/reports/measures-data.ts';
import { measuresHtml } from '../src/lib/reports/measures-html.ts';
import { measuresText } from '../src/lib/reports/measures-text.ts';
import { programMeasures } from '../src/lib/reports/measures.ts';
import { catalogCompletion, CompletionStore, type Completion } from '../src/lib/store/completions.ts';
import { openLocalStore } from '../src/lib/store/local.ts';
import type { SubmissionStore } from '../src/lib/store/submissions.ts';

const { values } = parseArgs({
  options: { staff: { type: 'string', default: '10000' }, completions: { type: 'string', default: '100000' }, surveys: { type: 'string', default: '5000' } },
});
const STAFF = Number(values.staff);
const COMPLETIONS = Number(values.completions);
const SURVEYS = Number(values.surveys);
const FISCAL_YEAR = 2026;
const TODAY = '2027-03-15';
const SITES = Array.from({ length: 24 }, (_, i) => `School ${String(i + 1).padStart(2, '0')}`);
const WRITES_AT_ONCE = 64;

/** `count` people at 24 sites: a manager for each forty-nine, a third part-time, one in forty gone. */
function people(count: number): StaffMember[] {
  return Array.from({ length: count }, (_, i) => ({
    employeeId: String(100000 + i),
    name: `Person ${i} Example-Name`,
    email: `person.${i}@cedarvalley.example`,
    site: SITES[i % SITES.length]!,
    jobTitle: i % 50 === 0 ? 'Principal' : 'Staff',
    group: i % 50 === 0 ? 'management' : EMPLOYEE_GROUPS[i % 4]!,
    fte: i % 3 === 0 ? 0.5 : 1,
    weeklyHours: i % 3 === 0 ? 20 : 40,
    active: i % 40 !== 0,
  }));
}

/** Completions spread over the people and the catalog, dated within the fiscal year (and one a person in each of the two before). */
function completions(members: readonly StaffMember[], courses: readonly CatalogCourse[]): Completion[] {
  const out: Completion[] = [];
  const day = (year: number, n: number) => new Date(Date.UTC(year, 6, 1) + (n % 360) * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < COMPLETIONS; i++) {
    const person = members[i % members.length]!;
    const course = courses[(i * 7 + Math.floor(i / members.length)) % courses.length]!;
    out.push(
      catalogCompletion(course, { employeeId: person.employeeId, completedOn: day(FISCAL_YEAR, i), source: 'import', reference: `bench.csv row ${i + 2}` }),
    );
  }
  for (const [n, year] of [FISCAL_YEAR - 2, FISCAL_YEAR - 1].entries()) {
    members.forEach((person, i) => {
      if ((i + n) % 3 !== 0)
        out.push(
          catalogCompletion(courses[i % courses.length]!, {
            employeeId: person.employeeId,
            completedOn: day(year, i),
            source: 'import',
            reference: `old.csv row ${i}`,
          }),
        );
    });
  }
  return out;
}

const stored = (form: string, i: number, status: Status, data: Record<string, unknown>, employeeId?: string, more = {}) => ({
  id: `${form}-${i}`,
  form,
  receiptPrefix: form === 'reimbursement' ? 'RB' : 'SV',
  status,
  submittedAt: '2026-10-01T17:00:00.000Z',
  submittedOn: '2026-10-01',
  facts: { summary: form, ...(employeeId ? { employeeId } : {}), ...more },
  data,
  files: [],
});

/** Exit surveys, staff surveys and reimbursements, as the forms store them. */
async function writeSubmissions(store: SubmissionStore, members: readonly StaffMember[], courses: readonly CatalogCourse[]): Promise<number> {
  const records = [
    ...Array.from({ length: SURVEYS }, (_, i) =>
      stored('exit-survey', i, 'received', { courseId: courses[i % courses.length]!.id, satisfaction: String((i % 5) + 1) }),
    ),
    ...Array.from({ length: SURVEYS }, (_, i) =>
      stored('staff-survey', i, 'received', { satisfiedOverall: String((i % 5) + 1), accessToPd: String(((i + 2) % 5) + 1) }),
    ),
    ...Array.from({ length: SURVEYS / 2 }, (_, i) =>
      stored('reimbursement', i, i % 2 ? 'with-payroll' : 'with-hr', {}, members[i * 3]!.employeeId, {
        reimbursement: { cents: 5_000, fiscalYear: FISCAL_YEAR },
      }),
    ),
  ];
  for (let i = 0; i < records.length; i += WRITES_AT_ONCE) await Promise.all(records.slice(i, i + WRITES_AT_ONCE).map((r) => store.save(r)));
  return records.length;
}

const time = async <T>(work: () => Promise<T> | T): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
};

const program = loadProgram();
const catalog = [...readCatalog(program).values()];
const members = people(STAFF);
const directory = mkdtempSync(join(tmpdir(), 'bench-report-'));
const local = await openLocalStore(directory);
const rows: Record<string, string>[] = [];
const row = (phase: string, records: number, seconds: number) => rows.push({ phase, records: records.toLocaleString('en-US'), seconds: seconds.toFixed(2) });
try {
  const built = completions(members, catalog);
  const [, setupRoster] = await time(() => saveRosterSnapshot(local.store, members, new Date()));
  const [, setupCompletions] = await time(() => new CompletionStore(local.store.blobStore, program).recordMany(built));
  const [written, setupSubmissions] = await time(() => writeSubmissions(local.store, members, catalog));
  console.log(
    `Built the store in ${(setupRoster + setupCompletions + setupSubmissions).toFixed(1)} s: ${STAFF} staff, ${built.length} completions, ${written} surveys and reimbursements.`,
  );

  const started = performance.now();
  const [roster, readRoster] = await time(async () => new Roster((await readRosterSnapshot(local.store))!.members));
  row('read the roster', roster.size, readRoster);
  const [{ submissions }, readSubmissions] = await time(() => readAllSubmissions(program.timeZone, {}, directory));
  row('read the submissions (every form)', submissions.length, readSubmissions);
  const [data, readStored] = await time(() => readStoredMeasureData(local.store, program, roster, FISCAL_YEAR));
  row(
    'read completions (3 years) and budgets',
    data.completions.reduce((n, y) => n + y.completions.length, 0),
    readStored,
  );
  const courses = new Map(catalog.map((c) => [c.id, c]));
  const [[kpis, measures], compute] = await time(() => {
    const k = programKpis({ submissions, courses, fiscalYear: FISCAL_YEAR, today: TODAY, program, roster });
    return [
      k,
      programMeasures({ program, fiscalYear: FISCAL_YEAR, roster, courses, submissions, completions: data.completions, budgets: data.budgets, focusPlans: k }),
    ] as const;
  });
  row('work out the measures and HR’s views', roster.size, compute);
  const [size, render] = await time(
    () =>
      kpiHtml(kpis, program, 'bench', measuresHtml(measures)).length +
      kpiText(kpis, program, 'bench').length +
      measuresText(measures).length +
      missingTrainingCsv(measures).length +
      clockHoursCsv(measures).length,
  );
  row('write the HTML, text and both CSV files', size, render);
  row('the whole report', STAFF, (performance.now() - started) / 1000);
} finally {
  await local.stop();
  rmSync(directory, { recursive: true, force: true });
}
console.log(`\nThe program report from the local store (Netlify's Blobs server on loopback), fiscal year ${FISCAL_YEAR}; target: under 60 s`);
console.table(rows);
