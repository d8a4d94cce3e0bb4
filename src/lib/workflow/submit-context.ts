import type { CatalogCourse } from '../catalog/files.ts';
import type { RuleContext } from '../forms/form.ts';
import type { RosterPerson } from '../forms/person.ts';
import type { StoredSubmission } from '../forms/record.ts';
import type { IsoDate } from '../program/calendar.ts';
import { schoolYearOf } from '../forms/assignment.ts';
import type { Problem } from '../program/compensation.ts';
import type { Status } from '../program/routing.ts';
import type { Program } from '../program/settings.ts';
import { assignmentOf } from '../store/assignments.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { allocationCents } from '../program/budget.ts';

/** What sending a form needs: settings, the catalog, the queue, a clock, and how links are signed. */
export interface SubmitContext {
  store: SubmissionStore;
  program: Program;
  catalog: Map<string, CatalogCourse>;
  now: () => Date;
  /** The key decision links are signed with, and the site's public address for them. */
  links: { secret: string; origin: string };
  /** Who is sending, from HR's roster: the form's identity, supervisor and evaluator come from here, never from the body. */
  person: RosterPerson;
  /** Tells the people concerned about a new request (workflow/notify.ts). */
  notify?: (record: StoredSubmission) => Promise<void>;
  /** Runs once a new submission is queued (the single try to reach Airtable); a failure here never refuses the submission. */
  afterQueued?: (record: StoredSubmission) => Promise<unknown>;
}

export type SubmitOutcome =
  { ok: true; receipt: string; status: Status; created: boolean } | { ok: false; problems: Problem[]; values: Record<string, unknown> };

/**
 * What a form's rules may look up, from what sending it works with: shared by a first send and
 * a resend. A resend's rules see the earlier requests `apart` from the request itself: its own
 * hours, courses, money and appeal are not counted against it.
 */
export function ruleContext(ctx: SubmitContext, today: IsoDate, apart?: StoredSubmission): RuleContext {
  const notItself = <T>(list: T[], receiptOf: (item: T) => string) => (apart ? list.filter((item) => receiptOf(item) !== apart.receipt) : list);
  return {
    program: ctx.program,
    today,
    course: (id) => ctx.catalog.get(id),
    submissionByReceipt: (receipt) => ctx.store.byReceipt(receipt),
    referring: async (receipt) => notItself(await ctx.store.referring(receipt), (r) => r.receipt),
    hoursSubmitted: (employeeId, fiscalYear) => ctx.store.hoursSubmitted(employeeId, fiscalYear, apart?.id),
    claimsOf: async (employeeId, item) => notItself(await ctx.store.claimsOf(employeeId, item), (receipt) => receipt),
    planAssignment: (employeeId) => assignmentOf(ctx.store, schoolYearOf(today, ctx.program), employeeId),
    budget: async (fiscalYear) => ({
      allocationCents: senderAllocationCents(ctx),
      reservedCents: await ctx.store.centsReserved(ctx.person.employeeId, fiscalYear, apart?.id),
    }),
    completed: async (employeeId, courseId, source) => (await ctx.store.completions(employeeId)).some((c) => c.source === source && c.courseId === courseId),
  };
}

/** The sender's yearly PD budget in cents: nothing for a person the roster gives no hours. */
export function senderAllocationCents(ctx: Pick<SubmitContext, 'program' | 'person'>): number {
  return allocationCents({ fte: ctx.person.fte ?? 0, weeklyHours: ctx.person.weeklyHours ?? 0 }, ctx.program);
}
