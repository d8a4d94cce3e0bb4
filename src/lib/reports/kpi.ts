import type { Audience } from '../catalog/schema.ts';
import type { Roster } from '../identity/roster.ts';
import { deadlineIn, fiscalYearLabel, fiscalYearOf, fiscalYearRange, formatDate, type IsoDate } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';
import type { StoredSubmission } from '../forms/record.ts';
import type { ReportCourse } from './courses.ts';
import { payrollFor, type Payroll } from './payroll.ts';
import { MIN_RATING_RESPONSES, satisfactionAnswer } from '../program/ratings.ts';

/** The targets the program sets itself, which HR reports against. */
export const TARGETS = {
  /** Course satisfaction from exit surveys: an average of at least 4 out of 5. */
  satisfaction: 4,
  /** Course completions: up 10% over two years. */
  participationOverTwoYears: 0.1,
  /** Required training: every member of staff who must take it. */
  requiredTraining: 1,
} as const;

/** What each measure counts, printed as the report's notes. */
export const DEFINITIONS = {
  completion:
    'A course completion is one course exit survey sent in the fiscal year. The survey is sent once a course is finished, and it is the one record the portal keeps for every course and every group of staff: a compensation request covers only paid classified courses, and the same course would then be counted twice, once with its survey. A course finished without a survey is not counted.',
  requiredTraining:
    'Required-training completion is the exit surveys of each active required course sent in the fiscal year, divided by the staff who must take it (requiredTrainingStaff in the program settings, for the course’s audience; a course for all staff counts both groups).',
  satisfaction: `Satisfaction is the average answer to “I was satisfied with this course” (1 to 5) on the exit surveys sent in the fiscal year. An average from fewer than ${MIN_RATING_RESPONSES} responses is not shown, as the survey promises.`,
  focusPlans:
    'A plan is started when it is submitted in the fiscal year and not withdrawn. It reached its checkpoint on time when a checkpoint naming it was sent on or before its checkpoint date; the share counts the plans whose checkpoint date has passed or that have checkpointed. A checkpoint sent after the plan’s checkpoint date is taken and counted as late, never as on time.',
  planStarts:
    'Teachers are the active certificated staff of each site on HR’s staff roster. A teacher has started a plan by the target date when a plan of theirs sent in the fiscal year, on or before that date, was not withdrawn. The target is judged once its date has passed.',
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
  satisfaction: { overall: Average; courses: (Average & { courseId: string; title: string })[] };
  participation: {
    years: { fiscalYear: number; label: string; completions: number }[];
    /** Change on the year before; null when there is nothing to compare with. */
    changeOverOneYear: number | null;
    changeOverTwoYears: number | null;
  };
  requiredTraining: {
    courses: { courseId: string; title: string; audience: Audience; completions: number; staff: number; share: number | null }[];
    completions: number;
    staff: number;
    share: number | null;
  };
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
}

/** Staff who must take a required course: its audience's count, both groups for a course for everyone. */
export function requiredStaff(audience: Audience, program: Program): number {
  const staff = program.requiredTrainingStaff;
  return audience === 'all' ? staff.classified + staff.certificated : staff[audience];
}

const change = (now: number, before: number) => (before > 0 ? (now - before) / before : null);
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function averageOf(answers: number[]): Average {
  const sum = answers.reduce((a, b) => a + b, 0);
  return { responses: answers.length, average: answers.length >= MIN_RATING_RESPONSES ? sum / answers.length : null };
}

