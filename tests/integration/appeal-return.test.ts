import { describe, expect, it } from 'vitest';
import { pullDecisions } from '../../src/lib/airtable/decisions.ts';
import { decisionColumnsFor } from '../../src/lib/airtable/decision-columns.ts';
import { tableFor } from '../../src/lib/airtable/fields.ts';
import { statusHandler } from '../../src/lib/app/request-handlers.ts';
import { handleSubmission, requestActContext, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { appeal } from '../../src/lib/forms/appeal.ts';
import type { AnyForm } from '../../src/lib/forms/form.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import { listOutbox } from '../../src/lib/mail/outbox.ts';
import { act } from '../../src/lib/workflow/act.ts';
import { freshStoreEachTest, TEST_LINK_SECRET } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { appealAnswers, jsonRequest, person, preApprovalAnswers } from '../../support/submissions.ts';
import { airtableWorldEachTest } from '../support/airtable-world.ts';

/**
 * The task force asks for more before it decides an appeal: it returns the appeal with a
 * note, and Ana Reyes sends the same appeal again, of the same denial, back to the task force.
 */
type Who = keyof typeof STAFF;
const on = (deps: SubmitDeps, day: string): SubmitDeps => ({ ...deps, now: () => new Date(`${day}T18:00:00Z`) });

async function send(deps: SubmitDeps, form: AnyForm, answers: Record<string, unknown>, who: Who = 'ana') {
  const response = await handleSubmission(as(await sessionFor(deps, STAFF[who]), jsonRequest(`/api/forms/${form.id}`, answers)), form, deps);
  return { status: response.status, body: (await response.json()) as { receipt?: string; status?: string; errors?: { field: string; message: string }[] } };
}

/** A pre-approval of Ana's, denied by her supervisor: the decision she appeals. */
async function denied(deps: SubmitDeps): Promise<string> {
  const { body } = await send(deps, preApproval, preApprovalAnswers());
  const done = await act({ receipt: body.receipt!, action: 'deny', by: 'supervisor', comment: 'Not related to your role.' }, requestActContext(deps));
  expect(done.ok).toBe(true);
  return body.receipt!;
}

describe('an appeal returned by the task force', () => {
  const fresh = freshStoreEachTest();
  const record = async (receipt: string) => (await fresh.store.byReceipt(receipt))!;

  async function returnedAppeal(): Promise<{ request: string; appealed: StoredSubmission }> {
    const request = await denied(fresh.deps);
    const sent = await send(fresh.deps, appeal, appealAnswers(request));
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const back = await act(
      { receipt: sent.body.receipt!, action: 'return', by: 'task-force', comment: 'Attach your schedule with the reading group.' },
      requestActContext(fresh.deps),
    );
    expect(back.ok).toBe(true);
    return { request, appealed: await record(sent.body.receipt!) };
  }

  it('needs a note, and waits on the appellant, who is emailed it and sees it with a link to change the appeal', async () => {
    const request = await denied(fresh.deps);
    const sent = await send(fresh.deps, appeal, appealAnswers(request));
    expect(await act({ receipt: sent.body.receipt!, action: 'return', by: 'task-force' }, requestActContext(fresh.deps))).toMatchObject({
      ok: false,
      reason: 'comment-required',
    });

    const { appealed } = await returnedAppeal();
    expect(appealed.status).toBe('returned');
    const mail = (await listOutbox(fresh.store)).pending.filter(
      (p) => p.message.kind === 'status-changed' && p.message.to === person.email && p.message.receipt === appealed.receipt,
    );
    expect(mail.map((m) => m.message.text).join('\n')).toContain('Attach your schedule with the reading group.');
    const page = await (
      await statusHandler(as(await sessionFor(fresh.deps, STAFF.ana), new Request(`http://localhost/requests/status/?receipt=${appealed.receipt}`)), fresh.deps)
    ).text();
    expect(page).toContain('Attach your schedule with the reading group.');
    expect(page).toContain(`href="/forms/appeal/from/?receipt=${appealed.receipt}">Change your request and send it again</a>`);
    expect(page).toContain('goes back to the professional-growth task force');
  });

  it('sent again is the same appeal of the same denial, back with the task force, its history kept', async () => {
    const { request, appealed } = await returnedAppeal();
    const again = await send(
      on(fresh.deps, '2026-11-25'),
      appeal,
      appealAnswers(request, { resends: appealed.receipt, reason: 'I teach the reading group daily.' }),
    );
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toEqual({ receipt: appealed.receipt, status: 'with-task-force' });
    const resent = await record(appealed.receipt);
    expect(resent.data['reason']).toBe('I teach the reading group daily.');
    expect(resent.facts.refersTo).toBe(request);
    expect(resent.history!.map((h) => h.action ?? 'sent')).toEqual(['sent', 'return', 'resend']);
    // Still the one appeal of that denial.
    expect((await fresh.store.referring(request)).map((r) => r.receipt)).toEqual([appealed.receipt]);
  });

  it('cannot be turned into an appeal of another denial, and is left as it was', async () => {
    const { appealed } = await returnedAppeal();
    const other = await denied(fresh.deps);
    const moved = await send(on(fresh.deps, '2026-11-25'), appeal, appealAnswers(other, { resends: appealed.receipt }));
    expect(moved.status).toBe(422);
    expect(moved.body.errors).toEqual([{ field: 'receipt', message: expect.stringContaining(`stays about ${appealed.facts.refersTo}`) }]);
    const after = await record(appealed.receipt);
    expect(after.status).toBe('returned');
    expect(after.version).toBe(appealed.version);
  });
});

describe('the task force’s decision column in Airtable', () => {
  const world = airtableWorldEachTest();
  const TABLE = tableFor(appeal);
  const row = (receipt: string) => world.airtable.records(TABLE).find((r) => r.fields['Receipt'] === receipt)!;
  const ctx = (day: string) => ({
    store: world.blobs.store,
    now: new Date(`${day}T17:00:00Z`),
    timeZone: world.deps.program.timeZone,
    links: { origin: 'http://localhost', secret: TEST_LINK_SECRET },
  });

  it('offers a return beside uphold and overturn, and a resent appeal comes back to it with the old choice cleared', async () => {
    expect(decisionColumnsFor(appeal.id).find((c) => c.name === 'Task force decision')?.choices).toEqual(['Uphold', 'Overturn', 'Return for more information']);
    const request = await denied(world.deps);
    const receipt = (await send(world.deps, appeal, appealAnswers(request))).body.receipt!;
    await world.sync();
    Object.assign(row(receipt).fields, { 'Task force decision': 'Return for more information', 'Task force comment': 'Attach your schedule.' });
    expect((await pullDecisions(world.client, ctx('2026-11-25'))).applied).toEqual([{ receipt, action: 'return' }]);

    expect((await send(on(world.deps, '2026-11-26'), appeal, appealAnswers(request, { resends: receipt }))).status).toBe(200);
    await world.sync();
    expect(row(receipt).fields['Status']).toBe('with-task-force');
    expect(row(receipt).fields['Task force decision']).toBeUndefined();
    expect((await pullDecisions(world.client, ctx('2026-11-26'))).applied).toEqual([]);
  });
});
