import { z } from 'zod';
import { formatDate } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import { date, number, repeat, text } from './fields.ts';
import { defineForm } from './form.ts';
import { identity, IDENTITY_FIELDS, supervisor, SUPERVISOR_FIELDS, trueAndComplete } from './identity.ts';
import { coursesSummary } from './pre-approval-courses.ts';

/** One course of a request, as the district's paper form lists it; the supervisor decides each. */
export const preApprovalCourse = {
  courseTitle: text('Course title', { max: 200 }),
  courseDescription: text('Course description', { multiline: true, max: 2000, hint: 'What the course covers, in a few sentences.' }),
  instructor: text('Instructor', { max: 120, hint: 'The person or team teaching the course.' }),
  provider: text('Provider and location', { max: 200, hint: 'The organisation offering it and where, or "online".' }),
  startDate: date('Course start date', { hint: 'The first session. Pre-approval must come before you enrol.' }),
  hours: number('Course hours', { min: 0.25, max: 500, step: 0.25, unit: 'hours', hint: 'Instructional hours, for example 6 or 7.5.' }),
  purpose: text('Purpose', { multiline: true, max: 2000, hint: 'How the course helps you in your current job or your growth in the district.' }),
};

/** Most courses one request lists: a claim names one of them by its number. */
export const MAX_COURSES = 10;

export const preApprovalSchema = z.object({
  ...identity,
  ...supervisor,
  courses: repeat('Courses', preApprovalCourse, { min: 1, max: MAX_COURSES, slots: 2, itemLabel: 'Course' }),
  trueAndComplete,
});

export type PreApprovalRequest = z.infer<typeof preApprovalSchema>;

export const preApproval = defineForm({
  id: 'pre-approval',
  title: 'Request pre-approval for a course',
  name: 'Pre-approval request',
  receiptPrefix: 'PA',
  intro: [
    'Use this form for courses that are not on the pre-approved catalog, before you enrol. List every course you plan to take; your supervisor decides each, and you can claim a course’s hours once it is approved.',
    'Courses on the catalog need no pre-approval.',
  ],
  schema: preApprovalSchema,
  sections: [
    { title: 'About you', fields: [...IDENTITY_FIELDS] },
    { title: 'Your supervisor', intro: 'Your supervisor receives the request and decides on each course.', fields: [...SUPERVISOR_FIELDS] },
    { title: 'Courses', intro: 'List every course you plan to take, one in each row. Leave unused rows empty.', fields: ['courses'] },
    { title: 'Declaration', fields: ['trueAndComplete'] },
  ],
  submitLabel: 'Send request',
  initialStatus: 'with-supervisor',
  rules: (data, ctx) => coursesProblems(data.courses, ctx.today),
  // A course whose start date parsed is checked though another answer did not: every problem in one answer.
  partRules: (parts, ctx) => coursesProblems(parts.courses ?? [], ctx.today),
  facts: (data) => ({ employeeId: data.employeeId, summary: coursesSummary(data.courses) }),
  nextSteps: [
    'Your supervisor is asked to decide on each course within the program’s decision deadline.',
    'You will receive the decision by email. Keep your receipt: you quote it, with the course’s number, when you claim a course’s hours.',
  ],
});

type Course = Partial<PreApprovalRequest['courses'][number]>;

const coursesProblems = (courses: Course[], today: string) => courses.flatMap((course, i) => courseProblems(course, i, courses, today));

/** A course that has started cannot be pre-approved; a course listed twice is decided once. Each rule runs when its answers parsed. */
function courseProblems(course: Course, i: number, all: Course[], today: string): Problem[] {
  const at = (field: string) => `courses.${i}.${field}`;
  const problems: Problem[] = [];
  if (course.startDate && course.startDate < today) {
    problems.push({
      field: at('startDate'),
      message: `Course ${i + 1}: pre-approval must come before you enrol: a course that started on ${formatDate(course.startDate)} cannot be pre-approved. Ask HR about your options.`,
    });
  }
  const { courseTitle, startDate } = course;
  if (!courseTitle || !startDate) return problems;
  const same = all.findIndex((c) => c.courseTitle?.toLowerCase() === courseTitle.toLowerCase() && c.startDate === startDate);
  if (same < i) problems.push({ field: at('courseTitle'), message: `Course ${i + 1}: the same as course ${same + 1}; list each course once` });
  return problems;
}
