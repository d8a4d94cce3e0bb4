import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COURSE_COLUMNS, COURSES_TABLE, courseFromRow, readAirtableCatalog, rowFromCourse } from '../../src/lib/airtable/courses.ts';
import { checkBase, setupBase } from '../../src/lib/airtable/base-schema.ts';
import { AirtableClient } from '../../src/lib/airtable/client.ts';
import { COUNTS_FOR, courseSchemaFor } from '../../src/lib/catalog/schema.ts';
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
const schema = courseSchemaFor(program);

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

  it('builds the catalog from the Courses table: every row has its page, retired ones leave the lists, and a row deleted in Airtable leaves the site', async () => {
    const rows = markdownRows().filter((r) => r['Slug'] !== 'paraeducator-academy');
    const env = await airtableWith(rows);
    site = buildCopy();
    const { ok, output } = await site.buildAsync(env);
    expect(ok, output).toBe(true);
    const built = readdirSync(join(site.dir, 'dist/courses'), { withFileTypes: true })
      .filter(
        (d) =>
          d.isDirectory() &&
          existsSync(join(site!.dir, 'dist/courses', d.name, 'index.html')) &&
          !['page', 'category', 'audience', 'delivery', 'credit'].includes(d.name),
      )
      .map((d) => d.name);
    expect(built.sort()).toEqual(rows.map((r) => String(r['Slug'])).sort());
    expect(existsSync(join(site.dir, 'dist/courses/paraeducator-academy/index.html'))).toBe(false);
    const page = (path: string) => readFileSync(join(site!.dir, 'dist', path, 'index.html'), 'utf8').replace(/\s+/g, ' ');
    expect(page('courses/first-aid-and-cpr-certification')).toContain('First Aid and CPR Certification');
    expect(page('courses')).not.toContain('href="/courses/email-and-calendar-essentials/"');
    expect(server!.log.filter((l) => l.method === 'GET').length).toBeGreaterThan(0);

    // Each course says plainly what it counts for, and the home page counts the courses the incentive pays for.
    expect(page('courses/email-and-calendar-essentials')).toContain(
      'This course was retired from the pre-approved list on September 30, 2026. If you enrolled or started on or before that day, it still counts',
    );
    expect(page('courses/mandated-reporter-training')).toContain('This course is a required training, taken on work time: it is not paid by the incentive.');
    expect(page('courses/co-teaching-for-inclusive-classrooms')).toMatch(/<dt>Counts for<\/dt> ?<dd> ?<ul> ?<li[^>]*>Certificated clock hours<\/li>/);
    const paid = rows.filter((r) => r['Status'] === 'active' && (r['Counts for'] as string[]).includes('classified-incentive'));
    expect(paid.length).toBeLessThan(rows.filter((r) => r['Status'] === 'active').length);
    expect(page('')).toContain(`<span class="figure">${paid.length} courses</span> pre-approved for the incentive`);
    expect(page('courses/credit/classified-incentive')).toContain(`${paid.length} courses`);
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

  it('HR’s base gets a multiple-select "Counts for" column with the schema’s programs as its options, and a "Retired on" date', async () => {
    server = new AirtableServer({ tables: {} });
    await server.start();
    const client = new AirtableClient({ apiKey: server.token, baseId: server.baseId, endpointUrl: server.url });
    await setupBase(client);
    const meta = await fetch(`${server.url}/v0/meta/bases/${server.baseId}/tables`, { headers: { authorization: `Bearer ${server.token}` } });
    const courses = ((await meta.json()) as { tables: { name: string; fields: { name: string }[] }[] }).tables.find((t) => t.name === COURSES_TABLE)!;
    expect(courses.fields.find((f) => f.name === 'Counts for')).toMatchObject({
      type: 'multipleSelects',
      options: { choices: COUNTS_FOR.map((name) => ({ name })) },
    });
    expect(courses.fields.find((f) => f.name === 'Retired on')).toMatchObject({ type: 'date' });
    expect(await checkBase(client)).toEqual([]);
  });

  it('a row that does not say what it counts for, or a retired row without the day it left, is refused naming the field, and the forms leave it out', async () => {
    const rows = markdownRows().map((r) =>
      r['Slug'] === 'paraeducator-academy'
        ? { ...r, 'Counts for': undefined }
        : r['Slug'] === 'email-and-calendar-essentials'
          ? { ...r, 'Retired on': undefined }
          : r,
    );
    const problems = (slug: string) => schema.safeParse(courseFromRow(rows.find((r) => r['Slug'] === slug)!).data).error?.issues.map((i) => i.path.join('.'));
    expect(problems('paraeducator-academy')).toEqual(['countsFor']);
    expect(problems('email-and-calendar-essentials')).toEqual(['retiredOn']);
    const env = await airtableWith(rows);
    const catalog = await readAirtableCatalog(
      { apiKey: env['AIRTABLE_API_KEY']!, baseId: env['AIRTABLE_BASE_ID']!, endpointUrl: env['AIRTABLE_ENDPOINT_URL']! },
      program,
    );
    expect(catalog.has('paraeducator-academy')).toBe(false);
    expect(catalog.has('email-and-calendar-essentials')).toBe(false);
    expect(catalog.size).toBe(rows.length - 2);
  });

  it('the forms decide "on the catalog", what a course counts for and when it left the list from the same table', async () => {
    const rows = markdownRows().map((r) =>
      r['Slug'] === 'first-aid-and-cpr-certification'
        ? { ...r, Status: 'retired', 'Retired on': '2026-08-31' }
        : r['Slug'] === 'conflict-resolution-for-school-teams'
          ? { ...r, 'Counts for': ['required-training'] }
          : r,
    );
    const env = await airtableWith(rows);
    const catalog = await readAirtableCatalog(
      { apiKey: env['AIRTABLE_API_KEY']!, baseId: env['AIRTABLE_BASE_ID']!, endpointUrl: env['AIRTABLE_ENDPOINT_URL']! },
      program,
    );
    expect(catalog.size).toBe(rows.length);
    expect(catalog.get('first-aid-and-cpr-certification')).toMatchObject({ status: 'retired', retiredOn: '2026-08-31' });
    expect(catalog.get('conflict-resolution-for-school-teams')).toMatchObject({
      hours: 6,
      status: 'active',
      countsFor: ['required-training'],
      requiredTraining: true,
    });
    expect(catalog.get('crisis-prevention-and-de-escalation')).toMatchObject({
      countsFor: ['classified-incentive', 'clock-hours', 'licence-renewal'],
      renewalAreas: ['special-education'],
    });
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
