import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COURSE_COLUMNS, COURSES_TABLE, rowFromCourse } from '../../src/lib/airtable/courses.ts';
import { readCourseRatings } from '../../src/lib/app/course-ratings.ts';
import { readCourseFiles } from '../../src/lib/catalog/files.ts';
import { columnsFor, recordFor, tableFor } from '../../src/lib/airtable/fields.ts';
import { exitSurvey } from '../../src/lib/forms/exit-survey.ts';
import { handleSubmission } from '../../src/lib/app/submit.ts';
import { AirtableClient } from '../../src/lib/airtable/client.ts';
import { drain } from '../../src/lib/airtable/drain.ts';
import { openLocalStore } from '../../src/lib/store/local.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import { AirtableServer } from '../../support/airtable-server.ts';
import { testDeps } from '../../support/blobs.ts';
import { as, sessionFor } from '../../support/people.ts';
import { repoProgram } from '../../support/program.ts';
import type { SiteCopy } from '../../support/site-copy.ts';
import { buildCopy } from '../support/build-copy.ts';
import { jsonRequest } from '../../support/submissions.ts';

/** Five surveys (the fewest that are shown), averaging 4.6. */
const RATED = { id: 'first-aid-and-cpr-certification', answers: ['5', '5', '4', '4', '5'] };
/** Four surveys: one short, so nothing may show. */
const UNRATED = { id: 'conflict-resolution-for-school-teams', answers: ['1', '1', '1', '1'] };
const SHOWN = 'Rated 4.6 out of 5 by 5 people who took it';
const SURVEY_TABLE = tableFor(exitSurvey);

let local: SiteCopy | undefined;
let remote: SiteCopy | undefined;
let server: AirtableServer | undefined;
let builds: { ok: boolean; output: string }[] = [];

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(dir, f));
}

const page = (site: SiteCopy, course: string) => readFileSync(join(site.dir, 'dist/courses', course, 'index.html'), 'utf8');

/** The built pages that show any rating, by their path, with every rating sentence each shows. */
function ratingsShown(site: SiteCopy): Map<string, string[]> {
  const dist = join(site.dir, 'dist');
  const shown = new Map<string, string[]>();
  for (const file of htmlFiles(dist)) {
    const found = readFileSync(file, 'utf8').match(/Rated [^<]*? people who took it/g);
    if (found) shown.set(relative(dist, file), found);
  }
  return shown;
}

beforeAll(async () => {
  // The surveys are sent through the form's own write path into the local copy's store
  // (where `npm start` keeps them), then drained into the stand-in Airtable as in production.
  local = buildCopy();
  remote = buildCopy();
  const program = repoProgram();
  server = new AirtableServer({
    tables: { [COURSES_TABLE]: COURSE_COLUMNS.map((c) => c.name), [SURVEY_TABLE]: columnsFor(exitSurvey).map((c) => c.name) },
  });
  await server.start();
  server.tables.get(COURSES_TABLE)!.push(
    ...readCourseFiles(program).map(({ id, course, body }, i) => ({
      id: `rec${String(i).padStart(14, '0')}`,
      createdTime: '',
      fields: rowFromCourse(id, course, body),
    })),
  );
  const store = await openLocalStore(join(local.dir, '.netlify/blobs-serve'));
  try {
    // Each person answers once per course: the n-th survey of a course comes from the n-th person on the roster.
    const deps = testDeps(store.store);
    const people = (await deps.roster()).members.filter((m) => m.active);
    for (const { id, answers } of [RATED, UNRATED]) {
      for (const [n, satisfaction] of answers.entries()) {
        const body = { courseId: id, satisfaction, relevance: '3', willUse: '3', anonymous: 'yes', submissionId: crypto.randomUUID() };
        const signedIn = as(await sessionFor(deps, people[n]!.employeeId), jsonRequest('/api/forms/exit-survey', body));
        const response = await handleSubmission(signedIn, exitSurvey, deps);
        expect(response.status, await response.clone().text()).toBe(201);
      }
    }
    const client = new AirtableClient({ apiKey: server.token, baseId: server.baseId, endpointUrl: server.url });
    expect((await drain(store.store, client)).synced).toBe(RATED.answers.length + UNRATED.answers.length);
  } finally {
    await store.stop();
  }
  builds = await Promise.all([
    local.buildAsync(),
    remote.buildAsync({ AIRTABLE_API_KEY: server.token, AIRTABLE_BASE_ID: server.baseId, AIRTABLE_ENDPOINT_URL: server.url }),
  ]);
});

