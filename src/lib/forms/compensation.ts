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
import { catalogCourse, checkbox, choice, confirm, date, file, number, optional, repeat, shownWhen, text } from './fields.ts';
import { defineForm, type Parts, type RuleContext } from './form.ts';
import { claimItem } from './record.ts';
import { normaliseReceipt } from './receipt-format.ts';
import { claimedCourseProblems, claimedCourseText } from './pre-approval-courses.ts';
import { MAX_COURSES } from './pre-approval.ts';
import { employeeGroup, identity, IDENTITY_FIELDS, supervisor, SUPERVISOR_FIELDS, trueAndComplete } from './identity.ts';

/** Where a claimed course comes from: each answer asks its own fields, and the rules read only those. */
export const COURSE_SOURCES = [
  { value: 'catalog', label: 'On the pre-approved list' },
  { value: 'receipt', label: 'Pre-approved for me (receipt)' },
  { value: 'other', label: 'Not on the list' },
] as const;
type CourseSource = (typeof COURSE_SOURCES)[number]['value'];
const from = (value: CourseSource) => ({ field: 'source', value });

const line = {
  source: optional(
    choice('Where is the course from?', COURSE_SOURCES, {
      hint: 'A course not on the list is paid only once a pre-approval request approves it: send that request first, then claim the course here with its receipt.',
    }),
  ),
  courseId: shownWhen(
    catalogCourse('Course', {
      offers: 'incentive',
      hint: 'A course that has left the list shows the day it left: it counts if you enrolled on or before that day.',
    }),
    from('catalog'),
  ),
  preApprovalReceipt: shownWhen(
    text('Pre-approval receipt', {
      max: 40,
      width: 'medium',
      hint: 'The receipt of the pre-approval request that approved the course, like PA-7K2M9Q4XAB.',
    }),
    from('receipt'),
  ),
  preApprovalCourse: shownWhen(
    number('Course number on that request', {
      min: 1,
      max: MAX_COURSES,
      step: 1,
      hint: 'Which course of the pre-approval request you claim: 1 for its first. Needed when the request lists more than one course.',
    }),
    from('receipt'),
  ),
  evidence: shownWhen(
    file('Evidence of completion', {
      hint: 'A certificate, transcript, confirmation email or invoice. PDF, JPEG, PNG or HEIC, up to 5 MB.',
    }),
    from('receipt'),
  ),
  startDate: date('Date you enrolled or started'),
  completionDate: date('Completion date'),
  hours: number('Hours completed', { min: 0.25, max: 500, step: 0.25, unit: 'hours' }),
};

type Line = z.infer<z.ZodObject<typeof line>>;

/**
 * A row as the rules and the record read it: its chosen source (or the one its answers
 * imply, for a program that sends JSON without one) and only that source's fields.
 * Without JavaScript the page shows every source's fields, so a row may carry answers of another.
 */
export function chosenSource(row: Line): Line & { source?: CourseSource } {
  const source = row.source ?? (row.courseId ? 'catalog' : row.preApprovalReceipt ? 'receipt' : undefined);
  const { source: _given, courseId, preApprovalReceipt, preApprovalCourse, evidence, ...common } = row;
  if (source === 'catalog') return { ...common, source, courseId };
  if (source === 'receipt') return { ...common, source, preApprovalReceipt, preApprovalCourse, evidence };
  return source ? { ...common, source } : common;
}

export const compensationSchema = z.object({
  ...identity,
  ...supervisor,
  employeeType: employeeGroup,
  lines: repeat('Courses', line, { min: 1, max: 10, slots: 1, itemLabel: 'Course' }),
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
    { title: 'Courses', intro: 'One course in each row; add a row for each other course.', fields: ['lines'] },
    { title: 'Early-learning permit holders', fields: ['permitHolder', 'growthPlan'] },
    { title: 'Declarations', fields: ['outsideWorkday', 'paidElsewhere', 'paidElsewhereAmount', 'trueAndComplete'] },
  ],
  submitLabel: 'Send claim',
  initialStatus: 'with-supervisor',
  runningTotal: { list: 'lines', hours: 'hours' },
  rules: (data, ctx) => claimProblems(data, ctx, new Set()),
  partRules: claimProblems,
  // Only the chosen source's answers are kept: a course of the list with a stray receipt is a course of the list.
  redact: (data) => ({ ...data, lines: data.lines.map(chosenSource) }),
  facts: async (data, ctx) => {
    const hours = sumHours(data.lines.map((l) => l.hours));
    const last = formatDate(
      data.lines
        .map((l) => l.completionDate)
        .sort()
        .at(-1)!,
    );
    const courses = await Promise.all(data.lines.map((line) => describeLine(chosenSource(line), ctx)));
    return {
      employeeId: data.employeeId,
      claim: { hours, fiscalYear: fiscalYearOf(ctx.today, ctx.program.fiscalYearStart), items: data.lines.map((l) => lineItem(chosenSource(l))) },
      summary: `${hours} hours, completed by ${last}: ${courses.join('; ')}`,
    };
  },
  nextSteps: [
    'Your supervisor signs the claim, then Human Resources checks it and records your hours, then payroll pays it.',
    'Keep your receipt to follow your claim or to ask about it.',
  ],
});

