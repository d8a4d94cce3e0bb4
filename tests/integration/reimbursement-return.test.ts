import { describe, expect, it } from 'vitest';
import { BASE_TABLES, checkBase } from '../../src/lib/airtable/base-schema.ts';
import { pullDecisions } from '../../src/lib/airtable/decisions.ts';
import { columnsFor, tableFor } from '../../src/lib/airtable/fields.ts';
import { decideHandler, prefillHandler, statusHandler } from '../../src/lib/app/request-handlers.ts';
import { handleSubmission, requestActContext, type SubmitDeps } from '../../src/lib/app/submit.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import { reimbursement } from '../../src/lib/forms/reimbursement.ts';
import { listOutbox } from '../../src/lib/mail/outbox.ts';
import { BudgetExceeded, SubmissionStore } from '../../src/lib/store/submissions.ts';
import { act } from '../../src/lib/workflow/act.ts';
import { budgetOf } from '../../src/lib/workflow/budget.ts';
import { freshStoreEachTest, TEST_LINK_SECRET } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { multipartRequest, person, reimbursementAnswers } from '../../support/submissions.ts';
import { airtableWorldEachTest } from '../support/airtable-world.ts';

/**
 * A reimbursement returned for changes, by the supervisor on the decision page or by HR
 * in Airtable, and sent again by Ana Reyes as the same request. Her PD budget is $600 a
 * year (full time on the sample roster); a returned request keeps its amount reserved, and
 * sent again it is checked against the budget without its own earlier amount.
 */
type Who = keyof typeof STAFF;
type Answer = { status: number; body: { receipt?: string; status?: string; errors?: { field: string; message: string }[] } };

/** Each step a day later than the one before: a link made in the same second as an earlier one would be that link. */
const on = (deps: SubmitDeps, day: string): SubmitDeps => ({ ...deps, now: () => new Date(`${day}T18:00:00Z`) });
const tokenOf = (record: StoredSubmission) => new URL(record.decisionLink!.url).searchParams.get('token')!;
const signedIn = async (deps: SubmitDeps, who: Who, request: Request) => as(await sessionFor(deps, STAFF[who]), request);

async function send(deps: SubmitDeps, amount: string, who: Who = 'ana', overrides: Record<string, unknown> = {}): Promise<Answer> {
  const request = await signedIn(deps, who, multipartRequest('/api/forms/reimbursement', reimbursementAnswers(amount, overrides)));
  const response = await handleSubmission(request, reimbursement, deps);
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** The prefilled form sent again: no file attached (the browser sends an empty file input) unless one is given. */
const resend = (deps: SubmitDeps, receipt: string, amount: string, who: Who = 'ana', overrides: Record<string, unknown> = {}) =>
  send(deps, amount, who, { resends: receipt, receipt: new File([], ''), ...overrides });

const decide = async (deps: SubmitDeps, record: StoredSubmission, fields: Record<string, string>) =>
  decideHandler(
    await signedIn(
      deps,
      'sam',
      new Request('http://localhost/decide/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ token: tokenOf(record), ...fields }).toString(),
      }),
    ),
    deps,
  );

