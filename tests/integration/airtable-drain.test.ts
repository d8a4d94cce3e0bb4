import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { columnsFor, tableFor } from '../../src/lib/airtable/fields.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { FORMS } from '../../src/lib/forms/registry.ts';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { AirtableClient } from '../../src/lib/airtable/client.ts';
import { drain, type DrainOptions } from '../../src/lib/airtable/drain.ts';
import { recordFor } from '../../src/lib/airtable/fields.ts';
import { AirtableServer } from '../../support/airtable-server.ts';
import { startBlobs, testDeps } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { runs } from '../../support/runs.ts';
import { jsonRequest, preApprovalAnswers } from '../../support/submissions.ts';
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

function serverFor(options: { penaltyMs?: number; requestsPerSecond?: number; drop?: string } = {}) {
  const tables = Object.fromEntries(
    FORMS.map((f) => [
      tableFor(f),
      columnsFor(f)
        .map((c) => c.name)
        .filter((n) => n !== options.drop),
    ]),
  );
  penaltyMs = options.penaltyMs ?? 300;
  return new AirtableServer({ tables, penaltyMs, now: clock.now, ...(options.requestsPerSecond ? { requestsPerSecond: options.requestsPerSecond } : {}) });
}

async function useServer(server: AirtableServer) {
  airtable = server;
  await airtable.start();
  client = new AirtableClient({ apiKey: airtable.token, baseId: airtable.baseId, endpointUrl: airtable.url }, { timeoutMs: 500, penaltyMs });
}

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
const onClock = (options: DrainOptions = {}): DrainOptions => ({ ...options, now: clock.now, sleep: clock.sleep });
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

/** Submissions through the write path with Airtable configured, as the deployed forms send them. */
async function submit(count: number): Promise<string[]> {
  const deps = { ...testDeps(blobs.store), airtable: client };
  return Promise.all(
    Array.from({ length: count }, async () => {
      const response = await handleSubmission(await byAna(preApprovalAnswers(), deps), preApproval, deps);
      expect(response.status).toBe(201);
      return ((await response.json()) as { receipt: string }).receipt;
    }),
  );
}

const refusals = () => airtable.log.filter((l) => l.status === 429).length;

function maxRequestsInAnySecond(): number {
  const times = airtable.log.map((l) => l.at).sort((a, b) => a - b);
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
    expect(airtable.records(TABLE)[0]!.fields).toMatchObject({ Status: 'with-supervisor', 'Course title': 'American Sign Language I', 'Course hours': 12 });
    expect(await blobs.store.pending()).toEqual([]);
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
    await useServer(serverFor({ drop: 'Purpose' }));
    const receipts = await queue(3);
    const report = await drain(blobs.store, client, fast());
    expect(report.rejected.map((r) => r.receipt).sort()).toEqual([...receipts].sort());
    expect(report.rejected[0]!.message).toMatch(/Unknown field name: "Purpose"/);
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
        await clock.sleep(ms);
      },
    });
    await waits;
    const sentBefore = airtable.log.length;
    expect(sentBefore).toBeGreaterThan(0);
    const during = await submit(5);
    expect(airtable.log).toHaveLength(sentBefore);
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
