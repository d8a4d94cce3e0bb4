import { z } from 'zod';
import { formatDate } from '../program/calendar.ts';
import { date, number, text } from './fields.ts';
import { defineForm } from './form.ts';
import { identity, IDENTITY_FIELDS, supervisor, SUPERVISOR_FIELDS, trueAndComplete } from './identity.ts';

export const preApprovalSchema = z.object({
  ...identity,
  ...supervisor,
  courseTitle: text('Course title', { max: 200 }),
  courseDescription: text('Course description', { multiline: true, max: 2000, hint: 'What the course covers, in a few sentences.' }),
  instructor: text('Instructor', { max: 120, hint: 'The person or team teaching the course.' }),
  provider: text('Provider and location', { max: 200, hint: 'The organisation offering it and where, or "online".' }),
  startDate: date('Course start date', { hint: 'The first session. Pre-approval must come before you enrol.' }),
  hours: number('Course hours', { min: 0.25, max: 500, step: 0.25, unit: 'hours', hint: 'Instructional hours, for example 6 or 7.5.' }),
  purpose: text('Purpose', { multiline: true, max: 2000, hint: 'How the course helps you in your current job or your growth in the district.' }),
  trueAndComplete,
});

export type PreApprovalRequest = z.infer<typeof preApprovalSchema>;

export const preApproval = defineForm({
  id: 'pre-approval',
  title: 'Request pre-approval for a course',
  name: 'Pre-approval request',
  receiptPrefix: 'PA',
  intro: [
    'Use this form for a course that is not on the pre-approved catalog, before you enrol. Your supervisor decides, and you can claim the hours once it is approved.',
    'Courses on the catalog need no pre-approval.',
  ],
  schema: preApprovalSchema,
  sections: [
    { title: 'About you', fields: [...IDENTITY_FIELDS] },
    { title: 'Your supervisor', intro: 'Your supervisor receives the request and decides on it.', fields: [...SUPERVISOR_FIELDS] },
    { title: 'The course', fields: ['courseTitle', 'courseDescription', 'instructor', 'provider', 'startDate', 'hours', 'purpose'] },
    { title: 'Declaration', fields: ['trueAndComplete'] },
  ],
  submitLabel: 'Send request',
  initialStatus: 'with-supervisor',
  rules: (data, ctx) =>
    data.startDate < ctx.today
      ? [
          {
            field: 'startDate',
            message: `Pre-approval must come before you enrol: a course that started on ${formatDate(data.startDate)} cannot be pre-approved. Ask HR about your options.`,
          },
        ]
      : [],
  facts: (data) => ({ employeeId: data.employeeId, summary: `${data.courseTitle} (${data.hours} h), starting ${data.startDate}` }),
  nextSteps: [
    'Your supervisor is asked to decide within the program’s decision deadline.',
    'You will receive the decision by email. Keep your receipt: you quote it when you claim the course’s hours.',
  ],
});
