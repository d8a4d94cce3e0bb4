import { randomUUID } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { COURSE_COLUMNS, COURSES_TABLE, rowFromCourse } from '../../src/lib/airtable/courses.ts';
import { readCourseFiles } from '../../src/lib/catalog/files.ts';
import { columnsFor, tableFor } from '../../src/lib/airtable/fields.ts';
import { exitSurvey } from '../../src/lib/forms/exit-survey.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { FORMS } from '../../src/lib/forms/registry.ts';
import { addDays, today } from '../../src/lib/program/calendar.ts';
import { AirtableServer, standInTables, type Attachment } from '../../support/airtable-server.ts';
import { STAFF_FIELDS, STAFF_TABLE } from '../../src/lib/airtable/staff.ts';
import { newSession, sealSession, SESSION_COOKIE } from '../../src/lib/identity/session.ts';
import { repoProgram } from '../../support/program.ts';
import { SiteCopy, type NetlifyServer } from '../../support/site-copy.ts';
import { compensationAnswers, multipartRequest, pdf, preApprovalAnswers } from '../../support/submissions.ts';

/**
 * The functions as Netlify packages them, not as `astro dev` runs them: `netlify serve
 * --offline` builds a copy of the site, packages each function with Netlify's bundler
 * and serves those packages, with the real airtable.js talking to a stand-in Airtable.
 * netlify-cli and Deno live in this folder's own package.json, not the root's:
 * `npm run test:bundle` installs them and runs this file.
 */
const RECEIPT = /^[A-Z]{2}-[0-9A-Z]{10}$/;

let airtable: AirtableServer;
let site: SiteCopy;
let netlify: NetlifyServer;
let signedIn: string;
let samSignedIn: string;
const SESSION_SECRET = randomUUID();

beforeAll(async () => {
  const program = repoProgram();
  // The forms' tables with their column types: a claim's evidence goes into an attachment column.
  const forms = standInTables(FORMS.map((f) => ({ name: tableFor(f), fields: columnsFor(f) })));
  airtable = new AirtableServer({
    tables: {
      [COURSES_TABLE]: COURSE_COLUMNS.map((c) => c.name),
      [STAFF_TABLE]: STAFF_FIELDS.map((f) => f.name),
      ...forms.tables,
    },
    fieldTypes: forms.fieldTypes,
    // The build reads tables page by page and every invocation here is a cold start that
    // reads the catalog again; Airtable's own limits are the drain tests' subject, not this one's.
    requestsPerSecond: 10_000,
  });
  await airtable.start();
  // The build's catalog loader and the functions read the Courses table.
  airtable.records(COURSES_TABLE).push(
    ...readCourseFiles(program).map(({ id, course, body }, i) => ({
      id: `rec${String(i).padStart(14, '0')}`,
      createdTime: '',
      fields: rowFromCourse(id, course, body),
    })),
  );

  site = new SiteCopy({ ownNodeModules: true });
  // The Netlify adapter always emits a catch-all function (`/*`, the 404 page) beside ours.
  // Deployed, the manifest's priorities let our functions' own paths win (10 against 0);
  // netlify serve ignores them and asks the catch-all first, so every form would get 404.
  site.edit('netlify.toml', (toml) => toml.replace('command = "npm run build"', 'command = "npm run build && rm -rf .netlify/v1/functions/ssr"'));
  netlify = await site.netlifyServe({
    AIRTABLE_API_KEY: airtable.token,
    AIRTABLE_BASE_ID: airtable.baseId,
    AIRTABLE_ENDPOINT_URL: airtable.url,
    // The secrets a deploy sets (netlify serve sets CONTEXT, as a deploy does).
    RECEIPT_SECRET: randomUUID(),
    DECISION_LINK_SECRET: randomUUID(),
    SESSION_SECRET,
  });
  // Ana of the sample roster, signed in (the sign-in flows themselves are tested in tests/integration/sign-in.test.ts).
  const ana = { employeeId: '104233', email: 'ana.reyes@cedarvalley.example' };
  signedIn = `${SESSION_COOKIE}=${await sealSession(newSession(ana, 'email', Date.now()), SESSION_SECRET)}`;
  // Sam Lee, her supervisor, who approves her pre-approval through his decision link.
  const sam = { employeeId: '200101', email: 'sam.lee@cedarvalley.example' };
  samSignedIn = `${SESSION_COOKIE}=${await sealSession(newSession(sam, 'email', Date.now()), SESSION_SECRET)}`;
}, 300_000);

afterAll(async () => {
  await netlify?.stop();
  await airtable?.stop();
  site?.remove();
});

