import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableFor } from '../../src/lib/airtable/fields.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { AirtableClient } from '../../src/lib/airtable/client.ts';
import { BASE_TABLES } from '../../src/lib/airtable/base-schema.ts';
import { decisionColumnsFor } from '../../src/lib/airtable/decision-columns.ts';
import { drain } from '../../src/lib/airtable/drain.ts';
import { act } from '../../src/lib/workflow/act.ts';
import { pullDecisions } from '../../src/lib/airtable/decisions.ts';
import { AirtableServer, standInTables } from '../../support/airtable-server.ts';
import { startBlobs, TEST_LINK_SECRET, testDeps } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { catalogLine, compensationAnswers, jsonRequest } from '../../support/submissions.ts';
import { TestClock } from '../support/clock.ts';

/**
 * HR's outcomes besides yes and no, chosen in Airtable: fewer hours approved (with
 * the hours in a number column beside the choice) and a return for more
 * information. A decision the site cannot apply is explained in the record.
 */
let clock: TestClock;
let blobs: Awaited<ReturnType<typeof startBlobs>>;
let airtable: AirtableServer;
let client: AirtableClient;
let deps: SubmitDeps;
const COMPENSATION = tableFor(compensation);

/** The base as setup makes it, with the decision columns of every step (the same ones, once, where the table already lists them). */
const tables = () =>
  BASE_TABLES.map((t) =>
    t.name === COMPENSATION
      ? { ...t, fields: [...t.fields, ...decisionColumnsFor(compensation.id).filter((c) => !t.fields.some((f) => f.name === c.name))] }
      : t,
  );

beforeEach(async () => {
  clock = new TestClock();
  blobs = await startBlobs();
  airtable = new AirtableServer({ ...standInTables(tables()), penaltyMs: 300, requestsPerSecond: 50, now: clock.now });
  await airtable.start();
  client = new AirtableClient({ apiKey: airtable.token, baseId: airtable.baseId, endpointUrl: airtable.url }, { timeoutMs: 2_000 });
  deps = testDeps(blobs.store);
});
afterEach(async () => {
  await airtable.stop();
  await blobs.stop();
});

const ctx = () => ({
  store: blobs.store,
  now: new Date('2026-11-25T17:00:00Z'),
  timeZone: deps.program.timeZone,
  blockHours: deps.program.blockHours,
  links: { origin: 'http://localhost', secret: TEST_LINK_SECRET },
});
const sync = () => drain(blobs.store, client, { penaltyMs: 350, budgetMs: 10_000, maxBackoffMs: 200, now: clock.now, sleep: clock.sleep });
const row = (receipt: string) => airtable.records(COMPENSATION).find((r) => r.fields['Receipt'] === receipt)!;
const stored = async (receipt: string) => (await blobs.store.byReceipt(receipt))!;

/** A 12-hour claim the supervisor approved, in Airtable at HR's step. */
async function claimWithHr(): Promise<string> {
  const response = await handleSubmission(
    as(await sessionFor(deps, STAFF.ana), jsonRequest('/api/forms/compensation', compensationAnswers([catalogLine('paraeducator-academy', 12)]))),
    compensation,
    deps,
  );
  const { receipt } = (await response.json()) as { receipt: string };
  await act({ receipt, action: 'approve', by: 'supervisor', name: 'Sam Lee' }, ctx());
  await sync();
  expect(row(receipt).fields['Status']).toBe('with-hr');
  return receipt;
}

describe('HR’s decision columns', () => {
  it('offer fewer hours and a return beside approve and deny, with a number column for the hours approved', () => {
    const columns = decisionColumnsFor(compensation.id);
    expect(columns.find((c) => c.name === 'HR decision')?.choices).toEqual(['Approve', 'Approve fewer hours', 'Deny', 'Return for more information']);
    expect(columns).toContainEqual({ name: 'Approved hours', type: 'number' });
    expect(columns).toContainEqual({ name: 'HR decision error', type: 'multilineText' });
  });

  it('approve fewer hours with the hours and reason HR entered', async () => {
    const receipt = await claimWithHr();
    Object.assign(row(receipt).fields, { 'HR decision': 'Approve fewer hours', 'Approved hours': 6, 'HR comment': 'A grant paid six hours.' });
    expect((await pullDecisions(client, ctx())).applied).toEqual([{ receipt, action: 'reduce' }]);
    const reduced = await stored(receipt);
    expect(reduced.status).toBe('with-payroll');
    expect(reduced.facts.claim).toMatchObject({ hours: 12, approvedHours: 6 });
    expect(await blobs.store.hoursSubmitted(STAFF.ana, 2026)).toBe(6);
  });

  it('refuse fewer hours without the hours, or with hours not fewer whole blocks, and say why in the record', async () => {
    const receipt = await claimWithHr();
    Object.assign(row(receipt).fields, { 'HR decision': 'Approve fewer hours', 'HR comment': 'A grant paid part.' });
    const missing = await pullDecisions(client, ctx());
    expect(missing.applied).toEqual([]);
    expect(row(receipt).fields['HR decision error']).toMatch(/enter the hours approved in Approved hours/);

    row(receipt).fields['Approved hours'] = 9;
    await pullDecisions(client, ctx());
    expect(row(receipt).fields['HR decision error']).toMatch(/whole blocks of 6 hours; 9 is not/);
    row(receipt).fields['Approved hours'] = 12;
    await pullDecisions(client, ctx());
    expect(row(receipt).fields['HR decision error']).toMatch(/fewer than the 12 claimed/);
    expect((await stored(receipt)).status).toBe('with-hr');

    // Corrected, it is applied and the explanation goes.
    row(receipt).fields['Approved hours'] = 6;
    expect((await pullDecisions(client, ctx())).applied).toEqual([{ receipt, action: 'reduce' }]);
    expect(row(receipt).fields['HR decision error']).toBeUndefined();
  });

  it('return a claim to its requester with HR’s note', async () => {
    const receipt = await claimWithHr();
    Object.assign(row(receipt).fields, { 'HR decision': 'Return for more information', 'HR comment': 'Attach the certificate.' });
    expect((await pullDecisions(client, ctx())).applied).toEqual([{ receipt, action: 'return' }]);
    const returned = await stored(receipt);
    expect(returned.status).toBe('returned');
    expect(returned.history!.at(-1)).toMatchObject({ action: 'return', by: 'Human Resources', comment: 'Attach the certificate.' });
  });
});
