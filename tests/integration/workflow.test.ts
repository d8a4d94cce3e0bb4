import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { appeal } from '../../src/lib/forms/appeal.ts';
import { checkpoint, focusPlan } from '../../src/lib/forms/focus-plan.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { reimbursement } from '../../src/lib/forms/reimbursement.ts';
import type { SubmitDeps } from '../../src/lib/app/submit.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { act } from '../../src/lib/workflow/act.ts';
import {
  decideHandler,
  decisionFileHandler,
  prefillHandler,
  receivedHandler,
  requesterActionHandler,
  statusHandler,
} from '../../src/lib/app/request-handlers.ts';
import { listOutbox } from '../../src/lib/mail/outbox.ts';
import { signLink } from '../../src/lib/workflow/links.ts';
import { TRANSITIONS, type Action, type Role } from '../../src/lib/program/routing.ts';
import { TEST_LINK_SECRET } from '../../support/blobs.ts';
import { STAFF } from '../../support/people.ts';
import {
  appealAnswers,
  catalogLine,
  checkpointAnswers,
  compensationAnswers,
  focusPlanAnswers,
  formRequest,
  multipartRequest,
  pdf,
  person,
  preApprovalAnswers,
  reimbursementAnswers,
} from '../../support/submissions.ts';
import { receiptOf, signedInEachTest, tokenOf, type Who } from '../support/send.ts';

const world = signedInEachTest();
const { signedIn, send, submit, openLink, decide, statusResponse, statusPage } = world;
let store: SubmissionStore;
let deps: SubmitDeps;
beforeEach(() => ({ store, deps } = world));

const later = (days: number): SubmitDeps => ({ ...deps, now: () => new Date(Date.parse('2026-11-24T18:00:00Z') + days * 86_400_000) });
const flow = () => ({ store, now: deps.now!(), timeZone: deps.program.timeZone, links: { origin: 'http://localhost', secret: TEST_LINK_SECRET } });

/** The permanent classified staff of the sample roster who have a supervisor: people who may claim compensation. */
async function claimants(): Promise<Who[]> {
  return (await deps.roster()).members.filter((m) => m.active && m.group === 'permanent-classified' && m.supervisorId).map((m) => m.employeeId as Who);
}

const prefill = async (path: string, who: Who = 'ana') => prefillHandler(await signedIn(who, new Request(`http://localhost${path}`)), deps);
const withdraw = async (receipt: string, fields: Record<string, unknown> = { confirmWithdraw: 'yes' }, who: Who = 'ana') =>
  requesterActionHandler(await signedIn(who, formRequest('/requests/withdraw/', { receipt, ...fields })), deps, 'withdraw');
const statusOf = async (receipt: string) => (await store.byReceipt(receipt))!.status;

const planAnswers = () => focusPlanAnswers({ track: 'learner' });

