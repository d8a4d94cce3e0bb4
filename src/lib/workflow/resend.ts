import { inPageOrder } from '../forms/errors.ts';
import { withoutFiles } from '../forms/evidence.ts';
import { compactRepeats } from '../forms/fields.ts';
import type { AnyForm } from '../forms/form.ts';
import type { StoredSubmission, SubmissionFacts } from '../forms/record.ts';
import { normaliseReceipt } from '../forms/receipt-format.ts';
import { withRosterAnswers } from '../forms/person.ts';
import { today as todayIn } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import { mayResend, resendsTo, statusLabel } from '../program/routing.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { act, actContext } from './act.ts';
import { firstChecks } from './first-checks.ts';
import { storeRefusal } from './store-refusals.ts';
import { ruleContext, senderAllocationCents, type SubmitContext, type SubmitOutcome } from './submit-context.ts';

/**
 * A request returned for more information, changed by its requester and sent
 * again: the same request (receipt, id and history), its answers replaced, its
 * files replaced where new ones are attached and kept where not, back at its
 * form's first step with a fresh link. The prefilled form carries the receipt
 * in this field; everything else about it is checked here.
 */
export const RESENDS = 'resends';

export async function resendForm(form: AnyForm, body: Record<string, unknown>, ctx: SubmitContext): Promise<SubmitOutcome> {
  const compact = compactRepeats(form.schema.shape, body);
  const refused = (problems: Problem[]): SubmitOutcome => ({ ok: false, problems, values: withRosterAnswers(form, compact, ctx.person) });
  const typed = typeof body[RESENDS] === 'string' ? body[RESENDS].slice(0, 60) : '';
  const record = typed ? await ctx.store.byReceipt(normaliseReceipt(typed)) : null;
  // Someone else's request, or one of another form, is not there to be sent again.
  if (!record || record.form !== form.id || record.facts.employeeId === undefined || record.facts.employeeId !== ctx.person.employeeId) {
    return refused([{ field: '', message: 'We cannot find the request to send again. Start a new form from the forms page.' }]);
  }
  if (!mayResend(record.form, record.status)) {
    // The same resend posted twice (a double click): the first one did it.
    if (record.status === resendsTo(record.form) && record.history?.at(-1)?.action === 'resend') {
      return { ok: true, receipt: record.receipt, status: record.status, created: false };
    }
    const label = statusLabel(record.status).toLowerCase();
    return refused([{ field: '', message: `${record.receipt} is ${label}: only a request returned to you for changes can be sent again` }]);
  }
  const data = withRosterAnswers(form, await withKeptFiles(compact, record, ctx.store), ctx.person);
  const now = ctx.now();
  const today = todayIn(now, ctx.program.timeZone);
  const result = form.schema.safeParse(data);
  const rules = ruleContext(ctx, today, record);
  const checked = await firstChecks(form, data, result, rules);
  if (!result.success || checked.problems.length > 0) return refused(checked.problems);
  const problems = form.rules ? await form.rules(result.data, rules) : [];
  if (problems.length > 0) return refused(inPageOrder(form, problems));

  const facts: SubmissionFacts = { ...(await form.facts(result.data, rules)), ...sameReviewers(record.facts) };
  const moved = movedProblem(form, result.data, record, facts);
  if (moved) return refused([moved]);
  const stored = form.redact ? form.redact(result.data) : result.data;
  const flow = actContext(ctx);
  try {
    const changed = await act(
      {
        receipt: record.receipt,
        action: 'resend',
        by: 'employee',
        name: ctx.person.fullName,
        revision: {
          data: withoutFiles(stored) as Record<string, unknown>,
          facts,
          files: checked.files,
          ...(facts.claim ? { capHours: ctx.program.yearlyCapHours } : {}),
          ...(facts.reimbursement ? { budgetCents: senderAllocationCents(ctx) } : {}),
        },
      },
      flow,
    );
    if (!changed.ok) return refused([{ field: '', message: changed.message }]);
    await ctx.afterQueued?.(changed.record).catch((error: unknown) => console.error(`${record.receipt}: resent; the step after queueing failed`, error));
    return { ok: true, receipt: changed.record.receipt, status: changed.record.status, created: false };
  } catch (error) {
    // The store refused the request's new figures: it stands as it was, and the person is told why.
    const problem = storeRefusal(error, facts, ctx, today);
    if (problem) return refused([problem]);
    throw error;
  }
}

/**
 * A request sent again is about what it was about before (an appeal, of the same denial):
 * another is a new request of its own. The field named is the one holding that receipt.
 */
function movedProblem(form: AnyForm, data: Record<string, unknown>, record: StoredSubmission, facts: SubmissionFacts): Problem | null {
  const was = record.facts.refersTo;
  if (was === undefined || facts.refersTo === was) return null;
  const field = Object.keys(form.schema.shape).find((name) => typeof data[name] === 'string' && normaliseReceipt(data[name]) === facts.refersTo) ?? '';
  return { field, message: `Sent again, this request stays about ${was}; for ${facts.refersTo ?? 'another request'}, start a new form from the forms page` };
}

/** The people the request was sent with: its decision link goes back to the person who returned it. */
function sameReviewers(facts: SubmissionFacts): Pick<SubmissionFacts, 'employeeId' | 'supervisorId' | 'evaluatorId'> {
  const { employeeId, supervisorId, evaluatorId } = facts;
  return { ...(employeeId ? { employeeId } : {}), ...(supervisorId ? { supervisorId } : {}), ...(evaluatorId ? { evaluatorId } : {}) };
}

const absent = (v: unknown) => v === undefined || v === '' || (v instanceof File && v.size === 0 && v.name === '');

/**
 * The answers with the request's stored files put back where no new file was
 * attached, so the schema and the rules see the evidence the request already has.
 */
async function withKeptFiles(data: Record<string, unknown>, record: StoredSubmission, store: SubmissionStore): Promise<Record<string, unknown>> {
  const out = copied(data) as Record<string, unknown>;
  for (const stored of record.files) {
    const path = stored.field.split('.');
    const last = path.pop()!;
    let at: unknown = out;
    for (const step of path) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[step] : undefined;
    if (!at || typeof at !== 'object' || !absent((at as Record<string, unknown>)[last])) continue;
    const bytes = await store.file(stored);
    if (bytes) (at as Record<string, unknown>)[last] = new File([bytes], stored.name, { type: stored.type });
  }
  return out;
}

/** Arrays and plain objects copied, files and values shared: the answers can be filled in without changing the body. */
function copied(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copied);
  if (value === null || typeof value !== 'object' || value instanceof File) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copied(v)]));
}
