/**
 * Property tests of the write path of every form: random and malformed requests
 * per endpoint (10,000 and more under TEST_RUNS=full, a few hundred in a quick run:
 * support/runs.ts), straight into handleSubmission (no HTTP server), against
 * Netlify's own local Blobs server.
 *
 * Whatever arrives, the answer is never a 5xx (a thrown exception counts as one: in
 * production the function turns it into a 503), every 4xx says what is wrong (a JSON
 * `error`, or an HTML page with "There is a problem"), and no answer carries a stack
 * trace, a JavaScript error name or a path of the code. Most requests carry the
 * session of a person on the roster; the others (no cookie, a cookie that opens no
 * session, a person who has left) are never accepted, and a browser among them is
 * sent to sign in.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaOf, type FieldMeta, type RepeatMeta } from '../../src/lib/forms/fields.ts';
import type { AnyForm } from '../../src/lib/forms/form.ts';
import { FORMS } from '../../src/lib/forms/registry.ts';
import { HONEYPOT } from '../../src/lib/forms/render.ts';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { MULTIPART_LIMIT, TEXT_LIMIT } from '../../src/lib/http/body.ts';
import { readCatalog } from '../../src/lib/catalog/files.ts';
import { loadProgram } from '../../src/lib/program/settings.ts';
import { loadSampleRoster, Roster, type StaffMember } from '../../src/lib/identity/roster.ts';
import { SESSION_COOKIE } from '../../src/lib/identity/session.ts';
import { startBlobs, testDeps } from '../../support/blobs.ts';
import { sessionFor, STAFF } from '../../support/people.ts';
import { runs } from '../../support/runs.ts';
import { person } from '../../support/submissions.ts';

// ---------------------------------------------------------------------------
// Who sends: requesters of the fuzz's own beside the sample roster, so that the
// yearly cap of hours and one survey per course do not refuse every answer after
// the first few, while the local Blobs server, which lists claims by walking a
// folder per employee, stays fast.
// ---------------------------------------------------------------------------

/** A permanent classified paraeducator supervised and evaluated by Sam Lee, as Ana is. */
const requester = (employeeId: string): StaffMember => ({
  employeeId,
  name: `Fuzz Requester ${employeeId}`,
  email: `fuzz.${employeeId}@cedarvalley.example`,
  site: 'Oak Grove Elementary',
  jobTitle: 'Paraeducator',
  group: 'permanent-classified',
  fte: 1,
  weeklyHours: 40,
  supervisorId: STAFF.sam,
  evaluatorId: STAFF.sam,
  active: true,
});
const requesters = (first: number) => Array.from({ length: 200 }, (_, i) => String(first + i));
/** For the random and malformed bodies, and for valid ones with an answer changed: 200 people each. */
const MIXED_SENDERS = requesters(700_000);
const CHANGED_SENDERS = requesters(800_000);
/** People of the sample roster whom a form may refuse: Kevin is not paid, Jordan is certificated, Linda has left. */
const INACTIVE = '104281';
const OTHER_SENDERS = [STAFF.ana, STAFF.kevin, STAFF.jordan, INACTIVE];
const roster = new Roster([...loadSampleRoster().members, ...[...MIXED_SENDERS, ...CHANGED_SENDERS].map(requester)]);

let blobs: Awaited<ReturnType<typeof startBlobs>>;
let deps: SubmitDeps;
const cookies = new Map<string, Promise<string>>();

beforeAll(async () => {
  blobs = await startBlobs();
  deps = { ...testDeps(blobs.store), roster: async () => roster };
});
afterAll(async () => blobs?.stop());

/** A person's session cookie, sealed once. */
function cookieOf(employeeId: string): Promise<string> {
  let cookie = cookies.get(employeeId);
  if (!cookie) cookies.set(employeeId, (cookie = sessionFor(deps, employeeId)));
  return cookie;
}

const SITE = 'http://localhost';

// ---------------------------------------------------------------------------
// What a generated request is: plain data, so a counterexample prints readably.
// ---------------------------------------------------------------------------

interface FileSpec {
  filename: string;
  type: string;
  bytes: Uint8Array;
}
type Part = { name: string; value: string } | { name: string; file: FileSpec };
/** Who sends a request: a person's session (by employee ID), a cookie that opens no session, or no cookie. */
type SessionSpec = { as: string } | { cookie: string } | null;

type BodySpec =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  /** A value written out as JSON when the request is built (Deep stands for deep nesting). */
  | { kind: 'json'; value: unknown }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'form'; parts: Part[] };

interface Case {
  method: string;
  /** Absent: no Origin header. */
  origin?: string | undefined;
  accept?: string | undefined;
  /** Absent: whatever the body implies (a FormData body sets its own boundary). */
  contentType?: string | undefined;
  body: BodySpec;
  /** The body certainly parses to an object whose honeypot is filled in: anything but absent or empty. */
  honeypot: boolean;
  session: SessionSpec;
}

/** A value that stands for arrays nested `depth` deep: written out only in JSON. */
class Deep {
  readonly depth: number;
  constructor(depth: number) {
    this.depth = depth;
  }
  toString(): string {
    return `deep${this.depth}`;
  }
  [fc.toStringMethod](): string {
    return `<arrays nested ${this.depth} deep>`;
  }
}

/** Marks a field value as a file; in JSON and urlencoded bodies it is sent as its name. */
class Upload {
  readonly spec: FileSpec;
  constructor(spec: FileSpec) {
    this.spec = spec;
  }
  toString(): string {
    return this.spec.filename;
  }
  [fc.toStringMethod](): string {
    return fc.stringify(this.spec);
  }
}

function toJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Deep ? `\u0000deep:${v.depth}` : v instanceof Upload ? v.spec.filename : v));
  return text.replace(/"\\u0000deep:(\d+)"/g, (_m, n: string) => '['.repeat(Number(n)) + ']'.repeat(Number(n)));
}

