import { beforeEach, describe, expect, it } from 'vitest';
import { appeal } from '../../src/lib/forms/appeal.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { exitSurvey } from '../../src/lib/forms/exit-survey.ts';
import { checkpoint, focusPlan } from '../../src/lib/forms/focus-plan.ts';
import type { AnyForm } from '../../src/lib/forms/form.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { RECEIPT_PATTERN } from '../../src/lib/forms/receipt-format.ts';
import { act } from '../../src/lib/workflow/act.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { freshStoreEachTest } from '../../support/blobs.ts';
import {
  catalogLine,
  checkpointAnswers,
  compensationAnswers,
  focusPlanAnswers,
  formRequest,
  jsonRequest,
  multipartRequest,
  notReallyPdf,
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

const send = (form: AnyForm, request: Request) => handleSubmission(request, form, deps);
const post = (form: AnyForm, body: unknown) => send(form, jsonRequest(`/api/forms/${form.id}`, body));
const errorsOf = async (response: Response) => ((await response.json()) as { errors: { field: string; message: string }[] }).errors;

async function claim(lines: Record<string, unknown>[], overrides: Record<string, unknown> = {}) {
  return send(compensation, multipartRequest('/api/forms/compensation', compensationAnswers(lines, overrides)));
}

describe('a valid submission', () => {
  it('is stored once and answered with a receipt', async () => {
    const response = await post(preApproval, preApprovalAnswers());
    expect(response.status).toBe(201);
    const body = (await response.json()) as { receipt: string; status: string };
    expect(body.receipt).toMatch(RECEIPT_PATTERN);
    expect(body.status).toBe('with-supervisor');
    const stored = await store.list();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ form: 'pre-approval', receipt: body.receipt, submittedOn: '2026-11-24' });
    expect(stored[0]!.data).toMatchObject({ courseTitle: 'American Sign Language I', hours: 12 });
    expect(await store.byReceipt(body.receipt)).toEqual(stored[0]);
  });

  it('sent twice with the same submission ID is one record with the same receipt', async () => {
    const answers = preApprovalAnswers();
    const first = (await (await post(preApproval, answers)).json()) as { receipt: string };
    const again = await post(preApproval, answers);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { receipt: string }).receipt).toBe(first.receipt);
    expect(await store.list()).toHaveLength(1);
  });

  it('sent twice at the same moment (a double click) is still one record with one receipt', async () => {
    const answers = preApprovalAnswers();
    const [a, b] = await Promise.all([post(preApproval, answers), post(preApproval, answers)]);
    const receipts = await Promise.all([a.json(), b.json()]);
    expect((receipts[0] as { receipt: string }).receipt).toBe((receipts[1] as { receipt: string }).receipt);
    expect(await store.list()).toHaveLength(1);
  });

  it('posted by a browser without JavaScript is redirected to its receipt; the same answers again keep the same receipt', async () => {
    const { submissionId: _none, ...answers } = preApprovalAnswers();
    const first = await send(preApproval, formRequest('/api/forms/pre-approval', answers));
    expect(first.status).toBe(303);
    const location = first.headers.get('location')!;
    expect(location).toMatch(/^\/forms\/received\/\?receipt=PA-[0-9A-Z]{10}$/);
    const second = await send(preApproval, formRequest('/api/forms/pre-approval', answers));
    expect(second.headers.get('location')).toBe(location);
    expect(await store.list()).toHaveLength(1);
  });
});

