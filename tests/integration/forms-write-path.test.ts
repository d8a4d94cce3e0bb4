import { beforeEach, describe, expect, it } from 'vitest';
import { appeal } from '../../src/lib/forms/appeal.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { exitSurvey } from '../../src/lib/forms/exit-survey.ts';
import { checkpoint, focusPlan } from '../../src/lib/forms/focus-plan.ts';
import type { AnyForm } from '../../src/lib/forms/form.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { formPageHandler } from '../../src/lib/app/request-handlers.ts';
import { RECEIPT_PATTERN } from '../../src/lib/forms/receipt-format.ts';
import { act } from '../../src/lib/workflow/act.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import {
  appealAnswers,
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
  preApprovalCourse,
} from '../../support/submissions.ts';
import { errorsOf, receiptOf, signedInEachTest, type Who } from '../support/send.ts';

const world = signedInEachTest();
const { send } = world;
let store: SubmissionStore;
let deps: SubmitDeps;
beforeEach(() => ({ store, deps } = world));

/** People of the sample roster besides those of support/people.ts. */
const FATIMA: Who = '104235'; // permanent classified, supervised by Sam like Ana
const JAMIE: Who = '104290'; // a substitute
const LINDA: Who = '104281'; // has left: inactive on the roster

/** A form sent with no session at all. */
const sendSignedOut = (form: AnyForm, request: Request) => handleSubmission(request, form, deps);

async function claim(lines: Record<string, unknown>[], overrides: Record<string, unknown> = {}, who: Who = 'ana') {
  return send(compensation, multipartRequest('/api/forms/compensation', compensationAnswers(lines, overrides)), who);
}

