import { z } from 'zod';
import { schoolYearOf, type PlanAssignment } from '../forms/assignment.ts';
import { schemaProblems } from '../forms/errors.ts';
import { date, optional, text } from '../forms/fields.ts';
import { checkpointDateProblem } from '../forms/focus-plan.ts';
import type { StoredSubmission } from '../forms/record.ts';
import { EMPLOYEE_ID_PATTERN, type Roster, type StaffMember } from '../identity/roster.ts';
import { enqueue } from '../mail/outbox.ts';
import { planAssignedMessage } from '../mail/templates.ts';
import { formatDate, today as todayIn, type IsoDate } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import type { Program } from '../program/settings.ts';
import { assignmentId, assignmentOf, saveAssignment } from '../store/assignments.ts';
import type { SubmissionStore } from '../store/submissions.ts';

/**
 * Step 1 of the focus plan on the site: an evaluator assigns plans to the
 * teachers they evaluate, each teacher is emailed a link to the form, and the
 * form then says who asked and starts with the date proposed.
 */
export const ASSIGN_PATH = '/focus-plans/assign/';
export const PLAN_FORM_PATH = '/forms/focus-plan/';

export interface AssignContext {
  store: SubmissionStore;
  program: Program;
  roster: Roster;
  now: Date;
  /** The site's address, for the link in the email. */
  origin: string;
}

/** The teachers an evaluator assigns plans to: active certificated staff whose evaluator on HR's roster they are. */
export function evaluates(evaluator: Pick<StaffMember, 'employeeId'>, member: StaffMember): boolean {
  return member.active && member.group === 'certificated' && member.evaluatorId === evaluator.employeeId;
}

export function teachersOf(roster: Roster, evaluator: Pick<StaffMember, 'employeeId'>): StaffMember[] {
  return roster.members.filter((m) => evaluates(evaluator, m)).sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

// Ticked boxes arrive as one value, a list, or (past the form parser's list limit) an object keyed by position.
const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : v !== null && typeof v === 'object' ? Object.values(v) : [v]);

export const assignSchema = z.object({
  teachers: z.preprocess(
    asList,
    z
      .array(z.string().regex(EMPLOYEE_ID_PATTERN, 'Select teachers from the list'), { error: 'Select at least one teacher' })
      .min(1, 'Select at least one teacher')
      .max(500, 'Select at most 500 teachers at a time'),
  ),
  checkpointDate: optional(date('Proposed checkpoint date')),
  note: optional(text('Note to the teachers', { multiline: true, max: 1000, rows: 3 })),
});

export type AssignAnswers = z.infer<typeof assignSchema>;

/** A teacher's focus plan this school year, as their evaluator sees it. */
export interface TeacherPlan {
  teacher: StaffMember;
  assignment: PlanAssignment | null;
  /** The newest plan they sent this school year and did not withdraw. */
  plan: StoredSubmission | null;
}

/** Only a teacher with neither an assignment nor a plan this school year is offered: a second one is refused. */
export const assignable = (row: TeacherPlan) => !row.assignment && !row.plan;

export async function teacherPlans(ctx: Pick<AssignContext, 'store' | 'program' | 'now'>, teachers: readonly StaffMember[]): Promise<TeacherPlan[]> {
  const today = todayIn(ctx.now, ctx.program.timeZone);
  const year = schoolYearOf(today, ctx.program);
  return Promise.all(
    teachers.map(async (teacher) => {
      const [assignment, plans] = await Promise.all([
        assignmentOf(ctx.store, year, teacher.employeeId),
        ctx.store.ofEmployee(teacher.employeeId, 'focus-plan'),
      ]);
      const plan = plans.filter((p) => p.status !== 'withdrawn' && schoolYearOf(p.submittedOn, ctx.program) === year).at(-1) ?? null;
      return { teacher, assignment, plan };
    }),
  );
}

/** Why a teacher cannot be assigned a plan again; null when they can. */
function alreadyProblem(row: TeacherPlan): string | null {
  const { teacher, assignment, plan } = row;
  if (plan) return `${teacher.name} already sent a focus plan this school year (${plan.receipt})`;
  if (assignment) return `${teacher.name} was already assigned a plan on ${formatDate(assignment.assignedOn)} by ${assignment.evaluatorName}`;
  return null;
}