/** Field name and value pairs as a browser flattens them: lines[0][hours]=6. */
function flatten(fields: [string, unknown][]): [string, unknown][] {
  const out: [string, unknown][] = [];
  const add = (name: string, value: unknown) => {
    if (value === undefined) return;
    if (value instanceof Upload || value instanceof Deep) out.push([name, value]);
    else if (Array.isArray(value)) value.forEach((v, i) => add(`${name}[${i}]`, v));
    else if (value !== null && typeof value === 'object') Object.entries(value).forEach(([k, v]) => add(`${name}[${k}]`, v));
    else out.push([name, String(value)]);
  };
  for (const [k, v] of fields) add(k, v);
  return out;
}

const byteLength = (text: string) => new TextEncoder().encode(text).byteLength;

function urlencoded(fields: [string, unknown][]): string {
  const params = new URLSearchParams();
  for (const [name, value] of flatten(fields)) params.append(name, String(value));
  return params.toString();
}

function parts(fields: [string, unknown][]): Part[] {
  return flatten(fields).map(([name, value]) => (value instanceof Upload ? { name, file: value.spec } : { name, value: String(value) }));
}

function toRequest(form: AnyForm, c: Case, cookie: string | undefined): Request {
  const headers = new Headers();
  if (cookie !== undefined) headers.set('cookie', cookie);
  if (c.origin !== undefined) headers.set('origin', c.origin);
  if (c.accept !== undefined) headers.set('accept', c.accept);
  if (c.contentType !== undefined) headers.set('content-type', c.contentType);
  let body: BodyInit | undefined;
  switch (c.body.kind) {
    case 'none':
      break;
    case 'text':
      body = c.body.text;
      break;
    case 'json':
      body = toJson(c.body.value);
      break;
    case 'bytes':
      body = c.body.bytes as Uint8Array<ArrayBuffer>;
      break;
    case 'form': {
      const data = new FormData();
      for (const part of c.body.parts) {
        if ('file' in part) data.append(part.name, new File([part.file.bytes as Uint8Array<ArrayBuffer>], part.file.filename, { type: part.file.type }));
        else data.append(part.name, part.value);
      }
      body = data;
    }
  }
  const withoutBody = c.method === 'GET' || c.method === 'HEAD';
  return new Request(`${SITE}/api/forms/${form.id}`, { method: c.method, headers, ...(withoutBody || body === undefined ? {} : { body }) });
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/** A dictionary of troublesome text, by kind, so that each kind turns up often enough. */
const NASTY: Record<string, string[]> = {
  blank: ['', ' ', '\t\r\n', '\u00a0', '\u200b', '\ufeff'],
  numbers: ['0', '-0', '-1', '1e309', '0x10', '1_000', '1,5', '１２', '12 ', '0.1', '0.25', '500.25', 'NaN', 'Infinity', '9007199254740993'],
  words: ['null', 'undefined', 'true', 'false', 'on', 'yes', '[]', '{}', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'CON'],
  encoding: ['%', '%ZZ', '%00', '%ff%fe', '&&==', '\u0000', '\ud800', '\udfff', 'a\ud800b', '\udc00\ud800', '\u202e', '𝕏', '👩‍👩‍👧', 'İ', 'ß', 'Ω̈'],
  markup: ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'; DROP TABLE submissions; --", '{{7*7}}', '${7*7}', '</textarea><b>x'],
  paths: [
    '.',
    '..',
    '../..',
    '../../..',
    '../../../..',
    '/',
    '//',
    'a/b',
    '\\..\\..\\..',
    '../../../../etc/passwd',
    '?',
    '?x=1',
    '#',
    '%2e%2e%2f',
    'PA-1/../../..',
  ],
  dates: ['2026-02-30', '2026-11-24', '2026-11-23', '0000-00-00', '9999-12-31', '2027-13-01', '2027-01-12T00:00:00Z', '12/01/2027'],
  references: ['a@b', 'a@b.c', 'PA-7K2M9Q4XAB', 'pa-7k2m9q4xab', 'CR-7K2M9Q4XAB', 'FP-7K2M9Q4XAB', 'first-aid-and-cpr-certification'],
  lengths: ['x'.repeat(21), 'x'.repeat(41), 'x'.repeat(121), 'x'.repeat(201), 'x'.repeat(301), 'x'.repeat(2001), 'x'.repeat(4001), ' '.repeat(300) + 'x'],
};
const nasty = fc.oneof(...Object.values(NASTY).map((list) => fc.constantFrom(...list)));

const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 3 });
const unicodeText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.tuple(fc.string({ maxLength: 8 }), loneSurrogates, fc.string({ maxLength: 8 })).map(([a, b, c]) => a + b + c),
);
const longText = fc.tuple(fc.constantFrom('x', 'é', '𝕏', ' ', '<', '%', '\n'), fc.integer({ min: 100, max: 5000 })).map(([c, n]) => c.repeat(n));
const numbers = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 0.25, 6, 12, 500, 500.25, 1e21, Number.MAX_SAFE_INTEGER + 2));

const isoDate = fc
  .date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2031-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const hoursText = fc.integer({ min: -4, max: 2100 }).map((n) => String(n / 4));
