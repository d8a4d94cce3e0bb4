import { beforeEach, describe, expect, it } from 'vitest';
import { recordFor } from '../../src/lib/airtable/fields.ts';
import type { SubmitDeps } from '../../src/lib/app/submit.ts';
import { requesterActionHandler } from '../../src/lib/app/request-handlers.ts';
import { checkpoint, focusPlan } from '../../src/lib/forms/focus-plan.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { checkpointAnswers, focusPlanAnswers, formRequest, preApprovalAnswers } from '../../support/submissions.ts';
import { signedInEachTest, tokenOf, type Who } from '../support/send.ts';

/**
 * At the meeting on a focus plan, the evaluator signs it and may set another
 * checkpoint date; the plan's date is then the one agreed. Today is
 * 2026-11-24 (support/blobs.ts); Jordan's plan asks for 2027-05-07, and his
 * evaluator is Priya.
 */
const world = signedInEachTest();
const { signedIn, submit, record: planOf } = world;
let store: SubmissionStore;
let deps: SubmitDeps;
beforeEach(() => ({ store, deps } = world));

const daysLater = (days: number): SubmitDeps => ({ ...deps, now: () => new Date(Date.parse('2026-11-24T18:00:00Z') + days * 86_400_000) });
/** The evaluator's opening of a plan, and decision on it, through its link. */
const openLink = (record: StoredSubmission, who: Who = 'priya') => world.openLink(tokenOf(record), who);
const decide = (record: StoredSubmission, fields: Record<string, unknown>, who: Who = 'priya') => world.decide(tokenOf(record), fields, who);
const teacherSigns = async (receipt: string) =>
  requesterActionHandler(await signedIn('jordan', formRequest('/requests/sign/', { receipt, agree: 'yes' })), deps, 'sign');
const statusPage = (receipt: string) => world.statusPage(receipt, 'jordan');
const sendPlan = () => submit(focusPlan, focusPlanAnswers({ track: 'learner' }), 'jordan');

