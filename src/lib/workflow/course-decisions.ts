import { z } from 'zod';
import { choice, fieldRegistry, metaOf, optional, text } from '../forms/fields.ts';
import {
  COURSE_DECISIONS,
  courseOutcomes,
  coursesOf,
  courseStart,
  outcomesSummary,
  type CourseDecision,
  type CourseOutcome,
  type RequestedCourse,
} from '../forms/pre-approval-courses.ts';
import type { RenderableForm } from '../forms/render.ts';
import type { StoredSubmission } from '../forms/record.ts';
import { html, type Markup } from '../html/template.ts';
import type { Action, Transition } from '../program/routing.ts';

/** What the decision page needs of a decision's form, whichever form it is: what it shows, and what a valid answer changes. */
export interface DecisionForm {
  form: RenderableForm;
  actions: Action[];
  /** The answers the page starts with. */
  values: Record<string, unknown>;
  /** What a valid decision changes on the request besides its status, and the comment that says so. */
  changesOf(value: { decision: Action; comment?: string | undefined }): { changes?: { data: Record<string, unknown>; summary?: string }; comment?: string };
}

/**
 * A supervisor decides each course of a pre-approval request that lists several:
 * approve or deny it, with a reason for a denial; or returns the whole request
 * for more information. The request is approved when any course is, denied when
 * every one is; the decisions are kept with its answers (forms/pre-approval-courses.ts).
 * A request of one course keeps the plain decision: approving it approves its course.
 */
export function courseDecisionFormFor(transitions: Transition[], data: Record<string, unknown>): DecisionForm | null {
  const courses = coursesOf(data);
  const decides = transitions.some((t) => t.form === 'pre-approval' && t.action === 'approve') && transitions.some((t) => t.action === 'deny');
  if (!decides || courses.length < 2) return null;
  return courseDecisionForm(transitions, courses);
}

const DECIDE = 'approve' as const;

/** A field the rules make required only in some answers: no "(optional)" on its label, and empty is not refused by itself. */
export function askedWhen<T extends z.ZodType>(field: T) {
  const loose = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), field.optional());
  fieldRegistry.add(loose, metaOf(field) as never);
  return loose;
}

const courseField = (n: number) => `course${n}`;
const reasonField = (n: number) => `reason${n}`;

function courseDecisionForm(transitions: Transition[], courses: RequestedCourse[]): DecisionForm {
  const returns = transitions.some((t) => t.action === 'return');
  const shape: Record<string, z.ZodType> = {
    decision: choice('Your decision', [
      { value: DECIDE, label: 'Approve or deny each course' },
      ...(returns ? [{ value: 'return' as const, label: 'Return the whole request for more information' }] : []),
    ]),
  };
  for (const { number } of courses) {
    shape[courseField(number)] = askedWhen(
      choice(`Your decision on course ${number}`, [
        { value: 'approved', label: 'Approve' },
        { value: 'denied', label: 'Deny' },
      ]),
    );
    shape[reasonField(number)] = askedWhen(
      text(`Why you deny course ${number}`, { multiline: true, rows: 3, max: 2000, hint: 'Needed when you deny it: the requester is told the reason.' }),
    );
  }
  shape['comment'] = returns
    ? askedWhen(text('Comment — required if you return the request', { multiline: true, max: 2000, hint: 'The requester reads it.' }))
    : optional(text('Comment', { multiline: true, max: 2000, hint: 'The requester reads it.' }));
  const decisionsOf = (value: Record<string, unknown>): CourseDecision[] =>
    courses.map(({ number }) => {
      const decision = value[courseField(number)] === 'approved' ? 'approved' : 'denied';
      const reason = value[reasonField(number)];
      return decision === 'denied' && typeof reason === 'string' ? { decision, reason } : { decision };
    });
  const schema = z
    .object(shape)
    .superRefine((value, ctx) => {
      if (value['decision'] === 'return') {
        if (!value['comment'])
          ctx.addIssue({
            code: 'custom',
            path: ['comment'],
            message: 'Enter a comment that says what to change or add: the requester reads it before sending the request again',
          });
        return;
      }
      for (const { number } of courses) {
        const decided = value[courseField(number)];
        if (decided === undefined) ctx.addIssue({ code: 'custom', path: [courseField(number)], message: `Select your decision on course ${number}` });
        if (decided === 'denied' && !value[reasonField(number)])
          ctx.addIssue({ code: 'custom', path: [reasonField(number)], message: `Enter why you deny course ${number}: the requester is told the reason` });
      }
    })
    // The request's own action follows from the courses': approved when any course is. (Overwritten
    // in place, so the schema keeps its shape for the page.)
    .overwrite((value) => {
      if (value['decision'] === 'return') return value;
      return { ...value, decision: decisionsOf(value).some((d) => d.decision === 'approved') ? 'approve' : 'deny' };
    });
  const form = {
    id: 'decision',
    schema,
    sections: [
      { fields: ['decision'] },
      ...courses.map((course) => ({
        title: `Course ${course.number}: ${course.courseTitle}`,
        intro: `${course.hours} hours, starting ${courseStart(course)}, with ${course.provider}.`,
        fields: [courseField(course.number), reasonField(course.number)],
      })),
      { fields: ['comment'] },
    ],
    submitLabel: 'Record my decision',
  } satisfies RenderableForm;
  return {
    form,
    actions: transitions.map((t) => t.action),
    values: {},
    changesOf(value) {
      const comment = value.comment?.trim();
      if (value.decision === 'return') return comment ? { comment } : {};
      const decisions = decisionsOf(value);
      const outcomes: CourseOutcome[] = courses.map((course, i) => ({ course, ...decisions[i]! }));
      // The history says why each denied course was denied: the requester's page and email quote it.
      const reasons = outcomes.filter((o) => o.decision === 'denied').map((o) => `Course ${o.course.number} (${o.course.courseTitle}) denied: ${o.reason}`);
      const said = [...reasons, ...(comment ? [comment] : [])].join(' ');
      return { changes: { data: { [COURSE_DECISIONS]: decisions }, summary: outcomesSummary(outcomes) }, ...(said ? { comment: said } : {}) };
    },
  };
}

const OUTCOME_WORDS: Record<CourseOutcome['decision'], string> = { approved: 'Approved', denied: 'Denied', undecided: 'Not decided yet' };

/** Each course of a pre-approval request with its decision, for the request's page. */
export function courseOutcomesHtml(record: StoredSubmission): Markup | null {
  if (record.form !== 'pre-approval') return null;
  const outcomes = courseOutcomes(record);
  if (outcomes.length < 2 && outcomes.every((o) => o.decision === 'undecided')) return null;
  const items = outcomes.map(({ course, decision, reason }) => {
    const why = reason && html`<p class="timeline-comment">“${reason}”</p>`;
    return html`<li data-course="${course.number}" data-decision="${decision}"><p><strong>Course ${course.number}: ${course.courseTitle}</strong>, ${course.hours} hours, starting ${courseStart(course)}. ${OUTCOME_WORDS[decision]}.</p>${why}</li>`;
  });
  const claim =
    outcomes.length > 1 && outcomes.some((o) => o.decision === 'approved')
      ? html`<p>To claim an approved course’s hours, quote this receipt and the course’s number on your compensation request.</p>`
      : null;
  return html`<h2>Courses</h2><ul class="course-outcomes">${items}</ul>${claim}`;
}