const words = fc.stringMatching(/^[A-Za-z][A-Za-z .'-]{0,38}$/);
const CATALOG_IDS = [...readCatalog(loadProgram()).keys()];

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** Long text in a counterexample, shortened so that it stays readable. */
const brief = (text: string) => (text.length > 60 ? `${JSON.stringify(text.slice(0, 24))}…(${text.length} characters)` : JSON.stringify(text));

const fileSpec: fc.Arbitrary<FileSpec> = fc
  .record({
    filename: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('certificate.pdf', 'evidence.pdf', 'photo.jpg', 'scan.png', 'a.heic') },
      {
        weight: 2,
        arbitrary: fc.constantFrom('', '.pdf', 'x.pdf.exe', '../../etc/passwd', 'a"b.pdf', 'a\r\nb.pdf', '%00.pdf', 'CON', 'x'.repeat(255) + '.pdf'),
      },
      { weight: 1, arbitrary: unicodeText.map((s) => `${s}.pdf`) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', 'é', '𝕏', '%'), fc.integer({ min: 256, max: 4000 })).map(([c, n]) => `${c.repeat(n)}.pdf`) },
    ),
    type: fc.constantFrom('application/pdf', 'image/png', 'image/jpeg', 'application/octet-stream', 'text/plain', ''),
    bytes: fc.oneof(
      { weight: 3, arbitrary: fc.uint8Array({ maxLength: 64 }) },
      { weight: 1, arbitrary: fc.constant(new Uint8Array()) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => new TextEncoder().encode(s)) },
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom(PDF, PNG, JPEG), fc.uint8Array({ maxLength: 32 })).map(([head, tail]) => concat(head, tail)) },
      { weight: 1, arbitrary: fc.constantFrom(PDF.slice(0, 4), PNG.slice(0, 4), JPEG.slice(0, 2)) },
    ),
  })
  .map((spec) =>
    Object.assign(spec, {
      [fc.toStringMethod]: () =>
        `File(${brief(spec.filename)}, ${JSON.stringify(spec.type)}, ${spec.bytes.length} bytes starting ${JSON.stringify(new TextDecoder().decode(spec.bytes.slice(0, 8)))})`,
    }),
  );
const upload = fileSpec.map((spec) => new Upload(spec));

/** Something a person (or a script) could put in any field. */
const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nasty },
  { weight: 4, arbitrary: unicodeText },
  { weight: 1, arbitrary: longText },
  { weight: 2, arbitrary: numbers },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('0', '1', '99', 'hours', 'x', '__proto__', 'length')), scalar, {
      maxKeys: 4,
    }),
  },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((j) => JSON.parse(j) as unknown) },
  { weight: 1, arbitrary: upload },
);
/** Nesting deep enough to hurt a recursive walk: only ever written out in JSON bodies. */
const deep = fc.integer({ min: 1, max: 25_000 }).map((n) => new Deep(n));
const shallow = fc.integer({ min: 1, max: 500 }).map((n) => new Deep(n));

/** A value of the kind the field expects, so that some bodies get past the schema to the rules and the store. */
function plausible(meta: FieldMeta | RepeatMeta | undefined): fc.Arbitrary<unknown> {
  switch (meta?.kind) {
    case 'email':
      return fc.oneof(fc.emailAddress(), fc.constantFrom('ana.reyes@cedarvalley.example', 'sam.lee@cedarvalley.example'));
    case 'date':
      return fc.oneof(isoDate, fc.constantFrom('2026-11-24', '2027-01-12', '2027-05-01', '2026-10-01', '2026-10-20'));
    case 'number':
      return fc.oneof(hoursText, fc.constantFrom('6', '12', '0.25', '7.5'));
    case 'radios':
    case 'select':
      return meta.optionsFrom === 'catalog' ? fc.constantFrom(...CATALOG_IDS, 'no-such-course') : fc.constantFrom(...(meta.options ?? []).map((o) => o.value));
    case 'checkbox':
      return fc.constantFrom('yes', 'on', 'true', true, 'no', '');
    case 'file':
      return upload;
    case 'repeat': {
      const row = fc.record(
        Object.fromEntries(
          Object.entries(meta.shape).map(([name, schema]) => [
            name,
            fc.option(fc.oneof({ weight: 3, arbitrary: plausible(metaOf(schema as never)) }, { weight: 1, arbitrary: anyValue }), { nil: undefined }),
          ]),
        ),
        { requiredKeys: [] },
      );
      return fc.oneof(
        fc.array(row, { maxLength: 4 }),
        fc.array(row, { minLength: 9, maxLength: 12 }),
        fc.dictionary(fc.constantFrom('0', '1', '3', '9', '10', '99', 'x'), row, { maxKeys: 3 }),
      );
    }
    default:
      return fc.oneof(words, fc.constantFrom('PA-7K2M9Q4XAB', 'FP-7K2M9Q4XAB', '104233', 'Ana Reyes'));
  }
}

function fieldValue(meta: FieldMeta | RepeatMeta | undefined): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: plausible(meta) }, { weight: 2, arbitrary: anyValue });
}

// ---------------------------------------------------------------------------
// Answers that pass each form's schema on 2026-11-24 (testDeps' day), to mutate.
// Who is asking comes from the roster for the person signed in: the identity
// fields posted here (Ana's, changed like any other) are sent only to be ignored.
// ---------------------------------------------------------------------------

const VALID: Record<string, Record<string, unknown>> = {
  'pre-approval': {
    ...person,
    courses: [
      {
        courseTitle: 'American Sign Language I',
        courseDescription: 'Fingerspelling, everyday signs and Deaf culture.',
        instructor: 'Jordan Park',
        provider: 'Alder County Community College',
        startDate: '2027-01-12',
        hours: '12',
        purpose: 'Communicate with the deaf students in my classroom.',
      },
    ],
    trueAndComplete: 'yes',
  },
  compensation: {
    ...person,
    employeeType: 'permanent-classified',
    lines: [{ courseId: 'first-aid-and-cpr-certification', startDate: '2026-10-01', completionDate: '2026-10-20', hours: '6' }],
    outsideWorkday: 'yes',
    paidElsewhere: 'no',
    trueAndComplete: 'yes',
  },
  // Its receipt file cannot travel in JSON: such a body is refused for it, never with a 5xx.
  reimbursement: {
    ...person,
    expenseType: 'registration',
    courseOrEvent: 'Literacy Summit',
    paidOn: '2026-11-02',
    amount: '149.50',
    trueAndComplete: 'yes',
  },
  'exit-survey': { courseId: 'first-aid-and-cpr-certification', satisfaction: '5', relevance: '4', willUse: '4' },
  'staff-survey': { satisfiedOverall: '4', accessToPd: '3', comments: 'More evening sessions, please.' },
  appeal: {
    fullName: person.fullName,
    email: person.email,
    employeeId: person.employeeId,
    receipt: 'PA-7K2M9Q4XAB',
    reason: 'The course was approved for a colleague.',
    trueAndComplete: 'yes',
  },
  'focus-plan': {
    fullName: person.fullName,
    email: person.email,
    employeeId: person.employeeId,
    site: person.site,
    evaluatorName: 'Sam Lee',
    evaluatorEmail: 'sam.lee@cedarvalley.example',
    track: 'learner',
    areaOfGrowth: 'Checking for understanding',
    smartGoal: 'Use exit tickets in every lesson by March.',
    actionSteps: 'Observe a colleague, then try it.',
    resources: 'Coaching',
    checkpointDate: '2027-05-01',
  },
  'focus-plan-checkpoint': {
    fullName: person.fullName,
    email: person.email,
    employeeId: person.employeeId,
    planReceipt: 'FP-7K2M9Q4XAB',
    progress: 'Exit tickets in most lessons.',
    evidence: 'Student work samples.',
    nextStep: 'close',
  },
};

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

