import { z } from 'zod';
import { addDays, formatDate, nextOnOrAfter, type IsoDate } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';
import { choice, date, file, optional, text } from './fields.ts';
import { defineForm } from './form.ts';
import { evaluator, EVALUATOR_FIELDS, identity } from './identity.ts';
import { normaliseReceipt } from './receipt-format.ts';
import { statusLabel } from '../program/routing.ts';

/** The tracks in the district's own definitions; the handbook and policy 4330 give the same words. */
export const TRACKS = [
  { value: 'learner', label: 'Learner: building your own knowledge before leading others' },
  { value: 'contributor', label: 'Contributor: giving input on a plan or resource still being developed' },
  { value: 'designer', label: 'Designer: applying what you learned, and how you learned it, to your school’s context' },
] as const;

/** Days a plan has, at least, between being sent and its checkpoint: time to carry out some of it. */
const MIN_DAYS_TO_CHECKPOINT = 14;

/**
 * The latest checkpoint date a plan sent on `sentOn` may set: the district's last
 * checkpoint date (program.yaml) of the school year the plan runs in, the first one
 * that leaves the plan its minimum time.
 */
export function lastCheckpointFor(sentOn: IsoDate, program: Pick<Program, 'focusPlan'>): IsoDate {
  return nextOnOrAfter(addDays(sentOn, MIN_DAYS_TO_CHECKPOINT), program.focusPlan.lastCheckpointDate);
}

/**
 * Why a plan cannot have `date` as its checkpoint date, set on `today` (when the
 * plan is sent, or when the evaluator changes it at the meeting); null when it can.
 */
export function checkpointDateProblem(date: IsoDate, today: IsoDate, program: Pick<Program, 'focusPlan'>): string | null {
  const earliest = addDays(today, MIN_DAYS_TO_CHECKPOINT);
  if (date < earliest) return `Choose a checkpoint date on or after ${formatDate(earliest)}, to leave time to carry out the plan`;
  const latest = lastCheckpointFor(today, program);
  if (date > latest) return `Choose a checkpoint date on or before ${formatDate(latest)}, the district’s last checkpoint date`;
  return null;
}

export const focusPlanSchema = z.object({
  fullName: identity.fullName,
  email: identity.email,
  employeeId: identity.employeeId,
  site: identity.site,
  ...evaluator,
  track: choice('Track', TRACKS, { hint: 'Choose the one that fits where you are with this area of growth.' }),
  areaOfGrowth: text('Area of growth', { max: 300, hint: 'For example, checking for understanding in small groups.' }),
  smartGoal: text('SMART goal', {
    multiline: true,
    max: 2000,
    hint: 'Specific, measurable, achievable, relevant and time-bound.',
  }),
  actionSteps: text('Action steps', { multiline: true, max: 4000, hint: 'What you will do, in order, with rough dates.' }),
  resources: text('Resources', { multiline: true, max: 2000, hint: 'Courses, colleagues, coaching or materials you will use.' }),
  checkpointDate: date('Checkpoint date', {
    hint: 'When you will report progress: near the end of the school year, and no later than the district’s last checkpoint date.',
  }),
});

export const focusPlan = defineForm({
  id: 'focus-plan',
  title: 'Submit a professional-learning focus plan',
  name: 'Focus plan',
  receiptPrefix: 'FP',
  intro: [
    'Draft your focus plan once your evaluator assigns it: they do so on this site, and you are emailed a link here. You will meet to review it, then your evaluator signs, then you do.',
  ],
  schema: focusPlanSchema,
  sections: [
    { title: 'About you', fields: ['fullName', 'email', 'employeeId', 'site'] },
    { title: 'Your evaluator', fields: [...EVALUATOR_FIELDS] },
    { title: 'Your plan', fields: ['track', 'areaOfGrowth', 'smartGoal', 'actionSteps', 'resources', 'checkpointDate'] },
  ],
  submitLabel: 'Send plan',
  initialStatus: 'with-evaluator',
  ruleFields: ['checkpointDate'],
  rules: (data, ctx) => {
    const problem = checkpointDateProblem(data.checkpointDate, ctx.today, ctx.program);
    return problem ? [{ field: 'checkpointDate', message: problem }] : [];
  },
  // A plan sent after its evaluator assigned it on the site records that assignment.
  facts: async (data, ctx) => {
    const assignment = await ctx.planAssignment(data.employeeId);
    return { employeeId: data.employeeId, summary: planSummary(data), ...(assignment ? { assignment: assignment.id } : {}) };
  },
  nextSteps: [
    'Your evaluator receives the plan and sets a meeting with you.',
    'Before the checkpoint date, send the checkpoint form with your plan’s receipt.',
  ],
});

