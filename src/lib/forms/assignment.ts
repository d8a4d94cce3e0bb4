import { z } from 'zod';
import { fiscalYearOf, type IsoDate } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';

/**
 * Step 1 of a teacher's focus plan: their evaluator asks them to start one. One
 * assignment per teacher and school year, kept beside the queue. The school year
 * is the program's fiscal year (July to June), the year the reports count plans in.
 */
export const assignmentEntrySchema = z.object({
  action: z.literal('assigned'),
  on: z.iso.datetime(),
  /** The evaluator's name and employee ID from HR's roster. */
  by: z.string().min(1),
  byId: z.string().min(1),
});

export const planAssignmentSchema = z.object({
  /** "FA-7K2M9Q4XAB", quoted like a receipt; the same for the same teacher and year, so a second assignment is the first. */
  id: z.string().regex(/^FA-[0-9A-Z]{10}$/),
  schoolYear: z.int(),
  teacherId: z.string().min(1),
  teacherName: z.string().min(1),
  evaluatorId: z.string().min(1),
  evaluatorName: z.string().min(1),
  assignedAt: z.iso.datetime(),
  assignedOn: z.iso.date(),
  /** The checkpoint date the evaluator proposes; the teacher's form starts with it. */
  checkpointDate: z.iso.date().optional(),
  /** The evaluator's words to the teacher, in the email and above the form. */
  note: z.string().max(1000).optional(),
  history: z.array(assignmentEntrySchema).min(1),
});

export type PlanAssignment = z.infer<typeof planAssignmentSchema>;

/** The school year a day falls in, named by the calendar year it starts in: the program's fiscal year. */
export function schoolYearOf(date: IsoDate, program: Pick<Program, 'fiscalYearStart'>): number {
  return fiscalYearOf(date, program.fiscalYearStart);
}