const FOREIGN_ORIGINS = ['https://evil.example', 'http://localhost:8080', 'https://localhost', 'null', 'http://127.0.0.1', 'file://'];
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });

const methodArb = fc.oneof(
  { weight: 30, arbitrary: fc.constant('POST') },
  { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
);
const originArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constant(SITE) },
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom(...FOREIGN_ORIGINS),
      fc.webUrl().map((u) => new URL(u).origin),
    ),
  },
);
const acceptArb = fc.option(
  fc.constantFrom('application/json', 'text/html', '*/*', 'text/html,application/xhtml+xml', 'application/json, text/html', 'text/plain'),
  {
    nil: undefined,
  },
);
const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/json; charset=latin1', ' application/json ; x=y'];
const URLENCODED_TYPES = ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8', 'APPLICATION/X-WWW-FORM-URLENCODED'];
const jsonType = fc.constantFrom(...JSON_TYPES);
const urlencodedType = fc.constantFrom(...URLENCODED_TYPES);

/** A body with its content type and whether it surely carries a filled-in honeypot. */
type Sent = Pick<Case, 'contentType' | 'body' | 'honeypot'>;

/** Mostly one of `senders`, signed in; now and then someone a form may refuse, nobody, or a cookie that opens no session. */
function sessionArb(senders: readonly string[]): fc.Arbitrary<SessionSpec> {
  return fc.oneof(
    { weight: 16, arbitrary: fc.constantFrom(...senders).map((id): SessionSpec => ({ as: id })) },
    { weight: 1, arbitrary: fc.constantFrom(...OTHER_SENDERS).map((id): SessionSpec => ({ as: id })) },
    { weight: 1, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(headerText, fc.constantFrom('', 'null', 'a.b.c.d.e', 'x'.repeat(5000)))
        .map((text): SessionSpec => ({ cookie: `${SESSION_COOKIE}=${text}` })),
    },
  );
}

/** Field names: the form's own, names of rows and their fields, and names that try to break the parser. */
function namesOf(form: AnyForm): string[] {
  const shape = form.schema.shape as Record<string, never>;
  const names = Object.keys(shape);
  for (const [name, schema] of Object.entries(shape)) {
    const meta = metaOf(schema);
    if (meta?.kind === 'repeat') {
      for (const inner of Object.keys(meta.shape)) names.push(`${name}[0][${inner}]`, `${name}[1][${inner}]`, `${name}[][${inner}]`, `${name}[99][${inner}]`);
      names.push(`${name}[99][x]`, `${name}[0]`, `${name}[]`, `${name}[length]`, `${name}[0][hours][x][y]`);
    } else {
      names.push(`${name}[]`, `${name}[0]`, `${name}[x]`);
    }
  }
  return names;
}
const TRICKY_NAMES = [
  'lines[0][hours]',
  'lines[99][x]',
  'lines[][hours]',
  'lines[0][evidence]',
  'lines[length]',
  'lines[-1][hours]',
  'lines[1e9][hours]',
  '__proto__',
  '__proto__[x]',
  'constructor',
  'constructor[prototype][x]',
  'prototype',
  'toString',
  'hasOwnProperty',
  'submissionId',
  'a[b][c][d][e][f]',
  'a.b',
  '[x]',
  ']',
  '[',
  '',
];
function nameArb(form: AnyForm): fc.Arbitrary<string> {
  const own = namesOf(form);
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.constantFrom(...own) },
      { weight: 2, arbitrary: fc.constantFrom(...TRICKY_NAMES) },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    )
    .filter((n) => !n.includes(HONEYPOT));
}

function metaOfField(form: AnyForm, name: string) {
  const schema = (form.schema.shape as Record<string, never>)[name];
  return schema ? metaOf(schema) : undefined;
}

/** The fields of a body, as ordered name and value pairs (a JSON body keeps the last of a repeated name). */
function fieldsArb(form: AnyForm): fc.Arbitrary<[string, unknown][]> {
  const own = Object.keys(form.schema.shape as object);
  const ownFields = fc.record(Object.fromEntries(own.map((name) => [name, fc.option(fieldValue(metaOfField(form, name)), { nil: undefined, freq: 3 })])), {
    requiredKeys: [],
  });
  const extra = fc.array(fc.tuple(nameArb(form), anyValue), { maxLength: 4 });
  return fc.tuple(ownFields, extra).map(([fields, more]) => [...Object.entries(fields).filter(([, v]) => v !== undefined), ...more]);
}

/**
 * A valid body with answers changed: mostly one, so that the rest stays valid and the
 * body reaches the rules and the store; sometimes with a submission ID, and sometimes
 * with an unknown field beside the answers.
 */
