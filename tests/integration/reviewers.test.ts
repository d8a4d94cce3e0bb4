import { beforeEach, describe, expect, it, vi } from 'vitest';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { inputId } from '../../src/lib/forms/errors.ts';
import { focusPlan } from '../../src/lib/forms/focus-plan.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { requestActContext } from '../../src/lib/app/submit.ts';
import { requesterActionHandler } from '../../src/lib/app/request-handlers.ts';
import { listOutbox } from '../../src/lib/mail/outbox.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { act } from '../../src/lib/workflow/act.ts';
import { catalogLine, compensationAnswers, focusPlanAnswers, formRequest, person, preApprovalAnswers } from '../../support/submissions.ts';
import { signedInEachTest, tokenOf } from '../support/send.ts';

/**
 * The reviewer's side of a request (issue 14, items 4 to 6): the decision page
 * on a phone, sending a request back, and the requester's page of a paid claim.
 */
const world = signedInEachTest();
const { signedIn, send, submit, record, at, openLink, decide, statusPage } = world;
let store: SubmissionStore;
beforeEach(() => ({ store } = world));
/** The text of a page with its tags taken out and its spaces squeezed, as a person reads it. */
const words = (page: string) =>
  page
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ');

describe('the decision page', () => {
  it('answers a decision sent with nothing chosen with the error summary first, focused on load, linking to the first choice', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    const answer = await decide(tokenOf(claim), {});
    expect(answer.status).toBe(422);
    const page = await answer.text();
    const main = page.slice(page.indexOf('<main'));
    // The summary is the first thing in the page's main part, before the request's long list of answers.
    expect(main.indexOf('data-error-summary')).toBeLessThan(main.indexOf('<h1'));
    expect(main).toMatch(/<div class="error-summary" data-error-summary tabindex="-1" autofocus>/);
    expect(page.match(/data-error-summary/g)).toHaveLength(1);
    expect(main).toContain(`href="#${inputId('decision')}"`);
    expect(main).toContain(`<input type="radio" id="${inputId('decision')}" name="decision"`);
    // Nothing was recorded: the link still opens the decision.
    expect((await record(claim.receipt)).status).toBe('with-supervisor');
  });

  it('labels the comment with when it is required, and a denial without one is refused at the comment', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    const page = await (await openLink(tokenOf(claim))).text();
    expect(page).toContain('Comment — required if you deny or return the request');
    expect(page).not.toContain('Comment (optional)');
    const refused = await (await decide(tokenOf(claim), { decision: 'deny' })).text();
    expect(refused).toContain(`href="#${inputId('comment')}">Enter a comment that says why`);
  });

  it('speaks to the reviewer, shows labels instead of stored values and says what approving a claim pays and by when', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    const page = words(await (await openLink(tokenOf(claim))).text());
    expect(page).toContain('It is waiting for your decision, expected by December 1, 2026.');
    expect(page).not.toContain('With your supervisor');
    expect(page).toContain('Permanent classified');
    expect(page).not.toContain('permanent-classified');
    expect(page).toContain('payroll pays Ana Reyes $500 for 12 hours (2 blocks of 6 hours at $250)');
  });

  it('says what approving a pre-approval lets the person claim', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const page = words(await (await openLink(tokenOf(request))).text());
    expect(page).toMatch(/Approving lets Ana Reyes take the course and, once completed, claim the hours on a compensation request: \d+ hours in all/);
  });

  it('shows a plan’s track by its name and its numbered steps as a list, escaped', async () => {
    const steps = '1. Observe a colleague in January\n2. Try <b>exit tickets</b> in February\n3. Review with my coach';
    const plan = await submit(focusPlan, focusPlanAnswers({ track: 'learner', actionSteps: steps }), 'jordan');
    const page = await (await openLink(tokenOf(plan), 'priya')).text();
    expect(page).toContain('Learner: building your own knowledge');
    expect(page).toContain(
      '<ol class="answer-list"><li>Observe a colleague in January</li><li>Try &lt;b&gt;exit tickets&lt;/b&gt; in February</li><li>Review with my coach</li></ol>',
    );
    expect(words(page)).toContain('waiting for your review and signature');
    expect(plan.facts.summary).toMatch(/^Learner: .*, checkpoint May 7, 2027$/);
  });
});

describe('a decision that cannot be recorded', () => {
  it('gives its link back, so the reviewer can decide again', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    // The store fails at the moment the decision is written.
    const failing = vi.spyOn(store, 'replace').mockRejectedValueOnce(new Error('the store is unavailable'));
    await expect(decide(tokenOf(claim), { decision: 'approve' })).rejects.toThrow('the store is unavailable');
    failing.mockRestore();
    expect((await record(claim.receipt)).status).toBe('with-supervisor');

    const again = await decide(tokenOf(claim), { decision: 'approve' });
    expect(again.status).toBe(200);
    expect((await record(claim.receipt)).status).toBe('with-hr');
    // Spent now: a second decision is refused.
    expect((await decide(tokenOf(claim), { decision: 'approve' })).status).toBe(409);
  });
});