describe('a supervisor’s decision link', () => {
  it('opens the request and records an approval once, with who and when', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    expect(request.decisionLink).toMatchObject({ step: 'with-supervisor', expiresOn: '2026-12-24' });
    expect(request.facts).toMatchObject({ employeeId: STAFF.ana, supervisorId: STAFF.sam });
    const page = await openLink(tokenOf(request));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('American Sign Language I');
    // The decider is the person signed in: the form asks for no name.
    expect(html).toContain('Signed in as Sam Lee');
    expect(html).not.toContain('name="name"');

    // A name posted anyway is not what is recorded: the roster's name of the person signed in is.
    const done = await decide(tokenOf(request), { decision: 'approve', name: 'Somebody Else', comment: 'Good fit.' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Decision recorded');
    const approved = (await store.byReceipt(request.receipt))!;
    expect(approved.status).toBe('approved');
    expect(approved.decidedOn).toBe('2026-11-24');
    expect(approved.history!.at(-1)).toMatchObject({ status: 'approved', action: 'approve', by: 'Sam Lee', comment: 'Good fit.' });
    expect(approved.decisionLink).toBeUndefined();

    // The same link again, opened or posted: refused with a clear page, nothing changes.
    expect((await openLink(tokenOf(request))).status).toBe(409);
    const again = await decide(tokenOf(request), { decision: 'deny', comment: 'Changed my mind' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already been made');
    expect(await statusOf(request.receipt)).toBe('approved');
  });

  it('is refused when any part of it is changed, with a page that says so', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const token = tokenOf(request);
    const [receipt, step, expires, signature] = token.split('.') as [string, string, string, string];
    const tampered = [
      `${receipt}.${step}.${Number(expires) + 86_400}.${signature}`,
      `${receipt}.approved.${expires}.${signature}`,
      `PA-0000000000.${step}.${expires}.${signature}`,
      `${receipt}.${step}.${expires}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`,
      `${receipt}.${step}.${expires}`,
      '',
      signLink({ receipt: request.receipt, step: 'with-supervisor', expires: Number(expires) }, 'another-secret'),
    ];
    for (const bad of tampered) {
      const page = await openLink(bad);
      expect(page.status, bad).toBe(403);
      expect(await page.text()).toContain('This link is not valid');
      expect((await decide(bad, { decision: 'approve' })).status).toBe(403);
    }
    expect(await statusOf(request.receipt)).toBe('with-supervisor');
  });

  it('expires after its lifetime, and says so', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    expect((await openLink(tokenOf(request), 'sam', later(29))).status).toBe(200);
    const page = await openLink(tokenOf(request), 'sam', later(31));
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This link has expired');
    expect((await decide(tokenOf(request), { decision: 'approve' }, 'sam', later(31))).status).toBe(410);
    expect(await statusOf(request.receipt)).toBe('with-supervisor');
  });

  it('asks for a reason before a denial and names the field', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const refused = await decide(tokenOf(request), { decision: 'deny' });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('href="#f-comment"');
    expect(html).toContain('requester is told the reason');
    const noChoice = await decide(tokenOf(request), {});
    expect(noChoice.status).toBe(422);
    expect(await noChoice.text()).toContain('href="#f-decision"');
    // A refused post does not use the link up.
    expect((await decide(tokenOf(request), { decision: 'deny', comment: 'Not related to your role.' })).status).toBe(200);
    expect(await statusOf(request.receipt)).toBe('denied');
  });
});

describe('evidence for the person deciding', () => {
  it('downloads through the open link as an attachment, only for the person deciding, and not once the step is decided', async () => {
    const preApproved = await submit(preApproval, preApprovalAnswers({ startDate: '2026-12-01' }));
    await store.setStatus(preApproved.receipt, 'approved', '2026-10-01');
    const response = await send(
      compensation,
      multipartRequest(
        '/api/forms/compensation',
        compensationAnswers([
          { preApprovalReceipt: preApproved.receipt, startDate: '2026-10-05', completionDate: '2026-11-02', hours: '6', evidence: pdf('transcript.pdf') },
        ]),
      ),
    );
    expect(response.status).toBe(201);
    const claim = await world.record(await receiptOf(response));
    const page = await (await openLink(tokenOf(claim))).text();
    const href = page.match(/href="(\/decide\/file\/\?token=[^"]+)"/)![1]!.replaceAll('&amp;', '&');
    const download = async (path: string, who: Who = 'sam') => decisionFileHandler(await signedIn(who, new Request(`http://localhost${path}`)), deps);
    const file = await download(href);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="transcript.pdf"/);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode(await file.arrayBuffer())).toMatch(/^%PDF-1\.4/);
    const tampered = href.replace(/file=0/, 'file=7');
    expect((await download(tampered)).status).toBe(404);
    // The link's file is the decider's to read, not a colleague's who got hold of the address.
    const colleague = await download(href, 'kevin');
    expect(colleague.status).toBe(403);
    expect(await colleague.text()).toContain('This link was sent to someone else');

    await decide(tokenOf(claim), { decision: 'approve' });
    expect((await download(href)).status).toBe(409);
  });
});

