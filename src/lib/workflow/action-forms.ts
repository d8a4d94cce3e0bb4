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
  deny: 'Deny',
  sign: 'Sign the plan: we have met and I agree to it',
  close: 'Close the plan: the goal is met',
  continue: 'Continue the plan into next year',
  withdraw: 'Withdraw',
  pay: 'Paid',
  overturn: 'Overturn the denial',
  uphold: 'Let the denial stand',
  checkpoint: 'Checkpoint',
};

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
          hint: needsComment.size > 0 ? 'Needed when you deny: the requester reads it.' : 'The requester reads it.',
        }),
      ),
    })
    .superRefine((value, ctx) => {
      if (needsComment.has(value.decision) && !value.comment) {
        ctx.addIssue({ code: 'custom', path: ['comment'], message: 'Enter a comment that says why: the requester is told the reason for a denial' });
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