export const checkpointSchema = z.object({
  fullName: identity.fullName,
  email: identity.email,
  employeeId: identity.employeeId,
  planReceipt: text('Focus plan receipt', { max: 40, width: 'medium', hint: 'On your plan’s confirmation, like FP-7K2M9Q4XAB.' }),
  progress: text('Progress toward your goal', { multiline: true, max: 4000 }),
  evidence: text('Evidence of progress', { multiline: true, max: 4000, hint: 'What shows the progress: student work, observations, data.' }),
  evidenceFile: optional(file('Evidence file', { hint: 'PDF, JPEG, PNG or HEIC, up to 5 MB.' })),
  nextStep: choice('After the final conference', [
    { value: 'close', label: 'Close the plan: the goal is met' },
    { value: 'continue', label: 'Continue the plan into next year' },
  ] as const),
});

export const checkpoint = defineForm({
  id: 'focus-plan-checkpoint',
  title: 'Report progress on your focus plan',
  name: 'Focus plan checkpoint',
  receiptPrefix: 'FC',
  intro: [
    'Send this before your plan’s checkpoint date. Your evaluator reads it before your final conference.',
    'If the date has passed, send it anyway: it is taken, and recorded as late.',
  ],
  schema: checkpointSchema,
  multipart: true,
  sections: [
    { title: 'About you', fields: ['fullName', 'email', 'employeeId'] },
    { title: 'Your progress', fields: ['planReceipt', 'progress', 'evidence', 'evidenceFile', 'nextStep'] },
  ],
  submitLabel: 'Send checkpoint',
  initialStatus: 'received',
  ruleFields: ['planReceipt', 'employeeId'],
  async rules(data, ctx) {
    const plan = await ctx.submissionByReceipt(normaliseReceipt(data.planReceipt));
    if (!plan || plan.form !== 'focus-plan') return [{ field: 'planReceipt', message: 'We cannot find a focus plan with that receipt' }];
    if (plan.facts.employeeId !== data.employeeId)
      return [{ field: 'planReceipt', message: 'That focus plan is not yours: send a checkpoint for your own plan' }];
    if (plan.status === 'with-evaluator' || plan.status === 'evaluator-signed') {
      return [{ field: 'planReceipt', message: 'That focus plan is not signed yet: your evaluator signs it, then you do, before the checkpoint' }];
    }
    if (plan.status !== 'active')
      return [{ field: 'planReceipt', message: `That focus plan is past its checkpoint (${statusLabel(plan.status).toLowerCase()})` }];
    return [];
  },
  facts: async (data, ctx) => {
    const plan = normaliseReceipt(data.planReceipt);
    const checkpointDate = (await ctx.submissionByReceipt(plan))?.data['checkpointDate'];
    const due = typeof checkpointDate === 'string' && ctx.today > checkpointDate ? checkpointDate : undefined;
    return {
      employeeId: data.employeeId,
      refersTo: plan,
      ...(due ? { late: true } : {}),
      summary: `Checkpoint for ${plan}: ${data.nextStep}${due ? `; sent late, after the plan’s checkpoint date of ${formatDate(due)}` : ''}`,
    };
  },
  nextSteps: ['Your evaluator reads your checkpoint and sets the final conference.'],
});

/** A plan in one line, for lists and Airtable: written again when the evaluator changes its date. */
export function planSummary(plan: { track: string; areaOfGrowth: string; checkpointDate: string }): string {
  // The track's name as people say it ("Learner"), never its stored value.
  const track = TRACKS.find((t) => t.value === plan.track)?.label.split(':')[0] ?? plan.track;
  const on = /^\d{4}-\d{2}-\d{2}$/.test(plan.checkpointDate) ? formatDate(plan.checkpointDate) : plan.checkpointDate;
  return `${track}: ${plan.areaOfGrowth}, checkpoint ${on}`;
}
