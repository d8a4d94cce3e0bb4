import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { describeIssues } from '../content/issues.ts';
import { daysInMonth, isKnownTimeZone } from './calendar.ts';

const monthDay = z
  .object({
    month: z.int().min(1).max(12),
    day: z.int().min(1).max(31),
  })
  // Checked against a leap year: a yearly date may fall on February 29.
  .refine((d) => d.day <= daysInMonth(2000, d.month), {
    message: 'that day does not exist in that month',
    path: ['day'],
  });

const contact = z.object({
  role: z.string().min(1),
  name: z.string().min(1),
  email: z.email(),
  phone: z.string().min(7),
});

const category = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase words joined by dashes'),
  label: z.string().min(1),
});

/** A yearly target for each of the five years of the plan, in percent. */
const fiveYearTargets = z.array(z.number().min(0).max(100)).length(5, 'give one target for each of the five years of the plan');

/** The measures the district's plan sets, with their targets; the program report judges each year against them. */
const measuresSchema = z.object({
  /** The fiscal year the five-year plan starts in: the targets are for it and the four after. */
  planStartYear: z.int().min(2000).max(2100),
  /** A share from fewer answers than this is shown, but marked too few to rely on. */
  minimumAnswers: z.int().min(1),
  /** Exit surveys: the average "satisfied with this course" answer, out of 5. */
  courseSatisfactionAverage: z.number().min(1).max(5),
  /** Staff survey: the share satisfied with professional learning overall (4 or 5 of 5). */
  satisfiedOverall: fiveYearTargets,
  /** Staff survey: the share who can get the professional learning they need. */
  accessToPd: fiveYearTargets,
  /** Licensed staff who can earn every licence-renewal area in the district's catalog. */
  renewalInDistrict: fiveYearTargets,
  /** Distinct staff with a completion: up this many percent on the fiscal year two before. */
  participationGrowthOverTwoYears: z.number().min(0).max(100),
  /** Required training: the share of the staff in each training's audience who completed it. */
  requiredTraining: z.number().min(0).max(100),
});

export const programSchema = z
  .object({
    district: z.object({ name: z.string().min(1), shortName: z.string().min(1) }),
    programName: z.string().min(1),
    /** The district's clock: the day a request is sent, decided or due is the day it is there. */
    timeZone: z.string().refine(isKnownTimeZone, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a time zone this server knows: write its IANA name, such as America/Los_Angeles or America/New_York`,
    }),
    fiscalYearStart: monthDay.refine((d) => !(d.month === 2 && d.day === 29), {
      message: 'a fiscal year cannot start on February 29, a day most years do not have',
      path: ['day'],
    }),
    blockHours: z.number().positive(),
    payPerBlock: z.number().positive(),
    yearlyCapHours: z.number().positive(),
    submissionDeadline: monthDay,
    carryOverYears: z.int().min(0).max(10),
    /**
     * Which unsubmitted hours carry over into a later fiscal year: only those short of a
     * block (the district's words: carried over "to reach the threshold"), or any.
     */
    carryOverHours: z.enum(['partial-block', 'any']).default('partial-block'),
    decisionDeadlineDays: z.int().min(1).max(60),
    /** Each person's yearly professional-development budget for reimbursements (program/budget.ts). */
    pdBudget: z.object({
      /** US dollars a fiscal year for one full-time equivalent. */
      dollarsPerFte: z.number().min(0).max(100_000),
      /** The hours of a full-time week, against which a person's weekly hours pro-rate it. */
      fullTimeWeeklyHours: z.number().positive().max(80),
    }),
    eligibility: z.object({
      summary: z.string().min(1),
      groups: z.array(z.string().min(1)).min(1),
      excluded: z.array(z.string().min(1)).default([]),
    }),
    taskForce: z
      .object({
        size: z.int().min(1),
        /** Who runs the meetings; not one of the members. */
        facilitator: z.string().min(1),
        /** Members serve terms this long, staggered so that not all change in the same year. */
        termYears: z.int().min(1).max(10),
        /** Regular meetings each year; more are called when needed. */
        meetingsPerYear: z.int().min(1),
        members: z.array(z.string().min(1)).min(1),
      })
      .refine((t) => t.members.length === t.size, { message: 'must be the number of members listed', path: ['size'] }),
    /** The teachers' professional-learning focus plan. */
    focusPlan: z.object({
      /** No plan may set its checkpoint after this day of the school year. */
      lastCheckpointDate: monthDay,
      /** The share of teachers at each site who should have started a plan by a day of the school year. */
      startTarget: z.object({ percent: z.number().gt(0).max(100), by: monthDay }),
    }),
    measures: measuresSchema,
    /** Roster employee IDs of HR's program staff, who may open any request and any decision link. */
    hrStaff: z.array(z.string().regex(/^[A-Za-z0-9]{3,20}$/, "write employee IDs as HR's roster does: letters and digits")).default([]),
    contacts: z.array(contact).min(1),
    categories: z.array(category).min(1),
  })
  .refine((p) => Number.isInteger(p.yearlyCapHours / p.blockHours), {
    message: 'must be a whole number of blocks (a multiple of blockHours)',
    path: ['yearlyCapHours'],
  })
  .refine((p) => new Set(p.categories.map((c) => c.id)).size === p.categories.length, {
    message: 'category ids must be unique',
    path: ['categories'],
  });

export type Program = z.infer<typeof programSchema>;

export const PROGRAM_FILE = 'content/program.yaml';

/** Parses and validates program settings; errors name the file and every bad field. */
export function parseProgram(text: string, file = PROGRAM_FILE): Program {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new Error(`${file}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  const result = programSchema.safeParse(raw);
  if (!result.success) throw new Error(describeIssues(file, result.error));
  return result.data;
}

/** Reads the settings file from disk (build time and scripts; never in the browser). */
export function loadProgram(file = PROGRAM_FILE): Program {
  return parseProgram(readFileSync(file, 'utf8'), file);
}