export type AssignOutcome =
  | { ok: true; assigned: PlanAssignment[] }
  /** A teacher this evaluator does not evaluate: nothing is assigned, and the page refuses rather than lists them. */
  | { ok: false; notYours: true }
  | { ok: false; notYours?: never; problems: Problem[]; values: Record<string, unknown>; assigned: PlanAssignment[] };

/**
 * Assigns a plan to each teacher chosen, all or none: every problem is found
 * before anything is stored. Two evaluators at the same moment cannot both
 * assign one teacher: the store's key decides, and the later is told.
 */
export async function assignPlans(body: Record<string, unknown>, evaluator: StaffMember, ctx: AssignContext): Promise<AssignOutcome> {
  const values = { ...body, teachers: asList(body['teachers']) };
  const parsed = assignSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: schemaProblems(parsed.error), values, assigned: [] };
  const ids = [...new Set(parsed.data.teachers)];
  const chosen = ids.map((id) => ctx.roster.byId(id)).filter((m): m is StaffMember => m !== undefined && evaluates(evaluator, m));
  if (chosen.length !== ids.length) return { ok: false, notYours: true };

  const today = todayIn(ctx.now, ctx.program.timeZone);
  const { checkpointDate, note } = parsed.data;
  const problems: Problem[] = [];
  const dateProblem = checkpointDate && checkpointDateProblem(checkpointDate, today, ctx.program);
  if (dateProblem) problems.push({ field: 'checkpointDate', message: dateProblem });
  const rows = await teacherPlans(ctx, chosen);
  const taken = rows.map(alreadyProblem).filter((p) => p !== null);
  if (taken.length) problems.unshift({ field: 'teachers', message: taken.join('; ') });
  if (problems.length) return { ok: false, problems, values, assigned: [] };

  const assigned: PlanAssignment[] = [];
  const late: string[] = [];
  for (const teacher of chosen) {
    const made = newAssignment(teacher, evaluator, { checkpointDate, note, today }, ctx);
    const saved = await saveAssignment(ctx.store, made);
    if (!saved.created) {
      late.push(alreadyProblem({ teacher, assignment: saved.assignment, plan: null })!);
      continue;
    }
    assigned.push(saved.assignment);
    await tellTeacher(saved.assignment, teacher, ctx);
  }
  if (late.length) return { ok: false, problems: [{ field: 'teachers', message: late.join('; ') }], values, assigned };
  return { ok: true, assigned };
}

function newAssignment(
  teacher: StaffMember,
  evaluator: StaffMember,
  answers: { checkpointDate: IsoDate | undefined; note: string | undefined; today: IsoDate },
  ctx: AssignContext,
): PlanAssignment {
  const schoolYear = schoolYearOf(answers.today, ctx.program);
  const at = ctx.now.toISOString();
  return {
    id: assignmentId(schoolYear, teacher.employeeId),
    schoolYear,
    teacherId: teacher.employeeId,
    teacherName: teacher.name,
    evaluatorId: evaluator.employeeId,
    evaluatorName: evaluator.name,
    assignedAt: at,
    assignedOn: answers.today,
    ...(answers.checkpointDate ? { checkpointDate: answers.checkpointDate } : {}),
    ...(answers.note ? { note: answers.note } : {}),
    history: [{ action: 'assigned', on: at, by: evaluator.name, byId: evaluator.employeeId }],
  };
}

/** The email to the teacher. One that cannot be queued is logged, never a reason to undo the assignment: the form says it too. */
async function tellTeacher(assignment: PlanAssignment, teacher: StaffMember, ctx: AssignContext): Promise<void> {
  const message = planAssignedMessage(ctx.program, {
    to: teacher.email,
    teacherName: teacher.name,
    evaluatorName: assignment.evaluatorName,
    assignment: assignment.id,
    assignedOn: assignment.assignedOn,
    checkpointDate: assignment.checkpointDate,
    note: assignment.note,
    formUrl: `${ctx.origin.replace(/\/$/, '')}${PLAN_FORM_PATH}`,
    now: ctx.now,
  });
  await enqueue(ctx.store, message).catch((error: unknown) => console.error(`${assignment.id}: assigned; the email to the teacher could not be queued`, error));
}

/** The assignment a teacher's focus-plan form opens with: this school year's, if their evaluator made one. */
export async function assignmentForForm(ctx: Pick<AssignContext, 'store' | 'program' | 'now'>, teacherId: string): Promise<PlanAssignment | null> {
  return assignmentOf(ctx.store, schoolYearOf(todayIn(ctx.now, ctx.program.timeZone), ctx.program), teacherId);
}