describe('a compensation request’s route', () => {
  it('goes supervisor, then HR, then payroll, and keeps its hours claimed', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    expect(claim.status).toBe('with-supervisor');
    expect((await decide(tokenOf(claim), { decision: 'approve' })).status).toBe(200);
    const withHr = (await store.byReceipt(claim.receipt))!;
    expect(withHr.status).toBe('with-hr');
    expect(withHr.decisionLink).toBeUndefined();
    expect((await act({ receipt: claim.receipt, action: 'approve', by: 'hr' }, flow())).ok).toBe(true);
    expect((await act({ receipt: claim.receipt, action: 'pay', by: 'payroll' }, flow())).ok).toBe(true);
    expect(await statusOf(claim.receipt)).toBe('paid');
    expect(await store.hoursSubmitted(person.employeeId, 2026)).toBe(12);
  });

  it('gives a denied claim’s hours back, and an overturned appeal claims them again', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    await decide(tokenOf(claim), { decision: 'deny', comment: 'Taken during work hours.' });
    expect(await store.hoursSubmitted(person.employeeId, 2026)).toBe(0);
    const appealed = await submit(appeal, {
      fullName: person.fullName,
      email: person.email,
      employeeId: person.employeeId,
      receipt: claim.receipt.toLowerCase(),
      reason: 'It was on a Saturday.',
      trueAndComplete: 'yes',
      submissionId: randomUUID(),
    });
    expect(appealed.status).toBe('with-task-force');
    expect(appealed.facts.refersTo).toBe(claim.receipt);
    const result = await act({ receipt: appealed.receipt, action: 'overturn', by: 'task-force' }, flow());
    expect(result.ok && result.followed?.status).toBe('with-hr');
    expect(await statusOf(claim.receipt)).toBe('with-hr');
    expect(await store.hoursSubmitted(person.employeeId, 2026)).toBe(12);
  });
});

describe('the status page', () => {
  it('shows where a request stands and its history, and nothing personal', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    await decide(tokenOf(request), { decision: 'deny', comment: 'Not related to your role.' });
    const page = await statusResponse(request.receipt.toLowerCase());
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-status="denied"');
    expect(html).toContain('Not related to your role.');
    expect(html).toContain('Denied by your supervisor, Sam Lee');
    expect(html).toContain(`/forms/appeal/from/?receipt=${request.receipt}`);
    expect(html).toContain(`/forms/pre-approval/from/?receipt=${request.receipt}`);
    // Ana's own page names her only where it says who is signed in; the request on it carries nothing personal.
    expect(html).toContain(`Signed in as ${person.fullName}`);
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    for (const personal of [person.fullName, person.email, person.employeeId]) expect(main).not.toContain(personal);
    // Her supervisor's view of the same page carries none of her details anywhere.
    const supervisorsView = await statusPage(request.receipt, 'sam');
    expect(supervisorsView).toContain('data-status="denied"');
    for (const personal of [person.fullName, person.email, person.employeeId]) expect(supervisorsView).not.toContain(personal);
  });

  it('answers an unknown or empty receipt with the lookup form and a message naming the field', async () => {
    const unknown = await statusResponse('PA-0000000000');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('href="#f-receipt"');
    expect((await statusHandler(await signedIn('ana', new Request('http://localhost/requests/status/')), deps)).status).toBe(400);
    expect((await statusHandler(await signedIn('ana', new Request('http://localhost/requests/status/?receipt=../../x')), deps)).status).toBe(404);
  });

  it('sends someone not signed in to sign in first, and back to the page afterwards', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const answer = await statusHandler(new Request(`http://localhost/requests/status/?receipt=${request.receipt}`), deps);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`/sign-in/?next=${encodeURIComponent(`/requests/status/?receipt=${request.receipt}`)}`);
  });
});

