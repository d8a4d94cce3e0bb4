import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { appeal } from '../../src/lib/forms/appeal.ts';
import { checkpoint, focusPlan } from '../../src/lib/forms/focus-plan.ts';
import type { AnyForm } from '../../src/lib/forms/form.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { act } from '../../src/lib/workflow/act.ts';
import { decideHandler, decisionFileHandler, prefillHandler, requesterActionHandler, statusHandler } from '../../src/lib/app/request-handlers.ts';
import { signLink } from '../../src/lib/workflow/links.ts';
import { TRANSITIONS, type Action, type Role } from '../../src/lib/program/routing.ts';
import { freshStoreEachTest, TEST_LINK_SECRET } from '../../support/blobs.ts';
import {
  appealAnswers,
  catalogLine,
  checkpointAnswers,
  compensationAnswers,
  focusPlanAnswers,
  formRequest,
  jsonRequest,
  multipartRequest,
  pdf,
  person,
  preApprovalAnswers,
} from '../../support/submissions.ts';

const fresh = freshStoreEachTest();
let store: SubmissionStore;
let deps: SubmitDeps;
beforeEach(() => {
  store = fresh.store;
  deps = fresh.deps;
});

const later = (days: number): SubmitDeps => ({ ...deps, now: () => new Date(Date.parse('2026-11-24T18:00:00Z') + days * 86_400_000) });
const flow = () => ({ store, now: deps.now!(), links: { origin: 'http://localhost', secret: TEST_LINK_SECRET } });

async function submit(form: AnyForm, answers: Record<string, unknown>): Promise<StoredSubmission> {
  const response = await handleSubmission(jsonRequest(`/api/forms/${form.id}`, answers), form, deps);
  const body = (await response.json()) as { receipt?: string; errors?: unknown };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return (await store.byReceipt(body.receipt!))!;
}

const tokenOf = (record: StoredSubmission) => new URL(record.decisionLink!.url).searchParams.get('token')!;
const openLink = (token: string, d = deps) => decideHandler(new Request(`http://localhost/decide/?token=${encodeURIComponent(token)}`), d);
const decide = (token: string, fields: Record<string, unknown>, d = deps) => decideHandler(formRequest('/decide/', { token, ...fields }), d);
const statusOf = async (receipt: string) => (await store.byReceipt(receipt))!.status;

const planAnswers = () => focusPlanAnswers({ track: 'learner' });

describe('a supervisor’s decision link', () => {
  it('opens the request and records an approval once, with who and when', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    expect(request.decisionLink).toMatchObject({ step: 'with-supervisor', expiresOn: '2026-12-24' });
    const page = await openLink(tokenOf(request));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('American Sign Language I');
    expect(html).toContain('value="Sam Lee"');

    const done = await decide(tokenOf(request), { decision: 'approve', name: 'Sam Lee', comment: 'Good fit.' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Decision recorded');
    const approved = (await store.byReceipt(request.receipt))!;
    expect(approved.status).toBe('approved');
    expect(approved.decidedOn).toBe('2026-11-24');
    expect(approved.history!.at(-1)).toMatchObject({ status: 'approved', action: 'approve', by: 'Sam Lee', comment: 'Good fit.' });
    expect(approved.decisionLink).toBeUndefined();

    // The same link again, opened or posted: refused with a clear page, nothing changes.
    expect((await openLink(tokenOf(request))).status).toBe(409);
    const again = await decide(tokenOf(request), { decision: 'deny', name: 'Sam Lee', comment: 'Changed my mind' });
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
      expect((await decide(bad, { decision: 'approve', name: 'Mallory' })).status).toBe(403);
    }
    expect(await statusOf(request.receipt)).toBe('with-supervisor');
  });

  it('expires after its lifetime, and says so', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    expect((await openLink(tokenOf(request), later(29))).status).toBe(200);
    const page = await openLink(tokenOf(request), later(31));
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This link has expired');
    expect((await decide(tokenOf(request), { decision: 'approve', name: 'Sam Lee' }, later(31))).status).toBe(410);
    expect(await statusOf(request.receipt)).toBe('with-supervisor');
  });

  it('asks for a reason before a denial and names the field', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const refused = await decide(tokenOf(request), { decision: 'deny', name: 'Sam Lee' });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('href="#f-comment"');
    expect(html).toContain('requester is told the reason');
    const noChoice = await decide(tokenOf(request), { name: 'Sam Lee' });
    expect(noChoice.status).toBe(422);
    expect(await noChoice.text()).toContain('href="#f-decision"');
    // A refused post does not use the link up.
    expect((await decide(tokenOf(request), { decision: 'deny', name: 'Sam Lee', comment: 'Not related to your role.' })).status).toBe(200);
    expect(await statusOf(request.receipt)).toBe('denied');
  });
});

