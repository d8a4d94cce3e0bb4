import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tableFor } from '../../src/lib/airtable/fields.ts';
import { appeal } from '../../src/lib/forms/appeal.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import type { AnyForm } from '../../src/lib/forms/form.ts';
import { handleSubmission } from '../../src/lib/app/submit.ts';
import { act } from '../../src/lib/workflow/act.ts';
import { pullDecisions } from '../../src/lib/airtable/decisions.ts';
import { syncWithAirtable } from '../../src/lib/airtable/sync.ts';
import type { Attachment } from '../../support/airtable-server.ts';
import { TEST_LINK_SECRET } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { appealAnswers, catalogLine, compensationAnswers, jsonRequest, multipartRequest, pdf, person, preApprovalAnswers } from '../../support/submissions.ts';
import { airtableWorldEachTest } from '../support/airtable-world.ts';

/**
 * HR, payroll and the task force decide in Airtable: the site reads their
 * columns, applies each decision through the routing, and writes the new status
 * back. All through the real airtable.js client against the stand-in server
 * (with a generous rate limit: the drain's tests cover the limits). The stand-in and
 * the drain share a test clock, so the drain's pauses take no real time.
 */
const world = airtableWorldEachTest();
const { sync } = world;

const ctx = () => ({
  store: world.blobs.store,
  now: new Date('2026-11-25T17:00:00Z'),
  timeZone: world.deps.program.timeZone,
  links: { origin: 'http://localhost', secret: TEST_LINK_SECRET },
});
const COMPENSATION = tableFor(compensation);

/** A form sent by the person signed in (by employee ID): Ana unless the test says otherwise. */
async function submit(form: AnyForm, answers: Record<string, unknown>, employeeId: string = STAFF.ana): Promise<string> {
  const response = await handleSubmission(as(await sessionFor(world.deps, employeeId), jsonRequest(`/api/forms/${form.id}`, answers)), form, world.deps);
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return ((await response.json()) as { receipt: string }).receipt;
}

