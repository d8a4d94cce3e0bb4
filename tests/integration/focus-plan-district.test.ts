import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { checkpoint, focusPlan } from '../../src/lib/forms/focus-plan.ts';
import type { AnyForm } from '../../src/lib/forms/form.ts';
import { parseProgram, type Program } from '../../src/lib/program/settings.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { act, actContext } from '../../src/lib/workflow/act.ts';
import { startBlobs, TEST_LINK_SECRET, testDeps } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { programYamlWith, repoProgram } from '../../support/program.ts';
import { checkpointAnswers, focusPlanAnswers, jsonRequest, multipartRequest } from '../../support/submissions.ts';

const program = repoProgram();

let blobs: Awaited<ReturnType<typeof startBlobs>>;
let store: SubmissionStore;
beforeEach(async () => {
  blobs = await startBlobs();
  store = blobs.store;
});
afterEach(async () => blobs.stop());

/** Sends a form as Jordan, a teacher, on the given day of a district with these settings. */
async function send(form: AnyForm, answers: Record<string, unknown>, on: string, settings: Program = program) {
  const deps: SubmitDeps = { ...testDeps(store, on), program: settings };
  const path = `/api/forms/${form.id}`;
  const request = form.multipart ? multipartRequest(path, answers) : jsonRequest(path, answers);
  const response = await handleSubmission(as(await sessionFor(deps, STAFF.jordan), request), form, deps);
  return { status: response.status, body: (await response.json()) as { receipt?: string; errors?: { field: string; message: string }[] } };
}

/** A plan with this checkpoint date, sent and signed by both on `on`: its receipt. */
async function signedPlan(checkpointDate: string, on: string): Promise<string> {
  const sent = await send(focusPlan, focusPlanAnswers({ checkpointDate }), on);
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  const flow = actContext({ store, now: () => new Date(`${on}T19:00:00Z`), program, links: { origin: 'http://localhost', secret: TEST_LINK_SECRET } });
  for (const by of ['evaluator', 'employee'] as const) expect((await act({ receipt: sent.body.receipt!, action: 'sign', by }, flow)).ok).toBe(true);
  return sent.body.receipt!;
}

const sendCheckpoint = (plan: string, on: string) => {
  const { submissionId: _id, ...report } = checkpointAnswers(plan);
  return send(checkpoint, report, on);
};

describe('a focus plan’s checkpoint date', () => {
  it('after the district’s last checkpoint date is refused, with a message naming that date', async () => {
    const refused = await send(focusPlan, focusPlanAnswers({ checkpointDate: '2027-05-12' }), '2026-11-24');
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { field: 'checkpointDate', message: 'Choose a checkpoint date on or before May 11, 2027, the district’s last checkpoint date' },
    ]);
    expect((await send(focusPlan, focusPlanAnswers({ checkpointDate: '2027-05-11' }), '2026-11-24')).status).toBe(201);
  });

  it('is judged against the last checkpoint date the district sets', async () => {
    const june = parseProgram(programYamlWith({ focusPlan: { ...program.focusPlan, lastCheckpointDate: { month: 6, day: 4 } } }));
    expect((await send(focusPlan, focusPlanAnswers({ checkpointDate: '2027-05-12' }), '2026-11-24', june)).status).toBe(201);
    const refused = await send(focusPlan, focusPlanAnswers({ checkpointDate: '2027-06-05' }), '2026-11-24', june);
    expect(refused.body.errors?.[0]?.message).toMatch(/on or before June 4, 2027/);
  });
});

describe('a checkpoint', () => {
  it('sent after its plan’s checkpoint date is taken, moves the plan on, and is recorded as late; one sent on the date is not', async () => {
    const plan = await signedPlan('2027-01-15', '2026-11-24');
    const sent = await sendCheckpoint(plan, '2027-01-20');
    expect(sent.status).toBe(201);
    expect((await store.byReceipt(sent.body.receipt!))!.facts).toMatchObject({
      refersTo: plan,
      late: true,
      summary: `Checkpoint for ${plan}: close; sent late, after the plan’s checkpoint date of January 15, 2027`,
    });
    expect((await store.byReceipt(plan))!.status).toBe('checkpoint-received');

    const onTime = await signedPlan('2027-01-15', '2026-11-24');
    const facts = (await store.byReceipt((await sendCheckpoint(onTime, '2027-01-15')).body.receipt!))!.facts;
    expect(facts.late).toBeUndefined();
    expect(facts.summary).toBe(`Checkpoint for ${onTime}: close`);
  });
});
