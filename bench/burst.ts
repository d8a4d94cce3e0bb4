// A burst of submissions into Airtable: 3,000 at 20 a second through the real write
// path (handlers, Netlify's Blobs server as the queue, airtable.js) into a stand-in
// Airtable that keeps its limits (5 requests a second per base, then a penalty of
// 30 s of 429s; 10 records a write), the queue drained as the scheduled function
// drains it: a run a minute, each within its budget, until the queue is empty; a
// claim's file follows its record into an attachment column, one request more.
// Beside it, in the same run, a naive handler: validate (the schema only: no
// rules, no files kept, which only flatters it), then one airtable.js create per
// submission with its default 429 retry, cut off at 10 s like a synchronous
// function, and a person who gets an error sends once more.
// The stand-in can answer slowly (--latency-ms), fail a share of requests with a 5xx
// (--error-rate) and be down for a while (--outage-s from --outage-at-s after each
// path starts); --no-naive leaves the naive path out, for a quicker run.
// --files link (the default, as a deployed site sends them) puts a claim's file in its
// record's write as a link the stand-in fetches from the site's file function over the
// network; --files upload sends it with one upload request, as a site Airtable cannot reach does.
// Usage: npm run bench:burst [-- --count 3000 --rate 20 --penalty-ms 30000 --settle-ms 120000
//   --latency-ms 150 --error-rate 0.05 --outage-at-s 70 --outage-s 40 --files upload --no-naive]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import Airtable from 'airtable';
import { columnsFor, recordFor, tableFor } from '../src/lib/airtable/fields.ts';
import { compensation } from '../src/lib/forms/compensation.ts';
import { exitSurvey } from '../src/lib/forms/exit-survey.ts';
import { compactRepeats } from '../src/lib/forms/fields.ts';
import { withoutFiles } from '../src/lib/forms/evidence.ts';
import type { AnyForm } from '../src/lib/forms/form.ts';
import { preApproval } from '../src/lib/forms/pre-approval.ts';
import { FORMS } from '../src/lib/forms/registry.ts';
import { handleSubmission } from '../src/lib/app/submit.ts';
import { parseBody } from '../src/lib/http/body.ts';
import { loadProgram } from '../src/lib/program/settings.ts';
import { AirtableClient } from '../src/lib/airtable/client.ts';
import { drain, SCHEDULED_BUDGET_MS, SCHEDULED_TIMEOUT_MS, type DrainReport } from '../src/lib/airtable/drain.ts';
import { AirtableServer, standInTables, type Attachment } from '../support/airtable-server.ts';
import { airtableFileHandler } from '../src/lib/app/airtable-file.ts';
import { fileLinker } from '../src/lib/workflow/file-links.ts';
import { serveHandler } from '../support/handler-server.ts';
import { startBlobs, testDeps, TEST_LINK_SECRET } from '../support/blobs.ts';
import { as, sessionFor } from '../support/people.ts';
import { loadSampleRoster, Roster } from '../src/lib/identity/roster.ts';
import { catalogLine, compensationAnswers, jsonRequest, multipartRequest, pdf, preApprovalAnswers } from '../support/submissions.ts';

const { values: flags } = parseArgs({
  options: {
    count: { type: 'string', default: '3000' },
    rate: { type: 'string', default: '20' },
    'penalty-ms': { type: 'string', default: '30000' },
    // How long the naive path's requests still in airtable.js's retry loop are waited for before counting.
    'settle-ms': { type: 'string', default: '120000' },
    'latency-ms': { type: 'string', default: '0' },
    'error-rate': { type: 'string', default: '0' },
    'outage-at-s': { type: 'string', default: '0' },
    'outage-s': { type: 'string', default: '0' },
    naive: { type: 'boolean', default: true },
    files: { type: 'string', default: 'link' },
  },
  allowNegative: true,
});
const COUNT = Number(flags.count);
const RATE = Number(flags.rate);
const PENALTY_MS = Number(flags['penalty-ms']);
const SETTLE_MS = Number(flags['settle-ms']);
const LATENCY_MS = Number(flags['latency-ms']);
const ERROR_RATE = Number(flags['error-rate']);
const OUTAGE_AT_MS = Number(flags['outage-at-s']) * 1000;
const OUTAGE_MS = Number(flags['outage-s']) * 1000;
if (flags.files !== 'link' && flags.files !== 'upload') throw new Error('--files is link or upload');
const FILES_BY_LINK = flags.files === 'link';
// Netlify runs a scheduled function once a minute; a synchronous one is cut off at 10 s.
const SCHEDULE_MS = 60_000;
const CUT_OFF_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const seconds = (ms: number) => (ms / 1000).toFixed(1);

