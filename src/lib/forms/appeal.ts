import { z } from 'zod';
import { file, optional, text } from './fields.ts';
import { formatDate } from '../program/calendar.ts';
import { defineForm } from './form.ts';
import { identity, trueAndComplete } from './identity.ts';
import { appealable } from '../program/routing.ts';
import { normaliseReceipt } from './receipt-format.ts';

export const appealSchema = z.object({
  fullName: identity.fullName,
  email: identity.email,
  employeeId: identity.employeeId,
  receipt: text('Receipt of the denied request', { max: 40, width: 'medium', hint: 'On the request’s confirmation, like PA-7K2M9Q4XAB.' }),
  reason: text('Why the decision should change', {
    multiline: true,
    max: 4000,
    hint: 'Explain what the decision missed. You may add facts that were not in the request.',
  }),
  documents: optional(
    file('Supporting documents', { hint: 'Anything the task force should see: a letter, a certificate, an email. PDF, JPEG, PNG or HEIC, up to 5 MB.' }),
  ),
  trueAndComplete,
});

export type Appeal = z.infer<typeof appealSchema>;

export const appeal = defineForm({
  id: 'appeal',
  title: 'Appeal a denied request',
  name: 'Appeal',
  receiptPrefix: 'AP',
  intro: ['If your pre-approval or compensation request was denied, you can ask the professional-growth task force to review the decision.'],
  schema: appealSchema,
  sections: [
    { title: 'About you', fields: ['fullName', 'email', 'employeeId'] },
    { title: 'The decision', fields: ['receipt', 'reason', 'documents'] },
    { title: 'Declaration', fields: ['trueAndComplete'] },
  ],
  multipart: true,
  submitLabel: 'Send appeal',
  initialStatus: 'with-task-force',
  ruleFields: ['receipt', 'employeeId'],
  async rules(data, ctx) {
    const request = await ctx.submissionByReceipt(normaliseReceipt(data.receipt));
    if (!request || !['pre-approval', 'compensation'].includes(request.form)) {
      return [{ field: 'receipt', message: 'We cannot find a pre-approval or compensation request with that receipt' }];
    }
    if (request.facts.employeeId !== data.employeeId) {
      return [{ field: 'receipt', message: 'That request is not yours: only the person who sent a request can appeal it' }];
    }
    if (!appealable(request.form, request.status)) {
      return [{ field: 'receipt', message: 'Only a denied request can be appealed; that request has not been denied' }];
    }
    if ((await ctx.referring(request.receipt)).some((r) => r.form === 'appeal')) {
      return [{ field: 'receipt', message: 'That request has already been appealed; the task force decides each denial once' }];
    }
    return [];
  },
  // The task force reads which decision is appealed and when it was made, as on the district's paper form.
  facts: async (data, ctx) => {
    const receipt = normaliseReceipt(data.receipt);
    const decidedOn = (await ctx.submissionByReceipt(receipt))?.decidedOn;
    return {
      employeeId: data.employeeId,
      refersTo: receipt,
      ...(decidedOn ? { appealedDecisionOn: decidedOn } : {}),
      summary: `Appeal of ${receipt}${decidedOn ? `, denied on ${formatDate(decidedOn)}` : ''}`,
    };
  },
  nextSteps: ['The task force reviews appeals at its next meeting and writes to you with its decision.'],
});
