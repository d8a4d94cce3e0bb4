import { beforeEach, describe, expect, it } from 'vitest';
import { handleSubmission, requestActContext, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { statusHandler } from '../../src/lib/app/request-handlers.ts';
import { reimbursement } from '../../src/lib/forms/reimbursement.ts';
import { listOutbox } from '../../src/lib/mail/outbox.ts';
import { columnsFor, recordFor, submissionFromRecord, tableFor } from '../../src/lib/airtable/fields.ts';
import { payrollCsv, payrollFor } from '../../src/lib/reports/payroll.ts';
import { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { act } from '../../src/lib/workflow/act.ts';
import { budgetOf, budgetsFor } from '../../src/lib/workflow/budget.ts';
import { freshStoreEachTest } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { multipartRequest, reimbursementAnswers } from '../../support/submissions.ts';

/**
 * Reimbursements from a person's PD budget, end to end through the form's endpoint and the
 * routing: $600 a year for full-time Ana Reyes (content/program.yaml, content/staff.csv),
 * $300 for Maya Johnson at 0.5 FTE and 20 hours. Figures are worked out by hand.
 */
const fresh = freshStoreEachTest();
let store: SubmissionStore;
let deps: SubmitDeps;
beforeEach(() => {
  store = fresh.store;
  deps = fresh.deps;
});

const MAYA = '104237';
type Body = { receipt?: string; errors?: { field: string; message: string }[] };

const answers = reimbursementAnswers;

async function send(amount: string, who: string = STAFF.ana, overrides: Record<string, unknown> = {}) {
  const request = as(await sessionFor(deps, who), multipartRequest('/api/forms/reimbursement', answers(amount, overrides)));
  const response = await handleSubmission(request, reimbursement, deps);
  return { status: response.status, body: (await response.json()) as Body };
}

const flow = () => requestActContext(deps);
const member = async (id: string) => (await deps.roster()).byId(id)!;
const budget = async (id: string = STAFF.ana) => budgetOf(store, deps.program, await member(id), 2026);

describe('a reimbursement request', () => {
  it('is stored with its receipt file and counts as pending until it is decided', async () => {
    const { status, body } = await send('149.50');
    expect(status).toBe(201);
    const record = (await store.byReceipt(body.receipt!))!;
    expect(record.status).toBe('with-supervisor');
    expect(record.facts.reimbursement).toEqual({ cents: 14_950, fiscalYear: 2026 });
    expect(record.files.map((f) => [f.field, f.name])).toEqual([['receipt', 'summit-receipt.pdf']]);
    expect(await budget()).toEqual({ fiscalYear: 2026, allocation: 600, spent: 0, pending: 149.5, left: 450.5 });
  });

  it('above what is left, pending requests counted, is refused naming the amount field and saying what is left', async () => {
    expect((await send('400')).status).toBe(201);
    const { status, body } = await send('250.01');
    expect(status).toBe(422);
    expect(body.errors).toEqual([
      {
        field: 'amount',
        message: 'You have $200 left of your $600 PD budget this fiscal year, counting requests not yet decided; $250.01 is more than that',
      },
    ]);
    expect((await send('200')).status).toBe(201);
    expect((await budget()).left).toBe(0);
  });

  it('of a part-time person is held to their pro-rated budget: $300 at 0.5 FTE and 20 hours', async () => {
    const { status, body } = await send('300.01', MAYA);
    expect(status).toBe(422);
    expect(body.errors?.[0]?.message).toContain('You have $300 left of your $300 PD budget');
    expect((await send('300', MAYA)).status).toBe(201);
  });

  it('takes dollars and cents as plain decimals only', async () => {
    for (const amount of ['1e2', '0x10', '12.345', '-5']) {
      const { status, body } = await send(amount);
      expect(status, amount).toBe(422);
      expect(
        body.errors?.map((e) => e.field),
        amount,
      ).toEqual(['amount']);
    }
  });

  it('sent twice at the same moment, together over the budget: one is taken, the other refused saying what is left', async () => {
    const results = await Promise.all([send('350'), send('350')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
    const refused = results.find((r) => r.status === 422)!;
    expect(refused.body.errors).toEqual([
      { field: 'amount', message: 'You have $250 left of your $600 PD budget this fiscal year, counting requests not yet decided; $350 is more than that' },
    ]);
    expect(await store.centsReserved(STAFF.ana, 2026)).toBe(35_000);
    expect(await budget()).toEqual({ fiscalYear: 2026, allocation: 600, spent: 0, pending: 350, left: 250 });
  });
});

describe('two function instances', () => {
  it('sending one each at the same moment, together over the budget, never both take it', async () => {
    // A second instance: the same Blobs store, none of the first one's turn-taking.
    const other = { ...deps, store: new SubmissionStore(store.blobStore) };
    const sendOn = async (d: SubmitDeps) =>
      (await handleSubmission(as(await sessionFor(d, STAFF.ana), multipartRequest('/api/forms/reimbursement', answers('350'))), reimbursement, d)).status;
    const statuses = await Promise.all([sendOn(deps), sendOn(other)]);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(1);
    expect(await store.centsReserved(STAFF.ana, 2026)).toBeLessThanOrEqual(60_000);
  });
});

describe('spent, pending and left', () => {
  it('follow each decision: approved by HR is spent, denied gives it back, a smaller approval counts only what was approved', async () => {
    const a = (await send('100')).body.receipt!;
    const b = (await send('200')).body.receipt!;
    const c = (await send('250')).body.receipt!;
    expect(await budget()).toEqual({ fiscalYear: 2026, allocation: 600, spent: 0, pending: 550, left: 50 });

    for (const receipt of [a, b, c]) expect((await act({ receipt, action: 'approve', by: 'supervisor' }, flow())).ok).toBe(true);
    expect((await act({ receipt: a, action: 'approve', by: 'hr' }, flow())).ok).toBe(true);
    expect(await budget()).toEqual({ fiscalYear: 2026, allocation: 600, spent: 100, pending: 450, left: 50 });

    expect((await act({ receipt: b, action: 'deny', by: 'hr', comment: 'Not professional learning.' }, flow())).ok).toBe(true);
    expect(await budget()).toEqual({ fiscalYear: 2026, allocation: 600, spent: 100, pending: 250, left: 250 });

    const noReason = await act({ receipt: c, action: 'reduce', by: 'hr', approvedAmount: 175.25 }, flow());
    expect(noReason.ok).toBe(false);
    const more = await act({ receipt: c, action: 'reduce', by: 'hr', approvedAmount: 250, comment: 'All of it' }, flow());
    expect(more).toMatchObject({ ok: false, message: expect.stringContaining('less than the $250 asked') });
    const reduced = await act({ receipt: c, action: 'reduce', by: 'hr', approvedAmount: 175.25, comment: 'The district paid the parking.' }, flow());
    expect(reduced.ok).toBe(true);
    expect(await budget()).toEqual({ fiscalYear: 2026, allocation: 600, spent: 275.25, pending: 0, left: 324.75 });
    expect(await store.centsReserved(STAFF.ana, 2026)).toBe(27_525);

    // What the smaller approval gave back may be asked for again.
    expect((await send('324.75')).status).toBe(201);
    expect((await budget()).left).toBe(0);
  });

  it('are listed for every active person, with nothing spent for those who asked for nothing', async () => {
    await send('80');
    const all = await budgetsFor(store, deps.program, await deps.roster(), 2026);
    expect(all.get(STAFF.ana)).toEqual({ fiscalYear: 2026, allocation: 600, spent: 0, pending: 80, left: 520 });
    expect(all.get(MAYA)).toEqual({ fiscalYear: 2026, allocation: 300, spent: 0, pending: 0, left: 300 });
    expect(all.get(STAFF.jordan)?.allocation).toBe(562.5);
  });
});

describe('the payroll file', () => {
  it('lists an approved reimbursement once, as its own pay line with its amount and no hours', async () => {
    const receipt = (await send('149.50')).body.receipt!;
    await act({ receipt, action: 'approve', by: 'supervisor' }, flow());
    await act({ receipt, action: 'approve', by: 'hr' }, flow());
    const pending = (await send('20')).body.receipt!;
    const all = await store.list();
    // The same record twice (read from two places) is still one line.
    const payroll = payrollFor([...all, ...all], 2026, deps.program);
    expect(payroll.reimbursements.map((r) => [r.receipt, r.amount])).toEqual([[receipt, 149.5]]);
    expect(payroll.rows).toEqual([]);
    const csv = payrollCsv(payroll);
    expect(csv.split(receipt).length - 1).toBe(1);
    expect(csv).not.toContain(pending);
    expect(csv).toContain(
      `104233,Ana Reyes,${receipt},"Approved by Human Resources, with payroll",,,,149.50,"PD budget reimbursement: $149.50 registration fee, paid November 2, 2026: Literacy Summit, County Office of Education"`,
    );
  });

  it('pays the smaller amount HR approved, with their reason', async () => {
    const receipt = (await send('300')).body.receipt!;
    await act({ receipt, action: 'approve', by: 'supervisor' }, flow());
    await act({ receipt, action: 'reduce', by: 'hr', approvedAmount: 120, comment: 'A grant paid the rest' }, flow());
    const [line] = payrollFor(await store.list(), 2026, deps.program).reimbursements;
    expect(line).toMatchObject({ amount: 120, note: expect.stringContaining('Human Resources approved $120 of the $300 asked: A grant paid the rest') });
  });

  it('tells the requester of the smaller amount on the status page and by email', async () => {
    const receipt = (await send('300')).body.receipt!;
    await act({ receipt, action: 'approve', by: 'supervisor' }, flow());
    await act({ receipt, action: 'reduce', by: 'hr', approvedAmount: 120, comment: 'A grant paid the rest' }, flow());
    const page = await (
      await statusHandler(as(await sessionFor(deps, STAFF.ana), new Request(`http://localhost/requests/status/?receipt=${encodeURIComponent(receipt)}`)), deps)
    ).text();
    expect(page).toContain('Human Resources approved $120 of the $300 asked: “A grant paid the rest”');
    const mail = (await listOutbox(store)).pending.filter((m) => m.message.to === 'ana.reyes@cedarvalley.example').map((m) => m.message.text);
    expect(mail.some((text) => text.includes('Human Resources approved $120 of the $300 you asked for. The reason: A grant paid the rest'))).toBe(true);
  });
});

describe('the status page', () => {
  it('shows the request and where it stands to its requester', async () => {
    const receipt = (await send('149.50')).body.receipt!;
    const page = await (
      await statusHandler(as(await sessionFor(deps, STAFF.ana), new Request(`http://localhost/requests/status/?receipt=${encodeURIComponent(receipt)}`)), deps)
    ).text();
    expect(page).toContain(receipt);
    expect(page).toContain('With your supervisor');
    expect(page).toContain('$149.50 registration fee');
  });
});

describe('in Airtable', () => {
  it('has a table of its own with the amount payroll pays, read back the same way', async () => {
    const receipt = (await send('300')).body.receipt!;
    await act({ receipt, action: 'approve', by: 'supervisor' }, flow());
    await act({ receipt, action: 'reduce', by: 'hr', approvedAmount: 120, comment: 'A grant paid the rest' }, flow());
    const stored = (await store.byReceipt(receipt))!;
    expect(tableFor(reimbursement)).toBe('Reimbursement requests');
    const names = columnsFor(reimbursement).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Amount', 'Receipt', 'Amount to pay (USD)', 'HR decision', 'Approved amount (USD)', 'Payroll']));
    const fields = recordFor(reimbursement, stored);
    expect(fields).toMatchObject({ Amount: 300, 'Amount to pay (USD)': 120, 'Fiscal year': 2026 });
    const back = submissionFromRecord(reimbursement, fields, deps.program.timeZone)!;
    expect(back.facts.reimbursement).toEqual({ cents: 30_000, fiscalYear: 2026, approvedCents: 12_000 });
  });
});
