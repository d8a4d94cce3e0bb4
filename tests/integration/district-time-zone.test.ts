import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { checkpoint, focusPlan } from '../../src/lib/forms/focus-plan.ts';
import type { AnyForm } from '../../src/lib/forms/form.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { parseProgram, type Program } from '../../src/lib/program/settings.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { act, actContext } from '../../src/lib/workflow/act.ts';
import { startBlobs, TEST_LINK_SECRET, testDeps } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { programYamlWith, repoProgram } from '../../support/program.ts';
import { checkpointAnswers, focusPlanAnswers, jsonRequest, multipartRequest, preApprovalAnswers } from '../../support/submissions.ts';

// 06:30 UTC on January 1: already 01:30 on January 1 in New York (UTC-5),
// still 22:30 on December 31 in Los Angeles (UTC-8).
const AROUND_MIDNIGHT = new Date('2027-01-01T06:30:00Z');

const losAngeles = repoProgram();
const newYork = parseProgram(programYamlWith({ timeZone: 'America/New_York' }));

let blobs: Awaited<ReturnType<typeof startBlobs>>;
let store: SubmissionStore;
beforeEach(async () => {
  blobs = await startBlobs();
  store = blobs.store;
});
afterEach(async () => blobs.stop());

/** The handlers' dependencies for a district with these settings, at this moment. */
const districtAt = (program: Program, at: Date): SubmitDeps => ({ ...testDeps(store), program, now: () => at });

async function send(deps: SubmitDeps, form: AnyForm, answers: Record<string, unknown>, who: string = STAFF.ana) {
  const path = `/api/forms/${form.id}`;
  const request = form.multipart ? multipartRequest(path, answers) : jsonRequest(path, answers);
  const response = await handleSubmission(as(await sessionFor(deps, who), request), form, deps);
  return { status: response.status, body: (await response.json()) as { receipt?: string; errors?: { field: string; message: string }[] } };
}

const move = (receipt: string, action: 'approve' | 'sign', by: 'supervisor' | 'evaluator' | 'employee', program: Program, at: Date) =>
  act({ receipt, action, by }, actContext({ store, now: () => at, program, links: { origin: 'http://localhost', secret: TEST_LINK_SECRET } }));

describe('the district’s time zone', () => {
  it('decides the last day to ask for pre-approval: a course that started on December 31 is too late in New York at 01:30 on January 1, and still in time in Los Angeles', async () => {
    const course = preApprovalAnswers({ startDate: '2026-12-31' });
    const inNewYork = await send(districtAt(newYork, AROUND_MIDNIGHT), preApproval, course);
    expect(inNewYork.status).toBe(422);
    expect(inNewYork.body.errors).toEqual([
      expect.objectContaining({ field: 'courses.0.startDate', message: expect.stringMatching(/started on December 31, 2026/) }),
    ]);
    const inLosAngeles = await send(districtAt(losAngeles, AROUND_MIDNIGHT), preApproval, course);
    expect(inLosAngeles.status).toBe(201);
    expect((await store.byReceipt(inLosAngeles.body.receipt!))!.submittedOn).toBe('2026-12-31');
  });

  it('dates a supervisor’s decision by the district’s calendar: January 1 in New York, December 31 in Los Angeles', async () => {
    for (const [program, day] of [
      [newYork, '2027-01-01'],
      [losAngeles, '2026-12-31'],
    ] as const) {
      const sent = await send(districtAt(program, new Date('2026-12-01T18:00:00Z')), preApproval, preApprovalAnswers({ startDate: '2027-02-01' }));
      expect(sent.status).toBe(201);
      const decided = await move(sent.body.receipt!, 'approve', 'supervisor', program, AROUND_MIDNIGHT);
      expect(decided.ok && decided.record.decidedOn).toBe(day);
    }
  });

  it('judges a checkpoint sent in the night after its date as late in New York and on the day in Los Angeles', async () => {
    for (const [program, late] of [
      [newYork, true],
      [losAngeles, false],
    ] as const) {
      const sentOn = new Date('2026-11-24T18:00:00Z');
      const plan = await send(districtAt(program, sentOn), focusPlan, focusPlanAnswers({ checkpointDate: '2026-12-31' }));
      expect(plan.status).toBe(201);
      await move(plan.body.receipt!, 'sign', 'evaluator', program, sentOn);
      await move(plan.body.receipt!, 'sign', 'employee', program, sentOn);
      const { submissionId: _id, ...report } = checkpointAnswers(plan.body.receipt!);
      const sent = await send(districtAt(program, AROUND_MIDNIGHT), checkpoint, report);
      expect(sent.status).toBe(201);
      expect((await store.byReceipt(sent.body.receipt!))!.facts.late ?? false).toBe(late);
    }
  });
});