function mutatedValidArb(form: AnyForm, extraValue: fc.Arbitrary<unknown> | null): fc.Arbitrary<[string, unknown][]> {
  const valid = VALID[form.id];
  if (!valid) throw new Error(`no valid answers for ${form.id}`);
  const own = Object.keys(form.schema.shape as object);
  const change = (name: string) =>
    fc.oneof(
      { weight: 3, arbitrary: nasty },
      { weight: 2, arbitrary: unicodeText },
      { weight: 1, arbitrary: anyValue },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 3, arbitrary: plausible(metaOfField(form, name)) },
    );
  const changes = fc
    .oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) })
    .chain((count) => fc.uniqueArray(fc.constantFrom(...own), { minLength: Math.min(count, own.length), maxLength: Math.min(count, own.length) }))
    .chain((names) => fc.tuple(...names.map((name) => fc.tuple(fc.constant(name), change(name)))));
  const extra = extraValue
    ? fc.option(fc.tuple(fc.oneof(fc.constantFrom('notes', 'extra', 'lines[0][extra]'), nameArb(form)), extraValue), { nil: undefined, freq: 2 })
    : fc.constant(undefined);
  return fc
    .tuple(changes, fc.option(fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9-]{16,64}$/), nasty), { nil: undefined, freq: 3 }), extra)
    .map(([changed, submissionId, added]) => {
      const fields = new Map<string, unknown>(Object.entries(valid));
      for (const [name, value] of changed as [string, unknown][]) fields.set(name, value);
      if (submissionId !== undefined) fields.set('submissionId', submissionId);
      const out = [...fields.entries()].filter(([, v]) => v !== undefined);
      if (added) {
        // An unknown field inside the first row of a repeated field, or beside the answers.
        if (added[0] === 'lines[0][extra]' && Array.isArray(fields.get('lines'))) {
          const [first, ...rest] = fields.get('lines') as Record<string, unknown>[];
          return out.map(([k, v]): [string, unknown] => (k === 'lines' ? [k, [{ ...first, extra: added[1] }, ...rest]] : [k, v]));
        }
        out.push(added as [string, unknown]);
      }
      return out;
    });
}

const hasUpload = (value: unknown): boolean =>
  value instanceof Upload || (value !== null && typeof value === 'object' && !(value instanceof Deep) && Object.values(value).some(hasUpload));

/**
 * What software puts in the field people never see: text, and in JSON any other type too (an
 * object or array, a number, a boolean, null), each of which must give it away as text does.
 */
const honeypotValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.constantFrom(' ', 'https://spam.example', 0, -1, 1.5, true, false, null, {}, [], [''], { url: 'https://spam.example' }, ['x', 'y'], { '': '' }),
  fc.integer(),
  fc.boolean(),
  fc.array(scalar, { maxLength: 3 }),
  // Keys a form post keeps (qs drops `__proto__` and the like, which would send nothing).
  fc.dictionary(fc.constantFrom('url', 'x', '0', 'a b', 'é'), scalar, { maxKeys: 3 }),
);

/** Field pairs sent as JSON, urlencoded or multipart (files mostly multipart), sometimes with the honeypot filled in. */
function sendFields(fields: fc.Arbitrary<[string, unknown][]>): fc.Arbitrary<Sent> {
  return fc
    .tuple(
      fields,
      fc.constantFrom('json', 'urlencoded', 'multipart'),
      fc.integer({ min: 0, max: 9 }),
      fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: honeypotValue }),
      jsonType,
      urlencodedType,
    )
    .map(([pairs, chosen, dice, honeypot, jType, uType]): Sent => {
      const all: [string, unknown][] = honeypot === undefined ? pairs : [...pairs, [HONEYPOT, honeypot]];
      // In JSON the value itself; in a form post what the browser's flattening leaves of it
      // (an empty object or array sends nothing, `website[x]=` arrives as an object).
      const inJson = honeypot !== undefined && honeypot !== '';
      const inForm = honeypot !== undefined && flatten([[HONEYPOT, honeypot]]).some(([name, v]) => name !== HONEYPOT || String(v) !== '');
      // A file only arrives as a file in multipart: send most bodies with one that way.
      const how = dice < 8 && pairs.some(([, v]) => hasUpload(v)) ? 'multipart' : chosen;
      if (how === 'json') {
        const value = Object.fromEntries(all);
        return { contentType: jType, body: { kind: 'json', value }, honeypot: inJson && byteLength(toJson(value)) <= TEXT_LIMIT };
      }
      if (how === 'urlencoded') {
        const text = urlencoded(all);
        // qs reads at most 400 parameters: beyond them the honeypot may be dropped.
        return { contentType: uType, body: { kind: 'text', text }, honeypot: inForm && text.split('&').length <= 400 && byteLength(text) <= TEXT_LIMIT };
      }
      const body = parts(all);
      return { contentType: undefined, body: { kind: 'form', parts: body }, honeypot: inForm && body.length <= 400 };
    });
}

/** Any JSON value, and things that are almost JSON. */
const randomJson: fc.Arbitrary<Sent> = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.json({ maxDepth: 4 }) },
      {
        weight: 2,
        arbitrary: fc
          .anything({ maxDepth: 3, maxKeys: 5, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true })
          .map((v) => {
            try {
              return JSON.stringify(v) ?? typeof v;
            } catch {
              return Object.prototype.toString.call(v);
            }
          }),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '',
          ' ',
          'null',
          '[]',
          '{}',
          '0',
          '"x"',
          '{"a":',
          '{"a":1,}',
          "{'a':1}",
          '{"__proto__":{"x":1}}',
          '{"constructor":{"prototype":{"x":1}}}',
          '\ufeff{}',
          '{"website":""}',
          'NaN',
          '[1,2',
          '\u0000',
        ),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom('[', '{"a":'), fc.integer({ min: 1, max: 20_000 }))
          .map(([open, n]) => open.repeat(n) + '1' + (open === '[' ? ']' : '}').repeat(n)),
      },
      { weight: 1, arbitrary: fc.integer({ min: 10_000, max: TEXT_LIMIT - 20 }).map((n) => JSON.stringify({ fullName: 'x'.repeat(n) })) },
    ),
    jsonType,
  )
  .map(([text, contentType]) => ({ contentType, body: { kind: 'text', text }, honeypot: false }));

