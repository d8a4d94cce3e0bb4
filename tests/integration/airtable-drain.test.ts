import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { columnsFor, tableFor } from '../../src/lib/airtable/fields.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { FORMS } from '../../src/lib/forms/registry.ts';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { AirtableClient } from '../../src/lib/airtable/client.ts';
import { drain, type DrainOptions } from '../../src/lib/airtable/drain.ts';
import { recordFor } from '../../src/lib/airtable/fields.ts';
import { AirtableServer, standInTables, type Attachment } from '../../support/airtable-server.ts';
import { startBlobs, testDeps } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { runs } from '../../support/runs.ts';
import { catalogLine, compensationAnswers, jsonRequest, multipartRequest, pdf, preApprovalAnswers } from '../../support/submissions.ts';
import { TestClock } from '../support/clock.ts';

/**
 * Time here is a test clock, given to the stand-in Airtable and to every drain run
 * (`now`, `sleep`): waiting out a second or a penalty takes no real time, and the
 * same things happen however fast the machine is. The write path's try (syncNow)
 * reads Date.now() and takes no clock, so the clock also stands in for Date.
 */
let clock: TestClock;

const TABLE = tableFor(preApproval);
let blobs: Awaited<ReturnType<typeof startBlobs>>;
let airtable: AirtableServer;
let client: AirtableClient;
let penaltyMs = 300;

function serverFor(
  options: { penaltyMs?: number; requestsPerSecond?: number; drop?: string; retype?: Record<string, string>; latencyMs?: number; now?: () => number } = {},
) {
  const base = standInTables(
    FORMS.map((f) => ({
      name: tableFor(f),
      fields: columnsFor(f)
        .filter((c) => c.name !== options.drop)
        .map((c) => ({ ...c, type: options.retype?.[c.name] ?? c.type })),
    })),
  );
  penaltyMs = options.penaltyMs ?? 300;
  return new AirtableServer({
    ...base,
    penaltyMs,
    now: options.now ?? clock.now,
    latencyMs: options.latencyMs ?? 0,
    ...(options.requestsPerSecond ? { requestsPerSecond: options.requestsPerSecond } : {}),
  });
}

async function useServer(server: AirtableServer) {
  airtable = server;
  await airtable.start();
  client = tracked(new AirtableClient({ apiKey: airtable.token, baseId: airtable.baseId, endpointUrl: airtable.url }, { timeoutMs: 500, penaltyMs }));
}

/** Requests the client has on their way, answered or not. */
const inFlight = new Set<Promise<unknown>>();
function tracked(c: AirtableClient): AirtableClient {
  const track = <T>(request: Promise<T>): Promise<T> => {
    inFlight.add(request);
    void request.then(
      () => inFlight.delete(request),
      () => inFlight.delete(request),
    );
    return request;
  };
  const [upsert, upload] = [c.upsert.bind(c), c.uploadAttachment.bind(c)];
  c.upsert = (...args) => track(upsert(...args));
  c.uploadAttachment = (...args) => track(upload(...args));
  return c;
}

/**
 * A wait on the test clock: the requests on their way are answered first, as they
 * would be while that much time passed, so where each falls in Airtable's seconds
 * does not depend on how fast the machine is.
 */
const sleepOnClock = async (ms: number) => {
  await Promise.allSettled([...inFlight]);
  await clock.sleep(ms);
};

beforeEach(async () => {
  clock = new TestClock().installAsDate();
  blobs = await startBlobs();
});
afterEach(async () => {
  await airtable?.stop();
  await blobs.stop();
  clock.restoreDate();
});

/** A pre-approval request sent by Ana, signed in. */
async function byAna(answers: Record<string, unknown>, deps: SubmitDeps): Promise<Request> {
  return as(await sessionFor(deps, STAFF.ana), jsonRequest('/api/forms/pre-approval', answers));
}