describe('a reimbursement returned by the supervisor', () => {
  const fresh = freshStoreEachTest();
  const store = () => fresh.store;
  const record = async (receipt: string) => (await fresh.store.byReceipt(receipt))!;
  const reserved = () => fresh.store.centsReserved(STAFF.ana, 2026);
  const budget = async () => budgetOf(fresh.store, fresh.deps.program, (await fresh.deps.roster()).byId(STAFF.ana)!, 2026);

  async function sent(amount = '400'): Promise<StoredSubmission> {
    const answer = await send(fresh.deps, amount);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return record(answer.body.receipt!);
  }

  /** A $400 request, returned by Sam with a note on the decision page. */
  async function returned(request?: StoredSubmission): Promise<StoredSubmission> {
    const first = request ?? (await sent());
    const done = await decide(fresh.deps, first, { decision: 'return', comment: 'Attach the itemised receipt, please.' });
    expect(done.status).toBe(200);
    return record(first.receipt);
  }

  it('is offered on the decision page, waits on the requester with its amount still reserved, and tells her the note by email', async () => {
    const first = await sent();
    const page = await decideHandler(
      await signedIn(fresh.deps, 'sam', new Request(`http://localhost/decide/?token=${encodeURIComponent(tokenOf(first))}`)),
      fresh.deps,
    );
    expect(await page.text()).toContain('Return for more information');

    const back = await returned(first);
    expect(back.status).toBe('returned');
    expect(back.history!.at(-1)).toMatchObject({ status: 'returned', action: 'return', by: 'Sam Lee', comment: 'Attach the itemised receipt, please.' });
    expect(await reserved()).toBe(40_000);
    expect(await budget()).toEqual({ fiscalYear: 2026, allocation: 600, spent: 0, pending: 400, left: 200 });

    const mail = (await listOutbox(store())).pending.filter((p) => p.message.kind === 'status-changed' && p.message.to === person.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.message.subject).toContain('Returned to you for changes');
    expect(mail[0]!.message.text).toContain('Attach the itemised receipt, please.');
    expect(mail[0]!.message.text).toContain(`/forms/reimbursement/from/?receipt=${back.receipt}`);
  });

  it('shows the note on the status page with a link to the form filled in from it, which carries its receipt to resend', async () => {
    const back = await returned();
    const status = await (
      await statusHandler(await signedIn(fresh.deps, 'ana', new Request(`http://localhost/requests/status/?receipt=${back.receipt}`)), fresh.deps)
    ).text();
    expect(status).toContain('Returned to you for changes');
    expect(status).toContain('Attach the itemised receipt, please.');
    expect(status).toContain(`href="/forms/reimbursement/from/?receipt=${back.receipt}">Change your request and send it again</a>`);

    const form = await prefillHandler(
      await signedIn(fresh.deps, 'ana', new Request(`http://localhost/forms/reimbursement/from/?receipt=${back.receipt}`)),
      fresh.deps,
    );
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain(`<input type="hidden" name="resends" value="${back.receipt}" form="form-start">`);
    expect(html).toContain('The files you sent stay with it unless you attach new ones in their place.');
    expect(html).toContain('value="400"');
  });

  it('sent again with the same amount passes though the budget has nothing else left, and keeps its receipt file', async () => {
    const back = await returned();
    expect((await send(fresh.deps, '200')).status).toBe(201);
    const again = await resend(on(fresh.deps, '2026-11-25'), back.receipt, '400');
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toEqual({ receipt: back.receipt, status: 'with-supervisor' });
    expect(await reserved()).toBe(60_000);

    const resent = await record(back.receipt);
    expect(resent.id).toBe(back.id);
    expect(resent.files.map((f) => [f.field, f.name])).toEqual([['receipt', 'summit-receipt.pdf']]);
    expect(new TextDecoder().decode((await store().file(resent.files[0]!))!)).toMatch(/^%PDF-1\.4/);
  });

  it('sent again for more than the budget has left is refused naming the amount, and its first reservation stays', async () => {
    const back = await returned();
    expect((await send(fresh.deps, '150')).status).toBe(201);
    const refused = await resend(on(fresh.deps, '2026-11-25'), back.receipt, '500');
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      {
        field: 'amount',
        message: 'You have $450 left of your $600 PD budget this fiscal year, counting requests not yet decided; $500 is more than that',
      },
    ]);
    const after = await record(back.receipt);
    expect(after.status).toBe('returned');
    expect(after.version).toBe(back.version);
    expect(after.facts.reimbursement).toEqual({ cents: 40_000, fiscalYear: 2026 });
    expect(await reserved()).toBe(55_000);
  });

  it('sent again within the budget moves its reservation to the new amount, down or up', async () => {
    const back = await returned();
    expect((await resend(on(fresh.deps, '2026-11-25'), back.receipt, '250')).status).toBe(200);
    expect(await reserved()).toBe(25_000);
    expect(await budget()).toEqual({ fiscalYear: 2026, allocation: 600, spent: 0, pending: 250, left: 350 });

    const again = await decide(on(fresh.deps, '2026-11-26'), await record(back.receipt), { decision: 'return', comment: 'The summit fee was more.' });
    expect(again.status).toBe(200);
    expect((await resend(on(fresh.deps, '2026-11-27'), back.receipt, '600')).status).toBe(200);
    expect(await reserved()).toBe(60_000);
    expect((await record(back.receipt)).facts.reimbursement).toEqual({ cents: 60_000, fiscalYear: 2026 });
  });

  it('keeps the return and the resend in its history, and goes back to the supervisor with a link that opens', async () => {
    const back = await returned();
    const later = on(fresh.deps, '2026-11-25');
    expect((await resend(later, back.receipt, '380')).status).toBe(200);
    const resent = await record(back.receipt);
    expect(resent.history!.map((h) => h.action ?? 'sent')).toEqual(['sent', 'return', 'resend']);
    expect(resent.history![1]).toMatchObject({ comment: 'Attach the itemised receipt, please.' });
    expect(resent.history!.at(-1)).toMatchObject({ status: 'with-supervisor', by: 'Ana Reyes' });
    expect(resent.facts.summary).toContain('$380');
    const opened = await decideHandler(
      await signedIn(later, 'sam', new Request(`http://localhost/decide/?token=${encodeURIComponent(tokenOf(resent))}`)),
      later,
    );
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('$380');
  });

  it('cannot be sent again by someone else, and is left as it was', async () => {
    const back = await returned();
    const stranger = await resend(on(fresh.deps, '2026-11-25'), back.receipt, '100', 'kevin');
    expect(stranger.status).toBe(422);
    expect(JSON.stringify(stranger.body)).toContain('We cannot find the request to send again');
    const after = await record(back.receipt);
    expect(after.status).toBe('returned');
    expect(after.version).toBe(back.version);
    expect(await reserved()).toBe(40_000);
  });

  it('gives its amount back to the budget when it is then denied, and the denial offers no appeal, which a reimbursement does not have', async () => {
    const back = await returned();
    const later = on(fresh.deps, '2026-11-25');
    expect((await resend(later, back.receipt, '400')).status).toBe(200);
    const denied = await decide(on(fresh.deps, '2026-11-26'), await record(back.receipt), { decision: 'deny', comment: 'Not professional learning.' });
    expect(denied.status).toBe(200);
    expect(await reserved()).toBe(0);
    const mail = (await listOutbox(store())).pending.filter((p) => p.message.kind === 'status-changed' && p.message.subject.includes('Denied'));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.message.text).toContain('Not professional learning.');
    expect(mail[0]!.message.text).not.toMatch(/appeal/i);
    const status = await (
      await statusHandler(await signedIn(fresh.deps, 'ana', new Request(`http://localhost/requests/status/?receipt=${back.receipt}`)), fresh.deps)
    ).text();
    expect(status).not.toContain('/forms/appeal/from/');
    expect(status).not.toContain('/forms/reimbursement/from/');
    expect(status).toContain('This decision cannot be appealed. If something has changed, you can <a href="/forms/reimbursement/">send a new request</a>.');
  });
});