/** Raw urlencoded text, not built by URLSearchParams. */
const rawUrlencoded: fc.Arbitrary<Sent> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(
        '%',
        '%ZZ',
        '&&==',
        '=',
        '&',
        '==&==',
        '__proto__[x]=1',
        'constructor[prototype][x]=1',
        '__proto__=1',
        'a[__proto__][b]=1',
        'lines[0][hours]=6&lines[0]=x',
        'lines=x&lines[0][hours]=6',
        'lines[99999999][hours]=1',
        'a[b][c][d][e][f][g]=1',
        'website',
        'website=',
        'website[]=x',
        'x=%E0%A4%A',
        'x=%ED%A0%80',
        'x=%00',
        '+++=+++',
        'lines[length]=1000000000',
      ),
      fc
        .array(fc.tuple(fc.oneof(fc.constantFrom(...TRICKY_NAMES), fc.string({ maxLength: 10 })), fc.oneof(fc.string({ maxLength: 10 }), nasty)), {
          maxLength: 6,
        })
        .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
      fc.string({ maxLength: 60 }),
      fc.integer({ min: 401, max: 1500 }).map((n) => Array.from({ length: n }, (_, i) => `a${i}=1`).join('&')),
      fc.integer({ min: 1, max: 200 }).map((n) => Array.from({ length: n }, (_, i) => `lines[${i}][hours]=1`).join('&')),
    ),
    urlencodedType,
  )
  .map(([text, contentType]) => ({ contentType, body: { kind: 'text', text }, honeypot: false }));

/** Multipart built by FormData: text fields and files, under real and odd names. */
function randomMultipart(form: AnyForm): fc.Arbitrary<Sent> {
  const part: fc.Arbitrary<Part> = fc.oneof(
    fc.record({ name: nameArb(form), value: fc.oneof(nasty, unicodeText) }),
    fc.record({ name: nameArb(form), file: fileSpec }),
  );
  return fc.array(part, { maxLength: 8 }).map((list) => ({ contentType: undefined, body: { kind: 'form', parts: list }, honeypot: false }));
}

/** Multipart that does not follow its own boundary, or has none. */
const malformedMultipart: fc.Arbitrary<Sent> = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9'()+_,.-]{1,40}$/), fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 9 }))
  .map(([boundary, text, bytes, shape]): Sent => {
    const crlf = '\r\n';
    const bodies: (string | Uint8Array)[] = [
      text,
      bytes,
      `--${boundary}${crlf}Content-Disposition: form-data; name="fullName"${crlf}${crlf}${text}`,
      `--${boundary}--`,
      `--${boundary}${crlf}${crlf}${text}${crlf}--${boundary}--`,
      `--${boundary}${crlf}Content-Disposition: form-data; name="lines[0][evidence]"; filename="a.pdf"${crlf}Content-Type: application/pdf${crlf}${crlf}${text}`,
      `--other${crlf}Content-Disposition: form-data; name="x"${crlf}${crlf}y${crlf}--other--`,
      `--${boundary}${crlf}Content-Disposition: form-data; name="${text}"${crlf}${crlf}x${crlf}--${boundary}--${crlf}`,
      `--${boundary}${crlf}Content-Disposition: form-data${crlf}${crlf}x${crlf}--${boundary}--${crlf}`,
      `${crlf}--${boundary}${crlf}Content-Disposition: form-data; name="a"; filename*=UTF-8''%ff${crlf}${crlf}${text}${crlf}--${boundary}--${crlf}`,
    ];
    const body = bodies[shape]!;
    const types = [
      `multipart/form-data; boundary=${boundary}`,
      `multipart/form-data; boundary="${boundary}"`,
      'multipart/form-data',
      'multipart/form-data; boundary=',
    ];
    return {
      contentType: types[(shape + boundary.length) % types.length],
      body: typeof body === 'string' ? { kind: 'text', text: body } : { kind: 'bytes', bytes: body },
      honeypot: false,
    };
  });

/** Types the endpoint does not take, or takes in odd spellings, with any body. */
function otherTypes(form: AnyForm): fc.Arbitrary<Sent> {
  const contentType = fc.oneof(
    fc.constantFrom(
      'text/plain',
      'text/plain; charset=utf-8',
      'application/xml',
      'text/xml',
      'text/html',
      '',
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/mixed; boundary=x',
      'application/json; charset=latin1',
      'application/jsonp',
      'application/json-patch+json',
      'application/ld+json',
      'application/x-www-form-urlencoded; charset=ISO-8859-1',
      '*/*',
      'application/octet-stream',
    ),
    fc.constant(undefined),
    headerText,
  );
  const body: fc.Arbitrary<BodySpec> = fc.oneof(
    fc.constant<BodySpec>({ kind: 'none' }),
    fc.string({ maxLength: 60 }).map((text): BodySpec => ({ kind: 'text', text })),
    fc.json({ maxDepth: 2 }).map((text): BodySpec => ({ kind: 'text', text })),
    fc.uint8Array({ maxLength: 64 }).map((bytes): BodySpec => ({ kind: 'bytes', bytes })),
    fieldsArb(form).map((pairs): BodySpec => ({ kind: 'form', parts: parts(pairs) })),
  );
  return fc.tuple(contentType, body).map(([type, b]) => ({ contentType: type, body: b, honeypot: false }));
}

/** Bytes that are not UTF-8, sent as JSON or urlencoded text. */
const invalidUtf8: fc.Arbitrary<Sent> = fc
  .tuple(
    fc.oneof(fc.constantFrom('', '{"fullName":"', 'fullName=', '{"a":"b"}'), fc.string({ maxLength: 20 })),
    fc.constantFrom([0xff, 0xfe], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0xe0, 0x80]),
    fc.string({ maxLength: 10 }),
    fc.oneof(jsonType, urlencodedType),
  )
  .map(([before, bad, after, contentType]) => {
    const enc = new TextEncoder();
    return { contentType, body: { kind: 'bytes', bytes: concat(concat(enc.encode(before), Uint8Array.from(bad)), enc.encode(after)) }, honeypot: false };
  });

