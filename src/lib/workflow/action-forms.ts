import { z } from 'zod';
import { choice, confirm, optional, text } from '../forms/fields.ts';
import type { RenderableForm } from '../forms/render.ts';
import type { Action, Transition } from '../program/routing.ts';

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

function commentHint(needed: Action[]): string {
  if (needed.length === 0) return 'The requester reads it.';
  const when = needed.map((a) => NEEDED_WHEN[a] ?? a);
  const said = when.length === 1 ? when[0] : `${when.slice(0, -1).join(', ')} or ${when.at(-1)}`;
  return `Needed when you ${said}: the requester reads it.`;
}

export function decisionForm(transitions: Transition[]) {
  const actions = transitions.map((t) => t.action);
  const needsComment = new Set(transitions.filter((t) => t.commentRequired).map((t) => t.action));
  const schema = z
    .object({
      decision: choice(
        'Your decision',
        transitions.map((t) => ({ value: t.action, label: CHOICE_LABELS[t.action] })),
      ),
      comment: optional(
        text('Comment', {
          multiline: true,
          max: 2000,
          hint: commentHint(transitions.filter((t) => t.commentRequired).map((t) => t.action)),
        }),
      ),
    })
    .superRefine((value, ctx) => {
      if (needsComment.has(value.decision) && !value.comment) {
        ctx.addIssue({ code: 'custom', path: ['comment'], message: COMMENT_NEEDED[value.decision] ?? COMMENT_NEEDED.deny });
      }
    });
  const form = {
    id: 'decision',
    schema,
    sections: [{ fields: ['decision', 'comment'] }],
    submitLabel: 'Record my decision',
  } satisfies RenderableForm;
  return { form, actions };
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