describe('a returned reimbursement sent again while another request takes the money', () => {
  const fresh = freshStoreEachTest();
  const reserved = () => fresh.store.centsReserved(STAFF.ana, 2026);

  async function returned(amount: string): Promise<string> {
    const sent = await send(fresh.deps, amount);
    const ok = await act({ receipt: sent.body.receipt!, action: 'return', by: 'supervisor', comment: 'Which summit?' }, requestActContext(fresh.deps));
    expect(ok.ok).toBe(true);
    return sent.body.receipt!;
  }

  it('is refused by the store when its rules passed but the budget no longer holds it, keeping its first reservation', async () => {
    const receipt = await returned('100');
    const before = (await fresh.store.byReceipt(receipt))!;
    // As the rules saw it a moment ago: $500 fitted. Meanwhile another request took $450.
    expect((await send(fresh.deps, '450')).status).toBe(201);
    const raised = act(
      {
        receipt,
        action: 'resend',
        by: 'employee',
        revision: { data: before.data, facts: { ...before.facts, reimbursement: { cents: 50_000, fiscalYear: 2026 } }, files: [], budgetCents: 60_000 },
      },
      requestActContext(on(fresh.deps, '2026-11-25')),
    );
    await expect(raised).rejects.toBeInstanceOf(BudgetExceeded);
    await expect(raised).rejects.toMatchObject({ alreadyReserved: 45_000 });
    const after = (await fresh.store.byReceipt(receipt))!;
    expect(after.status).toBe('returned');
    expect(after.version).toBe(before.version);
    expect(after.files).toEqual(before.files);
    expect(await reserved()).toBe(55_000);
  });

  it('at the same moment as a new request, together over the budget: one is taken, the other refused naming the amount', async () => {
    const receipt = await returned('100');
    const later = on(fresh.deps, '2026-11-25');
    const [again, other] = await Promise.all([resend(later, receipt, '450'), send(later, '450')]);
    // Either may come first: the resend (200) or the new request (201).
    expect([again.status, other.status].filter((s) => s === 422)).toHaveLength(1);
    const refused = [again, other].find((a) => a.status === 422)!;
    expect(refused.body.errors?.map((e) => e.field)).toEqual(['amount']);
    expect(await reserved()).toBeLessThanOrEqual(60_000);
  });

  it('from two function instances at the same moment as a new request, never overspends', async () => {
    const receipt = await returned('100');
    const later = on(fresh.deps, '2026-11-25');
    // A second instance: the same Blobs store, none of the first one's turn-taking.
    const other = { ...later, store: new SubmissionStore(fresh.store.blobStore) };
    const statuses = (await Promise.all([resend(later, receipt, '450'), send(other, '450')])).map((a) => a.status);
    expect(statuses.filter((s) => s !== 422).length).toBeLessThanOrEqual(1);
    expect(await reserved()).toBeLessThanOrEqual(60_000);
  });
});

