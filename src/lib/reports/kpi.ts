import type { Roster } from '../identity/roster.ts';
import { deadlineIn, fiscalYearLabel, fiscalYearOf, fiscalYearRange, formatDate, type IsoDate } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';
import type { StoredSubmission } from '../forms/record.ts';
import type { ReportCourse } from './courses.ts';
import type { PlanAssignment } from '../forms/assignment.ts';
import { payrollFor, type Payroll } from './payroll.ts';
import { MIN_RATING_RESPONSES, satisfactionAnswer } from '../program/ratings.ts';

/** What each measure counts, printed as the report's notes. */
export const DEFINITIONS = {
  satisfaction: `Satisfaction is the average answer to “I was satisfied with this course” (1 to 5) on the exit surveys sent in the fiscal year. An average from fewer than ${MIN_RATING_RESPONSES} responses is not shown, as the survey promises.`,
  focusPlans:
    'A plan is started when it is submitted in the fiscal year and not withdrawn. It reached its checkpoint on time when a checkpoint naming it was sent on or before its checkpoint date; the share counts the plans whose checkpoint date has passed or that have checkpointed. A checkpoint sent after the plan’s checkpoint date is taken and counted as late, never as on time.',
  planStarts:
    'Teachers are the active certificated staff of each site on HR’s staff roster. A teacher has started a plan by the target date when a plan of theirs sent in the fiscal year, on or before that date, was not withdrawn. The target is judged once its date has passed. Assigned counts the teachers whose evaluator assigned them a plan on the site in the fiscal year, whether or not they have started it; it is left out when the report cannot read the site’s store.',
  pay: 'Hours and pay are the payroll export’s figures: compensation requests of the fiscal year approved by Human Resources (with payroll or paid), in whole blocks, never past the yearly cap.',
} as const;

export interface Average {
  responses: number;
  /** Null when there are fewer than MIN_RATING_RESPONSES responses. */
  average: number | null;
}

export interface Kpis {
  fiscalYear: number;
  label: string;
  first: IsoDate;
  last: IsoDate;
  today: IsoDate;
  /** Per course; the average over all courses is the plan's measure (measures.ts), shown once. */
  satisfaction: { courses: (Average & { courseId: string; title: string })[] };
  focusPlans: {
    started: number;
    due: number;
    onTime: number;
    /** Plans whose checkpoint came after their checkpoint date. */
    late: number;
    notYetDue: number;
    share: number | null;
  };
  /** Teachers at each site who started a plan by the target date, against the program's target. */
  planStarts: { percent: number; by: IsoDate; sites: SiteStarts[]; all: SiteStarts };
  pay: Payroll['totals'];
}

export interface SiteStarts {
  site: string;
  teachers: number;
  started: number;
  /** Teachers whose evaluator assigned them a plan on the site this year; absent when the assignments were not read. */
  assigned?: number;
  share: number | null;
  /** Null while the target date has not passed and the target is not yet met. */
  met: boolean | null;
}

