import { z } from 'zod';
import { catalogCourse, checkbox, choice, optional, text } from './fields.ts';
import { identity } from './identity.ts';
import { defineForm } from './form.ts';
import { MIN_RATING_RESPONSES } from '../program/ratings.ts';

/** The five-point scale both surveys answer on: the district's measures count a 4 or a 5 as agreeing. */
export const AGREEMENT_SCALE = [
  { value: '5', label: '5: strongly agree' },
  { value: '4', label: '4: agree' },
  { value: '3', label: '3: neither agree nor disagree' },
  { value: '2', label: '2: disagree' },
  { value: '1', label: '1: strongly disagree' },
] as const;

const rating = (label: string) => choice(label, AGREEMENT_SCALE);

export const exitSurveySchema = z.object({
  courseId: catalogCourse('Course'),
  satisfaction: rating('I was satisfied with this course'),
  relevance: rating('The course was relevant to my work'),
  willUse: rating('I will use what I learned in my work'),
  comments: optional(text('Comments', { multiline: true, max: 2000, hint: 'What worked, and what would make the course better.' })),
  anonymous: checkbox('Send my answers without my name', {
    hint: `We still record that you finished the course, separately, but keep nothing with your answers that leads back to you. Results are only reported for courses with at least ${MIN_RATING_RESPONSES} responses.`,
  }),
  fullName: identity.fullName,
  email: identity.email,
  employeeId: identity.employeeId,
});

export type ExitSurvey = z.infer<typeof exitSurveySchema>;

export const exitSurvey = defineForm({
  id: 'exit-survey',
  title: 'Course exit survey',
  name: 'Course exit survey',
  receiptPrefix: 'ES',
  intro: ['Tell us about a course you finished. It takes two minutes, and the task force uses the answers when it reviews the catalog.'],
  schema: exitSurveySchema,
  sections: [
    { title: 'The course', fields: ['courseId'] },
    { title: 'Your views', fields: ['satisfaction', 'relevance', 'willUse', 'comments'] },
    { title: 'About you', fields: ['fullName', 'email', 'employeeId', 'anonymous'] },
  ],
  submitLabel: 'Send survey',
  initialStatus: 'received',
  ruleFields: ['courseId', 'employeeId'],
  rules: async (data, ctx) => {
    const course = ctx.course(data.courseId);
    if (!course) return [{ field: 'courseId', message: 'Select the course from the list' }];
    return (await ctx.completed(data.employeeId, data.courseId, 'exit-survey')) ? [alreadyAnswered(course.title)] : [];
  },
  // An anonymous answer keeps no name, address or employee ID at all.
  anonymous: (data) => data.anonymous,
  facts: (data) => ({ summary: `${data.courseId}: ${data.satisfaction}/5` }),
  completion: (data) => ({ courseId: data.courseId, duplicate: alreadyAnswered('this course') }),
  redact: (data) => storedSurvey(data),
  nextSteps: [`Thank you. Your answers are counted in the course’s ratings once it has at least ${MIN_RATING_RESPONSES} responses.`],
});

const alreadyAnswered = (course: string) => ({
  field: 'courseId',
  message: `You have already sent a survey for ${course}: each person answers once per course`,
});

/** What is stored of a survey: without the name and address when the person asked to stay anonymous. */
export function storedSurvey(data: ExitSurvey): Record<string, unknown> {
  if (!data.anonymous) return data;
  const { fullName: _n, email: _e, employeeId: _id, ...rest } = data;
  return rest;
}