/**
 * The claim's rules, on every part that parsed: a rule runs when the answers it reads
 * are there (parts.ts), so a broken hours field on one row does not hide a future date
 * on another, and a missing declaration hides nothing. The total's rules wait for
 * every row's hours, since a total of some of them would be wrong.
 */
async function claimProblems(data: Parts<CompensationRequest>, ctx: RuleContext, failed: ReadonlySet<string>): Promise<Problem[]> {
  const problems: (Problem | null)[] = [data.employeeType ? eligibilityProblem(data.employeeType) : null];
  const lines = data.lines ?? [];
  const whole: { row: CompensationRequest['lines'][number]; i: number }[] = [];
  for (const [i, given] of lines.entries()) {
    // chosenSource reads only the answers a row has; a row of parts has fewer.
    const row = chosenSource(given as Line) as Partial<ReturnType<typeof chosenSource>>;
    const at = (field: string) => `lines.${i}.${field}`;
    const rowFailed = (field: string) => failed.has(at(field));
    const missing = sourceProblem(row, i);
    if (missing) {
      if (!rowFailed(missing.field.split('.')[2]!)) problems.push(missing);
      continue;
    }
    if (isWholeLine(given)) whole.push({ row: given, i });
    if (row.completionDate && row.startDate && row.completionDate < row.startDate) {
      problems.push({ field: at('completionDate'), message: `Course ${i + 1}: the completion date is before the date you started` });
    }
    if (row.completionDate) problems.push(completionDateProblem(at('completionDate'), row.completionDate, ctx.today, ctx.program));
    if (row.courseId) {
      const course = ctx.course(row.courseId);
      const refused = row.startDate
        ? incentiveClaimProblem(course, row.startDate, { line: `Course ${i + 1}`, course: at('courseId'), enrolledOn: at('startDate') })
        : null;
      if (refused) {
        problems.push(refused);
      } else if (course && row.hours !== undefined && row.hours > course.hours) {
        problems.push({
          field: at('hours'),
          message: `Course ${i + 1}: ${course.title} has ${course.hours} hours; you entered ${row.hours}`,
        });
      }
    } else if (row.preApprovalReceipt) {
      problems.push(...(await receiptProblems(row, i, data.employeeId, ctx)));
      if (!row.evidence && !rowFailed('evidence')) {
        problems.push({
          field: at('evidence'),
          message: `Course ${i + 1}: attach evidence of completion; courses not on the catalog need it`,
        });
      }
    }
  }
  if (data.employeeId) problems.push(...(await doublePayProblems(data.employeeId, whole, ctx)));
  if (data.paidElsewhere === 'partly' && data.paidElsewhereAmount === undefined && !failed.has('paidElsewhereAmount')) {
    problems.push({ field: 'paidElsewhereAmount', message: 'Enter how much another program paid you for this training, in dollars' });
  }
  if (data.permitHolder && !data.growthPlan && !failed.has('growthPlan')) {
    problems.push({ field: 'growthPlan', message: 'Attach your growth-plan-and-record form: permit holders include it with every claim' });
  }
  problems.push(...(await totalProblems(data, ctx, failed)));
  return problems.filter((p): p is Problem => p !== null);
}

/** A pre-approved course: the request approved it, before the enrolment, for no fewer hours. */
async function receiptProblems(
  row: Partial<ReturnType<typeof chosenSource>>,
  i: number,
  employeeId: string | undefined,
  ctx: RuleContext,
): Promise<(Problem | null)[]> {
  if (!row.preApprovalReceipt || !row.startDate || !employeeId) return [];
  const at = (field: string) => `lines.${i}.${field}`;
  const found = await ctx.submissionByReceipt(normaliseReceipt(row.preApprovalReceipt));
  const request = found?.form === 'pre-approval' ? found : null;
  const refused = preApprovalProblem(
    at('preApprovalReceipt'),
    request && { status: request.status, employeeId: request.facts.employeeId ?? '', decidedOn: request.decidedOn },
    employeeId,
    row.startDate,
  );
  // Only a course the supervisor approved, for no more hours than approved: the approval is for that course as described.
  if (refused || !request || row.hours === undefined) return [refused];
  const where = { line: `Course ${i + 1}`, receipt: at('preApprovalReceipt'), number: at('preApprovalCourse'), hours: at('hours') };
  return claimedCourseProblems(request, { number: row.preApprovalCourse, hours: row.hours }, where);
}