describe('a refused submission', () => {
  it('answers a script with 422 and every field error, and stores nothing', async () => {
    const response = await post(preApproval, preApprovalAnswers({ email: 'not an address', hours: 'six', courseTitle: '' }));
    expect(response.status).toBe(422);
    expect(await errorsOf(response)).toEqual([
      { field: 'email', message: 'Enter work email address in the correct format, like name@example.org' },
      { field: 'courseTitle', message: 'Enter course title' },
      { field: 'hours', message: 'Enter course hours as a number, like 6' },
    ]);
    expect(await store.list()).toHaveLength(0);
  });

  it('shows a browser the form again with an error summary, what was typed, and "Error:" in the title', async () => {
    const response = await send(preApproval, formRequest('/api/forms/pre-approval', preApprovalAnswers({ email: 'nope', instructor: '<b>Dr. Who</b>' })));
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('<title>Error: Request pre-approval for a course');
    expect(page).toMatch(/<div class="error-summary"[^>]*><div role="alert">[\s\S]*<a href="#f-email">Enter work email address in the correct format/);
    expect(page).toContain('value="nope"');
    expect(page).toContain('value="&lt;b&gt;Dr. Who&lt;/b&gt;"');
    expect(page).toMatch(/id="f-email"[^>]*aria-describedby="f-email-hint f-email-error"[^>]*aria-invalid="true"/);
    expect(await store.list()).toHaveLength(0);
  });

  it('refuses a pre-approval for a course that has already started', async () => {
    const errors = await errorsOf(await post(preApproval, preApprovalAnswers({ startDate: '2026-11-01' })));
    expect(errors).toEqual([{ field: 'startDate', message: expect.stringContaining('Pre-approval must come before you enrol') }]);
  });

  it('refuses other content types, large bodies, other methods, other sites and filled honeypots, each with a message', async () => {
    const url = 'http://localhost/api/forms/pre-approval';
    const cases: [Request, number, RegExp][] = [
      [
        new Request(url, { method: 'POST', headers: { 'content-type': 'text/plain', accept: 'application/json' }, body: 'hello' }),
        415,
        /application\/x-www-form-urlencoded/,
      ],
      [jsonRequest('/api/forms/pre-approval', { purpose: 'x'.repeat(70_000) }), 413, /larger than 64 KB/],
      [new Request(url, { method: 'GET', headers: { accept: 'application/json' } }), 405, /POST/],
      [jsonRequest('/api/forms/pre-approval', preApprovalAnswers(), { origin: 'https://elsewhere.example' }), 403, /only be sent from this site/],
      [jsonRequest('/api/forms/pre-approval', preApprovalAnswers({ website: 'http://spam.example' })), 400, /could not be accepted/],
      [
        new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"fullName": ' }),
        400,
        /not valid JSON/,
      ],
    ];
    for (const [request, status, message] of cases) {
      const response = await send(preApproval, request);
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
    expect(await store.list()).toHaveLength(0);
  });
});

describe('the compensation rules', () => {
  it('accepts whole blocks of catalog courses and counts them against the yearly cap', async () => {
    const response = await claim([catalogLine('first-aid-and-cpr-certification', 6), catalogLine('conflict-resolution-for-school-teams', 6)]);
    expect(response.status).toBe(201);
    expect(await store.hoursSubmitted(person.employeeId, 2026)).toBe(12);
  });

  it('refuses hours that are not whole blocks, saying what can be paid and what carries over', async () => {
    const errors = await errorsOf(await claim([catalogLine('autism-intervention-foundations-modules', 7)]));
    expect(errors).toEqual([{ field: 'lines', message: '7 hours: submit in blocks of 6; 6 can be paid now, 1 carries over.' }]);
  });

  it('refuses hours past the yearly cap, counting what the employee already submitted this fiscal year', async () => {
    expect((await claim([catalogLine('paraeducator-academy', 12)])).status).toBe(201);
    const errors = await errorsOf(await claim([catalogLine('first-aid-and-cpr-certification', 6), catalogLine('conflict-resolution-for-school-teams', 6)]));
    expect(errors).toEqual([
      {
        field: 'lines',
        message: 'You have already submitted 12 of the 18 hours allowed in fiscal year 2026–27: at most 6 more can be paid, and this request asks for 12.',
      },
    ]);
    expect((await claim([catalogLine('first-aid-and-cpr-certification', 6)])).status).toBe(201);
    const full = await errorsOf(await claim([catalogLine('conflict-resolution-for-school-teams', 6)]));
    expect(full[0]!.message).toMatch(/already submitted the yearly maximum of 18 hours for fiscal year 2026–27/);
  });

  it('never lets two claims sent at once take the employee past the cap; sending one again settles it', async () => {
    expect((await claim([catalogLine('paraeducator-academy', 12)])).status).toBe(201);
    const first = compensationAnswers([catalogLine('first-aid-and-cpr-certification', 6)]);
    const second = compensationAnswers([catalogLine('conflict-resolution-for-school-teams', 6)]);
    const sendAnswers = (answers: Record<string, unknown>) => send(compensation, multipartRequest('/api/forms/compensation', answers));
    const statuses = (await Promise.all([sendAnswers(first), sendAnswers(second)])).map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(1);
    expect(await store.hoursSubmitted(person.employeeId, 2026)).toBeLessThanOrEqual(18);
    if (!statuses.includes(201)) expect((await sendAnswers(first)).status).toBe(201);
    expect(await store.hoursSubmitted(person.employeeId, 2026)).toBe(18);
    expect(await store.list('compensation')).toHaveLength(2);
  });

  it('refuses more hours than the catalog course has', async () => {
    const errors = await errorsOf(await claim([catalogLine('first-aid-and-cpr-certification', 12)]));
    expect(errors).toContainEqual({ field: 'lines.0.hours', message: 'Course 1: First Aid and CPR Certification has 6 hours; you entered 12' });
  });

  it('refuses a course that is not on the catalog, or retired from it, without a pre-approval', async () => {
    const errors = await errorsOf(await claim([catalogLine('email-and-calendar-essentials', 6)]));
    expect(errors).toContainEqual({ field: 'lines.0.courseId', message: expect.stringContaining('not on the pre-approved catalog') });
  });

  it('refuses people who are not permanent classified employees', async () => {
    const errors = await errorsOf(await claim([catalogLine('first-aid-and-cpr-certification', 6)], { employeeType: 'substitute-or-temporary' }));
    expect(errors).toContainEqual({ field: 'employeeType', message: expect.stringContaining('Only permanent classified employees') });
  });

  it('refuses a claim without both declarations, naming each', async () => {
    const errors = await errorsOf(await claim([catalogLine('first-aid-and-cpr-certification', 6)], { outsideWorkday: undefined, notPaidElsewhere: undefined }));
    expect(errors.map((e) => e.field)).toEqual(['outsideWorkday', 'notPaidElsewhere']);
    expect(errors[0]!.message).toMatch(/outside your workday/);
    expect(errors[1]!.message).toMatch(/cannot pay twice/);
  });

  it('refuses hours completed in the future, and hours whose claim window has closed', async () => {
    const future = await errorsOf(await claim([catalogLine('first-aid-and-cpr-certification', 6, '2026-12-01')]));
    expect(future).toContainEqual({ field: 'lines.0.completionDate', message: expect.stringContaining('is in the future') });
    const closed = await errorsOf(await claim([{ ...catalogLine('first-aid-and-cpr-certification', 6, '2024-09-10'), startDate: '2024-09-01' }]));
    expect(closed).toContainEqual({ field: 'lines.0.completionDate', message: expect.stringContaining('had to be claimed by June 30, 2026') });
  });

  it('asks early-learning permit holders for their growth-plan form', async () => {
    const errors = await errorsOf(await claim([catalogLine('first-aid-and-cpr-certification', 6)], { permitHolder: 'yes' }));
    expect(errors).toEqual([{ field: 'growthPlan', message: expect.stringContaining('growth-plan-and-record form') }]);
    expect((await claim([catalogLine('first-aid-and-cpr-certification', 6)], { permitHolder: 'yes', growthPlan: pdf('plan.pdf') })).status).toBe(201);
  });

  describe('for a course outside the catalog', () => {
    async function preApproved(decidedOn?: string): Promise<string> {
      const body = (await (await post(preApproval, preApprovalAnswers({ startDate: '2026-12-01' }))).json()) as { receipt: string };
      if (decidedOn) await store.setStatus(body.receipt, 'approved', decidedOn);
      return body.receipt;
    }
    const offCatalog = (receipt: string, extra: Record<string, unknown> = {}) => ({
      preApprovalReceipt: receipt,
      startDate: '2026-10-05',
      completionDate: '2026-11-02',
      hours: '6',
      ...extra,
    });

    it('needs a pre-approval that was approved before enrolment, and evidence of completion', async () => {
      const receipt = await preApproved('2026-10-01');
      const missing = await errorsOf(await claim([offCatalog(receipt)]));
      expect(missing).toEqual([{ field: 'lines.0.evidence', message: 'Course 1: attach evidence of completion; courses not on the catalog need it' }]);
      const response = await claim([offCatalog(receipt.toLowerCase(), { evidence: pdf() })]);
      expect(response.status).toBe(201);
      const stored = await store.byReceipt(((await response.json()) as { receipt: string }).receipt);
      expect(stored!.files).toEqual([expect.objectContaining({ field: 'lines.0.evidence', type: 'application/pdf', name: 'certificate.pdf' })]);
      expect(new TextDecoder().decode((await store.file(stored!.files[0]!))!)).toMatch(/^%PDF-1\.4/);
    });

    it('refuses evidence whose content is not a PDF or image, whatever its name', async () => {
      const receipt = await preApproved('2026-10-01');
      const errors = await errorsOf(await claim([offCatalog(receipt, { evidence: notReallyPdf() })]));
      expect(errors).toEqual([{ field: 'lines.0.evidence', message: expect.stringContaining('must be a PDF, JPEG, PNG or HEIC file') }]);
    });

    it('refuses a pre-approval not yet decided, one decided after enrolment, or another employee’s', async () => {
      const pending = await preApproved();
      expect((await errorsOf(await claim([offCatalog(pending, { evidence: pdf() })])))[0]!.message).toMatch(/has not been approved yet/);
      const late = await preApproved('2026-10-09');
      expect((await errorsOf(await claim([offCatalog(late, { evidence: pdf() })])))[0]!.message).toMatch(
        /approved on October 9, 2026, after you enrolled on October 5, 2026/,
      );
      const mine = await preApproved('2026-10-01');
      const theirs = await errorsOf(await claim([offCatalog(mine, { evidence: pdf() })], { employeeId: '999999' }));
      expect(theirs[0]!.message).toMatch(/belongs to another employee ID/);
    });

    it('gives a denied request’s hours back to the yearly cap', async () => {
      const first = (await (await claim([catalogLine('paraeducator-academy', 18)])).json()) as { receipt: string };
      expect(await store.hoursSubmitted(person.employeeId, 2026)).toBe(18);
      await store.setStatus(first.receipt, 'denied', '2026-11-24');
      expect(await store.hoursSubmitted(person.employeeId, 2026)).toBe(0);
    });
  });
});

describe('the other forms', () => {
  it('keeps no name or address of an anonymous survey answer', async () => {
    const response = await post(exitSurvey, {
      courseId: 'first-aid-and-cpr-certification',
      satisfaction: '5',
      relevance: '4',
      willUse: '4',
      anonymous: 'yes',
      fullName: 'Ana Reyes',
      email: 'ana@cedarvalley.example',
    });
    expect(response.status).toBe(201);
    const [stored] = await store.list('exit-survey');
    expect(stored!.data).toEqual({ courseId: 'first-aid-and-cpr-certification', satisfaction: '5', relevance: '4', willUse: '4', anonymous: true });
  });

  it('takes an appeal only of a denied request of the same employee', async () => {
    const { receipt } = (await (await post(preApproval, preApprovalAnswers())).json()) as { receipt: string };
    const answers = {
      fullName: person.fullName,
      email: person.email,
      employeeId: person.employeeId,
      receipt,
      reason: 'The course is the only one offered this year.',
    };
    expect((await errorsOf(await post(appeal, answers)))[0]!.message).toMatch(/has not been denied/);
    await store.setStatus(receipt, 'denied', '2026-11-20');
    expect((await errorsOf(await post(appeal, { ...answers, employeeId: '1' })))[0]!.message).toMatch(/another employee ID/);
    const accepted = await post(appeal, answers);
    expect(accepted.status).toBe(201);
    const [stored] = await store.list('appeal');
    expect(stored).toMatchObject({ status: 'with-task-force', facts: { refersTo: receipt } });
  });

  it('takes a focus plan, then a checkpoint that names it', async () => {
    const plan = focusPlanAnswers();
    expect((await errorsOf(await post(focusPlan, { ...plan, checkpointDate: '2026-11-30' })))[0]!.field).toBe('checkpointDate');
    const { receipt } = (await (await post(focusPlan, plan)).json()) as { receipt: string };
    const { submissionId: _id, ...report } = checkpointAnswers(receipt, { nextStep: 'continue' });
    expect((await errorsOf(await post(checkpoint, { ...report, planReceipt: 'FP-0000000000' })))[0]!.message).toMatch(/cannot find a focus plan/);
    expect((await errorsOf(await post(checkpoint, report)))[0]!.message).toMatch(/not signed yet/);
    const flow = { store, now: new Date('2026-11-25T17:00:00Z'), links: { origin: 'http://localhost', secret: 'x' } };
    expect((await act({ receipt, action: 'sign', by: 'evaluator' }, flow)).ok).toBe(true);
    expect((await act({ receipt, action: 'sign', by: 'employee' }, flow)).ok).toBe(true);
    expect((await send(checkpoint, multipartRequest('/api/forms/focus-plan-checkpoint', { ...report, evidenceFile: pdf('tally.pdf') }))).status).toBe(201);
    expect((await store.byReceipt(receipt))!.status).toBe('checkpoint-received');
  });
});
