import { describe, expect, it } from 'vitest';
import { tableFor } from '../../src/lib/airtable/fields.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { handleSubmission } from '../../src/lib/app/submit.ts';
import { BASE_TABLES } from '../../src/lib/airtable/base-schema.ts';
import { decisionColumnsFor } from '../../src/lib/airtable/decision-columns.ts';
import { act } from '../../src/lib/workflow/act.ts';
import { pullDecisions } from '../../src/lib/airtable/decisions.ts';
import { TEST_LINK_SECRET } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { catalogLine, compensationAnswers, jsonRequest } from '../../support/submissions.ts';
import { airtableWorldEachTest } from '../support/airtable-world.ts';

/**
 * HR's outcomes besides yes and no, chosen in Airtable: fewer hours approved (with
 * the hours in a number column beside the choice) and a return for more
 * information. A decision the site cannot apply is explained in the record.
 */
const COMPENSATION = tableFor(compensation);

/** The base as setup makes it, with the decision columns of every step (the same ones, once, where the table already lists them). */
const tables = () =>
  BASE_TABLES.map((t) =>
    t.name === COMPENSATION
      ? { ...t, fields: [...t.fields, ...decisionColumnsFor(compensation.id).filter((c) => !t.fields.some((f) => f.name === c.name))] }
      : t,
  );

const ctx = () => ({
  store: world.blobs.store,
  now: new Date('2026-11-25T17:00:00Z'),
  timeZone: world.deps.program.timeZone,
  blockHours: world.deps.program.blockHours,
  links: { origin: 'http://localhost', secret: TEST_LINK_SECRET },
});
const world = airtableWorldEachTest(tables);
const { sync } = world;
const row = (receipt: string) => world.airtable.records(COMPENSATION).find((r) => r.fields['Receipt'] === receipt)!;
const stored = async (receipt: string) => (await world.blobs.store.byReceipt(receipt))!;

/** A 12-hour claim the supervisor approved, in Airtable at HR's step. */
async function claimWithHr(): Promise<string> {
  const response = await handleSubmission(
    as(await sessionFor(world.deps, STAFF.ana), jsonRequest('/api/forms/compensation', compensationAnswers([catalogLine('paraeducator-academy', 12)]))),
    compensation,
    world.deps,
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
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([{ receipt, action: 'reduce' }]);
    const reduced = await stored(receipt);
    expect(reduced.status).toBe('with-payroll');
    expect(reduced.facts.claim).toMatchObject({ hours: 12, approvedHours: 6 });
    expect(await world.blobs.store.hoursSubmitted(STAFF.ana, 2026)).toBe(6);
  });

  it('refuse fewer hours without the hours, or with hours not fewer whole blocks, and say why in the record', async () => {
    const receipt = await claimWithHr();
    Object.assign(row(receipt).fields, { 'HR decision': 'Approve fewer hours', 'HR comment': 'A grant paid part.' });
    const missing = await pullDecisions(world.client, ctx());
    expect(missing.applied).toEqual([]);
    expect(row(receipt).fields['HR decision error']).toMatch(/enter the hours approved in Approved hours/);

    row(receipt).fields['Approved hours'] = 9;
    await pullDecisions(world.client, ctx());
    expect(row(receipt).fields['HR decision error']).toMatch(/whole blocks of 6 hours; 9 is not/);
    row(receipt).fields['Approved hours'] = 12;
    await pullDecisions(world.client, ctx());
    expect(row(receipt).fields['HR decision error']).toMatch(/fewer than the 12 claimed/);
    expect((await stored(receipt)).status).toBe('with-hr');

    // Corrected, it is applied and the explanation goes.
    row(receipt).fields['Approved hours'] = 6;
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([{ receipt, action: 'reduce' }]);
    expect(row(receipt).fields['HR decision error']).toBeUndefined();
  });

  it('return a claim to its requester with HR’s note', async () => {
    const receipt = await claimWithHr();
    Object.assign(row(receipt).fields, { 'HR decision': 'Return for more information', 'HR comment': 'Attach the certificate.' });
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([{ receipt, action: 'return' }]);
    const returned = await stored(receipt);
    expect(returned.status).toBe('returned');
    expect(returned.history!.at(-1)).toMatchObject({ action: 'return', by: 'Human Resources', comment: 'Attach the certificate.' });
  });
});