describe('an evaluator sending a plan back', () => {
  it('emails the teacher the note, who changes and resends the same plan, sees it on the status page and signs the plan shown there', async () => {
    const plan = await submit(focusPlan, focusPlanAnswers({ track: 'learner' }), 'jordan');
    expect((await decide(tokenOf(plan), { decision: 'return', comment: 'Name one measurable outcome.' }, 'priya')).status).toBe(200);

    const mail = (await listOutbox(store)).pending.filter((p) => p.message.kind === 'status-changed' && p.message.receipt === plan.receipt);
    expect(mail.map((p) => p.message.text).join()).toContain('Name one measurable outcome.');
    const returned = words(await statusPage(plan.receipt, 'jordan'));
    expect(returned).toContain('Returned to you for changes by your evaluator, Priya Shah');
    expect(returned).toContain('Change your request and send it again');

    const goal = 'By May, use exit tickets in 80% of small-group lessons, measured by a weekly tally.';
    const later = at('2026-11-30');
    const resent = await send(focusPlan, focusPlanAnswers({ track: 'learner', smartGoal: goal, resends: plan.receipt }), 'jordan', later);
    expect(resent.status).toBe(200);
    const again = await record(plan.receipt);
    expect(again.status).toBe('with-evaluator');
    expect(again.history!.map((h) => h.action ?? 'sent')).toEqual(['sent', 'return', 'resend']);

    expect((await decide(tokenOf(again), { decision: 'sign' }, 'priya', later)).status).toBe(200);
    const signing = await statusPage(plan.receipt, 'jordan', later);
    // The plan itself sits above the signature, opened.
    expect(signing).toMatch(/<details class="answers-details" open><summary>Your plan as sent<\/summary>/);
    expect(signing.indexOf(goal)).toBeGreaterThan(0);
    expect(signing.indexOf(goal)).toBeLessThan(signing.indexOf('Sign your plan'));
    const history = words(signing);
    expect(history).toContain('Sent by you, November 24, 2026.');
    expect(history).toContain('Returned to you for changes by your evaluator, Priya Shah, November 24, 2026.');
    expect(history).toContain('Changed and sent again by you, November 30, 2026.');
    expect(history).toContain('Signed by your evaluator, Priya Shah, November 30, 2026.');
    // What the roster says about the teacher is not repeated on the page.
    expect(history).not.toContain(person.employeeId);

    const signed = await requesterActionHandler(
      await signedIn('jordan', formRequest('/requests/sign/', { receipt: plan.receipt, agree: 'yes' }), later),
      later,
      'sign',
    );
    expect(signed.status).toBe(303);
    expect((await record(plan.receipt)).status).toBe('active');
  });

  it('reads to the evaluator as the teacher’s request, not as if it were theirs', async () => {
    const plan = await submit(focusPlan, focusPlanAnswers(), 'jordan');
    const page = await statusPage(plan.receipt, 'priya');
    expect(page).toContain('With the evaluator for review');
    expect(page).not.toContain('Your plan as sent');
  });
});

describe('the status page of a claim', () => {
  it('gives the expected date of each step while it waits', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    expect(words(await statusPage(claim.receipt))).toContain(
      'Your supervisor is asked to decide within 5 working days of receiving it: expected by December 1, 2026.',
    );
    await decide(tokenOf(claim), { decision: 'approve' }, 'sam', at('2026-11-25'));
    expect(words(await statusPage(claim.receipt))).toContain(
      'Human Resources is asked to decide within 5 working days of receiving it: expected by December 2, 2026.',
    );
  });

  it('when paid, shows the amount, the blocks, the day payroll recorded it, the hours left this year and who did what', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    await decide(tokenOf(claim), { decision: 'approve' }, 'sam', at('2026-11-30'));
    const hr = await act({ receipt: claim.receipt, action: 'approve', by: 'hr', name: 'Dana Wright' }, requestActContext(at('2026-12-02')));
    expect(hr.ok).toBe(true);
    const paid = await act({ receipt: claim.receipt, action: 'pay', by: 'payroll' }, requestActContext(at('2026-12-15')));
    expect(paid.ok && paid.record.status).toBe('paid');

    const page = words(await statusPage(claim.receipt));
    expect(page).toContain('Paid $500 for 12 hours (2 blocks), recorded by payroll on December 15, 2026.');
    expect(page).toContain('You can still claim 6 of the 18 hours a year in 2026–27 (1 block, $250).');
    expect(page).toContain('Approved by your supervisor, Sam Lee, November 30, 2026.');
    expect(page).toContain('Approved by Human Resources, Dana Wright, December 2, 2026.');
    expect(page).toContain('Paid by payroll, December 15, 2026.');
    expect(page).not.toContain(person.employeeId);
  });
});

describe('the email of a returned request', () => {
  it('quotes what to change and links to the form that sends the same request again', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    await decide(tokenOf(claim), { decision: 'return', comment: 'Which weeks were outside your workday?' });
    const [mail] = (await listOutbox(store)).pending.filter((p) => p.message.kind === 'status-changed' && p.message.receipt === claim.receipt);
    expect(mail!.message.text).toContain('What to change or add:');
    expect(mail!.message.text).toContain('Which weeks were outside your workday?');
    expect(mail!.message.text).toContain(`http://localhost/forms/compensation/from/?receipt=${claim.receipt}`);
  });
});