function caseArb(form: AnyForm): fc.Arbitrary<Case> {
  const sent: fc.Arbitrary<Sent> = fc.oneof(
    { weight: 3, arbitrary: randomJson },
    { weight: 5, arbitrary: sendFields(fieldsArb(form)) },
    // Beside valid answers, nesting stays shallower than a recursive walk's stack: the deeply
    // nested unknown field has a property of its own below, so that this one can show the rest.
    { weight: 8, arbitrary: sendFields(mutatedValidArb(form, fc.oneof(anyValue, shallow))) },
    { weight: 2, arbitrary: rawUrlencoded },
    { weight: 2, arbitrary: randomMultipart(form) },
    { weight: 1, arbitrary: malformedMultipart },
    { weight: 1, arbitrary: otherTypes(form) },
    { weight: 1, arbitrary: invalidUtf8 },
  );
  return fc
    .tuple(methodArb, originArb, acceptArb, sent, sessionArb(MIXED_SENDERS))
    .map(([method, origin, accept, s, session]) => ({ method, origin, accept, ...s, session }));
}

// ---------------------------------------------------------------------------
// What every answer must be
// ---------------------------------------------------------------------------

/** Text that only code would write: stack frames, JavaScript error names, paths of the code. */
const LEAKS: RegExp[] = [
  /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|node:|\/)[^\s)]*:\d+:\d+/,
  /\n\s+at \S/,
  /\b(?:Type|Reference|Syntax|Range|URI|Eval|Aggregate|Internal|BlobsInternal|Zod|Blobs\w*)Error\b/,
  /Error: [A-Z]\w*Error/,
  /Maximum call stack/,
  /Cannot read propert/,
  /is not a function/,
  /is not defined/,
  /Unexpected token/,
  /URI malformed/,
  /node_modules/,
  /\/src\//,
  /file:\/\//,
];

/** Everything the client sent as text: an answer may show a person's own typing back to them. */
function sentText(c: Case): string {
  switch (c.body.kind) {
    case 'none':
      return '';
    case 'text':
      return c.body.text + '\n' + safeDecode(c.body.text);
    case 'json':
      return toJson(c.body.value);
    case 'bytes':
      return new TextDecoder().decode(c.body.bytes);
    case 'form':
      return c.body.parts.map((p) => ('file' in p ? `${p.name}\n${p.file.filename}` : `${p.name}\n${p.value}`)).join('\n');
  }
}
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return '';
  }
}

async function check(form: AnyForm, c: Case): Promise<void> {
  const cookie = c.session === null ? undefined : 'cookie' in c.session ? c.session.cookie : await cookieOf(c.session.as);
  const signedIn = c.session !== null && 'as' in c.session && roster.byId(c.session.as)?.active === true;
  let response: Response;
  try {
    response = await handleSubmission(toRequest(form, c, cookie), form, deps);
  } catch (error) {
    // In production, submitFunction turns this into a 503.
    throw new Error(`handleSubmission threw (a 5xx in production): ${error instanceof Error ? error.stack : String(error)}`, { cause: error });
  }
  const status = response.status;
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();

  expect(status, text.slice(0, 500)).toBeLessThan(500);
  if (c.method !== 'POST') expect(status).toBe(405);
  else if (c.origin && c.origin !== SITE) expect(status).toBe(403);
  else if (c.honeypot) expect(status).toBe(400);
  // Only a person signed in is given a receipt; a browser without a session is sent to sign in.
  if (!signedIn) expect([200, 201], `accepted without a session: ${text.slice(0, 300)}`).not.toContain(status);
  if (status === 303) {
    expect(response.headers.get('location')).toMatch(signedIn ? /^\/forms\/received\/\?receipt=/ : /^\/sign-in\/\?next=/);
  }

  if (status >= 400) {
    if (type.startsWith('application/json')) {
      const answer = JSON.parse(text) as { error?: unknown; errors?: unknown };
      expect(typeof answer.error, text).toBe('string');
      expect((answer.error as string).trim(), text).not.toBe('');
      if (answer.errors !== undefined) {
        expect(Array.isArray(answer.errors), text).toBe(true);
        for (const e of answer.errors as { field?: unknown; message?: unknown }[]) {
          expect(typeof e.field, text).toBe('string');
          expect(typeof e.message, text).toBe('string');
          expect((e.message as string).trim(), text).not.toBe('');
        }
      }
    } else {
      expect(type, `${status} answered with ${type || 'no content type'}`).toMatch(/^text\/html/);
      expect(text).toContain('There is a problem');
    }
  }

  const echo = sentText(c);
  for (const leak of LEAKS) {
    const found = leak.exec(text);
    if (found && !echo.includes(found[0])) {
      throw new Error(
        `the ${status} answer shows internal text ${JSON.stringify(found[0])}: …${text.slice(Math.max(0, found.index - 200), found.index + 300)}…`,
      );
    }
  }
}

