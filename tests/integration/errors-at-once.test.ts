import { describe, expect, it } from 'vitest';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { appeal } from '../../src/lib/forms/appeal.ts';
import { focusPlan } from '../../src/lib/forms/focus-plan.ts';
import { reimbursement } from '../../src/lib/forms/reimbursement.ts';
import {
  appealAnswers,
  catalogLine,
  compensationAnswers,
  focusPlanAnswers,
  formRequest,
  jsonRequest,
  multipartRequest,
  preApprovalAnswers,
  reimbursementAnswers,
} from '../../support/submissions.ts';
import { errorsOf, signedInEachTest } from '../support/send.ts';

/**
 * Issue 14, item 1: a claim with several mistakes is refused once, with all of them:
 * the schema's problems and the rules on every part that parsed, in the page's order.
 */
const world = signedInEachTest();
const { send } = world;
/** A claim, as Ana. */
const sendClaim = (request: Request) => send(compensation, request);

/** The claim of the issue: no declaration, a date still to come, 7 hours for a 6-hour course, so not a whole block. */
const roundOfMistakes = () => compensationAnswers([catalogLine('first-aid-and-cpr-certification', 7, '2026-12-15')], { trueAndComplete: undefined });

describe('a claim with several mistakes', () => {
  it('is answered with every problem at once, in the order of the page, each once', async () => {
    const response = await sendClaim(multipartRequest('/api/forms/compensation', roundOfMistakes()));
    expect(response.status).toBe(422);
    const errors = await errorsOf(response);
    expect(errors.map((e) => e.field)).toEqual(['lines.0.completionDate', 'lines.0.hours', 'lines', 'trueAndComplete']);
    expect(errors[0]!.message).toMatch(/in the future/);
    expect(errors[1]!.message).toBe('Course 1: First Aid and CPR Certification has 6 hours; you entered 7');
    expect(errors[2]!.message).toBe('Claim 6 hours now, in whole blocks of 6: change the hours or remove a course; keep the other hour for a later claim.');
    expect(await world.store.list()).toHaveLength(0);
  });

  it('checks the date of a row whose hours parsed while another row’s hours did not, and leaves the total unchecked', async () => {
    const lines = [
      catalogLine('first-aid-and-cpr-certification', 6, '2026-12-15'),
      { ...catalogLine('conflict-resolution-for-school-teams', 6), hours: 'six' },
    ];
    const errors = await errorsOf(await sendClaim(multipartRequest('/api/forms/compensation', compensationAnswers(lines))));
    expect(errors).toEqual([
      { field: 'lines.0.completionDate', message: expect.stringMatching(/in the future/) },
      { field: 'lines.1.hours', message: expect.stringMatching(/as a number/) },
    ]);
  });

  it('checks the total of the rows when every row’s hours parsed, though another answer of a row did not', async () => {
    const lines = [catalogLine('first-aid-and-cpr-certification', 6), { ...catalogLine('conflict-resolution-for-school-teams', 2), startDate: '2026-13-01' }];
    const errors = await errorsOf(await sendClaim(multipartRequest('/api/forms/compensation', compensationAnswers(lines))));
    expect(errors.map((e) => e.field)).toEqual(['lines.1.startDate', 'lines']);
    expect(errors[1]!.message).toMatch(/^Claim 6 hours now/);
  });

  it('shows a browser without JavaScript the same problems, the total’s error by the total, and only the fields at fault marked', async () => {
    const response = await sendClaim(formRequest('/api/forms/compensation', roundOfMistakes()));
    expect(response.status).toBe(422);
    const page = await response.text();
    const links = [...page.matchAll(/<a href="#(f-[^"]+)"/g)].map((m) => m[1]!);
    expect(links).toEqual(['f-lines-0-completionDate', 'f-lines-0-hours', 'f-lines', 'f-trueAndComplete']);
    for (const id of links) expect(page.split(`id="${id}"`), id).toHaveLength(2);
    const total = totalOf(page);
    expect(total).toMatch(/id="f-lines-error"[^>]*>.*Claim 6 hours now/);
    expect(total).toContain(
      '<output class="running-total-figures" aria-live="polite" data-total-text>7 hours: 1 whole block, $250 (1 hour short of a whole block). 18 hours of this year’s 18 left to claim.</output>',
    );
    const marked = [...page.matchAll(/<(?:input|select|textarea)[^>]*\bid="([^"]+)"[^>]*aria-invalid="true"/g)].map((m) => m[1]);
    expect(marked).toEqual(['f-lines-0-completionDate', 'f-lines-0-hours', 'f-trueAndComplete']);
    expect(page).toMatch(/<div class="field repeat" data-repeat="lines"/);
  });

  it('counts what the person already sent this fiscal year in the running total of a refused claim', async () => {
    expect(
      (await sendClaim(multipartRequest('/api/forms/compensation', compensationAnswers([catalogLine('first-aid-and-cpr-certification', 6)])))).status,
    ).toBe(201);
    const total = totalOf(await (await sendClaim(formRequest('/api/forms/compensation', roundOfMistakes()))).text());
    expect(total).toContain('data-cap-left="12"');
    expect(total).toContain('12 hours of this year’s 18 left to claim');
  });
});

/** The running total's markup: it holds no other div. */
function totalOf(page: string): string {
  return /<div class="[^"]*running-total[^"]*"[^>]*data-running-total[\s\S]*?<\/div>/.exec(page)?.[0] ?? '';
}

describe('a pre-approval request with several mistakes', () => {
  it('is told at once that the hours are not a number and that the course has already started', async () => {
    const request = jsonRequest('/api/forms/pre-approval', preApprovalAnswers({ startDate: '2026-11-01', hours: 'six' }));
    const errors = await errorsOf(await send(preApproval, request));
    expect(errors).toEqual([
      { field: 'courses.0.startDate', message: expect.stringMatching(/^Course 1: pre-approval must come before you enrol/) },
      { field: 'courses.0.hours', message: 'Enter course hours as a number, like 6' },
    ]);
  });
});

describe('the other forms with rules, sent with several mistakes', () => {
  it('an appeal without its reasons, of a request that does not exist, hears of both at once', async () => {
    const response = await send(appeal, multipartRequest('/api/forms/appeal', appealAnswers('PA-7K2M9Q4XAB', { reason: '' })));
    expect((await errorsOf(response)).map((e) => e.field).sort()).toEqual(['reason', 'receipt']);
  });

  it('a focus plan without its goal, and with a checkpoint too soon, hears of both at once', async () => {
    const answers = focusPlanAnswers({ smartGoal: '', checkpointDate: '2026-12-01' });
    const response = await send(focusPlan, jsonRequest('/api/forms/focus-plan', answers), 'jordan');
    expect((await errorsOf(response)).map((e) => e.field).sort()).toEqual(['checkpointDate', 'smartGoal']);
  });

  it('a reimbursement without its course, paid on a day still to come, hears of both at once', async () => {
    const answers = reimbursementAnswers('20', { courseOrEvent: '', paidOn: '2027-03-01' });
    const response = await send(reimbursement, multipartRequest('/api/forms/reimbursement', answers));
    expect((await errorsOf(response)).map((e) => e.field).sort()).toEqual(['courseOrEvent', 'paidOn']);
  });
});