describe('evidence for the person deciding', () => {
  it('downloads through the open link as an attachment, and not once the step is decided', async () => {
    const preApproved = await submit(preApproval, preApprovalAnswers({ startDate: '2026-12-01' }));
    await store.setStatus(preApproved.receipt, 'approved', '2026-10-01');
    const response = await handleSubmission(
      multipartRequest(
        '/api/forms/compensation',
        compensationAnswers([
          { preApprovalReceipt: preApproved.receipt, startDate: '2026-10-05', completionDate: '2026-11-02', hours: '6', evidence: pdf('transcript.pdf') },
        ]),
      ),
      compensation,
      deps,
    );
    expect(response.status).toBe(201);
    const claim = (await store.byReceipt(((await response.json()) as { receipt: string }).receipt))!;
    const page = await (await openLink(tokenOf(claim))).text();
    const href = page.match(/href="(\/decide\/file\/\?token=[^"]+)"/)![1]!.replaceAll('&amp;', '&');
    const file = await decisionFileHandler(new Request(`http://localhost${href}`), deps);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="transcript.pdf"/);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode(await file.arrayBuffer())).toMatch(/^%PDF-1\.4/);
    const tampered = href.replace(/file=0/, 'file=7');
    expect((await decisionFileHandler(new Request(`http://localhost${tampered}`), deps)).status).toBe(404);

    await decide(tokenOf(claim), { decision: 'approve', name: 'Sam Lee' });
    expect((await decisionFileHandler(new Request(`http://localhost${href}`), deps)).status).toBe(409);
  });
});

describe('a compensation request’s route', () => {
  it('goes supervisor, then HR, then payroll, and keeps its hours claimed', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    expect(claim.status).toBe('with-supervisor');
    expect((await decide(tokenOf(claim), { decision: 'approve', name: 'Sam Lee' })).status).toBe(200);
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
    await decide(tokenOf(claim), { decision: 'deny', name: 'Sam Lee', comment: 'Taken during work hours.' });
    expect(await store.hoursSubmitted(person.employeeId, 2026)).toBe(0);
    const appealed = await submit(appeal, {
      fullName: person.fullName,
      email: person.email,
      employeeId: person.employeeId,
      receipt: claim.receipt.toLowerCase(),
      reason: 'It was on a Saturday.',
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
    await decide(tokenOf(request), { decision: 'deny', name: 'Sam Lee', comment: 'Not related to your role.' });
    const page = await statusHandler(new Request(`http://localhost/requests/status/?receipt=${request.receipt.toLowerCase()}`), deps);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-status="denied"');
    expect(html).toContain('Not related to your role.');
    expect(html).toContain('By Sam Lee');
    expect(html).toContain(`/forms/appeal/from/?receipt=${request.receipt}`);
    expect(html).toContain(`/forms/pre-approval/from/?receipt=${request.receipt}`);
    for (const personal of [person.fullName, person.email, person.employeeId]) expect(html).not.toContain(personal);
  });

  it('answers an unknown or empty receipt with the lookup form and a message naming the field', async () => {
    const unknown = await statusHandler(new Request('http://localhost/requests/status/?receipt=PA-0000000000'), deps);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('href="#f-receipt"');
    expect((await statusHandler(new Request('http://localhost/requests/status/'), deps)).status).toBe(400);
    expect((await statusHandler(new Request('http://localhost/requests/status/?receipt=../../x'), deps)).status).toBe(404);
  });
});

describe('withdrawing', () => {
  const withdraw = (receipt: string, fields: Record<string, unknown> = { confirmWithdraw: 'yes' }) =>
    requesterActionHandler(formRequest('/requests/withdraw/', { receipt, ...fields }), deps, 'withdraw');

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
  });

  it('is refused once a decision is made, and from another site', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    await decide(tokenOf(request), { decision: 'approve', name: 'Sam Lee' });
    const refused = await withdraw(request.receipt);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('cannot be withdrawn');
    expect(await statusOf(request.receipt)).toBe('approved');
    const other = await submit(preApproval, preApprovalAnswers());
    const foreign = new Request('http://localhost/requests/withdraw/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: `receipt=${other.receipt}&confirmWithdraw=yes`,
    });
    expect((await requesterActionHandler(foreign, deps, 'withdraw')).status).toBe(403);
    expect(await statusOf(other.receipt)).toBe('with-supervisor');
  });
});

describe('starting again from a denied request', () => {
  it('fills in the same form, with a new submission ID and no declarations ticked', async () => {
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 12)]));
    await decide(tokenOf(claim), { decision: 'deny', name: 'Sam Lee', comment: 'Wrong hours.' });
    const page = await prefillHandler(new Request(`http://localhost/forms/compensation/from/?receipt=${claim.receipt}`), deps);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`value="${person.employeeId}"`);
    expect(html).toContain('value="paraeducator-academy" selected');
    expect(html).not.toContain(claim.id);
    expect(html).not.toMatch(/name="outsideWorkday" value="yes" checked/);
    const appealPage = await (await prefillHandler(new Request(`http://localhost/forms/appeal/from/?receipt=${claim.receipt}`), deps)).text();
    expect(appealPage).toContain(`value="${claim.receipt}"`);
  });

  it('is refused for a request that was not denied', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    expect((await prefillHandler(new Request(`http://localhost/forms/pre-approval/from/?receipt=${request.receipt}`), deps)).status).toBe(409);
    expect((await prefillHandler(new Request(`http://localhost/forms/appeal/from/?receipt=${request.receipt}`), deps)).status).toBe(409);
  });
});