/** The program's measures for one fiscal year, from every submission and the catalog. */
export function programKpis({ submissions, courses, fiscalYear, today, program, roster }: KpiInput): Kpis {
  const start = program.fiscalYearStart;
  const inYear = (s: StoredSubmission, year = fiscalYear) => fiscalYearOf(s.submittedOn, start) === year;
  const surveys = submissions.filter((s) => s.form === 'exit-survey');
  const courseOf = (s: StoredSubmission) => String(s.data['courseId'] ?? '');
  const titleOf = (id: string) => courses.get(id)?.title ?? id;

  const rated = surveys
    .filter((s) => inYear(s))
    .flatMap((s) => {
      const answer = satisfactionAnswer(s.data);
      return answer === null ? [] : [{ courseId: courseOf(s), answer }];
    });
  const byCourse = Map.groupBy(rated, (r) => r.courseId);
  const satisfaction = {
    overall: averageOf(rated.map((r) => r.answer)),
    courses: [...byCourse]
      .map(([courseId, rows]) => ({ courseId, title: titleOf(courseId), ...averageOf(rows.map((r) => r.answer)) }))
      .sort((a, b) => a.title.localeCompare(b.title)),
  };

  const years = [fiscalYear - 2, fiscalYear - 1, fiscalYear].map((year) => ({
    fiscalYear: year,
    label: fiscalYearLabel(year, start),
    completions: surveys.filter((s) => inYear(s, year)).length,
  }));
  const [twoBefore, before, now] = years.map((y) => y.completions) as [number, number, number];

  const required = [...courses]
    .filter(([, c]) => c.requiredTraining && c.status === 'active')
    .map(([courseId, c]) => {
      const completions = surveys.filter((s) => inYear(s) && courseOf(s) === courseId).length;
      const staff = requiredStaff(c.audience, program);
      return { courseId, title: c.title, audience: c.audience, completions, staff, share: share(completions, staff) };
    })
    .sort((a, b) => a.title.localeCompare(b.title));
  const requiredCompletions = required.reduce((n, c) => n + c.completions, 0);
  const requiredStaffTotal = required.reduce((n, c) => n + c.staff, 0);

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
    participation: { years, changeOverOneYear: change(now, before), changeOverTwoYears: change(now, twoBefore) },
    requiredTraining: {
      courses: required,
      completions: requiredCompletions,
      staff: requiredStaffTotal,
      share: share(requiredCompletions, requiredStaffTotal),
    },
    focusPlans: { started: plans.length, due, onTime, late, notYetDue: plans.length - due, share: share(onTime, due) },
    planStarts: planStarts(plans, roster, deadlineIn(fiscalYear, program.focusPlan.startTarget.by, start), today, program.focusPlan.startTarget.percent),
    pay: payrollFor(submissions, fiscalYear, program).totals,
  };
}

/** Per site, the teachers on the roster and how many of them started a plan by the target date. */
function planStarts(plans: readonly StoredSubmission[], roster: Pick<Roster, 'members'>, by: IsoDate, today: IsoDate, percent: number): Kpis['planStarts'] {
  const starters = new Set(plans.filter((p) => p.submittedOn <= by).flatMap((p) => (p.facts.employeeId ? [p.facts.employeeId] : [])));
  const teachers = roster.members.filter((m) => m.active && m.group === 'certificated');
  const judge = (site: string, group: readonly { employeeId: string }[]): SiteStarts => {
    const started = group.filter((t) => starters.has(t.employeeId)).length;
    const part = share(started, group.length);
    const met = part !== null && part >= percent / 100 ? true : today > by ? false : null;
    return { site, teachers: group.length, started, share: part, met };
  };
  const sites = [...Map.groupBy(teachers, (t) => t.site)].map(([site, group]) => judge(site, group)).sort((a, b) => a.site.localeCompare(b.site));
  // The target is each site's: the district meets it when every site does.
  const met = sites.every((x) => x.met === true) ? true : sites.some((x) => x.met === false) ? false : null;
  return { percent, by, sites, all: { ...judge('All sites', teachers), met: sites.length > 0 ? met : null } };
}

/** "25% of each site’s teachers by October 31, 2026". */
export const planStartTargetText = (p: Kpis['planStarts']) => `${p.percent}% of each site’s teachers by ${formatDate(p.by)}`;
