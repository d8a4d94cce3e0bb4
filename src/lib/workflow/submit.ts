import { inPageOrder } from '../forms/errors.ts';
import { withoutFiles } from '../forms/evidence.ts';
import { compactRepeats } from '../forms/fields.ts';
import type { AnyForm } from '../forms/form.ts';
import { submissionId } from '../forms/submission-id.ts';
import { missingReviewerProblem, peopleFacts, withRosterAnswers } from '../forms/person.ts';
import { today as todayIn } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import { catalogCompletion, CompletionStore } from '../store/completions.ts';
import { receiptFor } from '../store/receipts.ts';
import { actContext, afterSubmission, opening, tell } from './act.ts';
import { firstChecks } from './first-checks.ts';
import { RESENDS, resendForm } from './resend.ts';
import { storeRefusal } from './store-refusals.ts';
import { ruleContext, senderAllocationCents, type SubmitContext, type SubmitOutcome } from './submit-context.ts';

export type { SubmitContext, SubmitOutcome } from './submit-context.ts';

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
  const rules = ruleContext(ctx, today);
  const checked = await firstChecks(form, data, result, rules);
  if (!result.success || checked.problems.length > 0) return refused(checked.problems);
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
  const problems = form.rules ? await form.rules(result.data, rules) : [];
  if (problems.length > 0) return refused(inPageOrder(form, problems));

  // An anonymous answer carries nobody's employee ID; every other request is keyed on the roster's.
  const facts = { ...(await form.facts(result.data, rules)), ...(anonymous ? {} : peopleFacts(ctx.person)) };
  const stored = form.redact ? form.redact(result.data) : result.data;
  const flow = actContext(ctx);
  const receipt = receiptFor(form.receiptPrefix, form.id, id);
  // A finished course counts once per person: recorded before the answer is stored, so of two sent
  // at the same moment only one is taken (the rule above gives the same answer when they are not).
  const completion = form.completion?.(result.data, { today, program: ctx.program });
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
      facts.reimbursement ? senderAllocationCents(ctx) : undefined,
    );
    if (created) {
      if (recorded) await recordSurveyCompletion(recorded, anonymous ? form.name : record.receipt, ctx);
      await tell(record, flow);
      await afterSubmission(record, flow);
      await ctx.afterQueued?.(record).catch((error: unknown) => console.error(`${record.receipt}: queued; the step after queueing failed`, error));
    }
    return { ok: true, receipt: record.receipt, status: record.status, created };
  } catch (error) {
    // Nothing was stored, so nothing was finished either: the person may send it again.
    if (recorded) await ctx.store.forgetCompletion(recorded);
    const problem = storeRefusal(error, facts, ctx, today);
    if (problem) return refused([problem]);
    throw error;
  }
}

/**
 * A finished course on the person's record. An anonymous answer's receipt is not kept with it,
 * only the form's name, and the date is the day only: nothing leads from the record to the answer.
 */
async function recordSurveyCompletion(c: { employeeId: string; courseId: string; on: string }, reference: string, ctx: SubmitContext): Promise<void> {
  const course = ctx.catalog.get(c.courseId);
  if (!course) return;
  const at = { employeeId: c.employeeId, completedOn: c.on, source: 'exit-survey' as const, reference };
  await new CompletionStore(ctx.store.blobStore, ctx.program).record(catalogCompletion(course, at));
}

const ALREADY_SENT = 'This form was already sent from another account. Start a new form from the forms page.';