describe('appeals', () => {
  it('take each denial once, and an overturned pre-approval counts as approved from that day', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    await decide(tokenOf(request), { decision: 'deny', name: 'Sam Lee', comment: 'Not related to your role.' });
    const answers = {
      fullName: person.fullName,
      email: person.email,
      employeeId: person.employeeId,
      receipt: request.receipt,
      reason: 'I work with deaf students daily.',
    };
    const first = await submit(appeal, { ...answers, submissionId: randomUUID() });
    const second = await handleSubmission(jsonRequest('/api/forms/appeal', { ...answers, submissionId: randomUUID() }), appeal, deps);
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
    const plan = await submit(focusPlan, planAnswers());
    expect(plan.decisionLink!.step).toBe('with-evaluator');
    const reviewLink = tokenOf(plan);
    const sign = (fields: Record<string, unknown>) =>
      requesterActionHandler(formRequest('/requests/sign/', { receipt: plan.receipt, ...fields }), deps, 'sign');

    // The teacher cannot sign before the evaluator.
    expect((await sign({ agree: 'yes', name: person.fullName })).status).toBe(409);
    expect((await decide(reviewLink, { decision: 'sign', name: 'Priya Shah' })).status).toBe(200);
    expect(await statusOf(plan.receipt)).toBe('evaluator-signed');
    const unsigned = await sign({ agree: 'yes' });
    expect(unsigned.status).toBe(422);
    expect(await unsigned.text()).toContain('href="#f-name"');
    expect((await sign({ agree: 'yes', name: person.fullName })).status).toBe(303);
    expect(await statusOf(plan.receipt)).toBe('active');

    await submit(checkpoint, checkpointAnswers(plan.receipt, { progress: 'Exit tickets in most lessons.' }));
    const checkpointed = (await store.byReceipt(plan.receipt))!;
    expect(checkpointed.status).toBe('checkpoint-received');
    expect(checkpointed.decisionLink!.step).toBe('checkpoint-received');
    const conference = await openLink(tokenOf(checkpointed));
    expect(await conference.text()).toContain('Exit tickets in most lessons.');
    // The review link was for an earlier step.
    expect((await decide(reviewLink, { decision: 'sign', name: 'Priya Shah' })).status).toBe(409);
    expect((await decide(tokenOf(checkpointed), { decision: 'close', name: 'Priya Shah' })).status).toBe(200);
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
    const plan = await submit(focusPlan, planAnswers());
    for (const [action, by] of [
      ['sign', 'evaluator'],
      ['sign', 'employee'],
      ['checkpoint', 'employee'],
      ['continue', 'evaluator'],
    ] as const) {
      expect((await act({ receipt: plan.receipt, action, by }, flow())).ok).toBe(true);
    }
    const status = await (await statusHandler(new Request(`http://localhost/requests/status/?receipt=${plan.receipt}`), deps)).text();
    expect(status).toContain(`/forms/focus-plan/from/?receipt=${plan.receipt}`);
    const page = await (await prefillHandler(new Request(`http://localhost/forms/focus-plan/from/?receipt=${plan.receipt}`), deps)).text();
    expect(page).toContain('Checking for understanding in small groups');
    expect(page).not.toContain('2027-05-15');
  });
});

describe('the routing', () => {
  // Every (form, status, action, role) the table does not list is refused by transitionFor
  // (tests/unit/routing-table.test.ts); these show act() asks it, and a refusal changes nothing.
  it('refuses a change the table does not list, and leaves the request exactly as it was', async () => {
    const request = await submit(preApproval, preApprovalAnswers());
    const claim = await submit(compensation, compensationAnswers([catalogLine('paraeducator-academy', 6)]));
    await store.setStatus(claim.receipt, 'with-hr');
    const plan = await submit(focusPlan, planAnswers());
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
    for (const transition of TRANSITIONS) {
      const record =
        transition.form === 'appeal'
          ? await (async () => {
              const denied = await submit(preApproval, preApprovalAnswers());
              await store.setStatus(denied.receipt, 'denied');
              return submit(appeal, appealAnswers(denied.receipt));
            })()
          : transition.form === 'compensation'
            ? await submit(
                compensation,
                compensationAnswers([catalogLine('paraeducator-academy', 6)], { employeeId: String(200000 + TRANSITIONS.indexOf(transition)) }),
              )
            : transition.form === 'focus-plan'
              ? await submit(focusPlan, planAnswers())
              : await submit(preApproval, preApprovalAnswers());
      await store.setStatus(record.receipt, transition.from);
      const result = await act({ receipt: record.receipt, action: transition.action, by: transition.by, comment: 'Because.' }, flow());
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