interface Submission {
  id: string;
  form: AnyForm;
  /** Who sends it: every submission is a different person of the roster. */
  employeeId: string;
  request: () => Request;
}

/** The column a claim's file goes into, and the name it has there. */
const GROWTH_PLAN = 'Growth-plan-and-record form (attached)';
const FILE_NAME = 'plan.pdf';

/**
 * The sample roster and a permanent classified person per submission (like Ana,
 * supervised by Sam Lee), so no claim is refused for the yearly cap and no survey
 * for a second answer: the burst measures the queue, not the rules.
 */
function burstRoster(): Roster {
  const sample = loadSampleRoster();
  const ana = sample.byId('104233')!;
  const extra = Array.from({ length: COUNT }, (_, i) => ({
    ...ana,
    employeeId: String(800_000 + i),
    name: `Staff Member ${i}`,
    email: `employee.${800_000 + i}@cedarvalley.example`,
  }));
  return new Roster([...sample.members, ...extra]);
}

/** Half pre-approvals, three tenths exit surveys, a fifth compensation claims with a file; every person a different employee. */
function submission(i: number): Submission {
  const employeeId = String(800_000 + i);
  const kind = i % 10;
  if (kind < 5) {
    const answers = preApprovalAnswers({ employeeId, email: `employee.${employeeId}@cedarvalley.example` });
    return { id: answers.submissionId, form: preApproval, employeeId, request: () => jsonRequest('/api/forms/pre-approval', answers) };
  }
  if (kind < 8) {
    const answers = {
      courseId: 'first-aid-and-cpr-certification',
      satisfaction: '5',
      relevance: '4',
      willUse: '4',
      anonymous: 'yes',
      // Who finished the course: the roster's facts on our path, and what the naive path's schema asks for.
      fullName: `Staff Member ${i}`,
      email: `employee.${employeeId}@cedarvalley.example`,
      employeeId,
      submissionId: randomUUID(),
    };
    return { id: answers.submissionId, form: exitSurvey, employeeId, request: () => jsonRequest('/api/forms/exit-survey', answers) };
  }
  const answers = compensationAnswers([catalogLine('first-aid-and-cpr-certification', 6)], {
    employeeId,
    email: `employee.${employeeId}@cedarvalley.example`,
    permitHolder: 'yes',
  });
  return {
    id: answers.submissionId,
    form: compensation,
    employeeId,
    request: () => multipartRequest('/api/forms/compensation', { ...answers, growthPlan: pdf(FILE_NAME) }),
  };
}

/** Sends `count` submissions at `rate` a second, each on its own (a person does not wait for the others). */
async function burst(send: (i: number) => Promise<void>): Promise<{ first: number; last: number }> {
  const first = Date.now();
  const all: Promise<void>[] = [];
  for (let i = 0; i < COUNT; i++) {
    await sleep(first + (i * 1000) / RATE - Date.now());
    all.push(send(i));
  }
  const last = Date.now();
  await Promise.all(all);
  return { first, last };
}

/** The stand-in with the run's latency, errors and outage; the outage counts from `origin`, when the path starts. */
function standIn(origin: number): AirtableServer {
  return new AirtableServer({
    ...standInTables(FORMS.map((f) => ({ name: tableFor(f), fields: columnsFor(f) }))),
    penaltyMs: PENALTY_MS,
    latencyMs: LATENCY_MS,
    failureRate: ERROR_RATE,
    ...(OUTAGE_MS > 0 ? { outage: { from: origin + OUTAGE_AT_MS, until: origin + OUTAGE_AT_MS + OUTAGE_MS } } : {}),
  });
}