/** Queues `count` submissions through the write path without Airtable, ten at a time. */
async function queue(count: number, answers: () => Record<string, unknown> = () => preApprovalAnswers()): Promise<string[]> {
  const receipts: string[] = [];
  const deps = testDeps(blobs.store);
  for (let i = 0; i < count; i += 10) {
    const sent = Array.from({ length: Math.min(10, count - i) }, async () => {
      const response = await handleSubmission(await byAna(answers(), deps), preApproval, deps);
      return ((await response.json()) as { receipt: string }).receipt;
    });
    receipts.push(...(await Promise.all(sent)));
  }
  return receipts;
}

/** A drain run on the test's clock. */
const onClock = (options: DrainOptions = {}): DrainOptions => ({ ...options, now: clock.now, sleep: sleepOnClock });
const fast = (): DrainOptions => onClock({ penaltyMs: 350, budgetMs: 20_000, maxBackoffMs: 200 });

/** Drains until the queue is empty, as the scheduled function would over several runs. */
async function drainUntilEmpty(options: DrainOptions = fast(), runs = 30) {
  for (let i = 0; i < runs; i++) {
    const report = await drain(blobs.store, client, options);
    if (report.left === 0 && (await blobs.store.pending()).length === 0) return i + 1;
  }
  throw new Error('the queue did not empty');
}

function expectExactlyOnce(receipts: string[]) {
  const inAirtable = airtable.records(TABLE).map((r) => r.fields['Receipt']);
  expect(inAirtable.sort()).toEqual([...receipts].sort());
}

/** Submissions through the write path with Airtable configured, as the deployed forms send them (through `through`, another instance's client). */
async function submit(count: number, through: AirtableClient = client): Promise<string[]> {
  const deps = { ...testDeps(blobs.store), airtable: through };
  return Promise.all(
    Array.from({ length: count }, async () => {
      const response = await handleSubmission(await byAna(preApprovalAnswers(), deps), preApproval, deps);
      expect(response.status).toBe(201);
      return ((await response.json()) as { receipt: string }).receipt;
    }),
  );
}

const refusals = () => airtable.log.filter((l) => l.status === 429).length;

