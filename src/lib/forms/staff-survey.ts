import { z } from 'zod';
import { choice, optional, text } from './fields.ts';
import { defineForm } from './form.ts';
import { AGREEMENT_SCALE } from './exit-survey.ts';
import { fiscalYearLabel, fiscalYearOf } from '../program/calendar.ts';

/** The two statements the district's plan measures, each answered on the same five-point scale. */
export const staffSurveySchema = z.object({
  satisfiedOverall: choice('I am satisfied with the professional learning the district offers me', AGREEMENT_SCALE),
  accessToPd: choice('I can get the professional learning I need for my work', AGREEMENT_SCALE),
  comments: optional(text('Comments', { multiline: true, max: 2000, hint: 'What would make professional learning better for you.' })),
});

export type StaffSurvey = z.infer<typeof staffSurveySchema>;

/** The share the plan counts: an answer of 4 or 5, as the form stores it (the text "1" to "5"); null for anything else. */
export function agrees(data: Readonly<Record<string, unknown>>, question: keyof StaffSurvey): boolean | null {
  const value = data[question];
  return typeof value === 'string' && /^[1-5]$/.test(value) ? Number(value) >= 4 : null;
}

export const staffSurvey = defineForm({
  id: 'staff-survey',
  title: 'Yearly staff survey on professional learning',
  name: 'Staff survey',
  receiptPrefix: 'SS',
  intro: [
    'Two questions, once a year, for everyone on staff. The district’s plan measures professional learning by your answers.',
    'Your answers are kept without your name or employee ID. We record only that you answered this year, apart from the answers, so that each person answers once.',
  ],
  schema: staffSurveySchema,
  sections: [{ title: 'Your views', fields: ['satisfiedOverall', 'accessToPd', 'comments'] }],
  submitLabel: 'Send survey',
  initialStatus: 'received',
  // Always anonymous: nothing stored with the answers leads back to the person.
  anonymous: () => true,
  facts: (data) => ({ summary: `overall ${data.satisfiedOverall}/5, access ${data.accessToPd}/5` }),
  // One answer per person per fiscal year: the lock names the year only, never the answer.
  completion: (_data, { today, program }) => {
    const year = fiscalYearOf(today, program.fiscalYearStart);
    return {
      courseId: `fiscal-year-${year}`,
      duplicate: {
        field: 'satisfiedOverall',
        message: `You have already answered the staff survey for fiscal year ${fiscalYearLabel(year, program.fiscalYearStart)}: each person answers once a year`,
      },
    };
  },
  nextSteps: ['Thank you. Your answers are counted, without your name, in the program’s yearly measures.'],
});
