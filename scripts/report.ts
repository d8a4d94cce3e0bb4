// The program's measures for a fiscal year: printed, and written as one HTML file.
//   npm run report [-- --fiscal-year 2026] [--out folder] [--today YYYY-MM-DD]   (default folder: reports/)
//                  [--missing-training missing.csv] [--clock-hours clock-hours.csv]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fiscalYearOf, today as todayIn } from '../src/lib/program/calendar.ts';
import { loadProgram } from '../src/lib/program/settings.ts';
import { runTool } from '../src/lib/reports/cli.ts';
import { readReportCourses } from '../src/lib/reports/courses.ts';
import { programKpis } from '../src/lib/reports/kpi.ts';
import { kpiFileName, kpiHtml } from '../src/lib/reports/kpi-html.ts';
import { kpiText } from '../src/lib/reports/kpi-text.ts';
import { parseReportOptions } from '../src/lib/reports/options.ts';
import { readAllSubmissions } from '../src/lib/airtable/all-submissions.ts';
import { AirtableClient, airtableConfig } from '../src/lib/airtable/client.ts';
import { readStaff } from '../src/lib/airtable/staff.ts';
import { loadSampleRoster, Roster } from '../src/lib/identity/roster.ts';
import { currentRoster } from '../src/lib/identity/roster-store.ts';
import { LOCAL_BLOBS_DIR, openLocalStore, openOperatorStore } from '../src/lib/store/local.ts';
import { assignmentsIn } from '../src/lib/store/assignments.ts';
import type { PlanAssignment } from '../src/lib/forms/assignment.ts';
import type { Program } from '../src/lib/program/settings.ts';
import { programMeasures } from '../src/lib/reports/measures.ts';
import { readStoredMeasureData, type StoredMeasureData } from '../src/lib/reports/measures-data.ts';
import { measuresHtml } from '../src/lib/reports/measures-html.ts';
import { measuresText } from '../src/lib/reports/measures-text.ts';
import { clockHoursCsv, missingTrainingCsv } from '../src/lib/reports/measures-csv.ts';

/** HR's staff roster from where the submissions come: Airtable's Staff table, else the local store's copy, else the sample. */
async function readRoster(): Promise<Roster> {
  const config = airtableConfig();
  if (config) return new Roster((await readStaff(new AirtableClient(config))).members);
  if (!existsSync(LOCAL_BLOBS_DIR)) return loadSampleRoster();
  const local = await openLocalStore();
  try {
    return await currentRoster(local.store, () => loadSampleRoster(), { now: new Date() });
  } finally {
    await local.stop();
  }
}

/**
 * Focus-plan assignments, completions and PD budgets are kept in the site's store only: read from
 * the deployed site's Blobs (NETLIFY_SITE_ID and NETLIFY_AUTH_TOKEN) or the local store; none to read, none shown.
 */
async function readSiteStore(program: Program, roster: Roster, fiscalYear: number): Promise<{ assignments?: PlanAssignment[]; stored?: StoredMeasureData }> {
  if (!(process.env['NETLIFY_SITE_ID'] && process.env['NETLIFY_AUTH_TOKEN']) && !existsSync(LOCAL_BLOBS_DIR)) return {};
  const opened = await openOperatorStore();
  try {
    return { assignments: await assignmentsIn(opened.store, fiscalYear), stored: await readStoredMeasureData(opened.store, program, roster, fiscalYear) };
  } finally {
    await opened.stop();
  }
}

process.exitCode = await runTool(async () => {
  const program = loadProgram();
  const parsed = parseReportOptions(process.argv.slice(2), program, { accepts: ['fiscal-year', 'out', 'today', 'missing-training', 'clock-hours'] });
  if (!parsed.ok) {
    console.error(
      `${parsed.message}\nUsage: npm run report [-- --fiscal-year YEAR] [--out folder] [--today YYYY-MM-DD] [--missing-training file.csv] [--clock-hours file.csv]`,
    );
    return 2;
  }
  const today = parsed.options.today ?? todayIn(new Date(), program.timeZone);
  const fiscalYear = parsed.options['fiscal-year'] ?? fiscalYearOf(today, program.fiscalYearStart);
  const { source, submissions } = await readAllSubmissions(program.timeZone);
  const courses = await readReportCourses(program);
  const roster = await readRoster();
  const { assignments, stored } = await readSiteStore(program, roster, fiscalYear);
  const kpis = programKpis({ submissions, courses, fiscalYear, today, program, roster, ...(assignments ? { assignments } : {}) });
  const measures = programMeasures({
    program,
    fiscalYear,
    roster,
    courses,
    submissions,
    ...(stored ? { completions: stored.completions, budgets: stored.budgets } : {}),
    focusPlans: kpis,
  });

  const folder = parsed.options.out ?? 'reports';
  mkdirSync(folder, { recursive: true });
  const file = join(folder, kpiFileName(fiscalYear));
  writeFileSync(file, kpiHtml(kpis, program, source, measuresHtml(measures)));
  console.log(`${kpiText(kpis, program, source)}\n\n${measuresText(measures)}`);
  console.log(`\nWritten: ${file}`);
  for (const [option, csv] of [
    ['missing-training', missingTrainingCsv],
    ['clock-hours', clockHoursCsv],
  ] as const) {
    const out = parsed.options[option];
    if (!out) continue;
    // A file of headers alone would read as nobody missing a training: the report above says why there is none.
    if (!measures.fromStore) {
      console.log(`Not written: ${out} (it needs the site’s store)`);
      continue;
    }
    writeFileSync(out, csv(measures));
    console.log(`Written: ${out}`);
  }
  return 0;
});