describe('withdrawing', () => {
  it('works before the first decision and gives the hours back', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    const unconfirmed = await withdraw(claim.receipt, {});
    expect(unconfirmed.status).toBe(422);
    expect(await unconfirmed.text()).toContain('href="#f-confirmWithdraw"');
    const done = await withdraw(claim.receipt);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/requests/status/?receipt=${claim.receipt}&done=withdrawn`);
    expect(await statusOf(claim.receipt)).toBe('withdrawn');
    expect(await store.hoursSubmitted(person.employeeId, 2026)).toBe(0);
    expect((await store.byReceipt(claim.receipt))!.history!.at(-1)).toMatchObject({ action: 'withdraw', by: person.fullName });
  });

  it('is refused once a decision is made, and from another site', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    await decide(tokenOf(request), { decision: 'approve' });
    const refused = await withdraw(request.receipt);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('cannot be withdrawn');
    expect(await statusOf(request.receipt)).toBe('approved');
    const other = await submit(preApproval, preApprovalAnswers());
    // The requester's own cookie rides along on a post another site makes: it is still refused.
    const foreign = await signedIn(
      'ana',
      new Request('http://localhost/requests/withdraw/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        body: `receipt=${other.receipt}&confirmWithdraw=yes`,
      }),
    );
    expect((await requesterActionHandler(foreign, deps, 'withdraw')).status).toBe(403);
    expect(await statusOf(other.receipt)).toBe('with-supervisor');
  });
});

describe('starting again from a denied request', () => {
  it('fills in the same form, with a new submission ID and no declarations ticked', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    await decide(tokenOf(claim), { decision: 'deny', comment: 'Wrong hours.' });
    const page = await prefill(`/forms/compensation/from/?receipt=${claim.receipt}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    // Who is asking is shown from HR's roster, not asked again.
    expect(html).toContain(`data-roster="employeeId">${person.employeeId}</dd>`);
    expect(html).not.toContain('name="employeeId"');
    expect(html).toContain('value="paraeducator-academy" selected');
    expect(html).not.toContain(claim.id);
    expect(html).not.toMatch(/name="outsideWorkday" value="yes" checked/);
    const appealPage = await (await prefill(`/forms/appeal/from/?receipt=${claim.receipt}`)).text();
    expect(appealPage).toContain(`value="${claim.receipt}"`);
  });

  it('is refused for a request that was not denied', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    expect((await prefill(`/forms/pre-approval/from/?receipt=${request.receipt}`)).status).toBe(409);
    expect((await prefill(`/forms/appeal/from/?receipt=${request.receipt}`)).status).toBe(409);
  });
});

describe('appeals', () => {
  it('take each denial once, and an overturned pre-approval counts as approved from that day', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    await decide(tokenOf(request), { decision: 'deny', comment: 'Not related to your role.' });
    const answers = {
      fullName: person.fullName,
      email: person.email,
      employeeId: person.employeeId,
      receipt: request.receipt,
      reason: 'I work with deaf students daily.',
      trueAndComplete: 'yes',
    };
    const first = await submit(appeal, { ...answers, submissionId: randomUUID() });
    const second = await send(appeal, { ...answers, submissionId: randomUUID() });
    expect(second.status).toBe(422);
    expect(JSON.stringify(await second.json())).toContain('already been appealed');
    expect((await act({ receipt: first.receipt, action: 'uphold', by: 'task-force' }, flow())).ok).toBe(false);
    const overturned = await act({ receipt: first.receipt, action: 'overturn', by: 'task-force' }, flow());
    expect(overturned.ok).toBe(true);
    const approved = (await store.byReceipt(request.receipt))!;
    expect(approved.status).toBe('approved');
    expect(approved.decidedOn).toBe('2026-11-24');
  });
});