describe('a reimbursement returned by HR in Airtable', () => {
  const world = airtableWorldEachTest();
  const TABLE = tableFor(reimbursement);
  const row = (receipt: string) => world.airtable.records(TABLE).find((r) => r.fields['Receipt'] === receipt)!;
  const ctx = (day = '2026-11-25') => ({
    store: world.blobs.store,
    now: new Date(`${day}T17:00:00Z`),
    timeZone: world.deps.program.timeZone,
    links: { origin: 'http://localhost', secret: TEST_LINK_SECRET },
  });

  it('comes back to the requester with HR’s note, and sent again it reaches the supervisor with HR’s old choice cleared', async () => {
    const sent = await send(world.deps, '300');
    const receipt = sent.body.receipt!;
    await act({ receipt, action: 'approve', by: 'supervisor', name: 'Sam Lee' }, ctx());
    await world.sync();
    Object.assign(row(receipt).fields, { 'HR decision': 'Return for more information', 'HR comment': 'The receipt is for another person.' });

    expect((await pullDecisions(world.client, ctx())).applied).toEqual([{ receipt, action: 'return' }]);
    const back = (await world.blobs.store.byReceipt(receipt))!;
    expect(back.status).toBe('returned');
    expect(back.history!.at(-1)).toMatchObject({ action: 'return', by: 'Human Resources', comment: 'The receipt is for another person.' });
    expect(await world.blobs.store.centsReserved(STAFF.ana, 2026)).toBe(30_000);

    expect((await resend(on(world.deps, '2026-11-26'), receipt, '300')).status).toBe(200);
    await world.sync();
    expect(row(receipt).fields['Status']).toBe('with-supervisor');
    expect(row(receipt).fields['HR decision']).toBeUndefined();
    // Nothing left to be read as a decision set before the supervisor's.
    const pulled = await pullDecisions(world.client, ctx('2026-11-26'));
    expect(pulled).toEqual({ applied: [], refused: [] });
    expect(row(receipt).fields['HR decision error']).toBeUndefined();
  });
});

describe('an Airtable base set up before reimbursements could be returned', () => {
  const TABLE = tableFor(reimbursement);
  const world = airtableWorldEachTest(() => BASE_TABLES.filter((t) => t.name !== TABLE));

  it('is reported by the base check as lacking the return among HR’s choices, which HR adds in Airtable', async () => {
    const before = ['Approve', 'Approve a smaller amount', 'Deny'];
    await world.client.createTable(
      TABLE,
      columnsFor(reimbursement).map(({ choices, ...column }) =>
        choices ? { ...column, options: { choices: (column.name === 'HR decision' ? before : choices).map((name) => ({ name })) } } : column,
      ),
    );
    expect(await checkBase(world.client)).toEqual([
      { table: TABLE, field: 'HR decision', problem: 'missing choice', detail: 'add "Return for more information"' },
    ]);
  });
});