/** What Airtable holds at the end, against what was sent. */
function tally(server: AirtableServer, sent: Submission[], accepted: Set<string>) {
  const copies = new Map<string, number>();
  const times: number[] = [];
  for (const form of FORMS) {
    for (const record of server.records(tableFor(form))) {
      const id = String(record.fields['Submission ID']);
      copies.set(id, (copies.get(id) ?? 0) + 1);
      times.push(Date.parse(record.createdTime));
    }
  }
  // Each accepted claim's file, once, on its record.
  const claims = server.records(tableFor(compensation));
  const filesOf = (id: string) => (claims.find((r) => r.fields['Submission ID'] === id)?.fields[GROWTH_PLAN] as Attachment[] | undefined) ?? [];
  const acceptedClaims = sent.filter((s) => s.form === compensation && accepted.has(s.id));
  return {
    files: claims.reduce((n, r) => n + ((r.fields[GROWTH_PLAN] as Attachment[] | undefined)?.length ?? 0), 0),
    filesLost: acceptedClaims.filter((s) => filesOf(s.id).length === 0).length,
    filesDoubled: claims.filter((r) => ((r.fields[GROWTH_PLAN] as Attachment[] | undefined)?.length ?? 0) > 1).length,
    records: times.length,
    times: times.sort((a, b) => a - b),
    lost: [...accepted].filter((id) => !copies.has(id)).length,
    missing: sent.filter((s) => !copies.has(s.id)).length,
    doubled: [...copies.values()].filter((n) => n > 1).length,
    requests: server.log.length,
    refusals: server.log.filter((l) => l.status === 429).length,
  };
}

const between = (times: number[], from: number, to: number) => times.filter((t) => t >= from && t <= to).length;
const rate = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');

// --- Our path: the real handlers, the queue in Blobs, the scheduled drain.
async function ourPath() {
  const server = standIn(Date.now());
  await server.start();
  const blobs = await startBlobs();
  const config = { apiKey: server.token, baseId: server.baseId, endpointUrl: server.url };
  // As deployed: the forms' client and the scheduled drain's, with their timeouts.
  const roster = burstRoster();
  const deps = {
    ...testDeps(blobs.store),
    roster: async () => roster,
    airtable: new AirtableClient(config, { timeoutMs: 3_000, penaltyMs: PENALTY_MS }),
  };
  const drainClient = new AirtableClient(config, { timeoutMs: SCHEDULED_TIMEOUT_MS, penaltyMs: PENALTY_MS });
  // The site's file function on the network, where the stand-in fetches linked files from, on the site's clock.
  const site = FILES_BY_LINK ? await serveHandler((request) => airtableFileHandler(request, deps)) : null;
  const fileLink = site
    ? fileLinker({ AIRTABLE_FILES_BY_LINK: 'on', URL: site.url, DECISION_LINK_SECRET: TEST_LINK_SECRET }, () => deps.now().getTime(), false)
    : null;
  const sent = Array.from({ length: COUNT }, (_, i) => submission(i));
  const accepted = new Set<string>();
  let refused = 0;

  // When each run sent its first request and got its last answer: the time it spent sending.
  let sending = { first: 0, last: 0 };
  const upsert = drainClient.upsert.bind(drainClient);
  drainClient.upsert = async (...args) => {
    sending.first ||= Date.now();
    try {
      return await upsert(...args);
    } finally {
      sending.last = Date.now();
    }
  };
  const upload = drainClient.uploadAttachment.bind(drainClient);
  drainClient.uploadAttachment = async (...args) => {
    try {
      return await upload(...args);
    } finally {
      sending.last = Date.now();
    }
  };

  const runs: { start: number; end: number; sendingMs: number; report: DrainReport }[] = [];
  let arrivalsDone = false;
  let emptyAt = 0;
  const origin = Date.now();
  const scheduler = (async () => {
    for (let tick = 1; ; tick++) {
      await sleep(origin + tick * SCHEDULE_MS - Date.now());
      sending = { first: 0, last: 0 };
      const start = Date.now();
      const report = await drain(blobs.store, drainClient, { budgetMs: SCHEDULED_BUDGET_MS, ...(fileLink ? { fileLink } : {}) });
      const end = Date.now();
      // Plus the second the last five requests count for: at 5 a second, N requests span N/5 - 1 s.
      runs.push({ start, end, sendingMs: sending.last - sending.first + 1000, report });
      if (arrivalsDone && report.left === 0 && (await blobs.store.pending()).length === 0) {
        emptyAt = end;
        return;
      }
      // A run that overran its minute is followed at the next whole minute.
      tick = Math.max(tick, Math.floor((Date.now() - origin) / SCHEDULE_MS));
    }
  })();

  const { first, last } = await burst(async (i) => {
    const s = sent[i]!;
    const response = await handleSubmission(as(await sessionFor(deps, s.employeeId), s.request()), s.form, deps);
    await response.arrayBuffer();
    if (response.status < 400) accepted.add(s.id);
    else refused++;
  });
  arrivalsDone = true;
  await scheduler;
  await server.attachmentsFetched();
  const result = tally(server, sent, accepted);
  await site?.stop();
  await blobs.stop();
  await server.stop();

  const working = runs.filter((r) => r.report.synced > 0);
  const sum = (f: (r: (typeof runs)[number]) => number) => working.reduce((n, r) => n + f(r), 0);
  return {
    result,
    refused,
    accepted: accepted.size,
    runs: runs.map((r) => ({
      'run at s': seconds(r.start - origin),
      'took s': seconds(r.end - r.start),
      'sending s': seconds(r.sendingMs),
      sent: r.report.synced,
      'files uploaded': r.report.attached,
      'files linked': r.report.linked,
      requests: r.report.requests,
      '429s': r.report.rateLimited,
      left: r.report.left,
      'records/s while sending': rate(r.report.synced / (r.sendingMs / 1000)),
      'records/s over the run': rate(r.report.synced / ((r.end - r.start) / 1000)),
      'requests/s over the run': rate(r.report.requests / ((r.end - r.start) / 1000)),
    })),
    sending: sum((r) => r.report.synced) / (sum((r) => r.sendingMs) / 1000),
    // A run that sent until its budget ran out, not one that emptied the queue early.
    fullRunMin: Math.min(...working.filter((r) => r.report.left > 0).map((r) => r.report.synced / ((r.end - r.start) / 1000))),
    sustained: sum((r) => r.report.synced) / (sum((r) => r.end - r.start) / 1000),
    requestRate: sum((r) => r.report.requests) / (sum((r) => r.end - r.start) / 1000),
    overall: result.records / ((result.times.at(-1)! - first) / 1000),
    toEmpty: `${seconds(emptyAt - last)} s`,
  };
}