describe('a focus plan', () => {
  it('follows its steps: evaluator signs, then the teacher, checkpoint, final conference, closed', async () => {
    // Jordan, a teacher, is evaluated by Priya: the roster, not the form, says who reviews the plan.
    const plan = await submit(focusPlan, planAnswers(), 'jordan');
    expect(plan.facts).toMatchObject({ employeeId: STAFF.jordan, evaluatorId: STAFF.priya });
    expect(plan.decisionLink!.step).toBe('with-evaluator');
    const reviewLink = tokenOf(plan);
    const sign = async (fields: Record<string, unknown>) =>
      requesterActionHandler(await signedIn('jordan', formRequest('/requests/sign/', { receipt: plan.receipt, ...fields })), deps, 'sign');

    // The teacher cannot sign before the evaluator.
    expect((await sign({ agree: 'yes' })).status).toBe(409);
    expect((await decide(reviewLink, { decision: 'sign' }, 'priya')).status).toBe(200);
    expect(await statusOf(plan.receipt)).toBe('evaluator-signed');
    expect((await store.byReceipt(plan.receipt))!.history!.at(-1)).toMatchObject({ action: 'sign', by: 'Priya Shah' });
    const unsigned = await sign({});
    expect(unsigned.status).toBe(422);
    expect(await unsigned.text()).toContain('href="#f-agree"');
    // The signature is the roster's name of the teacher signed in, whatever name is posted.
    expect((await sign({ agree: 'yes', name: 'Somebody Else' })).status).toBe(303);
    expect(await statusOf(plan.receipt)).toBe('active');
    expect((await store.byReceipt(plan.receipt))!.history!.at(-1)).toMatchObject({ action: 'sign', by: 'Jordan Ellis' });

    await submit(checkpoint, checkpointAnswers(plan.receipt, { progress: 'Exit tickets in most lessons.' }), 'jordan');
    const checkpointed = (await store.byReceipt(plan.receipt))!;
    expect(checkpointed.status).toBe('checkpoint-received');
    expect(checkpointed.decisionLink!.step).toBe('checkpoint-received');
    const conference = await openLink(tokenOf(checkpointed), 'priya');
    expect(await conference.text()).toContain('Exit tickets in most lessons.');
    // The review link was for an earlier step.
    expect((await decide(reviewLink, { decision: 'sign' }, 'priya')).status).toBe(409);
    expect((await decide(tokenOf(checkpointed), { decision: 'close' }, 'priya')).status).toBe(200);
    expect(await statusOf(plan.receipt)).toBe('closed');
    expect((await store.byReceipt(plan.receipt))!.history!.map((h) => h.status)).toEqual([
      'with-evaluator',
      'evaluator-signed',
      'active',
      'checkpoint-received',
      'closed',
    ]);
  });
});

describe('a focus plan continued into next year', () => {
  it('starts next year’s plan filled in from it, with a new checkpoint date to choose', async () => {
    const plan = await submit(focusPlan, planAnswers(), 'jordan');
    for (const [action, by] of [
      ['sign', 'evaluator'],
      ['sign', 'employee'],
      ['checkpoint', 'employee'],
      ['continue', 'evaluator'],
    ] as const) {
      expect((await act({ receipt: plan.receipt, action, by }, flow())).ok).toBe(true);
    }
    const status = await statusPage(plan.receipt, 'jordan');
    expect(status).toContain(`/forms/focus-plan/from/?receipt=${plan.receipt}`);
    const page = await (await prefill(`/forms/focus-plan/from/?receipt=${plan.receipt}`, 'jordan')).text();
    expect(page).toContain('Checking for understanding in small groups');
    expect(page).not.toContain('2027-05-07');
  });
});

