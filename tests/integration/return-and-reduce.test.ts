import { beforeEach, describe, expect, it } from 'vitest';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { focusPlan } from '../../src/lib/forms/focus-plan.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import { handleSubmission, requestActContext, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { prefillHandler } from '../../src/lib/app/request-handlers.ts';
import { listOutbox } from '../../src/lib/mail/outbox.ts';
import { payrollCsv, payrollFor } from '../../src/lib/reports/payroll.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { act, decisionDueOn } from '../../src/lib/workflow/act.ts';
import { STAFF } from '../../support/people.ts';
import { catalogLine, compensationAnswers, focusPlanAnswers, multipartRequest, pdf, person, preApprovalAnswers } from '../../support/submissions.ts';
import { signedInEachTest, tokenOf, type Who } from '../support/send.ts';

/**
 * HR's real outcomes besides yes and no: a request returned for more information,
 * changed by its requester and sent again as the same request; and a claim approved
 * with fewer hours than it asks for.
 */
const world = signedInEachTest();
const { signedIn, send, submit, record, at, openLink, decide, statusPage } = world;
let store: SubmissionStore;
let deps: SubmitDeps;
beforeEach(() => ({ store, deps } = world));

const prefill = async (form: string, receipt: string, who: Who = 'ana') =>
  prefillHandler(await signedIn(who, new Request(`http://localhost/forms/${form}/from/?receipt=${encodeURIComponent(receipt)}`)), deps);
/** HR's change, as the scheduled run applies it from Airtable: through the routing, and told to the people concerned. */
const hrFlow = (d = deps) => requestActContext(d);

/** A claim of 12 hours, returned by Ana's supervisor with a note. */
async function returnedClaim(course = 'paraeducator-academy', hours = 12): Promise<StoredSubmission> {
  const claim = await submit(compensation, compensationAnswers([catalogLine(course, hours)]));
  const done = await decide(tokenOf(claim), { decision: 'return', comment: 'Which weeks were outside your workday?' });
  expect(done.status).toBe(200);
  return record(claim.receipt);
}

describe('returning a request for more information', () => {
  it('is offered on the decision page and needs a note that says what to change', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    const page = await (await openLink(tokenOf(claim))).text();
    expect(page).toContain('Return for more information');
    const refused = await decide(tokenOf(claim), { decision: 'return' });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('href="#f-comment"');
    expect(html).toContain('what to change or add');
    expect((await record(claim.receipt)).status).toBe('with-supervisor');
  });

  it('waits on the requester, who is emailed the note and sees it on the status page with a link to change the request', async () => {
    const returned = await returnedClaim();
    expect(returned.status).toBe('returned');
    expect(returned.decisionLink).toBeUndefined();
    expect(returned.history!.at(-1)).toMatchObject({ status: 'returned', action: 'return', by: 'Sam Lee', comment: 'Which weeks were outside your workday?' });

    const mail = (await listOutbox(store)).pending.filter((p) => p.message.kind === 'status-changed' && p.message.to === person.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.message.subject).toContain('Returned to you for changes');
    expect(mail[0]!.message.text).toContain('Which weeks were outside your workday?');

    const page = await statusPage(returned.receipt);
    expect(page).toContain('Returned to you for changes');
    expect(page).toContain('Which weeks were outside your workday?');
    expect(page).toContain(`href="/forms/compensation/from/?receipt=${returned.receipt}">Change your request and send it again</a>`);
    // Her supervisor may read the request, but the change is hers to make.
    expect(await statusPage(returned.receipt, 'sam')).not.toContain('Change your request and send it again');
  });

  it('can be done by HR at its step and by the evaluator at a focus plan’s review', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    await decide(tokenOf(claim), { decision: 'approve' });
    const byHr = await act({ receipt: claim.receipt, action: 'return', by: 'hr', comment: 'Attach the certificate, please.' }, hrFlow());
    expect(byHr.ok && byHr.record.status).toBe('returned');

    const plan = await submit(focusPlan, focusPlanAnswers({ track: 'learner' }), 'jordan');
    const back = await decide(tokenOf(plan), { decision: 'return', comment: 'Name one measurable outcome.' }, 'priya');
    expect(back.status).toBe(200);
    expect((await record(plan.receipt)).status).toBe('returned');
  });
});