export interface KpiInput {
  submissions: readonly StoredSubmission[];
  courses: ReadonlyMap<string, ReportCourse>;
  fiscalYear: number;
  today: IsoDate;
  program: Program;
  /** HR's staff roster: how many teachers each site has. */
  roster: Pick<Roster, 'members'>;
  /** The focus plans evaluators assigned on the site (kept in its store only); absent when the report cannot read them. */
  assignments?: readonly Pick<PlanAssignment, 'teacherId' | 'schoolYear'>[];
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function averageOf(answers: number[]): Average {
  const sum = answers.reduce((a, b) => a + b, 0);
  return { responses: answers.length, average: answers.length >= MIN_RATING_RESPONSES ? sum / answers.length : null };
}

/**
 * The "I was satisfied with this course" answers of the exit surveys sent in the fiscal year, with
 * their course: the one reading of them, for the course table here and the plan's measure (measures.ts).
 */
export function exitSurveyRatings(submissions: readonly StoredSubmission[], fiscalYear: number, program: Pick<Program, 'fiscalYearStart'>) {
  return submissions
    .filter((s) => s.form === 'exit-survey' && fiscalYearOf(s.submittedOn, program.fiscalYearStart) === fiscalYear)
    .flatMap((s) => {
      const answer = satisfactionAnswer(s.data);
      return answer === null ? [] : [{ courseId: String(s.data['courseId'] ?? ''), answer }];
    });
}

/** The program's measures for one fiscal year, from every submission and the catalog. */
export function programKpis({ submissions, courses, fiscalYear, today, program, roster, assignments }: KpiInput): Kpis {
  const start = program.fiscalYearStart;
  const inYear = (s: StoredSubmission, year = fiscalYear) => fiscalYearOf(s.submittedOn, start) === year;
  const titleOf = (id: string) => courses.get(id)?.title ?? id;
  const rated = exitSurveyRatings(submissions, fiscalYear, program);
  const byCourse = Map.groupBy(rated, (r) => r.courseId);
  const satisfaction = {
    courses: [...byCourse]
      .map(([courseId, rows]) => ({ courseId, title: titleOf(courseId), ...averageOf(rows.map((r) => r.answer)) }))
      .sort((a, b) => a.title.localeCompare(b.title)),
  };

  const plans = submissions.filter((s) => s.form === 'focus-plan' && inYear(s) && s.status !== 'withdrawn');
  const checkpoints = submissions.filter((s) => s.form === 'focus-plan-checkpoint');
  let onTime = 0;
  let late = 0;
  let due = 0;
  for (const plan of plans) {
    const date = String(plan.data['checkpointDate'] ?? '');
    const sent = checkpoints.filter((c) => c.facts.refersTo === plan.receipt);
    const made = sent.some((c) => c.submittedOn <= date);
    if (made) onTime++;
    else if (sent.length > 0) late++;
    // A plan whose checkpoint date is today or later may still make it: it is not judged yet.
    if (made || date < today) due++;
  }

  const { first, last } = fiscalYearRange(fiscalYear, start);
  return {
    fiscalYear,
    label: fiscalYearLabel(fiscalYear, start),
    first,
    last,
    today,
    satisfaction,
    focusPlans: { started: plans.length, due, onTime, late, notYetDue: plans.length - due, share: share(onTime, due) },
    planStarts: planStarts(
      plans,
      roster,
      deadlineIn(fiscalYear, program.focusPlan.startTarget.by, start),
      today,
      program.focusPlan.startTarget.percent,
      assignments && new Set(assignments.filter((a) => a.schoolYear === fiscalYear).map((a) => a.teacherId)),
    ),
    pay: payrollFor(submissions, fiscalYear, program).totals,
  };
}

/** Per site, the teachers on the roster and how many of them started a plan by the target date. */
function planStarts(
  plans: readonly StoredSubmission[],
  roster: Pick<Roster, 'members'>,
  by: IsoDate,
  today: IsoDate,
  percent: number,
  assigned?: ReadonlySet<string>,
): Kpis['planStarts'] {
  const starters = new Set(plans.filter((p) => p.submittedOn <= by).flatMap((p) => (p.facts.employeeId ? [p.facts.employeeId] : [])));
  const teachers = roster.members.filter((m) => m.active && m.group === 'certificated');
  const judge = (site: string, group: readonly { employeeId: string }[]): SiteStarts => {
    const started = group.filter((t) => starters.has(t.employeeId)).length;
    const part = share(started, group.length);
    const met = part !== null && part >= percent / 100 ? true : today > by ? false : null;
    const more = assigned ? { assigned: group.filter((t) => assigned.has(t.employeeId)).length } : {};
    return { site, teachers: group.length, started, ...more, share: part, met };
  };
  const sites = [...Map.groupBy(teachers, (t) => t.site)].map(([site, group]) => judge(site, group)).sort((a, b) => a.site.localeCompare(b.site));
  // The target is each site's: the district meets it when every site does.
  const met = sites.every((x) => x.met === true) ? true : sites.some((x) => x.met === false) ? false : null;
  return { percent, by, sites, all: { ...judge('All sites', teachers), met: sites.length > 0 ? met : null } };
}

/** "25% of each site’s teachers by October 31, 2026". */
export const planStartTargetText = (p: Kpis['planStarts']) => `${p.percent}% of each site’s teachers by ${formatDate(p.by)}`;
