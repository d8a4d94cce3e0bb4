import { z } from 'zod';
import type { Program } from '../program/settings.ts';

export const DELIVERIES = ['in-person', 'online', 'hybrid', 'self-paced'] as const;
export const AUDIENCES = ['classified', 'certificated', 'all'] as const;
export const RENEWAL_AREAS = ['pedagogy', 'special-education', 'english-learners'] as const;
export const COURSE_STATUSES = ['active', 'retired'] as const;
/**
 * The district programs a course can count for. Only `classified-incentive` is paid by
 * the classified professional-growth incentive; a required training is done on work
 * time (policy 4320), and the other three are certificated staff's records.
 */
export const COUNTS_FOR = ['classified-incentive', 'clock-hours', 'licence-renewal', 'salary-lane', 'required-training'] as const;

export type Delivery = (typeof DELIVERIES)[number];
export type Audience = (typeof AUDIENCES)[number];
export type RenewalArea = (typeof RENEWAL_AREAS)[number];
export type CountsFor = (typeof COUNTS_FOR)[number];

/** A calendar date as text; YAML front matter read by the site's build turns an unquoted date into a Date. */
const isoDate = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z.iso.date('use a date like 2026-06-30'),
);

/** One planned meeting of a course: a day, or the first and last day of a run of days. */
const sessionSchema = z
  .object({ start: isoDate, end: isoDate.optional() })
  .strict()
  .refine((s) => !s.end || s.end >= s.start, { message: 'the last day comes on or after the first', path: ['end'] });

/** A word or phrase staff would type to find a course ("angry student"); commas separate them in Airtable. */
const keywordSchema = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[^,\n]+$/, 'one word or phrase each, without commas');

/**
 * One schema for a catalog course, whichever loader supplies it (content/courses
 * or Airtable's Courses table). Categories are the district's own list from content/program.yaml.
 */
export function courseSchema(categoryIds: readonly [string, ...string[]]) {
  return z
    .object({
      code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, 'use capital letters, digits and dashes, e.g. CV-1104'),
      title: z.string().min(3).max(120),
      provider: z.string().min(2).max(120),
      category: z.enum(categoryIds),
      hours: z.number().positive().max(500).multipleOf(0.25, 'use quarter hours at most (e.g. 1.5)'),
      delivery: z.enum(DELIVERIES),
      audience: z.enum(AUDIENCES),
      countsFor: z
        .array(z.enum(COUNTS_FOR))
        .min(1, `name at least one program the course counts for: ${COUNTS_FOR.join(', ')}`)
        .refine((list) => new Set(list).size === list.length, 'name each program once'),
      renewalAreas: z.array(z.enum(RENEWAL_AREAS)).default([]),
      status: z.enum(COURSE_STATUSES).default('active'),
      /** The day the course left the pre-approved list: someone who enrolled on or before it may still claim it. */
      retiredOn: isoDate.optional(),
      summary: z.string().min(10).max(200),
      /** Plain words people search with that the title and summary do not say; the course page shows them and search indexes them. */
      keywords: z.array(keywordSchema).max(20).default([]),
      /** Dates of the planned sessions; none for a self-paced course, none yet for dates to be announced. */
      sessions: z.array(sessionSchema).max(20).default([]),
      /** Where to enrol, in words: the system, office or site. */
      enrol: z.string().trim().min(5).max(200).optional(),
      /** The enrolment page, when there is one. */
      enrolUrl: z.url({ protocol: /^https$/, error: 'use the full https:// address of the enrolment page' }).optional(),
    })
    .strict()
    .superRefine((course, ctx) => {
      const problem = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
      const counts = new Set(course.countsFor);
      // Policy 4320: required training is part of the job, so the incentive never pays for it.
      if (counts.has('required-training') && counts.has('classified-incentive')) {
        problem('countsFor', 'a required training is taken on work time: it cannot also count for classified-incentive');
      }
      if (course.audience === 'certificated' && counts.has('classified-incentive')) {
        problem('countsFor', 'a course for certificated staff only cannot count for classified-incentive');
      }
      if (counts.has('licence-renewal') && course.renewalAreas.length === 0) {
        problem('renewalAreas', `name the licence-renewal areas the course counts for: ${RENEWAL_AREAS.join(', ')}`);
      }
      if (!counts.has('licence-renewal') && course.renewalAreas.length > 0) {
        problem('renewalAreas', 'renewal areas are only for a course that counts for licence-renewal; add it to countsFor or remove the areas');
      }
      if (course.status === 'retired' && !course.retiredOn) {
        problem('retiredOn', 'a retired course needs the date it left the list (like 2026-06-30): people who enrolled by then may still claim it');
      }
      if (course.delivery === 'self-paced' && course.sessions.length > 0) {
        problem('sessions', 'a self-paced course has no session dates: people start when they like; remove sessions or change delivery');
      }
      if (course.enrolUrl && !course.enrol) {
        problem('enrol', 'say in words where to enrol, as well as the link (e.g. "Frontline, under Professional Growth")');
      }
      if (course.status === 'active' && course.retiredOn) {
        problem('retiredOn', 'only a retired course has the date it left the list; set status: retired or remove retiredOn');
      }
    });
}

/** The course schema of a district: its categories from its settings (content/program.yaml), which hold at least one. */
export function courseSchemaFor(program: Pick<Program, 'categories'>) {
  return courseSchema(program.categories.map((c) => c.id) as [string, ...string[]]);
}

export type Course = z.infer<ReturnType<typeof courseSchema>>;
