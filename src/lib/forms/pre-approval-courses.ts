import { z } from 'zod';
import { formatDate } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import type { StoredSubmission } from './record.ts';

/**
 * The courses of a stored pre-approval request and what the supervisor decided on
 * each: what the status page, the emails, Airtable and a claim's rules all read,
 * so a record is read one way everywhere. A record stored before requests listed
 * several courses has its one course's answers at the top level: it is one course.
 */
export interface RequestedCourse {
  /** Its place on the request, from 1: what a claim quotes with the receipt. */
  number: number;
  courseTitle: string;
  courseDescription: string;
  instructor: string;
  provider: string;
  startDate: string;
  hours: number;
  purpose: string;
}

export type CourseDecision = z.infer<typeof courseDecision>;
export interface CourseOutcome {
  course: RequestedCourse;
  decision: 'approved' | 'denied' | 'undecided';
  /** Why it was denied, as the supervisor wrote it. */
  reason?: string | undefined;
}

/** Where the supervisor's decisions on a request's courses are kept among its answers, one per course in order. */
export const COURSE_DECISIONS = 'courseDecisions';

export const courseDecision = z.object({ decision: z.enum(['approved', 'denied']), reason: z.string().optional() });

const storedCourse = z.object({
  courseTitle: z.string().catch(''),
  courseDescription: z.string().catch(''),
  instructor: z.string().catch(''),
  provider: z.string().catch(''),
  startDate: z.string().catch(''),
  hours: z.coerce.number().catch(Number.NaN),
  purpose: z.string().catch(''),
});

/** The courses of a request's answers, in order. */
export function coursesOf(data: Record<string, unknown>): RequestedCourse[] {
  const rows = Array.isArray(data['courses']) ? (data['courses'] as unknown[]) : typeof data['courseTitle'] === 'string' ? [data] : [];
  return rows.map((row, i) => ({ number: i + 1, ...storedCourse.parse(row ?? {}) }));
}

/** A request's answers with its courses as the form asks them today: an older record's one course becomes its only row. */
export function withCourses(data: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(data['courses'])) return data;
  return { ...data, courses: coursesOf(data).map(({ number: _n, ...course }) => course) };
}

type Decided = Pick<StoredSubmission, 'data' | 'status' | 'history'>;

/**
 * Each course with its decision. Decisions recorded course by course are read as
 * they are; a request decided as a whole (one course, an older record, a tool)
 * gives every course its outcome; an overturned denial approves every course.
 */
export function courseOutcomes(record: Decided): CourseOutcome[] {
  const courses = coursesOf(record.data);
  const history = record.history ?? [];
  if (history.some((h) => h.action === 'overturn')) return courses.map((course) => ({ course, decision: 'approved' }));
  const recorded = z.array(courseDecision).safeParse(record.data[COURSE_DECISIONS]);
  if (recorded.success && recorded.data.length === courses.length) {
    return courses.map((course, i) => {
      const { decision, reason } = recorded.data[i]!;
      return { course, decision, ...(decision === 'denied' && reason ? { reason } : {}) };
    });
  }
  if (record.status === 'approved') return courses.map((course) => ({ course, decision: 'approved' }));
  if (record.status === 'denied') {
    const reason = history.findLast((h) => h.action === 'deny')?.comment;
    return courses.map((course) => ({ course, decision: 'denied', ...(reason ? { reason } : {}) }));
  }
  return courses.map((course) => ({ course, decision: 'undecided' }));
}

const described = (c: Pick<RequestedCourse, 'courseTitle' | 'hours' | 'startDate'>) => `${c.courseTitle} (${c.hours} h), starting ${c.startDate}`;

/** A request's one line: its course, or how many and which. */
export function coursesSummary(courses: Pick<RequestedCourse, 'courseTitle' | 'hours' | 'startDate'>[]): string {
  return courses.length === 1 ? described(courses[0]!) : `${courses.length} courses: ${courses.map(described).join('; ')}`;
}

/** The same line once decided: each course with its decision. */
export function outcomesSummary(outcomes: CourseOutcome[]): string {
  const each = outcomes.map((o) => `${described(o.course)}: ${o.decision}`);
  return outcomes.length === 1 ? each[0]! : `${outcomes.length} courses: ${each.join('; ')}`;
}

/** The outcome of each course in words, for the requester's email: one line a course. */
export function outcomesText(outcomes: CourseOutcome[]): string {
  return outcomes
    .map(({ course, decision, reason }) => {
      const what = `Course ${course.number}, ${course.courseTitle} (${course.hours} hours)`;
      return decision === 'denied' ? `${what}: denied${reason ? `. The reason: ${reason}` : ''}` : `${what}: ${decision}`;
    })
    .join('\n');
}

/**
 * The course a claim line quotes: the request's only course, or the one its number
 * names. Only an approved course is paid, for no more hours than were approved.
 * The request's own status (approved, before enrolment) is checked apart (preApprovalProblem).
 */
export function claimedCourseProblems(
  request: StoredSubmission,
  claim: { number?: number | undefined; hours: number },
  where: { line: string; receipt: string; number: string; hours: string },
): Problem[] {
  const outcomes = courseOutcomes(request);
  const count = outcomes.length;
  if (claim.number === undefined && count > 1) {
    return [{ field: where.number, message: `${where.line}: ${request.receipt} lists ${count} courses; enter the number of the one you claim, 1 to ${count}` }];
  }
  const n = claim.number ?? 1;
  const outcome = outcomes[n - 1];
  if (!outcome) {
    const lists = count === 1 ? 'one course' : `${count} courses`;
    return [{ field: where.number, message: `${where.line}: ${request.receipt} lists ${lists}; there is no course ${n} on it` }];
  }
  if (outcome.decision !== 'approved') {
    return [
      {
        field: count > 1 ? where.number : where.receipt,
        message: `${where.line}: course ${n} of ${request.receipt}, ${outcome.course.courseTitle}, was not approved, so it cannot be paid`,
      },
    ];
  }
  const approved = outcome.course.hours;
  if (Number.isFinite(approved) && claim.hours > approved) {
    const what = count > 1 ? `course ${n} of the pre-approval is` : 'the pre-approval is';
    return [{ field: where.hours, message: `${where.line}: ${what} for ${approved} hours; claim ${approved} hours or fewer for it` }];
  }
  return [];
}

/** What a claim line pays for, in words HR can check without opening the request: the course as it was approved. */
export function claimedCourseText(request: StoredSubmission | null, receipt: string, number: number | undefined): string {
  const course = request ? coursesOf(request.data)[(number ?? 1) - 1] : undefined;
  const which = number && number > 1 ? `${receipt} course ${number}` : receipt;
  if (!course) return `Pre-approved course (${which})`;
  return `${course.courseTitle} (${which}; ${course.provider}; taught by ${course.instructor}; purpose: ${course.purpose})`;
}

/** "January 12, 2027": a course's start as people read it. */
export const courseStart = (course: RequestedCourse) => (course.startDate ? formatDate(course.startDate) : 'no date given');
