import type { CatalogCourse } from '../catalog/files.ts';
import { schemaProblems } from '../forms/errors.ts';
import { checkFiles, withoutFiles } from '../forms/evidence.ts';
import { compactRepeats } from '../forms/fields.ts';
import type { AnyForm, RuleContext } from '../forms/form.ts';
import type { StoredSubmission } from '../forms/record.ts';
import { submissionId } from '../forms/submission-id.ts';
import { missingReviewerProblem, peopleFacts, withRosterAnswers, type RosterPerson } from '../forms/person.ts';
import { labelOf } from '../forms/walk.ts';
import { today as todayIn, type IsoDate } from '../program/calendar.ts';
import { capProblem, type Problem } from '../program/compensation.ts';
import type { Status } from '../program/routing.ts';
import type { Program } from '../program/settings.ts';
import { receiptFor } from '../store/receipts.ts';
import { AlreadyClaimed, CapExceeded, type SubmissionStore } from '../store/submissions.ts';
import { actContext, afterSubmission, opening, tell } from './act.ts';
import { RESENDS, resendForm } from './resend.ts';

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
 * The write path of every form, without HTTP: validate, apply the rules, queue
 * durably. Each step refuses with problems a person can act on; nothing is stored
 * unless every step passed, and the same submission sent again gets its first answer.
 */
export async function submitForm(form: AnyForm, body: Record<string, unknown>, ctx: SubmitContext): Promise<SubmitOutcome> {
  // The prefilled form of a request returned for changes sends the same request again.
  if (body[RESENDS] !== undefined && body[RESENDS] !== '') return resendForm(form, body, ctx);
  const data = withRosterAnswers(form, compactRepeats(form.schema.shape, body), ctx.person);
  const refused = (problems: Problem[]): SubmitOutcome => ({ ok: false, problems, values: data });
  const now = ctx.now();
  const today = todayIn(now, ctx.program.timeZone);
  const contact = ctx.program.contacts[0]!;
  const noReviewer = missingReviewerProblem(form, ctx.person, `${contact.name} (${contact.email})`);
  if (noReviewer) return refused([noReviewer]);
  const result = form.schema.safeParse(data);
  const checked = await checkFiles(result.success ? result.data : {}, (field) => labelOf(form, field));
  if (!result.success || checked.problems.length > 0) {
    return refused([...(result.success ? [] : schemaProblems(result.error)), ...checked.problems]);
  }
  // A resend of a stored submission gets its first answer again, before the rules run:
  // its own hours are already counted against the cap.
  const id = submissionId(data['submissionId'], result.data);
  const existing = await ctx.store.byId(form.id, id);
  const anonymous = form.anonymous?.(result.data) ?? false;
  if (existing) {
    // Only its sender is told a stored request's receipt: a copied form id reveals nothing.
    if (existing.facts.employeeId !== (anonymous ? undefined : ctx.person.employeeId)) return refused([{ field: '', message: ALREADY_SENT }]);
    return { ok: true, receipt: existing.receipt, status: existing.status, created: false };
  }
  const problems = form.rules ? await form.rules(result.data, ruleContext(ctx, today)) : [];
  if (problems.length > 0) return refused(problems);

  // An anonymous answer carries nobody's employee ID; every other request is keyed on the roster's.
  const facts = { ...(await form.facts(result.data, ruleContext(ctx, today))), ...(anonymous ? {} : peopleFacts(ctx.person)) };
  const stored = form.redact ? form.redact(result.data) : result.data;
  const flow = actContext(ctx);
  const receipt = receiptFor(form.receiptPrefix, form.id, id);
  // A finished course counts once per person: recorded before the answer is stored, so of two sent
  // at the same moment only one is taken (the rule above gives the same answer when they are not).
  const completion = form.completion?.(result.data);
  const recorded = completion && { employeeId: ctx.person.employeeId, source: form.id, courseId: completion.courseId, on: today };
  if (recorded && !(await ctx.store.recordCompletion(recorded))) return refused([completion.duplicate]);
  try {
    const { record, created } = await ctx.store.save(
      {
        ...opening(receipt, form.initialStatus, stored['fullName'] ? String(stored['fullName']) : 'Anonymous', flow),
        id,
        form: form.id,
        receiptPrefix: form.receiptPrefix,
        status: form.initialStatus,
        submittedAt: now.toISOString(),
        submittedOn: today,
        facts,
        data: withoutFiles(stored) as Record<string, unknown>,
        files: checked.files,
      },
      facts.claim ? ctx.program.yearlyCapHours : undefined,
    );
    if (created) {
      await tell(record, flow);
      await afterSubmission(record, flow);
      await ctx.afterQueued?.(record).catch((error: unknown) => console.error(`${record.receipt}: queued; the step after queueing failed`, error));
    }
    return { ok: true, receipt: record.receipt, status: record.status, created };
  } catch (error) {
    // Nothing was stored, so nothing was finished either: the person may send it again.
    if (recorded) await ctx.store.forgetCompletion(recorded);
    if (error instanceof AlreadyClaimed) {
      // Another claim for the same completion was stored while this one was checked.
      return refused([{ field: 'lines', message: `A course on this claim is already claimed in ${error.receipt}; a completion is paid once` }]);
    }
    if (error instanceof CapExceeded && facts.claim) {
      // Another claim of the same employee was stored while this one was checked.
      return refused([capProblem('lines', facts.claim.hours, error.alreadySubmitted, today, ctx.program)!]);
    }
    throw error;
  }
}

const ALREADY_SENT = 'This form was already sent from another account. Start a new form from the forms page.';

export function ruleContext(ctx: SubmitContext, today: IsoDate): RuleContext {
  return {
    program: ctx.program,
    today,
    course: (id) => ctx.catalog.get(id),
    submissionByReceipt: (receipt) => ctx.store.byReceipt(receipt),
    referring: (receipt) => ctx.store.referring(receipt),
    hoursSubmitted: (employeeId, fiscalYear) => ctx.store.hoursSubmitted(employeeId, fiscalYear),
    claimsOf: (employeeId, item) => ctx.store.claimsOf(employeeId, item),
    completed: async (employeeId, courseId, source) => (await ctx.store.completions(employeeId)).some((c) => c.source === source && c.courseId === courseId),
  };
}