/** The most requests that reached the stand-in within any one second: what Airtable's limit counts. */
function maxRequestsInAnySecond(): number {
  const times = airtable.log.map((l) => l.start).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('sending a new submission to Airtable at once', () => {
  it('puts it in Airtable before answering when Airtable answers, and leaves nothing queued', async () => {
    await useServer(serverFor());
    const deps = { ...testDeps(blobs.store), airtable: client };
    const response = await handleSubmission(await byAna(preApprovalAnswers(), deps), preApproval, deps);
    expect(response.status).toBe(201);
    const { receipt } = (await response.json()) as { receipt: string };
    expectExactlyOnce([receipt]);
    expect(await blobs.store.pending()).toEqual([]);
  });

  it('still accepts it when Airtable is down, and keeps it queued for the drain', async () => {
    await useServer(serverFor());
    airtable.down = true;
    const deps = { ...testDeps(blobs.store), airtable: client };
    const response = await handleSubmission(await byAna(preApprovalAnswers(), deps), preApproval, deps);
    expect(response.status).toBe(201);
    expect(airtable.records(TABLE)).toHaveLength(0);
    expect(await blobs.store.pending()).toHaveLength(1);
    airtable.down = false;
    await drainUntilEmpty();
    expectExactlyOnce([((await response.json()) as { receipt: string }).receipt]);
  });
});

describe('draining the queue into Airtable', () => {
  it('sends every queued submission exactly once, in batches of 10, never more than 5 requests a second', async () => {
    await useServer(serverFor());
    const receipts = await queue(35);
    const report = await drain(blobs.store, client, fast());
    expect(report).toMatchObject({ synced: 35, left: 0, requests: 4, rateLimited: 0 });
    expectExactlyOnce(receipts);
    expect(maxRequestsInAnySecond()).toBeLessThanOrEqual(5);
    expect(airtable.records(TABLE)[0]!.fields).toMatchObject({
      Status: 'with-supervisor',
      Courses: expect.stringContaining('Course 1: Course title: American Sign Language I;'),
    });
    expect(await blobs.store.pending()).toEqual([]);
  });

  it('sends its first full batches while it is still reading the rest of the queue, and every record once', async () => {
    await useServer(serverFor());
    const receipts = await queue(140);
    // The reading of the queue's second slice waits (a few real seconds at most) for a first request to reach Airtable.
    let slices = 0;
    let sentWhileReading = false;
    const pendingOf = blobs.store.pendingOf.bind(blobs.store);
    blobs.store.pendingOf = async (keys) => {
      if (slices++ === 1) {
        for (let tries = 0; tries < 200 && airtable.log.length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
        sentWhileReading = airtable.log.length > 0;
      }
      return pendingOf(keys);
    };
    const report = await drain(blobs.store, client, fast());
    expect(slices).toBeGreaterThan(1);
    expect(sentWhileReading).toBe(true);
    // Part-full batches wait for the whole queue: 140 records are 14 requests, as if read at once.
    expect(report).toMatchObject({ synced: 140, left: 0, requests: 14, rateLimited: 0 });
    expectExactlyOnce(receipts);
  });

  it('loses and doubles nothing through a storm of 429s', async () => {
    await useServer(serverFor({ requestsPerSecond: 2, penaltyMs: 300 }));
    const receipts = await queue(60);
    await drainUntilEmpty();
    expect(airtable.log.some((l) => l.status === 429)).toBe(true);
    expectExactlyOnce(receipts);
  });

  it('loses and doubles nothing when a fifth of Airtable’s answers are server errors', async () => {
    await useServer(serverFor());
    airtable.failEvery = 5;
    const receipts = await queue(50);
    await drainUntilEmpty();
    expect(airtable.log.some((l) => l.status >= 500)).toBe(true);
    expectExactlyOnce(receipts);
  });

  it('keeps everything queued through an outage longer than its patience, and sends it after recovery', async () => {
    await useServer(serverFor());
    const receipts = await queue(12);
    airtable.down = true;
    const during = await drain(blobs.store, client, { ...fast(), budgetMs: 1_000 });
    expect(during).toMatchObject({ synced: 0, left: 12 });
    expect(during.unavailable).toBeGreaterThan(1);
    expect(await blobs.store.pending()).toHaveLength(12);
    airtable.down = false;
    await drainUntilEmpty();
    expectExactlyOnce(receipts);
  });

  it('after a crash between Airtable’s write and the queue’s mark, the replay updates the same records', async () => {
    await useServer(serverFor());
    const receipts = await queue(7);
    // The crash: Airtable has the records, the queue still says pending.
    const pending = await blobs.store.pending();
    await client.upsert(
      TABLE,
      pending.map((r) => recordFor(preApproval, r)),
    );
    expect(await blobs.store.pending()).toHaveLength(7);
    await drainUntilEmpty();
    expectExactlyOnce(receipts);
  });

  it('after a crash before the record was written, the stray pending mark is cleared and nothing is sent', async () => {
    await useServer(serverFor());
    const receipts = await queue(2);
    await (blobs.store as unknown as { blobs: { set: (k: string, v: string) => Promise<unknown> } }).blobs.set(`pending/pre-approval/${randomUUID()}`, '');
    await drainUntilEmpty();
    expectExactlyOnce(receipts);
  });

  it('a double submit, even at the same moment, is one record in Airtable', async () => {
    await useServer(serverFor());
    const answers = preApprovalAnswers();
    const [a, b] = await Promise.all([queue(1, () => answers), queue(1, () => answers)]);
    await queue(1, () => answers);
    expect(a).toEqual(b);
    await drainUntilEmpty();
    expectExactlyOnce(a);
  });

  it('a status change after syncing goes back in the queue and updates the same Airtable record', async () => {
    await useServer(serverFor());
    const [receipt] = await queue(1);
    await drainUntilEmpty();
    await blobs.store.setStatus(receipt!, 'approved', '2026-11-25');
    expect(await blobs.store.pending()).toHaveLength(1);
    await drainUntilEmpty();
    expectExactlyOnce([receipt!]);
    expect(airtable.records(TABLE)[0]!.fields['Status']).toBe('approved');
  });

  it('records Airtable refuses (a column the base lacks) stay queued and are reported, while the rest go through', async () => {
    await useServer(serverFor({ drop: 'Courses' }));
    const receipts = await queue(3);
    const report = await drain(blobs.store, client, fast());
    expect(report.rejected.map((r) => r.receipt).sort()).toEqual([...receipts].sort());
    expect(report.rejected[0]!.message).toMatch(/Unknown field name: "Courses"/);
    expect(await blobs.store.pending()).toHaveLength(3);
  });
});

describe('sharing Airtable’s limit between the write path and the drain', () => {
  it('a burst of submissions never trips the limit: the write path tries at most once a second and leaves the rest to the drain', async () => {
    await useServer(serverFor({ penaltyMs: 2_000 }));
    const receipts: string[] = [];
    for (let second = 0; second < 3; second++) {
      receipts.push(...(await submit(20)));
      clock.advance(1_000);
    }
    expect(refusals()).toBe(0);
    expect(airtable.log.length).toBeGreaterThanOrEqual(1);
    expect(airtable.log.length).toBeLessThanOrEqual(4);
    expect(await blobs.store.pending()).toHaveLength(60 - airtable.log.length);
    await drainUntilEmpty();
    expect(refusals()).toBe(0);
    expect(maxRequestsInAnySecond()).toBeLessThanOrEqual(5);
    expectExactlyOnce(receipts);
  });

  it('after a 429 on the write path’s try, nobody sends until the penalty is over, and then the drain sends everything once', async () => {
    await useServer(serverFor({ penaltyMs: 1_500 }));
    // Someone else uses the whole rate: the base is in its penalty.
    const outside = await Promise.allSettled(Array.from({ length: 6 }, () => client.upsert(TABLE, [{ 'Submission ID': randomUUID() }])));
    expect(outside.some((r) => r.status === 'rejected')).toBe(true);
    const before = airtable.log.length;
    const [first] = await submit(1);
    expect(airtable.log.length).toBe(before + 1);
    expect(airtable.log.at(-1)!.status).toBe(429);
    clock.advance(1_100);
    const rest = await submit(3);
    expect(airtable.log.length).toBe(before + 1);
    const report = await drain(blobs.store, client, onClock({ budgetMs: 5_000 }));
    expect(report).toMatchObject({ synced: 4, left: 0, rateLimited: 0 });
    const ours = airtable
      .records(TABLE)
      .filter((r) => r.fields['Receipt'])
      .map((r) => r.fields['Receipt']);
    expect(ours.sort()).toEqual([first!, ...rest].sort());
  });

  it('while a drain run holds the base the write path sends nothing, and the run takes the new submissions in too', async () => {
    await useServer(serverFor());
    const queued = await queue(60);
    // The run sends its first batches, then waits for Airtable's next second: the new submissions come then.
    let waiting!: () => void;
    const waits = new Promise<void>((r) => (waiting = r));
    let resume!: () => void;
    const resumed = new Promise<void>((r) => (resume = r));
    const run = drain(blobs.store, client, {
      ...fast(),
      sleep: async (ms) => {
        waiting();
        await resumed;
        await sleepOnClock(ms);
      },
    });
    await waits;
    expect(airtable.log.length).toBeGreaterThan(0);
    // The forms' instance, with a client of its own: the drain's requests may still be on their way.
    const forms = new AirtableClient({ apiKey: airtable.token, baseId: airtable.baseId, endpointUrl: airtable.url }, { timeoutMs: 500, penaltyMs });
    const tries = vi.spyOn(forms, 'upsert');
    const during = await submit(5, forms);
    expect(tries).not.toHaveBeenCalled();
    resume();
    const report = await run;
    expect(report).toMatchObject({ synced: 65, left: 0, rateLimited: 0 });
    expect(refusals()).toBe(0);
    expect(maxRequestsInAnySecond()).toBeLessThanOrEqual(5);
    expectExactlyOnce([...queued, ...during]);
  });

  it('just after a drain run, the write path waits for the run’s last requests to leave Airtable’s one-second window', async () => {
    await useServer(serverFor());
    const queued = await queue(50);
    expect(await drain(blobs.store, client, fast())).toMatchObject({ synced: 50, requests: 5 });
    const before = airtable.log.length;
    const [right] = await submit(1);
    expect(airtable.log.length).toBe(before);
    clock.advance(1_100);
    const [later] = await submit(1);
    expect(airtable.log.length).toBe(before + 1);
    await drainUntilEmpty();
    expect(refusals()).toBe(0);
    expectExactlyOnce([...queued, right!, later!]);
  });

  it('of two drain runs started at once, one leaves the base to the other', async () => {
    await useServer(serverFor());
    const receipts = await queue(40);
    const reports = await Promise.all([drain(blobs.store, client, fast()), drain(blobs.store, client, fast())]);
    expect(reports.map((r) => r.synced).sort((a, b) => a - b)).toEqual([0, 40]);
    expect(refusals()).toBe(0);
    expectExactlyOnce(receipts);
  });

  // 300 submissions under TEST_RUNS=full, 100 in a quick run: batches of 10, five requests a second either way.
  const queued = runs(300, 100);
  const requests = queued / 10;
  it(`sends at nearly the full rate: ${queued} queued submissions in ${requests} requests, about 5 a second, never 6 in any second`, async () => {
    await useServer(serverFor());
    const receipts = await queue(queued);
    const started = clock.now();
    const report = await drain(blobs.store, client, fast());
    expect(report).toMatchObject({ synced: queued, left: 0, requests, rateLimited: 0 });
    expect(maxRequestsInAnySecond()).toBe(5);
    // On the run's own clock: at 5 a second, every request after the first five waits its turn, and no longer.
    const waited = clock.now() - started;
    const seconds = Math.ceil(requests / 5) - 1;
    expect(waited).toBeGreaterThanOrEqual(seconds * 1_000);
    expect(waited).toBeLessThan((seconds + 1) * 1_000);
    expectExactlyOnce(receipts);
  });
});

describe('pacing on when requests start, with Airtable answering slowly', () => {
  /** Some request started before the one sent before it was answered: the run does not wait for answers to send. */
  const overlapping = () => {
    const byStart = [...airtable.log].sort((a, b) => a.start - b.start);
    return byStart.some((l, i) => i > 0 && l.start < byStart[i - 1]!.at);
  };

  // Real time here: the answers take real milliseconds, and the run's pace is the real clock's.
  it.each([150, 300])('with answers taking %i ms, keeps requests in flight side by side, never 6 starting in a second, and gets no 429', async (latencyMs) => {
    clock.restoreDate();
    await useServer(serverFor({ latencyMs, now: Date.now, penaltyMs: 30_000 }));
    // Seven batches: the sixth and seventh wait for the first second's window to move on.
    const receipts = await queue(70);
    const report = await drain(blobs.store, client, { budgetMs: 20_000 });
    expect(report).toMatchObject({ synced: 70, left: 0, requests: 7, rateLimited: 0 });
    expect(refusals()).toBe(0);
    expect(maxRequestsInAnySecond()).toBeLessThanOrEqual(5);
    expect(overlapping()).toBe(true);
    expectExactlyOnce(receipts);
  });
});

describe('evidence files into Airtable', () => {
  const CLAIMS = tableFor(compensation);
  const EVIDENCE = 'Evidence of completion (attached)';
  const GROWTH_PLAN = 'Growth-plan-and-record form (attached)';
  const PDF = (name: string) => pdf(name);

  /**
   * A claim with two files, sent by `employeeId` through the write path (with Airtable
   * when `deps` has it): Ana's claim of a course she had pre-approved, with its
   * evidence of completion and her growth-plan form; anyone else's, of a catalog
   * course, with the growth-plan form only.
   */
  async function claimWithFiles(deps: SubmitDeps = testDeps(blobs.store), employeeId: string = STAFF.ana): Promise<string> {
    let lines: Record<string, unknown>[] = [catalogLine('paraeducator-academy', 6)];
    if (employeeId === STAFF.ana) {
      const pre = await handleSubmission(await byAna(preApprovalAnswers({ startDate: '2026-12-01' }), deps), preApproval, deps);
      const { receipt } = (await pre.json()) as { receipt: string };
      await blobs.store.setStatus(receipt, 'approved', '2026-10-01');
      // The write path tries at most once a second: the claim's try comes after the pre-approval's.
      clock.advance(1_000);
      lines = [{ preApprovalReceipt: receipt, startDate: '2026-10-05', completionDate: '2026-11-02', hours: '6', evidence: PDF('transcript.pdf') }];
    }
    const request = multipartRequest('/api/forms/compensation', compensationAnswers(lines, { permitHolder: 'yes', growthPlan: PDF('plan.pdf') }));
    const response = await handleSubmission(as(await sessionFor(deps, employeeId), request), compensation, deps);
    const body = (await response.json()) as { receipt: string };
    expect(response.status, JSON.stringify(body)).toBe(201);
    return body.receipt;
  }

  const rowOf = (receipt: string) => {
    const rows = airtable.records(CLAIMS).filter((r) => r.fields['Receipt'] === receipt);
    expect(rows).toHaveLength(1);
    return rows[0]!.fields;
  };
  const cell = (receipt: string, column: string) => (rowOf(receipt)[column] as Attachment[] | undefined) ?? [];
  const names = (receipt: string, column: string) => cell(receipt, column).map((a) => a.filename);

  it('puts a claim’s files in its record’s attachment columns, each named for what it is, and only then lets the claim leave the queue', async () => {
    await useServer(serverFor());
    const receipt = await claimWithFiles();
    const report = await drain(blobs.store, client, fast());
    // The pre-approval's record, the claim's, and a request for each file.
    expect(report).toMatchObject({ synced: 2, attached: 2, left: 0, requests: 4, rateLimited: 0 });
    expect(cell(receipt, EVIDENCE)).toEqual([expect.objectContaining({ filename: 'Course 1 - transcript.pdf', type: 'application/pdf', size: PDF('x').size })]);
    expect(names(receipt, GROWTH_PLAN)).toEqual(['plan.pdf']);
    const bytes = await (await fetch(cell(receipt, GROWTH_PLAN)[0]!.url)).text();
    expect(bytes).toBe(await PDF('plan.pdf').text());
    expect(rowOf(receipt)['Growth-plan-and-record form']).toMatch(/^plan\.pdf \(application\/pdf, \d+ bytes\)$/);
    expect(await blobs.store.pending()).toEqual([]);
    expect(maxRequestsInAnySecond()).toBeLessThanOrEqual(5);
  });

  it('the write path puts a claim with files in Airtable at once and leaves its files to the drain, which adds them once', async () => {
    await useServer(serverFor());
    const deps = { ...testDeps(blobs.store), airtable: client };
    const receipt = await claimWithFiles(deps);
    expect(rowOf(receipt)['Status']).toBe('with-supervisor');
    expect(cell(receipt, GROWTH_PLAN)).toEqual([]);
    expect((await blobs.store.pending()).map((r) => r.receipt)).toContain(receipt);
    await drainUntilEmpty();
    expect(names(receipt, EVIDENCE)).toEqual(['Course 1 - transcript.pdf']);
    expect(names(receipt, GROWTH_PLAN)).toEqual(['plan.pdf']);
  });

  it('after a crash between a claim’s two uploads, the replay sends only the file Airtable lacks', async () => {
    await useServer(serverFor());
    const receipt = await claimWithFiles();
    const upload = client.uploadAttachment.bind(client);
    let uploads = 0;
    vi.spyOn(client, 'uploadAttachment').mockImplementation(async (...args) => {
      if (++uploads === 2) throw new Error('the function was stopped');
      return upload(...args);
    });
    await expect(drain(blobs.store, client, fast())).rejects.toThrow(/stopped/);
    expect(names(receipt, EVIDENCE)).toEqual(['Course 1 - transcript.pdf']);
    expect((await blobs.store.pending()).map((r) => r.receipt)).toContain(receipt);
    clock.advance(10_000);
    await drainUntilEmpty();
    expect(names(receipt, EVIDENCE)).toEqual(['Course 1 - transcript.pdf']);
    expect(names(receipt, GROWTH_PLAN)).toEqual(['plan.pdf']);
  });

  it('after a crash between the uploads and the queue’s mark, the replay sends the record again and no file twice', async () => {
    await useServer(serverFor());
    const receipt = await claimWithFiles();
    // The claim's mark: the pre-approval's batch goes side by side with it and may be marked first.
    const mark = blobs.store.markSynced.bind(blobs.store);
    vi.spyOn(blobs.store, 'markSynced').mockImplementation(async (record, at) => {
      if (record.receipt === receipt) throw new Error('the function was stopped');
      return mark(record, at);
    });
    await expect(drain(blobs.store, client, fast())).rejects.toThrow(/stopped/);
    vi.restoreAllMocks();
    expect(names(receipt, GROWTH_PLAN)).toEqual(['plan.pdf']);
    clock.advance(10_000);
    const replay = await drain(blobs.store, client, fast());
    expect(replay).toMatchObject({ attached: 0, left: 0 });
    expect(names(receipt, EVIDENCE)).toEqual(['Course 1 - transcript.pdf']);
    expect(names(receipt, GROWTH_PLAN)).toEqual(['plan.pdf']);
    expect(await blobs.store.pending()).toEqual([]);
  });

  it('while only uploads fail, the claim stays queued, and once they work again its files go up once', async () => {
    await useServer(serverFor());
    const receipt = await claimWithFiles();
    airtable.uploadsDown = true;
    const during = await drain(blobs.store, client, { ...fast(), budgetMs: 1_000 });
    expect(during.unavailable).toBeGreaterThan(0);
    expect(during.left).toBe(1);
    expect(cell(receipt, GROWTH_PLAN)).toEqual([]);
    expect((await blobs.store.pending()).map((r) => r.receipt)).toEqual([receipt]);
    airtable.uploadsDown = false;
    await drainUntilEmpty();
    expect(names(receipt, EVIDENCE)).toEqual(['Course 1 - transcript.pdf']);
    expect(names(receipt, GROWTH_PLAN)).toEqual(['plan.pdf']);
  });

  it('a file Airtable refuses (its column is text in this base) keeps the claim queued and reported; once the base is fixed only that file goes', async () => {
    await useServer(serverFor({ retype: { [GROWTH_PLAN]: 'multilineText' } }));
    const receipt = await claimWithFiles();
    const report = await drain(blobs.store, client, fast());
    expect(report.rejected).toEqual([{ receipt, message: expect.stringMatching(/INVALID_FIELD_TYPE/) }]);
    expect(report).toMatchObject({ synced: 1, attached: 1, left: 1 });
    expect(names(receipt, EVIDENCE)).toEqual(['Course 1 - transcript.pdf']);
    expect((await blobs.store.pending()).map((r) => r.receipt)).toEqual([receipt]);
    // HR changes the column's type in Airtable.
    (airtable as unknown as { types: Map<string, string> }).types.set(`${CLAIMS}\u0000${GROWTH_PLAN}`, 'multipleAttachments');
    clock.advance(1_000);
    expect(await drain(blobs.store, client, fast())).toMatchObject({ attached: 1, left: 0, rejected: [] });
    expect(names(receipt, EVIDENCE)).toEqual(['Course 1 - transcript.pdf']);
    expect(names(receipt, GROWTH_PLAN)).toEqual(['plan.pdf']);
  });

  it('with claims and their files a fifth of the queue, through a storm of 429s: every record and every file exactly once', async () => {
    await useServer(serverFor({ requestsPerSecond: 2, penaltyMs: 300 }));
    const deps = testDeps(blobs.store);
    const claimants = (await deps.roster()).members
      .filter((m) => m.active && m.group === 'permanent-classified' && m.supervisorId && m.employeeId !== STAFF.ana)
      .slice(0, 5)
      .map((m) => m.employeeId);
    const claims = await Promise.all(claimants.map((id) => claimWithFiles(deps, id)));
    const requests = await queue(20);
    await drainUntilEmpty();
    expect(refusals()).toBeGreaterThan(0);
    expectExactlyOnce(requests);
    expect(
      airtable
        .records(CLAIMS)
        .map((r) => r.fields['Receipt'])
        .sort(),
    ).toEqual([...claims].sort());
    for (const receipt of claims) expect(cell(receipt, GROWTH_PLAN)).toEqual([expect.objectContaining({ filename: 'plan.pdf' })]);
  });
});
