// Attendance into people's records, from a CSV file (README: "My record and completions").
//   npm run completions:import -- attendance.csv             record the completions and print what was added
//   npm run completions:import -- attendance.csv --dry-run   print what would be added; change nothing
// Columns: Employee ID, Course (catalog code or exact title), Provider (optional), Completed on, Hours (empty: the catalog's).
// A second run of the same file adds nothing. Every bad row is named; the good rows are recorded.
// The store is the local one `npm start` reads, or the deployed site's with NETLIFY_SITE_ID and NETLIFY_AUTH_TOKEN.
import { readFileSync } from 'node:fs';
import { readCatalog, type CatalogCourse } from '../src/lib/catalog/files.ts';
import { currentRoster } from '../src/lib/identity/roster-store.ts';
import { loadSampleRoster } from '../src/lib/identity/roster.ts';
import { formatImportProblem, importCompletions, parseCompletionsCsv } from '../src/lib/app/completions-import.ts';
import { formatDate, today } from '../src/lib/program/calendar.ts';
import { loadProgram } from '../src/lib/program/settings.ts';
import { runTool } from '../src/lib/reports/cli.ts';
import { openOperatorStore } from '../src/lib/store/local.ts';

const USAGE = 'Usage: npm run completions:import -- <attendance.csv> [--dry-run]';

async function main(args: string[]): Promise<number> {
  const flags = args.filter((a) => a.startsWith('--'));
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length !== 1 || flags.some((f) => f !== '--dry-run')) {
    console.error(USAGE);
    return 2;
  }
  const [file] = files as [string];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const dryRun = flags.includes('--dry-run');
  const program = loadProgram();
  const local = await openOperatorStore();
  try {
    // The catalog the site last read from Airtable, with the repository's courses.
    const fromAirtable = (await local.store.recall<CatalogCourse[]>('airtable-catalog')) ?? [];
    const catalog = new Map([...readCatalog(program), ...fromAirtable.map((c) => [c.id, c] as const)]);
    const roster = await currentRoster(local.store, local.deployed ? null : () => loadSampleRoster(), { now: new Date() });
    const { completions, problems } = parseCompletionsCsv(text, file, { roster, catalog, today: today(new Date(), program.timeZone) });
    for (const p of problems) console.error(formatImportProblem(p));
    const report = await importCompletions(local.store, program, completions, dryRun);
    for (const c of report.added)
      console.log(`${dryRun ? 'would add' : 'added'}: ${c.employeeId}, ${c.title}, ${formatDate(c.completedOn)}, ${c.hours} h (${c.reference})`);
    console.log(
      `${file}: ${report.added.length} completion(s) ${dryRun ? 'would be added' : 'added'} to ${local.where}, ` +
        `${report.alreadyRecorded} already recorded, ${problems.length} bad row(s)${problems.length ? ' left out: fix them and run the import again' : ''}.`,
    );
    if (dryRun) console.log('Dry run: nothing was changed.');
    return problems.length ? 1 : 0;
  } finally {
    await local.stop();
  }
}

process.exitCode = await runTool(() => main(process.argv.slice(2)));