describe('the checkpoint date agreed at the meeting', () => {
  it('is offered on the evaluator’s review page, filled in with the plan’s date, and on no other decision page', async () => {
    const plan = await sendPlan();
    const page = await (await openLink(plan)).text();
    expect(page).toMatch(/<input[^>]* type="date" id="f-checkpointDate" name="checkpointDate" value="2027-05-07"/);
    expect(page).toContain('Agreed at your meeting. Change it if you agreed on another date.');

    // The supervisor's page of a pre-approval, and the final conference of a plan, ask for no date.
    const request = await submit(preApproval, preApprovalAnswers(), 'ana');
    expect(await (await openLink(request, 'sam')).text()).not.toContain('name="checkpointDate"');
    expect((await decide(plan, { decision: 'sign' })).status).toBe(200);
    expect((await teacherSigns(plan.receipt)).status).toBe(303);
    await submit(checkpoint, checkpointAnswers(plan.receipt), 'jordan');
    expect(await (await openLink(await planOf(plan.receipt))).text()).not.toContain('name="checkpointDate"');
  });

  it('changed when the evaluator signs, becomes the plan’s date, said in its history, shown to the teacher and queued for Airtable', async () => {
    const plan = await sendPlan();
    await store.markSynced(plan, '2026-11-24T18:05:00Z');
    expect((await store.pending()).map((r) => r.receipt)).not.toContain(plan.receipt);

    const done = await decide(plan, { decision: 'sign', checkpointDate: '2027-04-30', comment: 'Before spring testing.' });
    expect(done.status).toBe(200);
    const signed = await planOf(plan.receipt);
    expect(signed.status).toBe('evaluator-signed');
    expect(signed.data['checkpointDate']).toBe('2027-04-30');
    // The plan's one line in lists and Airtable says the new date too.
    expect(signed.facts.summary).toMatch(/checkpoint April 30, 2027$/);
    expect(signed.history!.at(-1)).toMatchObject({
      action: 'sign',
      by: 'Priya Shah',
      comment: 'Checkpoint date changed from May 7, 2027 to April 30, 2027. Before spring testing.',
    });
    // Airtable has the older version: the plan is queued again, and its date column comes from the plan's data.
    expect((await store.pending()).map((r) => r.receipt)).toContain(plan.receipt);
    expect(recordFor(focusPlan, signed)['Checkpoint date']).toBe('2027-04-30');

    expect((await teacherSigns(plan.receipt)).status).toBe(303);
    expect(await statusPage(plan.receipt)).toContain('Before your checkpoint date, April 30, 2027');
  });

  it('flags a checkpoint as late against the date agreed at the meeting, not the one first asked for', async () => {
    const plan = await sendPlan();
    expect((await decide(plan, { decision: 'sign', checkpointDate: '2026-12-10' })).status).toBe(200);
    expect((await planOf(plan.receipt)).history!.at(-1)!.comment).toBe('Checkpoint date changed from May 7, 2027 to December 10, 2026.');
    expect((await teacherSigns(plan.receipt)).status).toBe(303);

    const sent = await submit(checkpoint, checkpointAnswers(plan.receipt), 'jordan', daysLater(20));
    expect(sent.facts.late).toBe(true);
    expect(sent.facts.summary).toContain('after the plan’s checkpoint date of December 10, 2026');
  });

  it('refuses a changed date the plan’s form would refuse, naming the field and keeping what was typed, and signs nothing', async () => {
    const plan = await sendPlan();
    const tooSoon = await decide(plan, { decision: 'sign', checkpointDate: '2026-12-01', comment: 'We met today.' });
    expect(tooSoon.status).toBe(422);
    const page = await tooSoon.text();
    expect(page).toContain('href="#f-checkpointDate"');
    expect(page).toContain('Choose a checkpoint date on or after December 8, 2026, to leave time to carry out the plan');
    expect(page).toContain('name="checkpointDate" value="2026-12-01"');
    expect(page).toContain('We met today.');

    const tooLate = await (await decide(plan, { decision: 'sign', checkpointDate: '2027-05-12' })).text();
    expect(tooLate).toContain('Choose a checkpoint date on or before May 11, 2027, the district’s last checkpoint date');

    const unchanged = await planOf(plan.receipt);
    expect(unchanged.status).toBe('with-evaluator');
    expect(unchanged.data['checkpointDate']).toBe('2027-05-07');
    // The link still works: the evaluator corrects the date and signs.
    expect((await decide(plan, { decision: 'sign', checkpointDate: '2026-12-08' })).status).toBe(200);
    expect((await planOf(plan.receipt)).data['checkpointDate']).toBe('2026-12-08');
  });

  it('kept as it was, or sent with a return, leaves the plan’s date and the evaluator’s comment as they were', async () => {
    const kept = await sendPlan();
    const keptPage = await (await openLink(kept)).text();
    expect(keptPage).toContain('name="checkpointDate"');
    expect((await decide(kept, { decision: 'sign', checkpointDate: '2027-05-07', comment: 'Agreed as written.' })).status).toBe(200);
    const signed = await planOf(kept.receipt);
    expect(signed.data['checkpointDate']).toBe('2027-05-07');
    expect(signed.history!.at(-1)!.comment).toBe('Agreed as written.');

    // A plan returned for changes keeps the teacher's date, whatever the field says: the date is agreed with the signature.
    const returned = await sendPlan();
    const response = await decide(returned, { decision: 'return', checkpointDate: '2027-04-30', comment: 'Narrow the goal.' });
    expect(response.status).toBe(200);
    const back = await planOf(returned.receipt);
    expect(back.status).toBe('returned');
    expect(back.data['checkpointDate']).toBe('2027-05-07');
    expect(back.history!.at(-1)!.comment).toBe('Narrow the goal.');
  });
});