afterAll(async () => {
  await server?.stop();
  local?.remove();
  remote?.remove();
});

describe('course ratings from exit surveys', () => {
  it('a course with 5 exit surveys in the local store shows their average on its page and its catalog card', () => {
    expect(builds[0]!.ok, builds[0]!.output).toBe(true);
    expect(page(local!, RATED.id)).toContain(`${SHOWN}, in the <a href="/forms/exit-survey/">course exit survey</a>.`);
    const shown = ratingsShown(local!);
    expect([...new Set([...shown.values()].flat())]).toEqual([SHOWN]);
    expect([...shown.keys()].filter((path) => path.startsWith('courses/category/health-safety/'))).toHaveLength(1);
  });

  it('a course with 4 exit surveys shows no rating on its page or anywhere else', () => {
    expect(builds[0]!.ok, builds[0]!.output).toBe(true);
    expect(page(local!, UNRATED.id)).not.toMatch(/Rated|out of 5/);
    expect([...ratingsShown(local!).values()].flat().filter((s) => s !== SHOWN)).toEqual([]);
    expect([...ratingsShown(local!).keys()].filter((path) => path.includes('interpersonal-skills'))).toEqual([]);
  });

  it('an Airtable-configured build shows the same figures from the exit survey table, read once for the whole build', () => {
    expect(builds[1]!.ok, builds[1]!.output).toBe(true);
    // This copy has no local store, so the rating can only have come from Airtable.
    expect(existsSync(join(remote!.dir, '.netlify/blobs-serve'))).toBe(false);
    expect(page(remote!, RATED.id)).toContain(SHOWN);
    expect(page(remote!, UNRATED.id)).not.toMatch(/Rated|out of 5/);
    expect([...new Set([...ratingsShown(remote!).values()].flat())]).toEqual([SHOWN]);
    const surveyReads = server!.log.filter((l) => l.method === 'GET' && decodeURIComponent(l.path).endsWith(`/${SURVEY_TABLE}`));
    expect(surveyReads).toHaveLength(1);
  });

  it('without a local store there are no ratings, and no store is created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-no-store-'));
    try {
      const missing = join(dir, '.netlify/blobs-serve');
      expect((await readCourseRatings({}, missing)).size).toBe(0);
      expect(existsSync(join(dir, '.netlify'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reading the exit surveys from Airtable', () => {
  let base: AirtableServer | undefined;
  afterEach(async () => {
    await base?.stop();
    base = undefined;
  });

  /** A stand-in base with Airtable's own limits, holding `count` surveys of one course, answered 4 and 5 in turn. */
  async function baseWith(count: number, tables = [SURVEY_TABLE]): Promise<Record<string, string>> {
    base = new AirtableServer({ tables: Object.fromEntries(tables.map((t) => [t, columnsFor(exitSurvey).map((c) => c.name)])) });
    await base.start();
    const survey = (i: number): StoredSubmission => ({
      id: `survey-${i}`,
      form: exitSurvey.id,
      receipt: `ES-${i}`,
      status: 'received',
      submittedAt: '2026-11-24T18:00:00.000Z',
      submittedOn: '2026-11-24',
      facts: { summary: '' },
      data: { courseId: RATED.id, satisfaction: i % 2 ? '5' : '4', relevance: '3', willUse: '3', anonymous: true },
      files: [],
    });
    base.tables
      .get(SURVEY_TABLE)
      ?.push(
        ...Array.from({ length: count }, (_, i) => ({ id: `rec${String(i).padStart(14, '0')}`, createdTime: '', fields: recordFor(exitSurvey, survey(i)) })),
      );
    return { AIRTABLE_API_KEY: base.token, AIRTABLE_BASE_ID: base.baseId, AIRTABLE_ENDPOINT_URL: base.url };
  }

  it('reads a survey table of many pages without going over Airtable’s 5 requests a second', async () => {
    const env = await baseWith(650);
    expect((await readCourseRatings(env)).get(RATED.id)).toEqual({ courseId: RATED.id, responses: 650, average: 4.5 });
    expect(base!.log.map((l) => l.status)).toEqual(Array(7).fill(200));
  });

  it('a base without the exit survey table gives no ratings instead of failing the build', async () => {
    const env = await baseWith(0, [COURSES_TABLE]);
    expect((await readCourseRatings(env)).size).toBe(0);
  });

  it('any other Airtable failure stops the build, naming the table', async () => {
    const env = await baseWith(5);
    base!.down = true;
    await expect(readCourseRatings(env)).rejects.toThrow(/"Course exit surveys" table/);
  });
});
