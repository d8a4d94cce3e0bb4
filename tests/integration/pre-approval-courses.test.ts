import { beforeEach, describe, expect, it } from 'vitest';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { recordFor } from '../../src/lib/airtable/fields.ts';
import { prefillHandler, statusHandler } from '../../src/lib/app/request-handlers.ts';
import type { SubmitDeps } from '../../src/lib/app/submit.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import { listOutbox } from '../../src/lib/mail/outbox.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { act, reissueLink } from '../../src/lib/workflow/act.ts';
import { TEST_LINK_SECRET } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { compensationAnswers, jsonRequest, multipartRequest, pdf, person, preApprovalAnswers, preApprovalCourse } from '../../support/submissions.ts';
import { errorsOf, receiptOf, signedInEachTest, tokenOf } from '../support/send.ts';

/**
 * A pre-approval request lists every course the employee plans to take, and the
 * supervisor decides each: the request is approved when any course is, and a claim
 * names the course it pays for by the request's receipt and the course's number.
 */
const world = signedInEachTest();
const { send, at } = world;
let store: SubmissionStore;
let deps: SubmitDeps;
beforeEach(() => ({ store, deps } = world));

/** Ana claims in February, once the courses she enrolled in after the decision are done. */
const february = () => at('2027-02-10');

const flow = () => ({ store, now: deps.now(), timeZone: deps.program.timeZone, links: { origin: 'http://localhost', secret: TEST_LINK_SECRET } });
/** Sam's decision on a request, and his opening of it, through its link. */
const decide = (record: StoredSubmission, fields: Record<string, unknown>) => world.decide(tokenOf(record), fields);
const openLink = (record: StoredSubmission) => world.openLink(tokenOf(record));

const signLanguage = preApprovalCourse({ courseTitle: 'American Sign Language I', startDate: '2027-01-12', hours: '12' });
const floorCare = preApprovalCourse({ courseTitle: 'Floor-Care Chemicals', provider: 'Custodial Trades Association', startDate: '2027-01-16', hours: '6' });

async function twoCourseRequest(): Promise<StoredSubmission> {
  const response = await send(preApproval, jsonRequest('/api/forms/pre-approval', preApprovalAnswers({ courses: [signLanguage, floorCare] })));
  expect(response.status).toBe(201);
  return (await store.byReceipt(await receiptOf(response)))!;
}

/** Sign language approved, floor care denied, through Sam's decision link. */
async function partlyApproved(): Promise<StoredSubmission> {
  const request = await twoCourseRequest();
  const done = await decide(request, { decision: 'approve', course1: 'approved', course2: 'denied', reason2: 'Not related to your role.' });
  expect(done.status).toBe(200);
  return (await store.byReceipt(request.receipt))!;
}

const claimLine = (receipt: string, number: number | undefined, hours: number) => ({
  preApprovalReceipt: receipt,
  ...(number === undefined ? {} : { preApprovalCourse: String(number) }),
  startDate: '2027-01-12',
  completionDate: '2027-02-01',
  hours: String(hours),
  evidence: pdf(),
});
const claim = async (lines: Record<string, unknown>[]) =>
  send(compensation, multipartRequest('/api/forms/compensation', compensationAnswers(lines)), 'ana', february());

