import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pullDecisions } from '../../src/lib/airtable/decisions.ts';
import { tableFor } from '../../src/lib/airtable/fields.ts';
import { handleSubmission } from '../../src/lib/app/submit.ts';
import { reimbursement } from '../../src/lib/forms/reimbursement.ts';
import { act } from '../../src/lib/workflow/act.ts';
import { budgetOf } from '../../src/lib/workflow/budget.ts';
import { TEST_LINK_SECRET } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { multipartRequest, pdf } from '../../support/submissions.ts';
import { airtableWorldEachTest } from '../support/airtable-world.ts';

/**
 * A reimbursement in HR's Airtable base: a table of its own, HR's decision chosen in
 * its columns (a smaller amount in dollars beside the choice), payroll's "Paid".
 * Through the real client against the Airtable stand-in.
 */
const TABLE = tableFor(reimbursement);

const ctx = () => ({
  store: world.blobs.store,
  now: new Date('2026-11-25T17:00:00Z'),
  timeZone: world.deps.program.timeZone,
  links: { origin: 'http://localhost', secret: TEST_LINK_SECRET },
});
const world = airtableWorldEachTest();
const { sync } = world;
const row = (receipt: string) => world.airtable.records(TABLE).find((r) => r.fields['Receipt'] === receipt)!;

/** A $300 request the supervisor approved, in Airtable at HR's step. */
async function withHr(): Promise<string> {
  const body = {
    submissionId: randomUUID(),
    expenseType: 'tuition',
    courseOrEvent: 'Early Literacy Certificate, Alder County Community College',
    paidOn: '2026-10-30',
    amount: '300',
    receipt: pdf('tuition.pdf'),
    trueAndComplete: 'yes',
  };
  const response = await handleSubmission(
    as(await sessionFor(world.deps, STAFF.ana), multipartRequest('/api/forms/reimbursement', body)),
    reimbursement,
    world.deps,
  );
  const { receipt } = (await response.json()) as { receipt: string };
  await act({ receipt, action: 'approve', by: 'supervisor', name: 'Sam Lee' }, ctx());
  await sync();
  expect(row(receipt).fields['Status']).toBe('with-hr');
  return receipt;
}

describe('a reimbursement in Airtable', () => {
  it('is a row of its own table with the amount asked and the amount to pay', async () => {
    const receipt = await withHr();
    expect(row(receipt).fields).toMatchObject({ Amount: 300, 'Amount to pay (USD)': 300, 'Fiscal year': 2026, 'What is it for?': 'tuition' });
    // The receipt file is in its attachment column, apart from the request's receipt.
    expect(JSON.stringify(row(receipt).fields)).toContain('tuition.pdf');
  });

  it('takes HR’s smaller amount from the number column beside the choice, asks for it when missing, and payroll marks it paid', async () => {
    const receipt = await withHr();
    Object.assign(row(receipt).fields, { 'HR decision': 'Approve a smaller amount', 'HR comment': 'A grant paid the rest.' });
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([]);
    expect(row(receipt).fields['HR decision error']).toMatch(/enter the amount approved in Approved amount \(USD\)/);

    row(receipt).fields['Approved amount (USD)'] = 120;
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([{ receipt, action: 'reduce' }]);
    const reduced = (await world.blobs.store.byReceipt(receipt))!;
    expect(reduced.status).toBe('with-payroll');
    expect(reduced.facts.reimbursement).toEqual({ cents: 30_000, fiscalYear: 2026, approvedCents: 12_000 });
    const ana = (await world.deps.roster()).byId(STAFF.ana)!;
    expect(await budgetOf(world.blobs.store, world.deps.program, ana, 2026)).toEqual({ fiscalYear: 2026, allocation: 600, spent: 120, pending: 0, left: 480 });

    await sync();
    expect(row(receipt).fields['Amount to pay (USD)']).toBe(120);
    row(receipt).fields['Payroll'] = 'Paid';
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([{ receipt, action: 'pay' }]);
    expect((await world.blobs.store.byReceipt(receipt))!.status).toBe('paid');
  });
});