describe('the routing', () => {
  // Every (form, status, action, role) the table does not list is refused by transitionFor
  // (tests/unit/routing-table.test.ts); these show act() asks it, and a refusal changes nothing.
  it('refuses a change the table does not list, and leaves the request exactly as it was', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 6)]));
    await store.setStatus(claim.receipt, 'with-hr');
    const plan = await submit(focusPlan, planAnswers(), 'jordan');
    await store.setStatus(plan.receipt, 'active');
    const denied = await submit(preApproval, preApprovalAnswers());
    await store.setStatus(denied.receipt, 'denied');
    const appealed = await submit(appeal, appealAnswers(denied.receipt));
    const refusals: [StoredSubmission, Action, Role][] = [
      // The right step, the wrong role.
      [request, 'approve', 'hr'],
      // The right role, the wrong step: payroll before HR has approved.
      [claim, 'pay', 'payroll'],
      // A step skipped: closing a plan before its checkpoint.
      [plan, 'close', 'evaluator'],
      // Not the task force.
      [appealed, 'overturn', 'supervisor'],
      // Settled: a denial cannot be approved, nor withdrawn.
      [denied, 'approve', 'supervisor'],
      [denied, 'withdraw', 'employee'],
    ];
    for (const [record, action, by] of refusals) {
      const before = (await store.byReceipt(record.receipt))!;
      const result = await act({ receipt: record.receipt, action, by, comment: 'x' }, flow());
      expect(result, `${record.form} ${before.status} ${action} by ${by}`).toMatchObject({ ok: false, reason: 'not-allowed' });
      expect(await store.byReceipt(record.receipt)).toEqual(before);
    }
  });

  it('refuses a denial without a reason, and leaves the request exactly as it was', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const before = (await store.byReceipt(request.receipt))!;
    expect(await act({ receipt: request.receipt, action: 'deny', by: 'supervisor', comment: '  ' }, flow())).toMatchObject({
      ok: false,
      reason: 'comment-required',
    });
    expect(await store.byReceipt(request.receipt)).toEqual(before);
  });

  it('allows every change it lists', async () => {
    // Each compensation claim from another eligible employee, so no one reaches the yearly cap.
    const claimers = await claimants();
    let claims = 0;
    for (const transition of TRANSITIONS) {
      const record =
        transition.form === 'appeal'
          ? await (async () => {
              const denied = await submit(preApproval, preApprovalAnswers());
              await store.setStatus(denied.receipt, 'denied');
              return submit(appeal, appealAnswers(denied.receipt));
            })()
          : transition.form === 'compensation'
            ? await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 6)]), claimers[claims++ % claimers.length]!)
            : transition.form === 'focus-plan'
              ? await submit(focusPlan, planAnswers(), 'jordan')
              : transition.form === 'reimbursement'
                ? await submit(reimbursement, multipartRequest('/api/forms/reimbursement', reimbursementAnswers('20')))
                : await submit(preApproval, preApprovalAnswers());
      await store.setStatus(record.receipt, transition.from);
      // Fewer hours need the hours; a resend, the answers it sends again (here the same).
      const extra =
        transition.action === 'reduce'
          ? transition.form === 'reimbursement'
            ? { approvedAmount: 10 }
            : { approvedHours: 3 }
          : transition.action === 'resend'
            ? { revision: { data: record.data, facts: record.facts, files: [] } }
            : {};
      const result = await act({ receipt: record.receipt, action: transition.action, by: transition.by, comment: 'Because.', ...extra }, flow());
      expect(result.ok, `${transition.form} ${transition.from} ${transition.action}`).toBe(true);
      expect(await statusOf(record.receipt)).toBe(transition.to);
    }
  });
});

describe('the queue and a change made while a sync was in flight', () => {
  it('keeps the record queued when it changed after the version Airtable confirmed', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const sent = (await store.pending()).find((r) => r.receipt === request.receipt)!;
    await act({ receipt: request.receipt, action: 'withdraw', by: 'employee' }, flow());
    await store.markSynced(sent, new Date().toISOString());
    const queued = (await store.pending()).find((r) => r.receipt === request.receipt);
    expect(queued?.status).toBe('withdrawn');
    await store.markSynced(queued!, new Date().toISOString());
    expect((await store.pending()).some((r) => r.receipt === request.receipt)).toBe(false);
  });
});

