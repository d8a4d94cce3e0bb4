// HR's tools for the Airtable base. Each needs AIRTABLE_API_KEY and AIRTABLE_BASE_ID.
//   npm run airtable:check   what the base lacks or has of another type
//   npm run airtable:setup   creates the missing tables and fields (never changes or deletes any)
//   npm run airtable:seed    loads content/courses/ into the Courses table (by Slug, so it can run again)
import { COURSES_TABLE, rowFromCourse } from '../src/lib/airtable/courses.ts';
import { readCourseFiles } from '../src/lib/catalog/files.ts';
import { loadProgram } from '../src/lib/program/settings.ts';
import { AirtableClient, airtableConfig, AirtableFailure, MAX_RECORDS_PER_REQUEST, spaced } from '../src/lib/airtable/client.ts';
import { checkBase, setupBase } from '../src/lib/airtable/base-schema.ts';

async function main(command: string | undefined): Promise<number> {
  const config = airtableConfig();
  if (!config) {
    console.error('Airtable is not configured: set AIRTABLE_API_KEY and AIRTABLE_BASE_ID.');
    return 2;
  }
  const client = new AirtableClient(config, { timeoutMs: 30_000 });
  if (command === 'check') {
    const problems = await checkBase(client);
    if (problems.length === 0) {
      console.log('The base has every table and field the site needs.');
      return 0;
    }
    console.table(problems.map((p) => ({ table: p.table, field: p.field ?? '', problem: p.problem, detail: p.detail ?? '' })));
    console.log('Run `npm run airtable:setup` to create what is missing; fields of another type need changing in Airtable.');
    return 1;
  }
  if (command === 'setup') {
    const done = await setupBase(client);
    console.log(done.length ? done.join('\n') : 'Nothing to create: the base already has every table and field.');
    const left = await checkBase(client);
    for (const p of left) console.error(`${p.table} / ${p.field}: ${p.problem} (${p.detail ?? ''}); change it in Airtable.`);
    return left.length ? 1 : 0;
  }
  if (command === 'seed') {
    const rows = readCourseFiles(loadProgram()).map(({ id, course, body }) => rowFromCourse(id, course, body));
    const pace = spaced();
    for (let i = 0; i < rows.length; i += MAX_RECORDS_PER_REQUEST) {
      await pace();
      await client.upsert(COURSES_TABLE, rows.slice(i, i + MAX_RECORDS_PER_REQUEST), 'Slug');
    }
    console.log(`Loaded ${rows.length} courses from content/courses into "${COURSES_TABLE}".`);
    return 0;
  }
  console.error('Usage: npm run airtable:check | airtable:setup | airtable:seed');
  return 2;
}

try {
  process.exitCode = await main(process.argv[2]);
} catch (error) {
  // A wrong token or base, or an unreachable server: say so plainly.
  if (error instanceof AirtableFailure) {
    const hint =
      error.status === 401 || error.status === 403
        ? ' Check AIRTABLE_API_KEY and its scopes.'
        : error.status === 404
          ? ' Check AIRTABLE_BASE_ID.'
          : error.kind === 'rate-limited'
            ? ' Airtable asks to slow down: run the command again in 30 seconds.'
            : '';
    console.error(`Airtable refused: ${error.message}.${hint}`);
  } else {
    console.error((error as Error).message);
  }
  process.exitCode = 1;
}