// --- The naive path: validate, one airtable.js create per submission, no queue.
async function naivePath() {
  const server = standIn(Date.now());
  await server.start();
  // airtable.js as a typical integration uses it: its defaults, so it retries 429s itself with growing waits.
  const base = new Airtable({ apiKey: server.token, endpointUrl: server.url }).base(server.baseId);
  const program = loadProgram();
  const sent = Array.from({ length: COUNT }, (_, i) => submission(i));
  const accepted = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  let gaveUp = 0;
  let refused = 0;

  async function handler(request: Request, form: AnyForm): Promise<number> {
    const { data } = await parseBody(request);
    const result = form.schema.safeParse(compactRepeats(form.schema.shape, data));
    if (!result.success) return 422;
    const today = '2026-11-24';
    const fields = recordFor(form, {
      id: String(data['submissionId']),
      form: form.id,
      receipt: '',
      status: form.initialStatus,
      submittedAt: new Date().toISOString(),
      submittedOn: today,
      // The naive baseline keeps no store: its facts read no earlier submission.
      facts: await form.facts(result.data, {
        program,
        today,
        course: () => undefined,
        submissionByReceipt: async () => null,
        referring: async () => [],
        hoursSubmitted: async () => 0,
        claimsOf: async () => [],
        budget: async () => ({ allocationCents: 0, reservedCents: 0 }),
        completed: async () => false,
        planAssignment: async () => null,
      }),
      data: withoutFiles(result.data) as Record<string, unknown>,
      files: [],
    });
    const write = base(tableFor(form)).create([{ fields: fields as Airtable.FieldSet }], { typecast: true });
    inFlight.add(write);
    void write.then(
      () => inFlight.delete(write),
      () => inFlight.delete(write),
    );
    // The platform ends the function at 10 s and the person sees an error; airtable.js keeps its retry going.
    const outcome = await Promise.race([
      write.then(
        () => 201,
        () => 502,
      ),
      sleep(CUT_OFF_MS).then(() => 504),
    ]);
    return outcome;
  }

  const { first, last } = await burst(async (i) => {
    const s = sent[i]!;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const status = await handler(s.request(), s.form);
      if (status < 400) return void accepted.add(s.id);
      if (status === 422) return void refused++;
    }
    gaveUp++;
  });
  const answeredAt = Date.now();
  const settleBy = answeredAt + SETTLE_MS;
  while (inFlight.size > 0 && Date.now() < settleBy) await sleep(250);
  const stillRetrying = inFlight.size;
  const result = tally(server, sent, accepted);
  await server.stop();
  return {
    result,
    refused,
    accepted: accepted.size,
    gaveUp,
    stillRetrying,
    sustained: between(result.times, first, answeredAt) / ((answeredAt - first) / 1000),
    overall: result.records / ((Math.max(result.times.at(-1) ?? first, answeredAt) - first) / 1000),
    toEmpty:
      stillRetrying > 0
        ? `never: ${stillRetrying} writes still retrying ${seconds(SETTLE_MS)} s after the last answer`
        : `${seconds((result.times.at(-1) ?? last) - last)} s`,
    answeredAt,
  };
}

