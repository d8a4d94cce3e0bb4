import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COURSE_COLUMNS, COURSES_TABLE, courseFromRow, readAirtableCatalog, rowFromCourse } from '../../src/lib/airtable/courses.ts';
import { courseSchema } from '../../src/lib/catalog/schema.ts';
import { readCourseFiles } from '../../src/lib/catalog/files.ts';
import { liveAirtableCatalog } from '../../src/lib/airtable/live-catalog.ts';
import { AirtableGate } from '../../src/lib/airtable/gate.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { handleSubmission } from '../../src/lib/app/submit.ts';
import { AirtableServer } from '../../support/airtable-server.ts';
import { startBlobs, testDeps } from '../../support/blobs.ts';
import { catalogLine, compensationAnswers, jsonRequest } from '../../support/submissions.ts';
import { repoProgram } from '../../support/program.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import type { SiteCopy } from '../../support/site-copy.ts';
import { buildCopy } from '../support/build-copy.ts';

const program = repoProgram();
const schema = courseSchema(program.categories.map((c) => c.id) as [string, ...string[]]);

/** The repository's Markdown catalog as Airtable rows. */
function markdownRows(): Record<string, unknown>[] {
  return readCourseFiles(program).map(({ id, course, body }) => rowFromCourse(id, course, body));
}

let server: AirtableServer | undefined;
let site: SiteCopy | undefined;
afterEach(async () => {
  await server?.stop();
  site?.remove();
});

async function airtableWith(rows: Record<string, unknown>[]): Promise<Record<string, string>> {
  server = new AirtableServer({ tables: { [COURSES_TABLE]: COURSE_COLUMNS.map((c) => c.name) } });
  await server.start();
  server.tables.get(COURSES_TABLE)!.push(...rows.map((fields, i) => ({ id: `rec${String(i).padStart(14, '0')}`, createdTime: '', fields })));
  return { AIRTABLE_API_KEY: server.token, AIRTABLE_BASE_ID: server.baseId, AIRTABLE_ENDPOINT_URL: server.url };
}

describe('the catalog from Airtable', () => {
  it('a course survives the trip to an Airtable row and back unchanged', () => {
    for (const row of markdownRows()) {
      const { id, data } = courseFromRow(row);
      expect(id).toBe(row['Slug']);
      expect(rowFromCourse(id, schema.parse(data), String(row['Description']))).toEqual(row);
    }
  });

  it('builds the catalog from the Courses table’s active rows, and a row deleted in Airtable leaves the site', async () => {
    const rows = markdownRows().filter((r) => r['Slug'] !== 'paraeducator-academy');
    const env = await airtableWith(rows);
    site = buildCopy();
    const { ok, output } = await site.buildAsync(env);
    expect(ok, output).toBe(true);
    const active = rows.filter((r) => r['Status'] === 'active');
    const built = readdirSync(join(site.dir, 'dist/courses'), { withFileTypes: true })
      .filter(
        (d) =>
          d.isDirectory() &&
          existsSync(join(site!.dir, 'dist/courses', d.name, 'index.html')) &&
          !['page', 'category', 'audience', 'delivery', 'credit'].includes(d.name),
      )
      .map((d) => d.name);
    expect(built.sort()).toEqual(active.map((r) => String(r['Slug'])).sort());
    expect(existsSync(join(site.dir, 'dist/courses/paraeducator-academy/index.html'))).toBe(false);
    expect(readFileSync(join(site.dir, 'dist/courses/first-aid-and-cpr-certification/index.html'), 'utf8')).toContain('First Aid and CPR Certification');
    expect(server!.log.filter((l) => l.method === 'GET').length).toBeGreaterThan(0);
  });

  it('a bad row fails the build, naming the course and the field', async () => {
    const rows = markdownRows().map((r) => (r['Slug'] === 'first-aid-and-cpr-certification' ? { ...r, Hours: 'six' } : r));
    const env = await airtableWith(rows);
    site = buildCopy();
    const { ok, output } = await site.buildAsync(env);
    expect(ok).toBe(false);
    expect(output).toMatch(/first-aid-and-cpr-certification/);
    expect(output).toMatch(/hours/);
  });

  it('the forms decide "on the catalog" from the same table', async () => {
    const rows = markdownRows().map((r) => (r['Slug'] === 'first-aid-and-cpr-certification' ? { ...r, Status: 'retired' } : r));
    const env = await airtableWith(rows);
    const catalog = await readAirtableCatalog(
      { apiKey: env['AIRTABLE_API_KEY']!, baseId: env['AIRTABLE_BASE_ID']!, endpointUrl: env['AIRTABLE_ENDPOINT_URL']! },
      program,
    );
    expect(catalog.size).toBe(rows.length);
    expect(catalog.get('first-aid-and-cpr-certification')?.status).toBe('retired');
    expect(catalog.get('conflict-resolution-for-school-teams')).toMatchObject({ hours: 6, status: 'active' });
  });

  it('keeps the forms taking submissions from the last catalog read while Airtable is down, and reads no catalog while a drain run sends', async () => {
    const env = await airtableWith(markdownRows());
    const config = { apiKey: env['AIRTABLE_API_KEY']!, baseId: env['AIRTABLE_BASE_ID']!, endpointUrl: env['AIRTABLE_ENDPOINT_URL']! };
    const blobs = await startBlobs();
    try {
      // No copy yet and Airtable down: an honest failure (the function answers "try again").
      server!.down = true;
      await expect(liveAirtableCatalog(config, program, blobs.store)).rejects.toThrow(/SERVICE_UNAVAILABLE/);
      server!.down = false;
      const fresh = await liveAirtableCatalog(config, program, blobs.store);
      expect(fresh.size).toBe(markdownRows().length);
      server!.down = true;
      const before = server!.log.length;
      const during = await liveAirtableCatalog(config, program, blobs.store);
      expect(server!.log.length).toBeGreaterThan(before);
      expect([...during.entries()]).toEqual([...fresh.entries()]);

      // While a drain run holds the base, the copy is used without asking Airtable at all.
      server!.down = false;
      expect(await AirtableGate.of(blobs.store).hold('a-drain-run', Date.now() + 60_000)).not.toBeNull();
      const requests = server!.log.length;
      expect([...(await liveAirtableCatalog(config, program, blobs.store)).entries()]).toEqual([...fresh.entries()]);
      expect(server!.log.length).toBe(requests);
      await AirtableGate.of(blobs.store).release('a-drain-run', 0);

      // A claim of a catalog course is checked and queued during the outage.
      const deps = { ...testDeps(blobs.store), catalog: during };
      const response = await handleSubmission(
        as(await sessionFor(deps, STAFF.ana), jsonRequest('/api/forms/compensation', compensationAnswers([catalogLine('paraeducator-academy', 12)]))),
        compensation,
        deps,
      );
      expect(response.status).toBe(201);
    } finally {
      await blobs.stop();
    }
  });
});