const row = (table: string, receipt: string) => {
  const found = world.airtable.records(table).filter((r) => r.fields['Receipt'] === receipt);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const statusOf = async (receipt: string) => (await world.blobs.store.byReceipt(receipt))!.status;

describe('decisions made in Airtable', () => {
  it('move a claim from HR to payroll to paid, and the Status column follows', async () => {
    const receipt = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    await sync();
    expect(row(COMPENSATION, receipt).fields['Decision link']).toMatch(/\/decide\/\?token=/);

    // HR decides too early: nothing moves, and the report says why.
    row(COMPENSATION, receipt).fields['HR decision'] = 'Approve';
    const early = await pullDecisions(world.client, ctx());
    expect(early.applied).toEqual([]);
    expect(early.refused[0]!.message).toMatch(/with your supervisor/);
    expect(await statusOf(receipt)).toBe('with-supervisor');

    expect((await act({ receipt, action: 'approve', by: 'supervisor', name: 'Sam Lee' }, ctx())).ok).toBe(true);
    await sync();
    // Entering HR's step clears the column, so the early choice is not taken as a decision.
    expect(row(COMPENSATION, receipt).fields).toMatchObject({ Status: 'with-hr' });
    expect(row(COMPENSATION, receipt).fields['HR decision']).toBeUndefined();
    expect(row(COMPENSATION, receipt).fields['Decision link']).toBeUndefined();

    row(COMPENSATION, receipt).fields['HR decision'] = 'Approve';
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([{ receipt, action: 'approve' }]);
    expect(await statusOf(receipt)).toBe('with-payroll');
    // Pulling again applies nothing twice.
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([]);
    await sync();
    expect(row(COMPENSATION, receipt).fields).toMatchObject({ Status: 'with-payroll', 'HR decision': 'Approve', 'Claimed hours': 12, 'Fiscal year': 2026 });

    row(COMPENSATION, receipt).fields['Payroll'] = 'Paid';
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([{ receipt, action: 'pay' }]);
    await sync();
    expect(row(COMPENSATION, receipt).fields['Status']).toBe('paid');
    expect(String(row(COMPENSATION, receipt).fields['History'])).toMatch(/Approved by Human Resources, with payroll, Human Resources/);
  });

  it('take a denial through an appeal the task force overturns, and HR decides afresh', async () => {
    const receipt = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    await act({ receipt, action: 'approve', by: 'supervisor' }, ctx());
    await sync();
    row(COMPENSATION, receipt).fields['HR decision'] = 'Deny';
    row(COMPENSATION, receipt).fields['HR comment'] = 'Hours already paid by a grant.';
    await pullDecisions(world.client, ctx());
    expect(await statusOf(receipt)).toBe('denied');
    expect((await world.blobs.store.byReceipt(receipt))!.history!.at(-1)).toMatchObject({ by: 'Human Resources', comment: 'Hours already paid by a grant.' });
    await sync();

    const appealReceipt = await submit(appeal, {
      fullName: person.fullName,
      email: person.email,
      employeeId: person.employeeId,
      receipt,
      reason: 'The grant paid for materials only.',
      trueAndComplete: 'yes',
      submissionId: randomUUID(),
    });
    await sync();
    // The task force's queue: appeals waiting on it, in Airtable.
    expect(
      world.airtable
        .records(tableFor(appeal))
        .filter((r) => r.fields['Status'] === 'with-task-force')
        .map((r) => r.fields['Refers to']),
    ).toEqual([receipt]);

    row(tableFor(appeal), appealReceipt).fields['Task force decision'] = 'Overturn';
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([{ receipt: appealReceipt, action: 'overturn' }]);
    expect(await statusOf(receipt)).toBe('with-hr');
    // Airtable still shows HR's old "Deny" until the next sync: it must not deny again.
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([]);
    expect(await statusOf(receipt)).toBe('with-hr');
    await sync();
    expect(row(COMPENSATION, receipt).fields['HR decision']).toBeUndefined();
    expect(row(tableFor(appeal), appealReceipt).fields['Status']).toBe('overturned');
    expect(await world.blobs.store.hoursSubmitted(person.employeeId, 2026)).toBe(12);
  });

  it('ignore choices that are not theirs to make and rows the site does not know', async () => {
    const receipt = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 6)]));
    await sync();
    row(COMPENSATION, receipt).fields['Payroll'] = 'Paid';
    row(COMPENSATION, receipt).fields['HR decision'] = 'Maybe';
    world.airtable
      .records(COMPENSATION)
      .push({ id: 'recStranger000001', createdTime: new Date().toISOString(), fields: { Receipt: 'CR-0000000000', 'HR decision': 'Approve' } });
    const report = await pullDecisions(world.client, ctx());
    expect(report.applied).toEqual([]);
    expect(await statusOf(receipt)).toBe('with-supervisor');
  });

  it('come in and go back out in one scheduled run, at Airtable’s own limit', async () => {
    // Airtable's own limit, and a client that waits out its (shortened) penalty.
    await world.replaceAirtable({ clientPenaltyMs: 300 });
    // 25 claims of 6 hours from the roster's permanent classified staff, taken in turn so no one passes the yearly cap;
    // a person's second claim is of a later completion, since the same completion is paid once.
    const claimants = (await world.deps.roster()).members
      .filter((m) => m.active && m.group === 'permanent-classified' && m.supervisorId)
      .map((m) => m.employeeId);
    const receipts: string[] = [];
    for (let i = 0; i < 25; i++) {
      const completed = `2026-10-${10 + Math.floor(i / claimants.length)}`;
      receipts.push(await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 6, completed)]), claimants[i % claimants.length]));
    }
    for (const receipt of receipts) await act({ receipt, action: 'approve', by: 'supervisor' }, ctx());
    const first = await syncWithAirtable(world.blobs.store, world.client, {
      budgetMs: 10_000,
      program: world.deps.program,
      origin: 'http://localhost',
      now: world.clock.now,
      sleep: world.clock.sleep,
    });
    expect(first.sent).toMatchObject({ synced: 25, left: 0, rateLimited: 0 });
    for (const receipt of receipts) row(COMPENSATION, receipt).fields['HR decision'] = 'Approve';

    const second = await syncWithAirtable(world.blobs.store, world.client, {
      budgetMs: 10_000,
      program: world.deps.program,
      origin: 'http://localhost',
      now: world.clock.now,
      sleep: world.clock.sleep,
    });
    expect(second.decisions!.applied).toHaveLength(25);
    expect(second.sent).toMatchObject({ synced: 25, left: 0, rateLimited: 0 });
    expect(receipts.map((r) => row(COMPENSATION, r).fields['Status'])).toEqual(receipts.map(() => 'with-payroll'));
    expect(world.airtable.log.filter((l) => l.status === 429)).toEqual([]);
  });
});