const conditions = `latency ${LATENCY_MS} ms, ${(ERROR_RATE * 100).toFixed(0)}% server errors, ${OUTAGE_MS ? `${seconds(OUTAGE_MS)} s outage from ${seconds(OUTAGE_AT_MS)} s` : 'no outage'}, files by ${flags.files}`;
console.log(
  `\n${COUNT} submissions at ${RATE}/s into a stand-in Airtable (5 requests/s per base, ${seconds(PENALTY_MS)} s penalty after a 429, 10 records a write; ${conditions})`,
);
console.log(`\nOur path: handlers + Blobs queue, drain every ${seconds(SCHEDULE_MS)} s within ${seconds(SCHEDULED_BUDGET_MS)} s`);
const ours = await ourPath();
const naive = flags.naive ? await naivePathAnnounced() : null;

async function naivePathAnnounced() {
  console.log(`\nNaive path: one airtable.js create per submission, default retry, cut off at ${seconds(CUT_OFF_MS)} s, one resend after an error`);
  return naivePath();
}

console.log(`\nOur path's drain runs (one a minute, ${seconds(SCHEDULED_BUDGET_MS)} s budget each)`);
console.table(ours.runs);
console.log(`\nOur path, ${conditions}: records/s per drain run, over the runs that sent (a full run is sending for its whole budget)`);
console.table([
  {
    'latency ms': LATENCY_MS,
    'server errors': `${(ERROR_RATE * 100).toFixed(0)}%`,
    'outage s': seconds(OUTAGE_MS),
    files: flags.files,
    'records/s per drain run (mean)': rate(ours.sustained),
    'records/s per full drain run (min)': rate(ours.fullRunMin),
    'records/s while sending': rate(ours.sending),
    'requests/s per drain run': rate(ours.requestRate),
    lost: ours.result.lost,
    doubled: ours.result.doubled,
    'files lost': ours.result.filesLost,
    'files doubled': ours.result.filesDoubled,
    '429s': ours.result.refusals,
  },
]);
if (naive) {
  console.log(
    `\nBurst of ${COUNT} submissions at ${RATE}/s (pre-approvals, exit surveys, and a fifth compensation claims with a file), penalty ${seconds(PENALTY_MS)} s`,
  );
  console.table([
    { measure: 'records/s into Airtable while the drain sends (naive: while answering)', ours: rate(ours.sending), naive: rate(naive.sustained) },
    { measure: 'records/s into Airtable over whole drain runs, reading the queue included', ours: rate(ours.sustained), naive: '—' },
    { measure: 'records/s into Airtable, overall (first submission to last record)', ours: rate(ours.overall), naive: rate(naive.overall) },
    { measure: 'last submission to empty queue (naive: to last record)', ours: ours.toEmpty, naive: naive.toEmpty },
    { measure: 'requests to Airtable', ours: ours.result.requests, naive: naive.result.requests },
    { measure: '429s received', ours: ours.result.refusals, naive: naive.result.refusals },
    { measure: 'accepted (person got a receipt)', ours: ours.accepted, naive: naive.accepted },
    { measure: 'person got an error (naive: twice, then gave up)', ours: ours.refused, naive: naive.gaveUp },
    { measure: 'lost: accepted, never in Airtable', ours: ours.result.lost, naive: naive.result.lost },
    { measure: 'sent but never in Airtable (any answer)', ours: ours.result.missing, naive: naive.result.missing },
    { measure: 'doubled: more than one record per submission ID', ours: ours.result.doubled, naive: naive.result.doubled },
    { measure: 'records in Airtable', ours: ours.result.records, naive: naive.result.records },
    { measure: 'claims’ files as attachments in Airtable (naive: never sent)', ours: ours.result.files, naive: naive.result.files },
    { measure: 'files lost: accepted claim, its file not on its record', ours: ours.result.filesLost, naive: naive.result.filesLost },
    { measure: 'files doubled: a record with its file more than once', ours: ours.result.filesDoubled, naive: naive.result.filesDoubled },
  ]);
  if (naive.refused > 0) console.log(`Refused by validation (not expected): naive ${naive.refused}`);
}
if (ours.refused > 0) console.log(`Person got an error on our path (not expected): ${ours.refused}`);
// airtable.js still has retries waiting on timers; they are abandoned, as a frozen function's would be.
process.exit(0);
