import { z } from 'zod';

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
      if (course.status === 'active' && course.retiredOn) {
        problem('retiredOn', 'only a retired course has the date it left the list; set status: retired or remove retiredOn');
      }
    });
}

export type Course = z.infer<ReturnType<typeof courseSchema>>;