// What the functions logged explains a failure better than the status code.
beforeEach(() => {
  const printedBefore = netlify?.output().length ?? 0;
  onTestFailed(() => console.error(`netlify serve printed during this test:\n${netlify?.output().slice(printedBefore)}`));
});

/** The stand-in's records of a table that carry this submission ID. */
const recordsOf = (table: string, submissionId: string) => airtable.records(table).filter((r) => r.fields['Submission ID'] === submissionId);

/** A browser's plain form post: urlencoded, from the site's own page, following no redirect. */
function postForm(form: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${netlify.url}/api/forms/${form}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: netlify.url, cookie: signedIn },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(`${netlify.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', cookie: signedIn },
    body: JSON.stringify(body),
  });
}

/** A pre-approval as a script posts it: its courses a list. */
const preApprovalJson = () => preApprovalAnswers({ startDate: addDays(today(new Date(), repoProgram().timeZone), 30) });

/** A pre-approval as a browser posts it: the one course's answers named by their row. */
const preApprovalFields = (): Record<string, string> => {
  const { courses, ...answers } = preApprovalJson();
  const row = Object.entries(courses[0]!).map(([name, value]) => [`courses[0][${name}]`, value]);
  return { ...(answers as Record<string, string>), ...Object.fromEntries(row) };
};

describe('the functions as Netlify packages them (netlify serve)', () => {
  it('are packaged by Netlify’s bundler with the modules they import, and served from those packages', () => {
    const output = netlify.output();
    expect(output).toContain('Packaging Functions from netlify/functions directory');
    expect(output).toContain('(Functions bundling completed');
    const manifest = JSON.parse(site.read('.netlify/functions/manifest.json')) as { functions: { name: string; bundler: string }[] };
    // Version 2 functions: esbuild compiles our TypeScript into one file, nft traces
    // node_modules and ships the packages it imports as they are.
    const ours = readdirSync(join(site.dir, 'netlify/functions'))
      .map((file) => file.replace(/\.mts$/, ''))
      .sort();
    expect(ours).toContain('form-pre-approval');
    expect(manifest.functions.map((f) => [f.name, f.bundler]).sort()).toEqual(ours.map((name) => [name, 'nft']));
    const served = join(site.dir, '.netlify/functions-serve/.unzipped/form-pre-approval');
    expect(existsSync(join(served, '___netlify-entry-point.mjs'))).toBe(true);
    expect(lstatSync(join(served, 'node_modules')).isDirectory()).toBe(true);
    // airtable.js (CommonJS, on node-fetch 2) is not inlined by esbuild but loaded from the package, by the first call to Airtable.
    expect(readFileSync(join(served, 'netlify/functions/form-pre-approval.mjs'), 'utf8')).toMatch(/import\("airtable"\)/);
    for (const dependency of ['airtable', 'zod', '@netlify/blobs']) {
      expect(existsSync(join(served, 'node_modules', dependency, 'package.json')), dependency).toBe(true);
    }
    // airtable.js's own node-fetch 2, resolved as Node resolves it inside the package.
    const nodeFetch = createRequire(join(served, 'node_modules/airtable/package.json')).resolve('node-fetch');
    expect(nodeFetch.startsWith(served)).toBe(true);
    expect(JSON.parse(readFileSync(join(dirname(nodeFetch), '..', 'package.json'), 'utf8')).version).toMatch(/^2\./);
    expect(existsSync(join(served, 'content/program.yaml'))).toBe(true);
  });

  it('a plain form post without JavaScript is sent to the receipt page, which shows the receipt, and reaches Airtable’s table exactly once', async () => {
    const fields = preApprovalFields();
    const response = await postForm('pre-approval', fields);
    expect(response.status, await response.clone().text()).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/forms\/received\/\?receipt=/);
    const receipt = new URL(location, netlify.url).searchParams.get('receipt')!;
    expect(receipt).toMatch(RECEIPT);

    const page = await fetch(new URL(location, netlify.url), { headers: { cookie: signedIn } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`data-receipt>${receipt}<`);

    const table = tableFor(preApproval);
    expect(recordsOf(table, fields['submissionId']!)).toHaveLength(1);
    expect(recordsOf(table, fields['submissionId']!)[0]!.fields['Receipt']).toBe(receipt);

    // A second click on Send: the same submission, the same receipt, still one record.
    const again = await postForm('pre-approval', fields);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(location);
    expect(recordsOf(table, fields['submissionId']!)).toHaveLength(1);
  });

  it('a JSON post is answered 201 with its receipt and reaches Airtable’s table exactly once, however often it is sent', async () => {
    const submissionId = randomUUID();
    const survey = {
      courseId: 'first-aid-and-cpr-certification',
      satisfaction: '5',
      relevance: '4',
      willUse: '4',
      comments: 'Clear and practical.',
      anonymous: 'yes',
      submissionId,
    };
    const first = await postJson('/api/forms/exit-survey', survey);
    const answer = (await first.json()) as { receipt: string; status: string };
    expect(first.status, JSON.stringify(answer)).toBe(201);
    expect(answer.receipt).toMatch(RECEIPT);

    const again = await postJson('/api/forms/exit-survey', survey);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(answer);
    const records = recordsOf(tableFor(exitSurvey), submissionId);
    expect(records).toHaveLength(1);
    expect(records[0]!.fields).toMatchObject({ Receipt: answer.receipt, Course: 'first-aid-and-cpr-certification' });
  });

  it('a submission Airtable could not take stays queued, and the scheduled drain function sends it exactly once', async () => {
    const fields = preApprovalJson();
    const table = tableFor(preApproval);
    // Reads still answer, so the function's cold start can read the catalog; the write fails.
    airtable.writesDown = true;
    try {
      const response = await postJson('/api/forms/pre-approval', fields);
      expect(response.status, await response.clone().text()).toBe(201);
      expect(recordsOf(table, fields['submissionId']!)).toHaveLength(0);
    } finally {
      airtable.writesDown = false;
    }

    // Netlify runs it every minute once deployed; locally netlify-cli runs it when asked.
    const drained = await postJson('/.netlify/functions/drain-queue', {});
    const report = (await drained.json()) as { airtable: { synced: number; left: number } };
    expect(drained.status, JSON.stringify(report)).toBe(200);
    expect(report.airtable).toMatchObject({ synced: 1, left: 0 });
    expect(recordsOf(table, fields['submissionId']!)).toHaveLength(1);

    // Nothing is left to send, and a second run sends nothing twice.
    const second = (await (await postJson('/.netlify/functions/drain-queue', {})).json()) as { airtable: { synced: number } };
    expect(second.airtable.synced).toBe(0);
    expect(recordsOf(table, fields['submissionId']!)).toHaveLength(1);
  });
  it('evidence sent with a claim is in its Airtable record as an attachment once the scheduled drain has run, and only once', async () => {
    const drainNow = async () => {
      const drained = await postJson('/.netlify/functions/drain-queue', {});
      const report = (await drained.json()) as { airtable: { synced: number; attached: number; left: number } };
      expect(drained.status, JSON.stringify(report)).toBe(200);
      return report.airtable;
    };
    // Ana's pre-approval, approved by Sam through the link the record carries.
    const pre = preApprovalJson();
    const sent = await postJson('/api/forms/pre-approval', pre);
    const { receipt: preApproved } = (await sent.json()) as { receipt: string };
    expect(sent.status).toBe(201);
    await drainNow();
    const link = new URL(String(recordsOf(tableFor(preApproval), pre['submissionId']!)[0]!.fields['Decision link']));
    const approved = await fetch(`${netlify.url}/decide/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: netlify.url, cookie: samSignedIn },
      body: new URLSearchParams({ token: link.searchParams.get('token')!, decision: 'approve' }).toString(),
    });
    expect(approved.status, await approved.clone().text()).toBe(200);

    // Her claim of that course, completed today, with its certificate: a course off the catalog needs evidence.
    const on = today(new Date(), repoProgram().timeZone);
    const certificate = pdf('certificate.pdf');
    const answers = compensationAnswers([{ preApprovalReceipt: preApproved, startDate: on, completionDate: on, hours: '6', evidence: certificate }]);
    const form = multipartRequest('/api/forms/compensation', answers, 'application/json', { cookie: signedIn });
    const claimed = await fetch(`${netlify.url}/api/forms/compensation`, { method: 'POST', headers: form.headers, body: await form.arrayBuffer() });
    expect(claimed.status, await claimed.clone().text()).toBe(201);

    expect(await drainNow()).toMatchObject({ attached: 1, left: 0 });
    const claim = recordsOf(tableFor(compensation), answers.submissionId);
    expect(claim).toHaveLength(1);
    const evidence = claim[0]!.fields['Evidence of completion (attached)'] as Attachment[];
    expect(evidence).toEqual([expect.objectContaining({ filename: 'Course 1 - certificate.pdf', size: certificate.size, type: 'application/pdf' })]);
    expect(await (await fetch(evidence[0]!.url)).text()).toBe(await certificate.text());

    // Nothing is left to send, and a second run attaches nothing twice.
    expect(await drainNow()).toMatchObject({ attached: 0, left: 0 });
    expect(recordsOf(tableFor(compensation), answers.submissionId)[0]!.fields['Evidence of completion (attached)']).toHaveLength(1);
  });
});
