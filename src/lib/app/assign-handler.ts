import { schoolYearOf } from '../forms/assignment.ts';
import { htmlAnswer, seeOther } from '../http/answers.ts';
import { BodyError, readForm } from '../http/body.ts';
import { originAllowed } from '../http/origin.ts';
import { html, type Markup } from '../html/template.ts';
import { today as todayIn } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import { ASSIGN_PATH, assignmentForForm, assignPlans, teacherPlans, teachersOf, type AssignContext } from '../workflow/assign.ts';
import { assignmentNotice, assignPage, assignRefusedPage } from '../workflow/assign-page.ts';
import type { StaffMember } from '../identity/roster.ts';
import type { SubmitDeps } from './submit.ts';
import type { Asking } from './sign-in.ts';
import { whoIsAsking } from './who.ts';

/**
 * GET and POST /focus-plans/assign/: an evaluator's teachers and where each
 * one's focus plan stands, and the plain form post that assigns new plans.
 */
export async function assignPlansHandler(request: Request, deps: SubmitDeps, asking?: Asking): Promise<Response> {
  if (!['GET', 'HEAD', 'POST'].includes(request.method)) return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, POST' } });
  let data: Record<string, unknown> = {};
  if (request.method === 'POST') {
    if (!originAllowed(request, deps.allowedOrigins)) return htmlAnswer(403, assignRefusedPage(deps.program, 'not-from-this-site'));
    const read = await readForm(request);
    if (read instanceof BodyError) return htmlAnswer(read.status, assignRefusedPage(deps.program, { message: read.message }));
    data = read;
  }
  const who = await whoIsAsking(request, deps, asking);
  if (who instanceof Response) return who;
  const signedIn = { name: who.name };
  const roster = await deps.roster();
  const teachers = teachersOf(roster, who);
  if (teachers.length === 0) return htmlAnswer(403, assignRefusedPage(deps.program, 'not-an-evaluator', signedIn));
  const ctx: AssignContext = { store: deps.store, program: deps.program, roster, now: deps.now(), origin: deps.origin };
  const show = async (status: number, more: { problems?: Problem[]; values?: Record<string, unknown>; assigned?: number }) => {
    const today = todayIn(ctx.now, ctx.program.timeZone);
    const rows = await teacherPlans(ctx, teachers);
    return htmlAnswer(status, assignPage(deps.program, { rows, today, schoolYear: schoolYearOf(today, deps.program), signedIn, ...more }));
  };

  if (request.method !== 'POST') {
    const assigned = Number(new URL(request.url).searchParams.get('assigned'));
    return show(200, Number.isInteger(assigned) && assigned > 0 && assigned <= teachers.length ? { assigned } : {});
  }
  const outcome = await assignPlans(data, who, ctx);
  if (outcome.ok) return seeOther(`${ASSIGN_PATH}?assigned=${outcome.assigned.length}`);
  if (outcome.notYours) return htmlAnswer(403, assignRefusedPage(deps.program, 'not-your-teacher', signedIn));
  // Some may have been assigned before another evaluator took the rest: they are said, beside the refusal.
  return show(outcome.assigned.length ? 409 : 422, {
    problems: outcome.problems,
    values: outcome.values,
    ...(outcome.assigned.length ? { assigned: outcome.assigned.length } : {}),
  });
}

/**
 * What a teacher's focus-plan form opens with when their evaluator assigned the
 * plan on the site: the notice that says so, and the checkpoint date proposed.
 */
export async function assignedPlanOpening(deps: SubmitDeps, teacher: StaffMember): Promise<{ values: Record<string, unknown>; notice: Markup } | null> {
  const assignment = await assignmentForForm({ store: deps.store, program: deps.program, now: deps.now() }, teacher.employeeId);
  if (!assignment) return null;
  return { values: assignment.checkpointDate ? { checkpointDate: assignment.checkpointDate } : {}, notice: html`${assignmentNotice(assignment)}` };
}
