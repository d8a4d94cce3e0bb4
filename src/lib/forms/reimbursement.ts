import { z } from 'zod';
import { fiscalYearOf, formatDate } from '../program/calendar.ts';
import { budgetProblem, formatCents, toCents } from '../program/budget.ts';
import type { Problem } from '../program/compensation.ts';
import { choice, date, file, number, text } from './fields.ts';
import { defineForm } from './form.ts';
import { identity, IDENTITY_FIELDS, supervisor, SUPERVISOR_FIELDS, trueAndComplete } from './identity.ts';

/** What the PD budget reimburses. */
export const REIMBURSABLE = [
  { value: 'tuition', label: 'Tuition' },
  { value: 'registration', label: 'Registration fee' },
  { value: 'materials', label: 'Materials' },
] as const;

/** The amount's field: refusals over the budget name it. */
export const REIMBURSED_AMOUNT = 'amount';

export const reimbursementSchema = z.object({
  ...identity,
  ...supervisor,
  expenseType: choice('What is it for?', REIMBURSABLE),
  courseOrEvent: text('Course or event', { max: 200, hint: 'Its title and who offered it, for example “Literacy Summit, County Office of Education”.' }),
  paidOn: date('Date paid', { hint: 'The date on the receipt.' }),
  amount: number('Amount', { min: 0.01, max: 100_000, step: 0.01, unit: 'dollars', hint: 'In dollars and cents, as on the receipt, for example 149.50.' }),
  // Not labelled "Receipt": in Airtable that column is the request's own receipt.
  receipt: file('Receipt or invoice', { hint: 'The receipt or invoice showing what you paid. PDF, JPEG, PNG or HEIC, up to 5 MB.' }),
  trueAndComplete,
});

export type ReimbursementRequest = z.infer<typeof reimbursementSchema>;

const typeLabel = (value: ReimbursementRequest['expenseType']) => REIMBURSABLE.find((r) => r.value === value)!.label;

export const reimbursement = defineForm({
  id: 'reimbursement',
  title: 'Ask to be reimbursed from your PD budget',
  name: 'Reimbursement request',
  receiptPrefix: 'RB',
  intro: [
    'Tuition, registration fees and materials for your professional learning are reimbursed from your yearly PD budget, up to what is left of it.',
    'Your request goes to your supervisor, then Human Resources, then payroll.',
  ],
  schema: reimbursementSchema,
  multipart: true,
  sections: [
    { title: 'About you', fields: [...IDENTITY_FIELDS] },
    { title: 'Your supervisor', fields: [...SUPERVISOR_FIELDS] },
    { title: 'What you paid', fields: ['expenseType', 'courseOrEvent', 'paidOn', 'amount', 'receipt'] },
    { title: 'Declaration', fields: ['trueAndComplete'] },
  ],
  submitLabel: 'Send request',
  initialStatus: 'with-supervisor',
  ruleFields: ['paidOn', 'amount'],
  async rules(data, ctx) {
    const problems: (Problem | null)[] = [];
    if (data.paidOn > ctx.today) problems.push({ field: 'paidOn', message: 'The date paid is after today: send the request once you have paid' });
    const budget = await ctx.budget(fiscalYearOf(ctx.today, ctx.program.fiscalYearStart));
    problems.push(budgetProblem(REIMBURSED_AMOUNT, toCents(data.amount), budget.reservedCents, budget.allocationCents));
    return problems.filter((p): p is Problem => p !== null);
  },
  facts: (data, ctx) => ({
    employeeId: data.employeeId,
    reimbursement: { cents: toCents(data.amount), fiscalYear: fiscalYearOf(ctx.today, ctx.program.fiscalYearStart) },
    summary: `${formatCents(toCents(data.amount))} ${typeLabel(data.expenseType).toLowerCase()}, paid ${formatDate(data.paidOn)}: ${data.courseOrEvent}`,
  }),
  nextSteps: [
    'Your supervisor approves the request, then Human Resources checks the receipt, then payroll pays you with your next pay.',
    'Until it is decided, the amount counts against what is left of your PD budget.',
  ],
});