describe('a valid submission', () => {
  it('is stored once and answered with a receipt', async () => {
    const response = await send(preApproval, preApprovalAnswers());
    expect(response.status).toBe(201);
    const body = (await response.json()) as { receipt: string; status: string };
    expect(body.receipt).toMatch(RECEIPT_PATTERN);
    expect(body.status).toBe('with-supervisor');
    const stored = await store.list();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ form: 'pre-approval', receipt: body.receipt, submittedOn: '2026-11-24' });
    expect(stored[0]!.data).toMatchObject({ courses: [expect.objectContaining({ courseTitle: 'American Sign Language I', hours: 12 })] });
    expect(await store.byReceipt(body.receipt)).toEqual(stored[0]);
  });

  it('sent twice with the same submission ID is one record with the same receipt', async () => {
    const answers = preApprovalAnswers();
    const first = (await (await send(preApproval, answers)).json()) as { receipt: string };
    const again = await send(preApproval, answers);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { receipt: string }).receipt).toBe(first.receipt);
    expect(await store.list()).toHaveLength(1);
  });

  it('sent twice at the same moment (a double click) is still one record with one receipt', async () => {
    const answers = preApprovalAnswers();
    const [a, b] = await Promise.all([send(preApproval, answers), send(preApproval, answers)]);
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
    const response = await send(preApproval, preApprovalAnswers({ startDate: '2027-02-30', hours: 'six', courseTitle: '' }));
    expect(response.status).toBe(422);
    expect(await errorsOf(response)).toEqual([
      { field: 'courses.0.courseTitle', message: 'Enter course title' },
      { field: 'courses.0.startDate', message: 'Enter course start date as a real date, like 2026-09-15' },
      { field: 'courses.0.hours', message: 'Enter course hours as a number, like 6' },
    ]);
    expect(await store.list()).toHaveLength(0);
  });

  it('shows a browser the form again with an error summary, what was typed, the roster’s facts, and "Error:" in the title', async () => {
    const response = await send(preApproval, formRequest('/api/forms/pre-approval', preApprovalAnswers({ hours: 'six', instructor: '<b>Dr. Who</b>' })));
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('<title>Error: Request pre-approval for a course');
    expect(page).toMatch(/<div class="error-summary"[^>]*><div role="alert">[\s\S]*<a href="#f-courses-0-hours">Enter course hours as a number/);
    expect(page).toContain('value="six"');
    expect(page).toContain('value="&lt;b&gt;Dr. Who&lt;/b&gt;"');
    expect(page).toMatch(/id="f-courses-0-hours"[^>]*aria-describedby="f-courses-0-hours-hint f-courses-0-hours-error"[^>]*aria-invalid="true"/);
    expect(page).toContain(`data-roster="fullName">${person.fullName}</dd>`);
    expect(page).toContain(`data-roster="supervisorEmail">${person.supervisorEmail}</dd>`);
    expect(await store.list()).toHaveLength(0);
  });

  it('refuses a pre-approval for a course that has already started, naming the course of the request', async () => {
    const errors = await errorsOf(
      await send(preApproval, preApprovalAnswers({ courses: [preApprovalCourse(), preApprovalCourse({ courseTitle: 'Braille I', startDate: '2026-11-01' })] })),
    );
    expect(errors).toEqual([{ field: 'courses.1.startDate', message: expect.stringContaining('Course 2: pre-approval must come before you enrol') }]);
  });

  it('refuses a pre-approval that lists the same course twice', async () => {
    const errors = await errorsOf(await send(preApproval, preApprovalAnswers({ courses: [preApprovalCourse(), preApprovalCourse({ hours: '6' })] })));
    expect(errors).toEqual([{ field: 'courses.1.courseTitle', message: 'Course 2: the same as course 1; list each course once' }]);
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
    // Signed in: each is refused for what it is, not for want of a session.
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

  it('refuses hours that are not whole blocks, saying how many to claim now and how many to keep', async () => {
    const errors = await errorsOf(await claim([catalogLine('autism-intervention-foundations-modules', 7)]));
    expect(errors).toEqual([
      { field: 'lines', message: 'Claim 6 hours now, in whole blocks of 6: change the hours or remove a course; keep the other hour for a later claim.' },
    ]);
  });

  it('refuses hours past the yearly cap, counting what the employee already submitted this fiscal year', async () => {
    expect((await claim([catalogLine('paraeducator-academy', 12)])).status).toBe(201);
    const errors = await errorsOf(await claim([catalogLine('first-aid-and-cpr-certification', 6), catalogLine('conflict-resolution-for-school-teams', 6)]));
    expect(errors).toEqual([
      {
        field: 'lines',
        message:
          'Claim at most 6 hours on this claim, not 12: change the hours or remove a course. You have already submitted 12 of the 18 hours allowed in fiscal year 2026–27.',
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

  it('refuses a course that is not on the catalog without a pre-approval', async () => {
    const errors = await errorsOf(await claim([catalogLine('knitting-for-beginners', 6)]));
    expect(errors).toContainEqual({ field: 'lines.0.courseId', message: expect.stringContaining('not on the pre-approved catalog') });
  });

  it('refuses people the roster does not list as permanent classified employees, whatever group the form says', async () => {
    // Kevin is probationary, Jordan certificated, Jamie a substitute; each claims to be permanent classified.
    for (const who of [STAFF.kevin, STAFF.jordan, JAMIE]) {
      const response = await claim([catalogLine('first-aid-and-cpr-certification', 6)], { employeeType: 'permanent-classified' }, who);
      expect(response.status, who).toBe(422);
      expect(await errorsOf(response), who).toContainEqual({ field: 'employeeType', message: expect.stringContaining('Only permanent classified employees') });
    }
    expect(await store.list()).toHaveLength(0);
    // Ana, whom the roster lists as permanent classified, is paid even when her form says otherwise.
    expect((await claim([catalogLine('first-aid-and-cpr-certification', 6)], { employeeType: 'substitute-or-temporary' })).status).toBe(201);
  });

  it('refuses a claim without its declarations, naming each', async () => {
    const errors = await errorsOf(
      await claim([catalogLine('first-aid-and-cpr-certification', 6)], { outsideWorkday: undefined, paidElsewhere: undefined, trueAndComplete: undefined }),
    );
    expect(errors.map((e) => e.field)).toEqual(['outsideWorkday', 'paidElsewhere', 'trueAndComplete']);
    expect(errors[0]!.message).toMatch(/outside your workday/);
    expect(errors[1]!.message).toBe('Select has another program, grant or employer paid you for any of this training?');
    expect(errors[2]!.message).toMatch(/true and complete/);
  });

  it('asks how much another program paid when it paid in part, and keeps the answer for HR', async () => {
    const missing = await errorsOf(await claim([catalogLine('first-aid-and-cpr-certification', 6)], { paidElsewhere: 'partly' }));
    expect(missing).toEqual([{ field: 'paidElsewhereAmount', message: 'Enter how much another program paid you for this training, in dollars' }]);
    const response = await claim([catalogLine('first-aid-and-cpr-certification', 6)], { paidElsewhere: 'partly', paidElsewhereAmount: '120.50' });
    expect(response.status).toBe(201);
    expect((await store.byReceipt(await receiptOf(response)))!.data).toMatchObject({ paidElsewhere: 'partly', paidElsewhereAmount: 120.5 });
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
      const body = (await (await send(preApproval, preApprovalAnswers({ startDate: '2026-12-01' }))).json()) as { receipt: string };
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
      const anas = await preApproved('2026-10-01');
      // Fatima, signed in, claims Ana's approved course, even giving Ana's employee ID.
      const theirs = await errorsOf(await claim([offCatalog(anas, { evidence: pdf() })], { employeeId: person.employeeId }, FATIMA));
      expect(theirs[0]!.message).toMatch(/belongs to another employee ID/);
      expect((await claim([offCatalog(anas, { evidence: pdf() })])).status).toBe(201);
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
  const survey = (overrides: Record<string, unknown> = {}) => ({
    courseId: 'first-aid-and-cpr-certification',
    satisfaction: '5',
    relevance: '4',
    willUse: '4',
    submissionId: crypto.randomUUID(),
    ...overrides,
  });

  it('keeps no name, address or employee ID with an anonymous survey answer, and records the completion apart', async () => {
    const response = await send(exitSurvey, survey({ anonymous: 'yes', fullName: 'Ana Reyes', email: 'ana@cedarvalley.example', employeeId: '104233' }));
    expect(response.status).toBe(201);
    const [stored] = await store.list('exit-survey');
    expect(stored!.data).toEqual({ courseId: 'first-aid-and-cpr-certification', satisfaction: '5', relevance: '4', willUse: '4', anonymous: true });
    expect(stored!.facts.employeeId).toBeUndefined();
    const everything = JSON.stringify(stored);
    for (const personal of [person.fullName, person.email, 'ana@cedarvalley.example', person.employeeId]) expect(everything).not.toContain(personal);
    expect(await store.completions(person.employeeId)).toEqual([{ source: 'exit-survey', courseId: 'first-aid-and-cpr-certification', on: '2026-11-24' }]);
  });

  it('keeps the roster’s name, address and employee ID with a survey answer that is not anonymous', async () => {
    expect((await send(exitSurvey, survey({ fullName: 'Someone Else', email: 'else@cedarvalley.example' }))).status).toBe(201);
    const [stored] = await store.list('exit-survey');
    expect(stored!.data).toMatchObject({ fullName: person.fullName, email: person.email, employeeId: person.employeeId, anonymous: false });
    expect(await store.completions(person.employeeId)).toEqual([{ source: 'exit-survey', courseId: 'first-aid-and-cpr-certification', on: '2026-11-24' }]);
  });

  it('takes an appeal only of a denied request, and only from the person who sent it', async () => {
    const receipt = await receiptOf(await send(preApproval, preApprovalAnswers()));
    const answers = appealAnswers(receipt, { reason: 'The course is the only one offered this year.' });
    expect((await errorsOf(await send(appeal, answers)))[0]!.message).toMatch(/has not been denied/);
    await store.setStatus(receipt, 'denied', '2026-11-20');
    expect((await errorsOf(await send(appeal, answers, STAFF.kevin)))[0]!.message).toMatch(/not yours: only the person who sent a request can appeal it/);
    const accepted = await send(appeal, answers);
    expect(accepted.status).toBe(201);
    const [stored] = await store.list('appeal');
    expect(stored).toMatchObject({ status: 'with-task-force', facts: { refersTo: receipt } });
  });

  it('takes a focus plan, then a checkpoint that names it', async () => {
    const plan = focusPlanAnswers();
    expect((await errorsOf(await send(focusPlan, { ...plan, checkpointDate: '2026-11-30' })))[0]!.field).toBe('checkpointDate');
    const receipt = await receiptOf(await send(focusPlan, plan));
    expect((await store.byReceipt(receipt))!.facts).toMatchObject({ employeeId: STAFF.ana, evaluatorId: STAFF.sam });
    const { submissionId: _id, ...report } = checkpointAnswers(receipt, { nextStep: 'continue' });
    expect((await errorsOf(await send(checkpoint, { ...report, planReceipt: 'FP-0000000000' })))[0]!.message).toMatch(/cannot find a focus plan/);
    expect((await errorsOf(await send(checkpoint, report)))[0]!.message).toMatch(/not signed yet/);
    expect((await errorsOf(await send(checkpoint, report, STAFF.kevin)))[0]!.message).toMatch(/not yours/);
    const flow = { store, now: new Date('2026-11-25T17:00:00Z'), timeZone: deps.program.timeZone, links: { origin: 'http://localhost', secret: 'x' } };
    expect((await act({ receipt, action: 'sign', by: 'evaluator' }, flow)).ok).toBe(true);
    expect((await act({ receipt, action: 'sign', by: 'employee' }, flow)).ok).toBe(true);
    expect((await send(checkpoint, multipartRequest('/api/forms/focus-plan-checkpoint', { ...report, evidenceFile: pdf('tally.pdf') }))).status).toBe(201);
    expect((await store.byReceipt(receipt))!.status).toBe('checkpoint-received');
  });
});

describe('who is asking', () => {
  const signInPath = (response: Response) => {
    const location = new URL(response.headers.get('location')!, 'http://localhost');
    return { path: location.pathname, next: location.searchParams.get('next') };
  };

  it('a form sent without signing in is refused, a script with 401 and a browser sent to sign in and back to the form, and nothing is stored', async () => {
    const script = await sendSignedOut(preApproval, jsonRequest('/api/forms/pre-approval', { ...preApprovalAnswers(), ...person }));
    expect(script.status).toBe(401);
    expect(((await script.json()) as { error: string }).error).toMatch(/Sign in first/);
    const browser = await sendSignedOut(preApproval, formRequest('/api/forms/pre-approval', { ...preApprovalAnswers(), ...person }));
    expect(browser.status).toBe(303);
    expect(signInPath(browser)).toEqual({ path: '/sign-in/', next: '/forms/pre-approval/' });
    const files = await sendSignedOut(
      compensation,
      multipartRequest('/api/forms/compensation', compensationAnswers([catalogLine('first-aid-and-cpr-certification', 6)], { growthPlan: pdf() }), 'text/html'),
    );
    expect(files.status).toBe(303);
    expect(signInPath(files)).toEqual({ path: '/sign-in/', next: '/forms/compensation/' });
    // A cookie that opens no session is no better than none; the browser's is cleared.
    const forged = await sendSignedOut(preApproval, formRequest('/api/forms/pre-approval', preApprovalAnswers(), { cookie: 'pg_session=not-a-session' }));
    expect(forged.status).toBe(303);
    expect(forged.headers.get('set-cookie')).toMatch(/^pg_session=;.*Max-Age=0/);
    expect((await sendSignedOut(preApproval, jsonRequest('/api/forms/pre-approval', preApprovalAnswers(), { cookie: 'pg_session=x' }))).status).toBe(401);
    expect(await store.list()).toHaveLength(0);
    expect(await store.hoursSubmitted(person.employeeId, 2026)).toBe(0);
  });

  it('a person who has left (inactive on the roster) is treated as signed out, even with a session sealed while active', async () => {
    const cookie = await sessionFor(deps, LINDA);
    const script = await handleSubmission(as(cookie, jsonRequest('/api/forms/pre-approval', preApprovalAnswers())), preApproval, deps);
    expect(script.status).toBe(401);
    const browser = await handleSubmission(as(cookie, formRequest('/api/forms/pre-approval', preApprovalAnswers())), preApproval, deps);
    expect(browser.status).toBe(303);
    expect(signInPath(browser)).toEqual({ path: '/sign-in/', next: '/forms/pre-approval/' });
    expect(browser.headers.get('set-cookie')).toMatch(/^pg_session=;.*Max-Age=0/);
    expect(await store.list()).toHaveLength(0);
  });

  it('the name, employee ID, group, supervisor and evaluator posted are ignored: the roster’s are stored', async () => {
    const forged = {
      fullName: 'Mallory Moss',
      email: 'mallory@elsewhere.example',
      employeeId: '999999',
      site: 'Nowhere',
      jobTitle: 'Superintendent',
      employeeType: 'management',
      supervisorName: 'A Friend',
      supervisorEmail: 'friend@elsewhere.example',
      evaluatorName: 'A Friend',
      evaluatorEmail: 'friend@elsewhere.example',
    };
    const request = await store.byReceipt(await receiptOf(await send(preApproval, preApprovalAnswers(forged))));
    expect(request!.data).toMatchObject(person);
    expect(request!.facts).toMatchObject({ employeeId: STAFF.ana, supervisorId: STAFF.sam });
    const claimed = await store.byReceipt(await receiptOf(await claim([catalogLine('first-aid-and-cpr-certification', 6)], forged)));
    expect(claimed!.data).toMatchObject({ ...person, employeeType: 'permanent-classified' });
    expect(claimed!.facts).toMatchObject({ employeeId: STAFF.ana, supervisorId: STAFF.sam });
    const plan = await store.byReceipt(await receiptOf(await send(focusPlan, focusPlanAnswers(forged))));
    expect(plan!.data).toMatchObject({
      fullName: person.fullName,
      employeeId: STAFF.ana,
      evaluatorName: 'Sam Lee',
      evaluatorEmail: 'sam.lee@cedarvalley.example',
    });
    expect(plan!.facts).toMatchObject({ employeeId: STAFF.ana, evaluatorId: STAFF.sam });
    const everything = JSON.stringify(await store.list());
    for (const made of ['Mallory', 'elsewhere.example', '999999', 'Nowhere', 'A Friend']) expect(everything).not.toContain(made);
  });

  it('an employee ID written another way (0104233) is still Ana: her claim counts against her own cap', async () => {
    const response = await claim([catalogLine('paraeducator-academy', 12)], { employeeId: '0104233' });
    expect(response.status).toBe(201);
    expect((await store.byReceipt(await receiptOf(response)))!.facts.employeeId).toBe(STAFF.ana);
    expect(await store.hoursSubmitted(STAFF.ana, 2026)).toBe(12);
    expect(await store.hoursSubmitted('0104233', 2026)).toBe(0);
  });

  it('four claims of 18 hours under 104233, 0104233, 104233- and 00104233 are all Ana’s: the first is accepted and the cap refuses the other three', async () => {
    const statuses: number[] = [];
    // Each a different completion (its own day), so only the cap stands between them and payment.
    for (const [i, employeeId] of ['104233', '0104233', '104233-', '00104233'].entries()) {
      const response = await claim([catalogLine('paraeducator-academy', 18, `2026-10-2${i}`)], { employeeId });
      statuses.push(response.status);
      if (response.status !== 201) {
        expect((await errorsOf(response))[0]!.message, employeeId).toMatch(/already submitted the yearly maximum of 18 hours for fiscal year 2026–27/);
      }
    }
    expect(statuses).toEqual([201, 422, 422, 422]);
    expect(await store.hoursSubmitted(STAFF.ana, 2026)).toBe(18);
    for (const other of ['0104233', '104233-', '00104233']) expect(await store.hoursSubmitted(other, 2026)).toBe(0);
    expect(await store.list('compensation')).toHaveLength(1);
  });

  it('another person cannot use up Ana’s cap by giving her employee ID: Kevin’s and Fatima’s requests are stored as theirs', async () => {
    const asAna = { fullName: person.fullName, email: person.email, employeeId: person.employeeId, employeeType: 'permanent-classified' };
    // Kevin is probationary: his claim is refused as his, whatever ID it gives.
    const kevins = await claim([catalogLine('paraeducator-academy', 18)], asAna, STAFF.kevin);
    expect(kevins.status).toBe(422);
    expect(await errorsOf(kevins)).toContainEqual({ field: 'employeeType', message: expect.stringContaining('Only permanent classified employees') });
    const kevinsRequest = await store.byReceipt(await receiptOf(await send(preApproval, preApprovalAnswers(asAna), STAFF.kevin)));
    expect(kevinsRequest!.facts.employeeId).toBe(STAFF.kevin);
    expect(kevinsRequest!.data).toMatchObject({ fullName: 'Kevin Tran', employeeId: STAFF.kevin });
    // Fatima may claim: her 18 hours count against her cap, not Ana's.
    const fatimas = await claim([catalogLine('paraeducator-academy', 18)], asAna, FATIMA);
    expect(fatimas.status).toBe(201);
    expect((await store.byReceipt(await receiptOf(fatimas)))!.facts.employeeId).toBe(FATIMA);
    expect(await store.hoursSubmitted(FATIMA, 2026)).toBe(18);
    expect(await store.hoursSubmitted(STAFF.ana, 2026)).toBe(0);
    expect((await claim([catalogLine('paraeducator-academy', 18)])).status).toBe(201);
    expect(await store.hoursSubmitted(STAFF.ana, 2026)).toBe(18);
  });

  it('an appeal by someone other than the requester is refused, even one giving the requester’s name and ID', async () => {
    const receipt = await receiptOf(await send(preApproval, preApprovalAnswers()));
    await store.setStatus(receipt, 'denied', '2026-11-20');
    const asAna = { fullName: person.fullName, email: person.email, employeeId: person.employeeId };
    for (const who of [STAFF.kevin, STAFF.sam, STAFF.dana]) {
      const response = await send(appeal, appealAnswers(receipt, asAna), who);
      expect(response.status, who).toBe(422);
      expect(await errorsOf(response), who).toEqual([{ field: 'receipt', message: expect.stringMatching(/only the person who sent a request can appeal it/) }]);
    }
    expect(await store.list('appeal')).toHaveLength(0);
    expect((await send(appeal, appealAnswers(receipt))).status).toBe(201);
  });

  it('a person sends one exit survey per course: a second for the same course is refused, named or anonymous', async () => {
    const survey = (courseId: string, anonymous: string) => ({
      courseId,
      satisfaction: '4',
      relevance: '4',
      willUse: '4',
      anonymous,
      submissionId: crypto.randomUUID(),
    });
    expect((await send(exitSurvey, survey('first-aid-and-cpr-certification', 'yes'))).status).toBe(201);
    for (const anonymous of ['yes', '']) {
      const again = await send(exitSurvey, survey('first-aid-and-cpr-certification', anonymous));
      expect(again.status).toBe(422);
      expect(await errorsOf(again)).toEqual([
        { field: 'courseId', message: 'You have already sent a survey for First Aid and CPR Certification: each person answers once per course' },
      ]);
    }
    expect(await store.list('exit-survey')).toHaveLength(1);
    // Another course, or another person for the same course, is a survey of its own.
    expect((await send(exitSurvey, survey('conflict-resolution-for-school-teams', ''))).status).toBe(201);
    expect((await send(exitSurvey, survey('first-aid-and-cpr-certification', 'yes'), STAFF.kevin)).status).toBe(201);
    expect(await store.list('exit-survey')).toHaveLength(3);
  });

  it('three exit surveys of one course sent at the same moment by one person are one survey: the others are refused', async () => {
    const survey = () => ({
      courseId: 'first-aid-and-cpr-certification',
      satisfaction: '5',
      relevance: '5',
      willUse: '5',
      anonymous: 'yes',
      submissionId: crypto.randomUUID(),
    });
    const statuses = (await Promise.all([send(exitSurvey, survey()), send(exitSurvey, survey()), send(exitSurvey, survey())])).map((r) => r.status);
    expect(statuses.sort()).toEqual([201, 422, 422]);
    expect(await store.list('exit-survey')).toHaveLength(1);
  });
});

describe('which courses can be paid', () => {
  /** A claim line for a catalog course taken on these dates. */
  const taken = (courseId: string, hours: number, startDate: string, completionDate = '2026-10-20') => ({
    ...catalogLine(courseId, hours, completionDate),
    startDate,
  });
  /** Three more hours, to make a block of six with a three-hour course. */
  const contract = catalogLine('understanding-your-classified-contract', 3);

  it('refuses a required training: it is taken on work time, and the incentive does not pay for it', async () => {
    const response = await claim([catalogLine('mandated-reporter-training', 2), catalogLine('facilitating-productive-meetings', 4)]);
    expect(response.status).toBe(422);
    expect(await errorsOf(response)).toEqual([
      {
        field: 'lines.0.courseId',
        message: 'Course 1: Mandated Reporter Training is a required training, taken on work time: it is not paid by the incentive',
      },
    ]);
    expect(await store.list()).toHaveLength(0);
  });

  it('refuses a course for certificated staff only, saying what it counts for instead', async () => {
    const errors = await errorsOf(await claim([catalogLine('co-teaching-for-inclusive-classrooms', 12)]));
    expect(errors).toEqual([
      {
        field: 'lines.0.courseId',
        message:
          'Course 1: Co-Teaching for Inclusive Classrooms is for certificated staff: it counts for certificated clock hours, licence renewal (special education and pedagogy) and salary-lane credit, not for the classified incentive',
      },
    ]);
  });

  it('pays for a course that left the list to someone who enrolled on or before the day it left', async () => {
    const response = await claim([taken('email-and-calendar-essentials', 3, '2026-09-30'), contract]);
    expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
    expect(await store.hoursSubmitted(person.employeeId, 2026)).toBe(6);
  });

  it('refuses a course that left the list to someone who enrolled after, naming the day it left', async () => {
    const errors = await errorsOf(await claim([taken('email-and-calendar-essentials', 3, '2026-10-01'), contract]));
    expect(errors).toEqual([
      {
        field: 'lines.0.startDate',
        message:
          'Course 1: Email and Calendar Essentials left the pre-approved list on September 30, 2026, before you enrolled on October 1, 2026; it counts only for people who enrolled by then, so claim it with a pre-approval receipt',
      },
    ]);
  });

  it('still limits a course that left the list to the hours it had', async () => {
    const errors = await errorsOf(await claim([taken('email-and-calendar-essentials', 6, '2026-09-14')]));
    expect(errors).toEqual([{ field: 'lines.0.hours', message: 'Course 1: Email and Calendar Essentials has 3 hours; you entered 6' }]);
  });

  it('the claim form offers the courses the incentive pays for, one that left the list with its day; the exit survey offers every listed course', async () => {
    const page = async (form: string) =>
      (await formPageHandler(as(await sessionFor(deps, STAFF.ana), new Request(`http://localhost/forms/${form}/`)), deps)).text();
    const claimPage = await page('compensation');
    expect(claimPage).toContain('>Email and Calendar Essentials (CV-1502, 3 h, left the list on September 30, 2026)</option>');
    expect(claimPage).toContain('>Paraeducator Academy (CV-1801, 18 h)</option>');
    for (const unpaid of ['Mandated Reporter Training', 'Co-Teaching for Inclusive Classrooms', 'New Teacher Induction Academy']) {
      expect(claimPage).not.toContain(`>${unpaid} (`);
    }
    const surveyPage = await page('exit-survey');
    expect(surveyPage).toContain('>Mandated Reporter Training (CV-1201, 2 h)</option>');
    expect(surveyPage).toContain('>Co-Teaching for Inclusive Classrooms (CV-2002, 12 h)</option>');
    expect(surveyPage).not.toContain('Email and Calendar Essentials');
  });
});