/**
 * The rules of the claim's total (whole blocks, carry-over, the yearly cap), once every
 * row's hours parsed; each speaks of the total, so each sits by the running total.
 */
async function totalProblems(data: Parts<CompensationRequest>, ctx: RuleContext, failed: ReadonlySet<string>): Promise<(Problem | null)[]> {
  const lines = data.lines ?? [];
  const hoursBroken = [...failed].some((path) => path === 'lines' || /^lines\.\d+\.hours$/.test(path));
  if (hoursBroken || lines.length === 0 || !data.employeeId) return [];
  const hours = lines.map((l) => l.hours ?? 0);
  const total = sumHours(hours);
  const dated = lines.flatMap((l) => (l.completionDate && l.hours !== undefined ? [{ completionDate: l.completionDate, hours: l.hours }] : []));
  const fiscalYear = fiscalYearOf(ctx.today, ctx.program.fiscalYearStart);
  return [
    blockProblem('lines', total, ctx.program),
    carriedOverProblem('lines', dated, ctx.today, ctx.program),
    capProblem('lines', total, await ctx.hoursSubmitted(data.employeeId, fiscalYear), ctx.today, ctx.program),
  ];
}

/** A row with every answer the schema requires: what the record and the double-pay check read. */
function isWholeLine(row: Partial<Line>): row is Line {
  return row.startDate !== undefined && row.completionDate !== undefined && row.hours !== undefined;
}

/** A row without the answer its chosen source needs; the other sources' fields are not read. */
function sourceProblem(row: Partial<ReturnType<typeof chosenSource>>, i: number): Problem | null {
  const at = (field: string) => `lines.${i}.${field}`;
  switch (row.source) {
    case 'other':
      return {
        field: at('source'),
        message: `Course ${i + 1}: a course not on the list is paid only with an approved pre-approval request: send one first, then claim the course with its receipt`,
      };
    case 'catalog':
      return row.courseId ? null : { field: at('courseId'), message: `Course ${i + 1}: choose the course from the list` };
    case 'receipt':
      return row.preApprovalReceipt ? null : { field: at('preApprovalReceipt'), message: `Course ${i + 1}: enter the pre-approval receipt` };
    default:
      return { field: at('source'), message: `Course ${i + 1}: choose where the course is from` };
  }
}

const lineItem = (line: CompensationRequest['lines'][number]) =>
  claimItem({ ...line, preApprovalReceipt: line.preApprovalReceipt && normaliseReceipt(line.preApprovalReceipt) });

/**
 * The program pays for a course completion (or a pre-approval) once: not twice in one
 * claim, and not again while another claim for it stands. The store checks the same
 * when it saves, for two claims sent at the same moment.
 */
async function doublePayProblems(employeeId: string, lines: { row: CompensationRequest['lines'][number]; i: number }[], ctx: RuleContext): Promise<Problem[]> {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  for (const { row, i } of lines) {
    const line = chosenSource(row);
    if (sourceProblem(line, i)) continue;
    const item = lineItem(line);
    const field = `lines.${i}.${line.courseId ? 'completionDate' : 'preApprovalReceipt'}`;
    const earlier = seen.get(item);
    if (earlier !== undefined) {
      problems.push({ field, message: `Course ${i + 1}: the same as course ${earlier + 1}; list each completion once` });
      continue;
    }
    seen.set(item, i);
    const standing = await ctx.claimsOf(employeeId, item);
    if (standing.length > 0) {
      const what = line.courseId
        ? 'this course, completed on that date,'
        : line.preApprovalCourse
          ? `course ${line.preApprovalCourse} of this pre-approval`
          : 'this pre-approval';
      problems.push({ field, message: `Course ${i + 1}: ${what} is already claimed in ${standing[0]}; a completion is paid once` });
    }
  }
  return problems;
}

/**
 * What a claim line pays for, in words HR can check without opening another record:
 * the catalog course's title and code, or the pre-approved course's title,
 * provider, instructor and purpose as the supervisor approved them (with its number on a request of several).
 */
async function describeLine(line: CompensationRequest['lines'][number], ctx: RuleContext): Promise<string> {
  const hours = `${line.hours} h`;
  if (line.courseId) {
    const course = ctx.course(line.courseId);
    return course ? `${course.title} (${course.code}), ${hours}` : `${line.courseId}, ${hours}`;
  }
  const receipt = normaliseReceipt(line.preApprovalReceipt ?? '');
  return `${claimedCourseText(await ctx.submissionByReceipt(receipt), receipt, line.preApprovalCourse)}, ${hours}`;
}
