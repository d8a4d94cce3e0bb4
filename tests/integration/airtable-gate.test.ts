import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { columnsFor, tableFor } from '../../src/lib/airtable/fields.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { FORMS } from '../../src/lib/forms/registry.ts';
import { handleSubmission } from '../../src/lib/app/submit.ts';
import { AirtableClient } from '../../src/lib/airtable/client.ts';
import { drain } from '../../src/lib/airtable/drain.ts';
import { AirtableServer, standInTables } from '../../support/airtable-server.ts';
import { startBlobs, testDeps } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { jsonRequest, preApprovalAnswers } from '../../support/submissions.ts';
import { TestClock } from '../support/clock.ts';

/**
 * The gate's keys in the queue's Blobs store, as Netlify's local Blobs server can
 * leave them for a reader: half written (it writes in place), or empty. The write
 * path's try reads Date.now(), so the test clock stands in for Date.
 */
const KEYS = { paused: 'airtable/paused-until', drain: 'airtable/drain', lastTry: 'airtable/last-try' };
const PENALTY_MS = 300;

let clock: TestClock;
let blobs: Awaited<ReturnType<typeof startBlobs>>;
let airtable: AirtableServer;
let client: AirtableClient;

beforeEach(async () => {
  clock = new TestClock().installAsDate();
  blobs = await startBlobs();
  airtable = new AirtableServer({
    ...standInTables(FORMS.map((f) => ({ name: tableFor(f), fields: columnsFor(f) }))),
    penaltyMs: PENALTY_MS,
    now: clock.now,
  });
  await airtable.start();
  client = new AirtableClient({ apiKey: airtable.token, baseId: airtable.baseId, endpointUrl: airtable.url }, { timeoutMs: 500, penaltyMs: PENALTY_MS });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await airtable.stop();
  await blobs.stop();
  clock.restoreDate();
});

/** Ana sends a pre-approval request through the write path with Airtable configured. */
async function submit(): Promise<{ status: number; receipt: string }> {
  const deps = { ...testDeps(blobs.store), airtable: client };
  const request = as(await sessionFor(deps, STAFF.ana), jsonRequest('/api/forms/pre-approval', preApprovalAnswers()));
  const response = await handleSubmission(request, preApproval, deps);
  return { status: response.status, receipt: ((await response.json()) as { receipt: string }).receipt };
}

const inAirtable = () => airtable.records(tableFor(preApproval)).map((r) => r.fields['Receipt']);
const pending = async () => (await blobs.store.pending()).map((r) => r.receipt);

describe('a gate key that does not read whole', () => {
  const broken = [
    { key: KEYS.paused, value: '{"until":17', what: 'a half-written pause' },
    { key: KEYS.drain, value: '{"run":"3f0c', what: 'a half-written drain hold' },
    { key: KEYS.lastTry, value: '', what: 'an empty last try' },
  ];

  it.each(broken)('with $what, the submission is accepted and stays queued, and the drain then sends it once', async ({ key, value }) => {
    await blobs.store.blobStore.set(key, value);
    const { status, receipt } = await submit();
    expect(status).toBe(201);
    // The gate said "not now": nothing went to Airtable and the record waits for the drain.
    expect(airtable.log).toEqual([]);
    expect(await pending()).toEqual([receipt]);

    const report = await drain(blobs.store, client, { now: clock.now, sleep: clock.sleep, budgetMs: 5_000 });
    expect(report).toMatchObject({ synced: 1, left: 0, rateLimited: 0 });
    expect(inAirtable()).toEqual([receipt]);
    expect(await pending()).toEqual([]);
    // The run took the base over the broken key; what it left there reads whole.
    const left = await blobs.store.blobStore.get(key, { type: 'text' });
    if (left !== null) expect(() => JSON.parse(left)).not.toThrow();
  });

  it('with a gate that cannot be read at all, the submission is accepted and stays queued', async () => {
    const get = blobs.store.blobStore.get.bind(blobs.store.blobStore);
    vi.spyOn(blobs.store.blobStore, 'get').mockImplementation(((key: string, options?: { type?: 'text' }) => {
      if (key.startsWith('airtable/')) return Promise.reject(new Error('Blobs is not answering'));
      return get(key, options);
    }) as typeof blobs.store.blobStore.get);
    const { status, receipt } = await submit();
    expect(status).toBe(201);
    expect(airtable.log).toEqual([]);
    expect(await pending()).toEqual([receipt]);
  });

  it('once the key reads whole again, the write path sends at once', async () => {
    await blobs.store.blobStore.set(KEYS.drain, '{"run":"3f0c');
    const first = await submit();
    expect(airtable.log).toEqual([]);
    await blobs.store.blobStore.setJSON(KEYS.drain, { run: '', until: 0 });
    clock.advance(1_000);
    const second = await submit();
    expect(inAirtable()).toEqual([second.receipt]);
    expect(await pending()).toEqual([first.receipt]);
  });
});
