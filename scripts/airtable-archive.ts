// Moves the closed records of a past fiscal year out of the working Airtable base into
// one JSON file per table (README "Where records live"). Re-runnable: a second run adds
// what is left to the same files and deletes nothing it has not written.
//   npm run airtable:archive -- --fiscal-year 2024 [--out folder] [--today YYYY-MM-DD]   (default folder: archive/)
import { archiveFiscalYear, archiveRefusal } from '../src/lib/airtable/archive.ts';
import { AirtableClient, airtableConfig } from '../src/lib/airtable/client.ts';
import { FORMS } from '../src/lib/forms/registry.ts';
import { today as todayIn } from '../src/lib/program/calendar.ts';
import { loadProgram } from '../src/lib/program/settings.ts';
import { runTool } from '../src/lib/reports/cli.ts';
import { parseReportOptions } from '../src/lib/reports/options.ts';

process.exitCode = await runTool(async () => {
  const program = loadProgram();
  const parsed = parseReportOptions(process.argv.slice(2), program, { accepts: ['fiscal-year', 'out', 'today'], requires: ['fiscal-year'] });
  if (!parsed.ok) {
    console.error(`${parsed.message}\nUsage: npm run airtable:archive -- --fiscal-year YEAR [--out folder] [--today YYYY-MM-DD]`);
    return 2;
  }
  const config = airtableConfig();
  if (!config) {
    console.error('Airtable is not configured: set AIRTABLE_API_KEY and AIRTABLE_BASE_ID.');
    return 2;
  }
  const fiscalYear = parsed.options['fiscal-year']!;
  const refusal = archiveRefusal(fiscalYear, parsed.options.today ?? todayIn(new Date(), program.timeZone), program);
  if (refusal) {
    console.error(`Nothing archived: ${refusal}.`);
    return 2;
  }
  const tables = await archiveFiscalYear(new AirtableClient(config, { timeoutMs: 30_000 }), FORMS, program, fiscalYear, parsed.options.out ?? 'archive');
  console.table(tables.map((t) => ({ table: t.table, 'moved now': t.moved, 'left open in the base': t.open, 'in the archive file': t.inFile, file: t.file })));
  return 0;
});