describe('a returned request sent again', () => {
  it('opens its form filled in, with the note and the receipt it resends, for its owner only', async () => {
    const returned = await returnedClaim();
    const page = await prefill('compensation', returned.receipt);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<input type="hidden" name="resends" value="${returned.receipt}" form="form-start">`);
    expect(html).toContain('Which weeks were outside your workday?');
    expect(html).toContain('value="12"');
    expect((await prefill('compensation', returned.receipt, 'kevin')).status).toBe(404);
  });

  it('shows the running total of its hours, leaving its own earlier hours out of what is left of the cap', async () => {
    const returned = await returnedClaim();
    const html = await (await prefill('compensation', returned.receipt)).text();
    // 18 a year; the 12 hours of the returned claim are replaced by what it sends again, so all 18 are left.
    expect(html).toContain('data-cap-left="18"');
    expect(html).toContain('12 hours: 2 whole blocks');
  });

  it('is the same receipt, with its supervisor again, a new link that opens for the supervisor, and a cap that counts only its new hours', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    const oldToken = tokenOf(claim);
    await decide(oldToken, { decision: 'return', comment: 'Which weeks were outside your workday?' });
    const returned = await record(claim.receipt);
    const later = at('2026-12-03');
    const response = await send(compensation, compensationAnswers([catalogLine('paraeducator-academy', 6)], { resends: returned.receipt }), 'ana', later);
    const body = (await response.json()) as { receipt: string; status: string };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body).toEqual({ receipt: returned.receipt, status: 'with-supervisor' });

    const resent = await record(returned.receipt);
    expect(resent.id).toBe(returned.id);
    expect(resent.facts.claim).toMatchObject({ hours: 6 });
    expect(resent.history!.map((h) => h.action ?? 'sent')).toEqual(['sent', 'return', 'resend']);
    expect(resent.history!.at(-1)).toMatchObject({ status: 'with-supervisor', by: 'Ana Reyes' });
    expect(resent.facts.supervisorId).toBe(STAFF.sam);
    // The decision clock starts again from the day it came back.
    expect(decisionDueOn(resent, deps.program)).toBe('2026-12-10');

    expect(await store.hoursSubmitted(STAFF.ana, 2026)).toBe(6);
    // Her other 12 hours now fit under the 18-hour cap.
    expect((await send(compensation, compensationAnswers([catalogLine('spreadsheets-for-school-offices', 12)]), 'ana', later)).status).toBe(201);

    expect(tokenOf(resent)).not.toBe(oldToken);
    const opened = await openLink(tokenOf(resent), 'sam', later);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('Return for more information');
    expect((await openLink(tokenOf(resent), 'kevin', later)).status).toBe(403);
    const waiting = (await listOutbox(store)).pending.filter((p) => p.message.kind === 'decision-waiting' && p.message.receipt === resent.receipt);
    expect(waiting.map((p) => p.message.text.includes(resent.decisionLink!.url))).toContain(true);
  });

  it('counts its hours against the cap again, without counting its own earlier hours', async () => {
    const returned = await returnedClaim();
    // 12 + 6 of another claim is the cap of 18: resent with the same 12 hours, it still fits.
    await submit(compensation, compensationAnswers([catalogLine('first-aid-and-cpr-certification', 6)]));
    const same = await send(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)], { resends: returned.receipt }));
    expect(same.status).toBe(200);
    expect(await store.hoursSubmitted(STAFF.ana, 2026)).toBe(18);
  });

  it('is refused when someone else sends it, and the request is left as it was', async () => {
    const returned = await returnedClaim();
    const response = await send(compensation, compensationAnswers([catalogLine('paraeducator-academy', 6)], { resends: returned.receipt }), 'kevin');
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toContain('We cannot find the request to send again');
    const after = await record(returned.receipt);
    expect(after.status).toBe('returned');
    expect(after.facts.claim?.hours).toBe(12);
    expect(after.version).toBe(returned.version);
  });

  it('is refused when the request was not returned', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    const response = await send(compensation, compensationAnswers([catalogLine('paraeducator-academy', 6)], { resends: claim.receipt }));
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toContain('only a request returned to you for changes can be sent again');
    expect((await record(claim.receipt)).facts.claim?.hours).toBe(12);
    // Nor is it a way to send a request of another form in its place.
    const returned = await returnedClaim('first-aid-and-cpr-certification', 6);
    expect((await send(preApproval, preApprovalAnswers({ resends: returned.receipt }))).status).toBe(422);
  });

  it('keeps its files when none are attached, and replaces them when new ones are', async () => {
    const sent = await handleSubmission(
      await signedIn(
        'ana',
        multipartRequest(
          '/api/forms/compensation',
          compensationAnswers([catalogLine('paraeducator-academy', 12)], { permitHolder: 'yes', growthPlan: pdf('plan-first.pdf') }),
        ),
      ),
      compensation,
      deps,
    );
    expect(sent.status).toBe(201);
    const claim = await record(((await sent.json()) as { receipt: string }).receipt);
    await decide(tokenOf(claim), { decision: 'return', comment: 'Update the hours.' });

    // Each step a day apart: a link made in the same second as the one before would be the same link.
    const resend = async (extra: Record<string, unknown>, d: SubmitDeps) =>
      handleSubmission(
        await signedIn(
          'ana',
          multipartRequest(
            '/api/forms/compensation',
            compensationAnswers([catalogLine('paraeducator-academy', 6)], { permitHolder: 'yes', resends: claim.receipt, ...extra }),
          ),
          d,
        ),
        compensation,
        d,
      );
    expect((await resend({}, at('2026-11-25'))).status).toBe(200);
    const kept = await record(claim.receipt);
    expect(kept.files.map((f) => f.name)).toEqual(['plan-first.pdf']);
    expect(new TextDecoder().decode((await store.file(kept.files[0]!))!)).toMatch(/^%PDF-1\.4/);

    expect((await decide(tokenOf(kept), { decision: 'return', comment: 'The plan is out of date.' }, 'sam', at('2026-11-26'))).status).toBe(200);
    expect((await resend({ growthPlan: pdf('plan-second.pdf') }, at('2026-11-27'))).status).toBe(200);
    const replaced = await record(claim.receipt);
    expect(replaced.files.map((f) => f.name)).toEqual(['plan-second.pdf']);
    expect(await store.file(kept.files[0]!)).toBeNull();
  });

  it('goes back to the evaluator when it is a focus plan', async () => {
    const plan = await submit(focusPlan, focusPlanAnswers({ track: 'learner' }), 'jordan');
    await decide(tokenOf(plan), { decision: 'return', comment: 'Name one measurable outcome.' }, 'priya');
    const response = await send(focusPlan, focusPlanAnswers({ track: 'learner', resends: plan.receipt }), 'jordan', at('2026-11-25'));
    expect(response.status).toBe(200);
    const resent = await record(plan.receipt);
    expect(resent.status).toBe('with-evaluator');
    expect((await openLink(tokenOf(resent), 'priya', at('2026-11-25'))).status).toBe(200);
  });
});

describe('approving fewer hours', () => {
  async function atHr(hours = 12): Promise<StoredSubmission> {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', hours)]));
    await decide(tokenOf(claim), { decision: 'approve' });
    return record(claim.receipt);
  }

  it('moves the claim to payroll with the approved hours, and the cap keeps only those', async () => {
    const claim = await atHr();
    const result = await act(
      { receipt: claim.receipt, action: 'reduce', by: 'hr', approvedHours: 6, comment: 'A district grant paid for the first six hours.' },
      hrFlow(),
    );
    expect(result.ok).toBe(true);
    const reduced = await record(claim.receipt);
    expect(reduced.status).toBe('with-payroll');
    expect(reduced.facts.claim).toMatchObject({ hours: 12, approvedHours: 6 });
    expect(await store.hoursSubmitted(STAFF.ana, 2026)).toBe(6);
  });

  it('needs a reason and whole blocks fewer than claimed', async () => {
    const claim = await atHr();
    const ask = (approvedHours: number | undefined, comment = 'Paid in part by a grant.') =>
      act({ receipt: claim.receipt, action: 'reduce', by: 'hr', comment, ...(approvedHours === undefined ? {} : { approvedHours }) }, hrFlow());
    expect(await ask(6, '')).toMatchObject({ ok: false, reason: 'comment-required' });
    expect(await ask(undefined)).toMatchObject({ ok: false, reason: 'hours', message: expect.stringContaining('Enter the hours approved') });
    expect(await ask(9)).toMatchObject({ ok: false, reason: 'hours', message: expect.stringContaining('whole blocks of 6 hours') });
    expect(await ask(12)).toMatchObject({ ok: false, reason: 'hours', message: expect.stringContaining('fewer than the 12 claimed') });
    expect(await ask(0)).toMatchObject({ ok: false, reason: 'hours' });
    expect((await record(claim.receipt)).status).toBe('with-hr');
  });

  it('tells the requester, by email and on the status page, how many hours were approved and why', async () => {
    const claim = await atHr();
    await act({ receipt: claim.receipt, action: 'reduce', by: 'hr', approvedHours: 6, comment: 'A district grant paid for six hours.' }, hrFlow());
    const page = await statusPage(claim.receipt);
    expect(page).toContain('Human Resources approved 6 of the 12 hours claimed: “A district grant paid for six hours.”');
    const mail = (await listOutbox(store)).pending.filter(
      (p) => p.message.kind === 'status-changed' && p.message.to === person.email && p.message.subject.includes('with payroll'),
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]!.message.text).toContain('Human Resources approved 6 of the 12 hours you claimed. The reason: A district grant paid for six hours.');
  });

  it('pays the approved hours in the payroll file, and says why', async () => {
    const claim = await atHr();
    await act({ receipt: claim.receipt, action: 'reduce', by: 'hr', approvedHours: 6, comment: 'A district grant paid for six hours.' }, hrFlow());
    const payroll = payrollFor(await store.list(), 2026, deps.program);
    expect(payroll.rows).toEqual([expect.objectContaining({ receipt: claim.receipt, hoursClaimed: 12, hoursPaid: 6, blocks: 1, amount: 250 })]);
    expect(payrollCsv(payroll)).toContain(',12,6,1,250.00,Human Resources approved 6 of the 12 hours claimed: A district grant paid for six hours.\n');
  });
});
