import { z } from 'zod';
import { fiscalYearOf, formatDate } from '../program/calendar.ts';
import {
  blockProblem,
  capProblem,
  carriedOverProblem,
  completionDateProblem,
  eligibilityProblem,
  preApprovalProblem,
  sumHours,
  type Problem,
} from '../program/compensation.ts';
import { incentiveClaimProblem } from '../catalog/claimable.ts';
import { catalogCourse, checkbox, choice, confirm, date, file, number, optional, repeat, text } from './fields.ts';
import { defineForm, type RuleContext } from './form.ts';
import { claimItem } from './record.ts';
import { normaliseReceipt } from './receipt-format.ts';
import { employeeGroup, identity, IDENTITY_FIELDS, supervisor, SUPERVISOR_FIELDS, trueAndComplete } from './identity.ts';

const line = {
  courseId: optional(
    catalogCourse('Catalog course', {
      offers: 'incentive',
      hint: 'Choose the course if it is on the pre-approved catalog. A course that has left the list shows the day it left: it counts if you enrolled on or before that day.',
    }),
  ),
  preApprovalReceipt: optional(
    text('Pre-approval receipt', {
      max: 40,
      width: 'medium',
      hint: 'For a course not on the catalog: the receipt of its approved pre-approval request, like PA-7K2M9Q4XAB.',
    }),
  ),
  startDate: date('Date you enrolled or started'),
  completionDate: date('Completion date'),
  hours: number('Hours completed', { min: 0.25, max: 500, step: 0.25, unit: 'hours' }),
  evidence: optional(
    file('Evidence of completion', {
      hint: 'Needed for a course not on the catalog: certificate, transcript, confirmation email or invoice. PDF, JPEG, PNG or HEIC, up to 5 MB.',
    }),
  ),
};

export const compensationSchema = z.object({
  ...identity,
  ...supervisor,
  employeeType: employeeGroup,
  lines: repeat('Courses', line, { min: 1, max: 10, slots: 3, itemLabel: 'Course' }),
  permitHolder: checkbox('I hold a child-development permit (early-learning staff)'),
  growthPlan: optional(
    file('Growth-plan-and-record form', { hint: 'Permit holders attach their permit body’s growth-plan-and-record form, updated with these courses.' }),
  ),
  outsideWorkday: confirm(
    'I took every course listed outside my workday',
    'Confirm that you took every course outside your workday: hours during work time cannot be paid',
  ),
  paidElsewhere: choice(
    'Has another program, grant or employer paid you for any of this training?',
    [
      { value: 'no', label: 'No' },
      { value: 'partly', label: 'Yes, in part' },
    ] as const,
    { hint: 'If another program paid for all of a course, leave that course off this claim: the program cannot pay twice.' },
  ),
  paidElsewhereAmount: optional(
    number('How much they paid', {
      min: 0.01,
      max: 100_000,
      step: 0.01,
      unit: 'dollars',
      hint: 'In dollars. HR reduces the hours paid by what was paid elsewhere.',
    }),
  ),
  trueAndComplete,
});

export type CompensationRequest = z.infer<typeof compensationSchema>;

