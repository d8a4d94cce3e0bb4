import { z } from 'zod';
import { choice, confirm, date, optional, text } from '../forms/fields.ts';
import { checkpointDateProblem, planSummary } from '../forms/focus-plan.ts';
import type { RenderableForm } from '../forms/render.ts';
import { formatDate, type IsoDate } from '../program/calendar.ts';
import type { Action, Transition } from '../program/routing.ts';
import type { Program } from '../program/settings.ts';
import { askedWhen, courseDecisionFormFor, type DecisionForm } from './course-decisions.ts';

/**
 * The small forms that move a request on: a supervisor's or evaluator's
 * decision, a requester's withdrawal or signature. Built from the same field
 * builders as the program's forms, so they validate, name their fields in
 * errors and render the same way.
 */
const CHOICE_LABELS: Record<Action, string> = {
  approve: 'Approve',
  reduce: 'Approve fewer hours',
  deny: 'Deny',
  return: 'Return for more information',
  resend: 'Send it again',
  sign: 'Sign the plan: we have met and I agree to it',
  close: 'Close the plan: the goal is met',
  continue: 'Continue the plan into next year',
  withdraw: 'Withdraw',
  pay: 'Paid',
  overturn: 'Overturn the denial',
  uphold: 'Let the denial stand',
  checkpoint: 'Checkpoint',
};

/** What a comment is for when an action needs one: the requester reads it. */
const COMMENT_NEEDED: Partial<Record<Action, string>> = {
  deny: 'Enter a comment that says why: the requester is told the reason for a denial',
  return: 'Enter a comment that says what to change or add: the requester reads it before sending the request again',
  reduce: 'Enter a comment that says why fewer hours are approved: the requester is told the reason',
};

const NEEDED_WHEN: Partial<Record<Action, string>> = { deny: 'deny', return: 'return the request', reduce: 'approve fewer hours' };

/**
 * The comment box, labelled with when the rule needs it ("Comment — required if
 * you deny"): "(optional)" alone would read as never needed.
 */
export function commentField(needed: Action[]) {
  if (needed.length === 0) return optional(text('Comment', { multiline: true, max: 2000, hint: 'The requester reads it.' }));
  const when = needed.map((a) => NEEDED_WHEN[a] ?? a);
  const said = when.length === 1 ? when[0] : `${when.slice(0, -1).join(', ')} or ${when.at(-1)}`;
  return askedWhen(text(`Comment — required if you ${said}`, { multiline: true, max: 2000, hint: 'The requester reads it.' }));
}

/** The request a decision is made on, as it stands, and the day it is made: what a changed answer is checked against. */
export interface DecisionContext {
  data: Record<string, unknown>;
  today: IsoDate;
  program: Pick<Program, 'focusPlan'>;
}

/** The evaluator signs a plan at the meeting where the checkpoint date is agreed, so the date may change with the signature. */
const agreesCheckpointDate = (t: Transition) => t.form === 'focus-plan' && t.from === 'with-evaluator' && t.action === 'sign' && t.by === 'evaluator';

const checkpointDate = optional(date('Checkpoint date', { hint: 'Agreed at your meeting. Change it if you agreed on another date.' }));

export function decisionForm(transitions: Transition[], request?: DecisionContext): DecisionForm {
  // A pre-approval request of several courses is decided course by course.
  const perCourse = request && courseDecisionFormFor(transitions, request.data);
  if (perCourse) return perCourse;
  const actions = transitions.map((t) => t.action);
  const needsComment = new Set(transitions.filter((t) => t.commentRequired).map((t) => t.action));
  const dated = request && transitions.some(agreesCheckpointDate) ? request : undefined;
  const planDate = typeof dated?.data['checkpointDate'] === 'string' ? dated.data['checkpointDate'] : undefined;
  // Only a signature carries the date: a plan returned for changes keeps the teacher's.
  const changedDate = ({ decision, checkpointDate }: { decision: Action; checkpointDate?: unknown }) =>
    decision === 'sign' && typeof checkpointDate === 'string' && checkpointDate !== planDate ? checkpointDate : undefined;
  const extra: { checkpointDate?: typeof checkpointDate } = dated ? { checkpointDate } : {};
  const schema = z
    .object({
      decision: choice(
        'Your decision',
        transitions.map((t) => ({ value: t.action, label: CHOICE_LABELS[t.action] })),
      ),
      comment: commentField(transitions.filter((t) => t.commentRequired).map((t) => t.action)),
      ...extra,
    })
    .superRefine((value, ctx) => {
      if (needsComment.has(value.decision) && !value.comment) {
        ctx.addIssue({ code: 'custom', path: ['comment'], message: COMMENT_NEEDED[value.decision] ?? COMMENT_NEEDED.deny });
      }
      // The same rule as the plan's form: a date left as it was is not checked again.
      const changed = dated && changedDate(value);
      const problem = changed && checkpointDateProblem(changed, dated.today, dated.program);
      if (problem) ctx.addIssue({ code: 'custom', path: ['checkpointDate'], message: problem });
    });
  const form = {
    id: 'decision',
    schema,
    sections: [{ fields: dated ? ['decision', 'checkpointDate', 'comment'] : ['decision', 'comment'] }],
    submitLabel: 'Record my decision',
  } satisfies RenderableForm;
  /** The answers the page starts with: the plan's date, to keep or change. */
  const values: Record<string, unknown> = planDate ? { checkpointDate: planDate } : {};
  /** What a valid decision changes on the request besides its status, and the comment that says so. */
  const changesOf = (value: z.infer<typeof schema>): { changes?: { data: Record<string, unknown>; summary?: string }; comment?: string } => {
    const changed = changedDate(value);
    if (!changed) return value.comment ? { comment: value.comment } : {};
    const note = `Checkpoint date changed from ${planDate ? formatDate(planDate) : 'none'} to ${formatDate(changed)}.`;
    const summary =
      request && planSummary({ track: String(request.data['track'] ?? ''), areaOfGrowth: String(request.data['areaOfGrowth'] ?? ''), checkpointDate: changed });
    return { changes: { data: { checkpointDate: changed }, ...(summary ? { summary } : {}) }, comment: value.comment ? `${note} ${value.comment}` : note };
  };
  return { form, actions, values, changesOf };
}

export const withdrawForm = {
  id: 'withdraw',
  schema: z.object({
    confirmWithdraw: confirm('I want to withdraw this request', 'Tick the box to confirm that you want to withdraw this request'),
  }),
  sections: [{ fields: ['confirmWithdraw'] }],
  submitLabel: 'Withdraw this request',
} satisfies RenderableForm;

export const signForm = {
  id: 'sign',
  schema: z.object({
    agree: confirm('I have met my evaluator and agree to this plan', 'Tick the box to confirm that you agree to the plan', {
      hint: 'Your signature is recorded with your name from HR’s staff roster.',
    }),
  }),
  sections: [{ fields: ['agree'] }],
  submitLabel: 'Sign my plan',
} satisfies RenderableForm;