describe('a pre-approval request of two courses', () => {
  it('is stored with both courses and sent to the supervisor as one request', async () => {
    const request = await twoCourseRequest();
    expect(request.status).toBe('with-supervisor');
    expect(request.facts.summary).toBe('2 courses: American Sign Language I (12 h), starting 2027-01-12; Floor-Care Chemicals (6 h), starting 2027-01-16');
    expect((request.data['courses'] as unknown[]).length).toBe(2);
  });

  it('is decided course by course: one approved and one denied approves the request, and each outcome is shown', async () => {
    const decided = await partlyApproved();
    expect(decided.status).toBe('approved');
    expect(decided.data['courseDecisions']).toEqual([{ decision: 'approved' }, { decision: 'denied', reason: 'Not related to your role.' }]);
    expect(decided.facts.summary).toContain(
      'American Sign Language I (12 h), starting 2027-01-12: approved; Floor-Care Chemicals (6 h), starting 2027-01-16: denied',
    );
    expect(decided.history!.at(-1)).toMatchObject({
      action: 'approve',
      by: 'Sam Lee',
      comment: 'Course 2 (Floor-Care Chemicals) denied: Not related to your role.',
    });

    const page = await (
      await statusHandler(as(await sessionFor(deps, STAFF.ana), new Request(`http://localhost/requests/status/?receipt=${decided.receipt}`)), deps)
    ).text();
    expect(page).toMatch(/data-course="1" data-decision="approved"><p><strong>Course 1: American Sign Language I<\/strong>[^<]*Approved\./);
    expect(page).toMatch(/data-course="2" data-decision="denied">.*Denied\.<\/p><p class="timeline-comment">“Not related to your role\.”/);

    const told = (await listOutbox(store)).pending.map((p) => p.message).find((m) => m.to === person.email && m.subject.endsWith('Approved'));
    expect(told?.text).toContain('Course 1, American Sign Language I (12 hours): approved');
    expect(told?.text).toContain('Course 2, Floor-Care Chemicals (6 hours): denied. The reason: Not related to your role.');

    const row = recordFor(preApproval, decided);
    expect(row['Courses']).toMatch(/^Course 1: Course title: American Sign Language I; .*Course hours: 12; .*\nCourse 2: Course title: Floor-Care Chemicals;/);
    expect(row['Course decisions']).toBe(
      'Course 1, American Sign Language I (12 hours): approved\nCourse 2, Floor-Care Chemicals (6 hours): denied. The reason: Not related to your role.',
    );
  });

  it('with every course denied is denied, with each reason, and can be appealed; an overturn approves every course', async () => {
    const request = await twoCourseRequest();
    await decide(request, { decision: 'approve', course1: 'denied', reason1: 'Budget is spent.', course2: 'denied', reason2: 'Not related to your role.' });
    const denied = (await store.byReceipt(request.receipt))!;
    expect(denied.status).toBe('denied');
    expect(denied.history!.at(-1)!.comment).toBe(
      'Course 1 (American Sign Language I) denied: Budget is spent. Course 2 (Floor-Care Chemicals) denied: Not related to your role.',
    );

    expect((await act({ receipt: request.receipt, action: 'overturn', by: 'task-force', comment: 'Appeal upheld the request.' }, flow())).ok).toBe(true);
    expect((await claim([claimLine(request.receipt, 2, 6)])).status).toBe(201);
  });

  it('refuses a decision that leaves a course undecided or denies one without a reason, naming the course', async () => {
    const request = await twoCourseRequest();
    const response = await decide(request, { decision: 'approve', course1: 'approved', course2: 'denied' });
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('<a href="#f-reason2">Enter why you deny course 2: the requester is told the reason</a>');
    const undecided = await (await decide(request, { decision: 'approve', course2: 'approved' })).text();
    expect(undecided).toContain('<a href="#f-course1">Select your decision on course 1</a>');
    expect((await store.byReceipt(request.receipt))!.status).toBe('with-supervisor');
  });

  it('may be returned as a whole for more information, with a comment', async () => {
    const request = await twoCourseRequest();
    expect((await decide(request, { decision: 'return' })).status).toBe(422);
    expect((await decide(request, { decision: 'return', comment: 'Which term is the sign-language course?' })).status).toBe(200);
    const returned = (await store.byReceipt(request.receipt))!;
    expect(returned.status).toBe('returned');
    expect(returned.data['courseDecisions']).toBeUndefined();
  });
});

describe('a claim of a course of a partly approved request', () => {
  it('is accepted for the approved course, named by its number', async () => {
    const decided = await partlyApproved();
    const response = await claim([claimLine(decided.receipt, 1, 6)]);
    expect(response.status).toBe(201);
    const stored = (await store.byReceipt(await receiptOf(response)))!;
    expect(stored.facts.claim?.items).toEqual([`pre-approval:${decided.receipt}`]);
    expect(stored.facts.summary).toContain(
      `American Sign Language I (${decided.receipt}; Alder County Community College, evening class; taught by Jordan Park;`,
    );
  });

  it('is refused for the denied course', async () => {
    const decided = await partlyApproved();
    expect(await errorsOf(await claim([claimLine(decided.receipt, 2, 6)]))).toEqual([
      { field: 'lines.0.preApprovalCourse', message: `Course 1: course 2 of ${decided.receipt}, Floor-Care Chemicals, was not approved, so it cannot be paid` },
    ]);
  });

  it('must say which course it claims, and a number the request does not have is refused', async () => {
    const decided = await partlyApproved();
    expect(await errorsOf(await claim([claimLine(decided.receipt, undefined, 6)]))).toEqual([
      { field: 'lines.0.preApprovalCourse', message: `Course 1: ${decided.receipt} lists 2 courses; enter the number of the one you claim, 1 to 2` },
    ]);
    expect(await errorsOf(await claim([claimLine(decided.receipt, 3, 6)]))).toEqual([
      { field: 'lines.0.preApprovalCourse', message: `Course 1: ${decided.receipt} lists 2 courses; there is no course 3 on it` },
    ]);
  });

  it('is refused for more hours than were approved for that course', async () => {
    const request = await twoCourseRequest();
    await decide(request, { decision: 'approve', course1: 'approved', course2: 'approved' });
    expect(await errorsOf(await claim([claimLine(request.receipt, 2, 12)]))).toContainEqual({
      field: 'lines.0.hours',
      message: 'Course 1: course 2 of the pre-approval is for 6 hours; claim 6 hours or fewer for it',
    });
    expect((await claim([claimLine(request.receipt, 2, 6)])).status).toBe(201);
  });

  it('is refused when the same course is claimed twice, in one claim or in two', async () => {
    const request = await twoCourseRequest();
    await decide(request, { decision: 'approve', course1: 'approved', course2: 'approved' });
    expect(await errorsOf(await claim([claimLine(request.receipt, 2, 6), claimLine(request.receipt, 2, 6)]))).toContainEqual({
      field: 'lines.1.preApprovalReceipt',
      message: 'Course 2: the same as course 1; list each completion once',
    });
    const first = await claim([claimLine(request.receipt, 2, 6)]);
    expect(first.status).toBe(201);
    expect(await errorsOf(await claim([claimLine(request.receipt, 2, 6)]))).toEqual([
      {
        field: 'lines.0.preApprovalReceipt',
        message: `Course 1: course 2 of this pre-approval is already claimed in ${await receiptOf(first)}; a completion is paid once`,
      },
    ]);
    // The other course of the same request is another item: claiming it is not paying twice.
    expect((await claim([claimLine(request.receipt, 1, 6)])).status).toBe(201);
  });
});