export const compensation = defineForm({
  id: 'compensation',
  title: 'Claim pay for completed courses',
  name: 'Compensation request',
  receiptPrefix: 'CR',
  intro: [
    'Claim your hours once they add up to whole blocks. List each course on its own line: a course from the catalog, or one with an approved pre-approval request.',
    'Your request goes to your supervisor, then Human Resources, then payroll.',
  ],
  schema: compensationSchema,
  multipart: true,
  sections: [
    { title: 'About you', fields: [...IDENTITY_FIELDS, 'employeeType'] },
    { title: 'Your supervisor', fields: [...SUPERVISOR_FIELDS] },
    { title: 'Courses', intro: 'Leave unused rows empty.', fields: ['lines'] },
    { title: 'Early-learning permit holders', fields: ['permitHolder', 'growthPlan'] },
    { title: 'Declarations', fields: ['outsideWorkday', 'paidElsewhere', 'paidElsewhereAmount', 'trueAndComplete'] },
  ],
  submitLabel: 'Send claim',
  initialStatus: 'with-supervisor',
  async rules(data, ctx) {
    const problems: (Problem | null)[] = [eligibilityProblem(data.employeeType)];
    for (const [i, row] of data.lines.entries()) {
      const at = (field: string) => `lines.${i}.${field}`;
      if (!row.courseId === !row.preApprovalReceipt) {
        problems.push({
          field: at('courseId'),
          message: row.courseId
            ? `Course ${i + 1}: choose a catalog course or enter a pre-approval receipt, not both`
            : `Course ${i + 1}: choose a catalog course or enter a pre-approval receipt`,
        });
        continue;
      }
      if (row.completionDate < row.startDate) {
        problems.push({ field: at('completionDate'), message: `Course ${i + 1}: the completion date is before the date you started` });
      }
      problems.push(completionDateProblem(at('completionDate'), row.completionDate, ctx.today, ctx.program));
      if (row.courseId) {
        const course = ctx.course(row.courseId);
        const refused = incentiveClaimProblem(course, row.startDate, { line: `Course ${i + 1}`, course: at('courseId'), enrolledOn: at('startDate') });
        if (refused) {
          problems.push(refused);
        } else if (course && row.hours > course.hours) {
          problems.push({
            field: at('hours'),
            message: `Course ${i + 1}: ${course.title} has ${course.hours} hours; you entered ${row.hours}`,
          });
        }
      } else {
        const receipt = normaliseReceipt(row.preApprovalReceipt!);
        const found = await ctx.submissionByReceipt(receipt);
        const request = found?.form === 'pre-approval' ? found : null;
        const refused = preApprovalProblem(
          at('preApprovalReceipt'),
          request && { status: request.status, employeeId: request.facts.employeeId ?? '', decidedOn: request.decidedOn },
          data.employeeId,
          row.startDate,
        );
        problems.push(refused);
        // No more hours than the supervisor approved: the approval is for that course as described.
        const approvedHours = Number(request?.data['hours']);
        if (!refused && Number.isFinite(approvedHours) && row.hours > approvedHours) {
          problems.push({
            field: at('hours'),
            message: `Course ${i + 1}: the pre-approval is for ${approvedHours} hours; claim ${approvedHours} hours or fewer for it`,
          });
        }
        if (!row.evidence) {
          problems.push({
            field: at('evidence'),
            message: `Course ${i + 1}: attach evidence of completion; courses not on the catalog need it`,
          });
        }
      }
    }
    problems.push(...(await doublePayProblems(data, ctx)));
    if (data.paidElsewhere === 'partly' && data.paidElsewhereAmount === undefined) {
      problems.push({ field: 'paidElsewhereAmount', message: 'Enter how much another program paid you for this training, in dollars' });
    }
    if (data.permitHolder && !data.growthPlan) {
      problems.push({ field: 'growthPlan', message: 'Attach your growth-plan-and-record form: permit holders include it with every claim' });
    }
    const total = sumHours(data.lines.map((l) => l.hours));
    problems.push(blockProblem('lines', total, ctx.program));
    problems.push(carriedOverProblem('lines', data.lines, ctx.today, ctx.program));
    const fiscalYear = fiscalYearOf(ctx.today, ctx.program.fiscalYearStart);
    problems.push(capProblem('lines', total, await ctx.hoursSubmitted(data.employeeId, fiscalYear), ctx.today, ctx.program));
    return problems.filter((p): p is Problem => p !== null);
  },
  facts: async (data, ctx) => {
    const hours = sumHours(data.lines.map((l) => l.hours));
    const last = formatDate(
      data.lines
        .map((l) => l.completionDate)
        .sort()
        .at(-1)!,
    );
    const courses = await Promise.all(data.lines.map((line) => describeLine(line, ctx)));
    return {
      employeeId: data.employeeId,
      claim: { hours, fiscalYear: fiscalYearOf(ctx.today, ctx.program.fiscalYearStart), items: data.lines.map(lineItem) },
      summary: `${hours} hours, completed by ${last}: ${courses.join('; ')}`,
    };
  },
  nextSteps: [
    'Your supervisor signs the claim, then Human Resources checks it and records your hours, then payroll pays it.',
    'Keep your receipt to follow your claim or to ask about it.',
  ],
});

const lineItem = (line: CompensationRequest['lines'][number]) =>
  claimItem({ ...line, preApprovalReceipt: line.preApprovalReceipt && normaliseReceipt(line.preApprovalReceipt) });

/**
 * The program pays for a course completion (or a pre-approval) once: not twice in one
 * claim, and not again while another claim for it stands. The store checks the same
 * when it saves, for two claims sent at the same moment.
 */
async function doublePayProblems(data: CompensationRequest, ctx: RuleContext): Promise<Problem[]> {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  for (const [i, line] of data.lines.entries()) {
    if (!line.courseId === !line.preApprovalReceipt) continue;
    const item = lineItem(line);
    const field = `lines.${i}.${line.courseId ? 'completionDate' : 'preApprovalReceipt'}`;
    const earlier = seen.get(item);
    if (earlier !== undefined) {
      problems.push({ field, message: `Course ${i + 1}: the same as course ${earlier + 1}; list each completion once` });
      continue;
    }
    seen.set(item, i);
    const standing = await ctx.claimsOf(data.employeeId, item);
    if (standing.length > 0) {
      const what = line.courseId ? 'this course, completed on that date,' : 'this pre-approval';
      problems.push({ field, message: `Course ${i + 1}: ${what} is already claimed in ${standing[0]}; a completion is paid once` });
    }
  }
  return problems;
}

/**
 * What a claim line pays for, in words HR can check without opening another record:
 * the catalog course's title and code, or the pre-approved course's title,
 * provider, instructor and purpose as the supervisor approved them.
 */
async function describeLine(line: CompensationRequest['lines'][number], ctx: RuleContext): Promise<string> {
  const hours = `${line.hours} h`;
  if (line.courseId) {
    const course = ctx.course(line.courseId);
    return course ? `${course.title} (${course.code}), ${hours}` : `${line.courseId}, ${hours}`;
  }
  const receipt = normaliseReceipt(line.preApprovalReceipt ?? '');
  const approved = (await ctx.submissionByReceipt(receipt))?.data ?? {};
  const text = (name: string) => (typeof approved[name] === 'string' ? approved[name] : '');
  return `${text('courseTitle') || 'Pre-approved course'} (${receipt}; ${text('provider')}; taught by ${text('instructor')}; purpose: ${text('purpose')}), ${hours}`;
}