describe('who may act', () => {
  it('refuses a decision link to anyone signed in but its addressee, the requester included, and changes nothing', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const before = (await store.byReceipt(request.receipt))!;
    // Kevin, a colleague at the same school; Ana, approving her own request; Priya, a reviewer, but not Ana's.
    for (const who of ['kevin', 'ana', 'priya'] as const) {
      const page = await openLink(tokenOf(request), who);
      expect(page.status, who).toBe(403);
      const text = await page.text();
      expect(text).toContain('This link was sent to someone else');
      expect(text).not.toContain('American Sign Language I');
      const posted = await decide(tokenOf(request), { decision: 'approve', comment: 'Looks fine to me.' }, who);
      expect(posted.status, who).toBe(403);
      expect(await posted.text()).toContain('This link was sent to someone else');
    }
    expect(await store.byReceipt(request.receipt)).toEqual(before);
    // The refusals did not use the link up: its addressee still decides with it.
    expect((await decide(tokenOf(request), { decision: 'approve' })).status).toBe(200);
    expect(await statusOf(request.receipt)).toBe('approved');
  });

  it('sends someone not signed in to sign in first, and back to the decision link afterwards', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const path = `/decide/?token=${encodeURIComponent(tokenOf(request))}`;
    const answer = await decideHandler(new Request(`http://localhost${path}`), deps);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`/sign-in/?next=${encodeURIComponent(path)}`);
    const posted = await decideHandler(formRequest('/decide/', { token: tokenOf(request), decision: 'approve' }), deps);
    expect(posted.status).toBe(303);
    expect(await statusOf(request.receipt)).toBe('with-supervisor');
  });

  it('lets HR open and decide a request waiting on a supervisor, and records HR’s name', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const page = await openLink(tokenOf(request), 'dana');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('American Sign Language I');
    expect(html).toContain('Signed in as Dana Whitfield');
    expect((await decide(tokenOf(request), { decision: 'approve', comment: 'Approved for Sam, who is away.' }, 'dana')).status).toBe(200);
    const approved = (await store.byReceipt(request.receipt))!;
    expect(approved.status).toBe('approved');
    expect(approved.history!.at(-1)).toMatchObject({ action: 'approve', by: 'Dana Whitfield', comment: 'Approved for Sam, who is away.' });
  });

  it('shows a request’s pages to its requester, supervisor and HR, and to another employee the same 404 as an unknown receipt', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    for (const who of ['ana', 'sam', 'dana'] as const) {
      const page = await statusResponse(request.receipt, who);
      expect(page.status, who).toBe(200);
      expect(await page.text()).toContain('data-status="with-supervisor"');
      expect((await receivedHandler(await signedIn(who, new Request(`http://localhost/forms/received/?receipt=${request.receipt}`)), deps)).status).toBe(200);
    }
    // Only the requester is offered her own steps.
    expect(await statusPage(request.receipt, 'ana')).toContain('/requests/withdraw/');
    expect(await statusPage(request.receipt, 'sam')).not.toContain('/requests/withdraw/');

    const kevins = await statusResponse(request.receipt, 'kevin');
    expect(kevins.status).toBe(404);
    const unknown = await statusResponse('PA-0000000000', 'kevin');
    expect((await kevins.text()).replaceAll(request.receipt, 'RECEIPT')).toBe((await unknown.text()).replaceAll('PA-0000000000', 'RECEIPT'));
    const received = (receipt: string) => receivedHandler(new Request(`http://localhost/forms/received/?receipt=${receipt}`), deps);
    const kevinsReceived = await receivedHandler(await signedIn('kevin', new Request(`http://localhost/forms/received/?receipt=${request.receipt}`)), deps);
    const unknownReceived = await receivedHandler(await signedIn('kevin', new Request('http://localhost/forms/received/?receipt=PA-0000000000')), deps);
    expect(kevinsReceived.status).toBe(404);
    expect(unknownReceived.status).toBe(404);
    expect(await kevinsReceived.text()).toBe(await unknownReceived.text());
    expect((await received(request.receipt)).status).toBe(303);
  });

  it('refuses a withdrawal by anyone but the requester, and changes nothing', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    const before = (await store.byReceipt(claim.receipt))!;
    for (const who of ['kevin', 'sam', 'dana'] as const) {
      const refused = await withdraw(claim.receipt, { confirmWithdraw: 'yes' }, who);
      expect(refused.status, who).toBe(404);
      expect(await refused.text()).toContain('We cannot find a request with that receipt');
    }
    expect(await store.byReceipt(claim.receipt)).toEqual(before);
    expect(await store.hoursSubmitted(person.employeeId, 2026)).toBe(12);
    expect((await withdraw(claim.receipt)).status).toBe(303);
    expect(await statusOf(claim.receipt)).toBe('withdrawn');
  });

  it('refuses to sign a plan for its teacher, or to start a form from someone else’s request', async () => {
    const plan = await submit(focusPlan, planAnswers(), 'jordan');
    await act({ receipt: plan.receipt, action: 'sign', by: 'evaluator' }, flow());
    const before = (await store.byReceipt(plan.receipt))!;
    for (const who of ['priya', 'ana'] as const) {
      const signed = await requesterActionHandler(await signedIn(who, formRequest('/requests/sign/', { receipt: plan.receipt, agree: 'yes' })), deps, 'sign');
      expect(signed.status, who).toBe(404);
    }
    expect(await store.byReceipt(plan.receipt)).toEqual(before);

    const request = await submit(preApproval, preApprovalAnswers());
    await decide(tokenOf(request), { decision: 'deny', comment: 'Not related to your role.' });
    for (const who of ['kevin', 'sam', 'dana'] as const) {
      expect((await prefill(`/forms/pre-approval/from/?receipt=${request.receipt}`, who)).status, who).toBe(404);
      expect((await prefill(`/forms/appeal/from/?receipt=${request.receipt}`, who)).status, who).toBe(404);
    }
    expect((await prefill(`/forms/appeal/from/?receipt=${request.receipt}`)).status).toBe(200);
  });

  it('tells the requester by mail when the supervisor decides', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const toAna = async () => (await listOutbox(store)).pending.filter((p) => p.message.kind === 'status-changed' && p.message.to === person.email);
    // Sending a request is no change of status: she is told once a decision is made.
    expect(await toAna()).toEqual([]);
    expect((await decide(tokenOf(request), { decision: 'approve', comment: 'Good fit.' })).status).toBe(200);
    const told = await toAna();
    expect(told).toHaveLength(1);
    expect(told[0]!.message).toMatchObject({ kind: 'status-changed', to: 'ana.reyes@cedarvalley.example', receipt: request.receipt });
    expect(told[0]!.message.text).toContain('Good fit.');
    expect(told[0]!.message.text).toContain(`/requests/status/?receipt=${request.receipt}`);
  });

  it('tells the requester of a denial with its reason and the way to appeal it', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    expect((await decide(tokenOf(request), { decision: 'deny', comment: 'Not related to your role.' })).status).toBe(200);
    const [told] = (await listOutbox(store)).pending.filter((p) => p.message.kind === 'status-changed' && p.message.to === person.email);
    expect(told!.message.text).toContain('Not related to your role.');
    expect(told!.message.text).toContain(`/forms/appeal/from/?receipt=${request.receipt}`);
  });

  it('queues a message with the decision link to the supervisor or evaluator a new request waits on', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const waiting = (await listOutbox(store)).pending.filter((p) => p.message.kind === 'decision-waiting' && p.message.receipt === request.receipt);
    expect(waiting).toHaveLength(1);
    const message = waiting[0]!.message;
    expect(message.to).toBe('sam.lee@cedarvalley.example');
    expect(message.text).toContain(request.decisionLink!.url);
    // The link in the message opens for Sam.
    const mailed = new URL(message.text.match(/http:\/\/localhost\/decide\/\?token=\S+/)![0]).searchParams.get('token')!;
    expect((await openLink(mailed)).status).toBe(200);

    const plan = await submit(focusPlan, planAnswers(), 'jordan');
    const review = (await listOutbox(store)).pending.filter((p) => p.message.kind === 'decision-waiting' && p.message.receipt === plan.receipt);
    expect(review.map((p) => p.message.to)).toEqual(['priya.shah@cedarvalley.example']);
    expect(review[0]!.message.text).toContain(plan.decisionLink!.url);
  });
});