describe('a pre-approval stored before requests listed several courses', () => {
  /** A record as the single-course form stored it: the course's answers at the top level. */
  async function oldRecord(status: 'approved' | 'with-supervisor' = 'approved'): Promise<StoredSubmission> {
    const { courses: _courses, submissionId: id, ...answers } = preApprovalAnswers();
    const { record } = await store.save({
      id,
      form: 'pre-approval',
      receiptPrefix: 'PA',
      status,
      submittedAt: '2026-11-20T18:00:00.000Z',
      submittedOn: '2026-11-20',
      facts: { employeeId: STAFF.ana, supervisorId: STAFF.sam, summary: 'American Sign Language I (12 h), starting 2027-01-12' },
      data: { ...answers, ...signLanguage, hours: 12, trueAndComplete: true },
      files: [],
    });
    // Approved as every request was then, as a whole; or waiting, with a decision link as the step sends one.
    return status === 'approved' ? (await store.setStatus(record.receipt, 'approved', '2026-11-24'))! : (await reissueLink(record.receipt, flow()))!;
  }

  it('is one course: claimable by its receipt alone, for no more than its hours, once', async () => {
    const old = await oldRecord();
    expect(await errorsOf(await claim([claimLine(old.receipt, undefined, 18)]))).toContainEqual({
      field: 'lines.0.hours',
      message: 'Course 1: the pre-approval is for 12 hours; claim 12 hours or fewer for it',
    });
    const first = await claim([claimLine(old.receipt, undefined, 12)]);
    expect(first.status).toBe(201);
    expect((await store.byReceipt(await receiptOf(first)))!.facts.summary).toContain(`American Sign Language I (${old.receipt}; Alder County`);
    // Course 1 named by number is the same course: it is not paid again.
    expect((await claim([claimLine(old.receipt, 1, 6)])).status).toBe(422);
  });

  it('returned for changes, opens to be sent again with its one course filled in', async () => {
    const old = await oldRecord('with-supervisor');
    expect((await decide(old, { decision: 'return', comment: 'Which dates?' })).status).toBe(200);
    const opened = await prefillHandler(
      as(await sessionFor(deps, STAFF.ana), new Request(`http://localhost/forms/pre-approval/from/?receipt=${old.receipt}`)),
      deps,
    );
    expect(opened.status).toBe(200);
    const page = await opened.text();
    expect(page).toContain('name="courses[0][courseTitle]"');
    expect(page).toMatch(
      /name="courses\[0\]\[courseTitle\]"[^>]*value="American Sign Language I"|value="American Sign Language I"[^>]*name="courses\[0\]\[courseTitle\]"/,
    );
  });

  it('shows its one course in Airtable and decides it with the plain decision', async () => {
    const old = await oldRecord('with-supervisor');
    const page = await (await openLink(old)).text();
    expect(page).toContain('name="decision" value="approve"');
    expect(page).not.toContain('name="course1"');
    expect((await decide(old, { decision: 'approve' })).status).toBe(200);
    const row = recordFor(preApproval, (await store.byReceipt(old.receipt))!);
    expect(row['Courses']).toMatch(/^Course 1: Course title: American Sign Language I;/);
    expect(row['Course decisions']).toBe('Course 1, American Sign Language I (12 hours): approved');
  });
});