describe('evidence in front of the people who decide in Airtable', () => {
  /** Ana's claim of a course she had pre-approved, with its evidence of completion, signed by her supervisor: it waits on HR. */
  async function claimWithEvidence(): Promise<string> {
    const preApproved = await submit(preApproval, preApprovalAnswers({ startDate: '2026-12-01' }));
    await world.blobs.store.setStatus(preApproved, 'approved', '2026-10-01');
    const line = { preApprovalReceipt: preApproved, startDate: '2026-10-05', completionDate: '2026-11-02', hours: '6', evidence: pdf('transcript.pdf') };
    const request = as(await sessionFor(world.deps, STAFF.ana), multipartRequest('/api/forms/compensation', compensationAnswers([line])));
    const response = await handleSubmission(request, compensation, world.deps);
    expect(response.status).toBe(201);
    const { receipt } = (await response.json()) as { receipt: string };
    await act({ receipt, action: 'approve', by: 'supervisor' }, ctx());
    return receipt;
  }
  const evidenceOf = (receipt: string) =>
    ((row(COMPENSATION, receipt).fields['Evidence of completion (attached)'] as Attachment[] | undefined) ?? []).map((a) => a.filename);

  it('HR decides on a claim once its evidence is on the record: a choice made before is not taken, and is cleared', async () => {
    const receipt = await claimWithEvidence();
    world.airtable.uploadsDown = true;
    await sync();
    expect(row(COMPENSATION, receipt).fields['Status']).toBe('with-hr');
    expect(evidenceOf(receipt)).toEqual([]);
    // A record still waiting for its files is not current, like any record still queued: a choice on it waits.
    row(COMPENSATION, receipt).fields['HR decision'] = 'Approve';
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([]);
    expect(await statusOf(receipt)).toBe('with-hr');

    world.airtable.uploadsDown = false;
    await sync();
    expect(evidenceOf(receipt)).toEqual(['Course 1 - transcript.pdf']);
    // Sending the record again cleared the column, as entering the step does: HR decides with the evidence in front of them.
    expect(row(COMPENSATION, receipt).fields['HR decision']).toBeUndefined();
    row(COMPENSATION, receipt).fields['HR decision'] = 'Approve';
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([{ receipt, action: 'approve' }]);
  });

  it('the task force reviews an appeal with its supporting documents on its record, and the appealed claim’s evidence on the record it refers to', async () => {
    const receipt = await claimWithEvidence();
    await sync();
    row(COMPENSATION, receipt).fields['HR decision'] = 'Deny';
    row(COMPENSATION, receipt).fields['HR comment'] = 'The certificate does not show the hours.';
    expect((await pullDecisions(world.client, ctx())).applied).toEqual([{ receipt, action: 'deny' }]);
    const answers = appealAnswers(receipt, { reason: 'The letter confirms the hours.', documents: pdf('letter from the college.pdf') });
    const sent = await handleSubmission(as(await sessionFor(world.deps, STAFF.ana), multipartRequest('/api/forms/appeal', answers)), appeal, world.deps);
    expect(sent.status).toBe(201);
    const { receipt: appealReceipt } = (await sent.json()) as { receipt: string };
    await sync();
    const appealRow = row(tableFor(appeal), appealReceipt).fields;
    expect((appealRow['Supporting documents (attached)'] as Attachment[]).map((a) => a.filename)).toEqual(['letter from the college.pdf']);
    expect(appealRow['Refers to']).toBe(receipt);
    expect(evidenceOf(receipt)).toEqual(['Course 1 - transcript.pdf']);
  });
});
