// The program's measures for a fiscal year: printed, and written as one HTML file.
//   npm run report [-- --fiscal-year 2026] [--out folder] [--today YYYY-MM-DD]   (default folder: reports/)
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
import { LOCAL_BLOBS_DIR, openLocalStore } from '../src/lib/store/local.ts';

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

process.exitCode = await runTool(async () => {
  const program = loadProgram();
  const parsed = parseReportOptions(process.argv.slice(2), program, { accepts: ['fiscal-year', 'out', 'today'] });
  if (!parsed.ok) {
    console.error(`${parsed.message}\nUsage: npm run report [-- --fiscal-year YEAR] [--out folder] [--today YYYY-MM-DD]`);
    return 2;
  }
  const today = parsed.options.today ?? todayIn(new Date(), program.timeZone);
  const fiscalYear = parsed.options['fiscal-year'] ?? fiscalYearOf(today, program.fiscalYearStart);
  const { source, submissions } = await readAllSubmissions(program.timeZone);
  const courses = await readReportCourses(program);
  const kpis = programKpis({ submissions, courses, fiscalYear, today, program, roster: await readRoster() });

  const folder = parsed.options.out ?? 'reports';
  mkdirSync(folder, { recursive: true });
  const file = join(folder, kpiFileName(fiscalYear));
  writeFileSync(file, kpiHtml(kpis, program, source));
  console.log(kpiText(kpis, program, source));
  console.log(`\nWritten: ${file}`);
  return 0;
});