describe('the write path of every form, fuzzed', () => {
  for (const form of FORMS) {
    it(`random and malformed ${form.id} bodies never get a 5xx, and every refusal says why`, { timeout: 600_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(caseArb(form), (c) => check(form, c)),
        { numRuns: runs(10_000) },
      );
    });
  }

  for (const form of FORMS) {
    it(`valid ${form.id} answers with one answer changed to troublesome text never get a 5xx`, { timeout: 600_000 }, async () => {
      const arb = fc
        .tuple(fc.constant('POST'), sendFields(mutatedValidArb(form, anyValue)), sessionArb(CHANGED_SENDERS))
        .map(([method, s, session]): Case => ({ method, ...s, session }));
      await fc.assert(
        fc.asyncProperty(arb, (c) => check(form, c)),
        { numRuns: runs(2_000) },
      );
    });

    it(`valid ${form.id} answers beside a deeply nested unknown field never get a 5xx`, { timeout: 600_000 }, async () => {
      const arb = fc
        .tuple(fc.constant(VALID[form.id]!), fc.constantFrom('notes', '__proto__', 'submissionId'), deep, jsonType)
        .map(([valid, name, nested, contentType]): Case => ({
          method: 'POST',
          contentType,
          body: { kind: 'json', value: { ...valid, [name]: nested } },
          honeypot: false,
          session: { as: STAFF.ana },
        }));
      await fc.assert(
        fc.asyncProperty(arb, (c) => check(form, c)),
        { numRuns: runs(50, 15) },
      );
    });
  }

  for (const form of FORMS) {
    it(`${form.id} bodies just over the size limits are refused as too large, with a message`, { timeout: 600_000 }, async () => {
      const bigMultipart = new Uint8Array(MULTIPART_LIMIT + 2048);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('json', 'urlencoded', 'multipart', 'multipart-raw'),
          fc.integer({ min: 1, max: 1024 }),
          acceptArb,
          async (how, over, accept) => {
            const headers: Record<string, string> = { cookie: await cookieOf(STAFF.ana), ...(accept ? { accept } : {}) };
            let body: BodyInit;
            if (how === 'json') {
              const text = JSON.stringify({ fullName: '' });
              body = JSON.stringify({ fullName: 'x'.repeat(TEXT_LIMIT - text.length + over) });
              headers['content-type'] = 'application/json';
            } else if (how === 'urlencoded') {
              body = `fullName=${'x'.repeat(TEXT_LIMIT - 'fullName='.length + over)}`;
              headers['content-type'] = 'application/x-www-form-urlencoded';
            } else if (how === 'multipart') {
              const data = new FormData();
              data.append('fullName', 'Ana Reyes');
              // The file alone is just under the limit; the parts' headers take the body over it.
              data.append('evidenceFile', new File([bigMultipart.subarray(0, MULTIPART_LIMIT - 64 + over)], 'big.pdf', { type: 'application/pdf' }));
              // Sent as the bytes a browser would send: a Request built on a FormData streams it from
              // inside Node, which rejects unhandled when the reader stops early (an undici quirk, not the site's).
              const encoded = new Response(data);
              headers['content-type'] = encoded.headers.get('content-type')!;
              body = new Uint8Array(await encoded.arrayBuffer());
            } else {
              body = bigMultipart.subarray(0, MULTIPART_LIMIT + over) as Uint8Array<ArrayBuffer>;
              headers['content-type'] = 'multipart/form-data; boundary=x';
            }
            const response = await handleSubmission(new Request(`${SITE}/api/forms/${form.id}`, { method: 'POST', headers, body }), form, deps);
            const text = await response.text();
            expect(response.status, text.slice(0, 300)).toBe(413);
            if ((response.headers.get('content-type') ?? '').startsWith('application/json')) {
              expect((JSON.parse(text) as { error: string }).error).toMatch(/larger than/);
            } else {
              expect(text).toContain('There is a problem');
              expect(text).toMatch(/larger than/);
            }
          },
        ),
        { numRuns: runs(50, 15) },
      );
    });
  }
});

describe('the answers a stranger can shape', () => {
  const compensationForm = FORMS.find((f) => f.id === 'compensation')!;
  async function send(
    body: Record<string, unknown>,
    as: 'json' | 'urlencoded',
  ): Promise<{ status: number; answer: { error?: string; errors?: { field: string; message: string }[] } }> {
    const headers = { cookie: await cookieOf(STAFF.ana), accept: 'application/json' };
    const request =
      as === 'json'
        ? new Request(`${SITE}/api/forms/compensation`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: toJson(body) })
        : new Request(`${SITE}/api/forms/compensation`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
            body: urlencoded(Object.entries(body)),
          });
    const response = await handleSubmission(request, compensationForm, deps);
    return { status: response.status, answer: (await response.json()) as { error?: string; errors?: { field: string; message: string }[] } };
  }

  it('a filled-in honeypot gives software away whatever its JSON type: object, array, number, boolean or null', async () => {
    await fc.assert(
      fc.asyncProperty(
        honeypotValue.filter((v) => v !== ''),
        async (value) => {
          const { status, answer } = await send({ ...VALID['compensation'], [HONEYPOT]: value }, 'json');
          expect(status, JSON.stringify(value)).toBe(400);
          expect(answer.error).toMatch(/leave the hidden "Leave this empty" field empty/);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it('hours that JavaScript would read but nobody writes (0x10, 6e0) are refused, naming the field, as text in JSON or in a form post', async () => {
    const unusual = fc.oneof(
      fc.integer({ min: 1, max: 40 }).map((n) => `0x${n.toString(16)}`),
      fc.integer({ min: 1, max: 40 }).map((n) => `${n}e0`),
      fc.integer({ min: 1, max: 40 }).map((n) => `0b${n.toString(2)}`),
      fc.integer({ min: 1, max: 40 }).map((n) => `0o${n.toString(8)}`),
      fc.integer({ min: 1, max: 40 }).map((n) => `+${n}`),
      fc.constantFrom('6E0', '.6e1', '60e-1', '0X1A', 'Infinity', ' 0x6 '),
    );
    await fc.assert(
      fc.asyncProperty(unusual, fc.constantFrom('json' as const, 'urlencoded' as const), async (hours, as) => {
        expect(Number(hours), 'JavaScript reads it as a number').not.toBeNaN();
        const [line] = VALID['compensation']!['lines'] as Record<string, unknown>[];
        const { status, answer } = await send({ ...VALID['compensation'], lines: [{ ...line, hours }] }, as);
        expect(status).toBe(422);
        expect(answer.errors).toContainEqual({ field: 'lines.0.hours', message: 'Enter hours completed as a number, like 6' });
      }),
      { numRuns: runs(200, 60) },
    );
  });

  it('a pre-approval receipt with a lone surrogate is refused as a receipt, never a 5xx (found by the fuzz above)', async () => {
    const { status, answer } = await send(
      { ...VALID['compensation'], lines: [{ preApprovalReceipt: '\ud800', startDate: '2019-01-01', completionDate: '2019-01-01', hours: '6' }] },
      'json',
    );
    expect(status).toBe(422);
    expect(answer.errors?.length).toBeGreaterThan(0);
  });
});
