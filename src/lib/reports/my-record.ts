import type { CatalogCourse } from '../catalog/files.ts';
import { claimItem } from '../forms/record.ts';
import { FORMS } from '../forms/registry.ts';
import type { StaffMember } from '../identity/roster.ts';
import { hoursLeftUnderCap, sumHours } from '../program/blocks.ts';
import { fiscalYearOf, fiscalYearRange, today as todayIn, type IsoDate } from '../program/calendar.ts';
import { claimDeadline, eligibilityProblem } from '../program/compensation.ts';
import type { Program } from '../program/settings.ts';
import { CompletionStore, type Completion } from '../store/completions.ts';
import { standingHours, type SubmissionStore } from '../store/submissions.ts';
import { budgetOf } from '../workflow/budget.ts';
import type { RecordView } from '../workflow/record-page.ts';
import { inAudience } from './hr-views.ts';

export interface RecordContext {
  store: SubmissionStore;
  program: Program;
  catalog: ReadonlyMap<string, CatalogCourse>;
  now: Date;
}

/** What the person's own record shows, read from the queue, their completions and the catalog. */
export async function myRecord(member: StaffMember, ctx: RecordContext): Promise<RecordView> {
  const { store, program } = ctx;
  const today = todayIn(ctx.now, program.timeZone);
  const fiscalYear = fiscalYearOf(today, program.fiscalYearStart);
  const [requests, transcript, counted, budget] = await Promise.all([
    Promise.all(FORMS.map((form) => store.ofEmployee(member.employeeId, form.id))).then((lists) => lists.flat()),
    new CompletionStore(store.blobStore, program).ofPerson(member.employeeId),
    store.hoursSubmitted(member.employeeId, fiscalYear),
    budgetOf(store, program, member, fiscalYear),
  ]);
  const paid = sumHours(requests.filter((r) => r.status === 'paid' && r.facts.claim?.fiscalYear === fiscalYear).map((r) => standingHours(r.facts.claim!)));
  return {
    person: member,
    today,
    fiscalYear,
    requests: requests
      .toSorted((a, b) => b.submittedAt.localeCompare(a.submittedAt))
      .map((r) => ({
        receipt: r.receipt,
        formName: FORMS.find((f) => f.id === r.form)?.name ?? r.form,
        submittedOn: r.submittedOn,
        status: r.status,
        summary: r.facts.summary,
      })),
    hours: { counted, paid, left: hoursLeftUnderCap(counted, program), cap: program.yearlyCapHours },
    unclaimed: await unclaimed(member, transcript, today, ctx),
    transcript,
    required: requiredTrainings(member, transcript, today, ctx),
    budget,
  };
}

/**
 * Courses on the record the incentive pays for, not in a standing claim, whose claim
 * window (the carry-over rule: claimDeadline) is still open; nothing for a person the
 * program does not pay.
 */
async function unclaimed(member: StaffMember, transcript: readonly Completion[], today: IsoDate, ctx: RecordContext): Promise<RecordView['unclaimed']> {
  if (eligibilityProblem(member.group)) return [];
  const open = transcript.filter(
    (c) => c.courseId && ctx.catalog.get(c.courseId)?.countsFor.includes('classified-incentive') && claimDeadline(c.completedOn, ctx.program) >= today,
  );
  const claimed = await Promise.all(open.map((c) => ctx.store.claimsOf(member.employeeId, claimItem({ courseId: c.courseId, completionDate: c.completedOn }))));
  return open
    .filter((_, i) => claimed[i]!.length === 0)
    .map((c) => ({ title: c.title, completedOn: c.completedOn, hours: c.hours, claimBy: claimDeadline(c.completedOn, ctx.program) }));
}

/** Each active required training for the person's group: done this fiscal year, due by its end, or overdue (missed last year too). */
function requiredTrainings(member: StaffMember, transcript: readonly Completion[], today: IsoDate, ctx: RecordContext): RecordView['required'] {
  const start = ctx.program.fiscalYearStart;
  const fiscalYear = fiscalYearOf(today, start);
  const dueBy = fiscalYearRange(fiscalYear, start).last;
  return [...ctx.catalog.values()]
    .filter((c) => c.requiredTraining && c.status === 'active' && inAudience(c.audience, member))
    .map((course) => {
      const done = transcript.filter((c) => c.courseId === course.id);
      const thisYear = done.findLast((c) => fiscalYearOf(c.completedOn, start) === fiscalYear);
      if (thisYear) return { title: course.title, state: 'done' as const, doneOn: thisYear.completedOn, dueBy };
      const lastYear = done.some((c) => fiscalYearOf(c.completedOn, start) === fiscalYear - 1);
      return { title: course.title, state: lastYear ? ('due' as const) : ('overdue' as const), dueBy };
    })
    .sort((a, b) => a.title.localeCompare(b.title));
}
