import { z } from 'zod';

export const DELIVERIES = ['in-person', 'online', 'hybrid', 'self-paced'] as const;
export const AUDIENCES = ['classified', 'certificated', 'all'] as const;
export const RENEWAL_AREAS = ['pedagogy', 'special-education', 'english-learners'] as const;
export const COURSE_STATUSES = ['active', 'retired'] as const;

export type Delivery = (typeof DELIVERIES)[number];
export type Audience = (typeof AUDIENCES)[number];
export type RenewalArea = (typeof RENEWAL_AREAS)[number];

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
      credits: z
        .object({
          clockHours: z.boolean().default(true),
          renewalAreas: z.array(z.enum(RENEWAL_AREAS)).default([]),
          salaryLane: z.boolean().default(false),
        })
        .strict()
        .default({ clockHours: true, renewalAreas: [], salaryLane: false }),
      requiredTraining: z.boolean().default(false),
      status: z.enum(COURSE_STATUSES).default('active'),
      summary: z.string().min(10).max(200),
    })
    .strict();
}

export type Course = z.infer<ReturnType<typeof courseSchema>>;
