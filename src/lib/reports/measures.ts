import { RENEWAL_AREAS } from '../catalog/schema.ts';
import type { CatalogCourse } from '../catalog/files.ts';
import type { StoredSubmission } from '../forms/record.ts';
import { agrees } from '../forms/staff-survey.ts';
import type { Roster } from '../identity/roster.ts';
import { fiscalYearOf } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';
import type { Completion } from '../store/completions.ts';
import type { BudgetSummary } from '../workflow/budget.ts';
import { exitSurveyRatings, type Kpis } from './kpi.ts';
import {
  budgetView,
  clockHoursView,
  inAudience,
  participationView,
  requiredTrainingView,
  type ClockHours,
  type ParticipationView,
  type RequiredTrainingView,
  type SiteBudget,
} from './hr-views.ts';

/**
 * Said in the text and the HTML report in place of the figures counted from completions when the
 * site's store could not be read: the exit surveys would give a share past 100% (optional, anonymous, repeatable).
 */
export const STORE_NEEDED =
  'Participation, required training, clock hours and PD budgets are counted from the completion records and budgets kept in the site’s store only, and this report could not read it, so none of them is shown. To count them, set NETLIFY_SITE_ID (the site’s ID) and NETLIFY_AUTH_TOKEN (a Netlify personal access token) before running the report, or run it beside npm start, which keeps a local store.';

/** One measure of the plan this fiscal year: its figure, its target, and whether enough answers stand behind it. */
export interface Measure {
  id:
    | 'course-satisfaction'
    | 'course-satisfied-share'
    | 'satisfied-overall'
    | 'access-to-pd'
    | 'renewal-in-district'
    | 'participation'
    | 'required-training'
    | 'plan-starts'
    | 'checkpoints';
  name: string;
  /** A share from 0 to 1, except course satisfaction: an average out of 5. Null when there is nothing to count. */
  value: number | null;
  kind: 'share' | 'average' | 'change';
  /** In the same unit as value; null when the plan sets none for this year. */
  target: number | null;
  /** Answers or people the figure is worked out from. */
  basis: number;
  /** False when a survey figure rests on fewer answers than the program's minimum. */
  reliable: boolean;
  met: boolean | null;
}

export interface Measures {
  fiscalYear: number;
  /** 1 to 5 while the plan runs; null before it starts. */
  planYear: number | null;
  minimumAnswers: number;
  measures: Measure[];
  /** What is counted from completions, kept in the site's store only; absent when the report could not read it. */
  fromStore?: { requiredTraining: RequiredTrainingView; participation: ParticipationView; clockHours: ClockHours[] };
  /** Per site; absent when the budgets could not be read. */
  budgets?: { sites: SiteBudget[]; all: SiteBudget };
  /** Renewal areas with no active course open to licensed staff. */
  renewalAreasMissing: string[];
}

export interface MeasuresInput {
  program: Program;
  fiscalYear: number;
  roster: Pick<Roster, 'members' | 'byId'>;
  courses: ReadonlyMap<string, CatalogCourse>;
  /** Completions of this fiscal year and the two before, any order; absent when the site's store could not be read. */
  completions?: readonly { fiscalYear: number; completions: readonly Completion[] }[];
  /** Exit surveys and staff surveys (other forms are passed over). */
  submissions: readonly StoredSubmission[];
  budgets?: ReadonlyMap<string, BudgetSummary>;
  /** The focus-plan figures the report already works out (kpi.ts), judged here with the rest. */
  focusPlans?: Pick<Kpis, 'planStarts' | 'focusPlans'>;
}

/** The plan's year a fiscal year falls in (1 for its first), or null before the plan starts; after its fifth, the fifth's targets hold. */
export function planYearOf(fiscalYear: number, program: Pick<Program, 'measures'>): number | null {
  const year = fiscalYear - program.measures.planStartYear + 1;
  return year < 1 ? null : Math.min(year, 5);
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** The plan's measures for one fiscal year, each against this year's target, and HR's views they rest on. */
export function programMeasures(input: MeasuresInput): Measures {
  const { program, fiscalYear, roster, courses, submissions } = input;
  const settings = program.measures;
  const planYear = planYearOf(fiscalYear, program);
  const yearly = (targets: readonly number[]) => (planYear === null ? null : targets[planYear - 1]! / 100);
  const inYear = (s: StoredSubmission) => fiscalYearOf(s.submittedOn, program.fiscalYearStart) === fiscalYear;
  const enough = (n: number) => n >= settings.minimumAnswers;

  const ratings = exitSurveyRatings(submissions, fiscalYear, program).map((r) => r.answer);
  const average = ratings.length > 0 ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null;
  const staffSurveys = submissions.filter((s) => s.form === 'staff-survey' && inYear(s));
  const surveyShare = (question: 'satisfiedOverall' | 'accessToPd') => {
    const answers = staffSurveys.flatMap((s) => agrees(s.data, question) ?? []);
    return { value: share(answers.filter(Boolean).length, answers.length), basis: answers.length };
  };

  const licensed = roster.members.filter((m) => m.active && m.group === 'certificated');
  const renewalAreasMissing = RENEWAL_AREAS.filter(
    (area) =>
      ![...courses.values()].some(
        (c) =>
          c.status === 'active' &&
          c.countsFor.includes('licence-renewal') &&
          c.renewalAreas.includes(area) &&
          inAudience(c.audience, { group: 'certificated' }),
      ),
  );
  // The catalog is the district's, for every site: either each area has a course open to licensed staff, and so every one of them can earn it, or none can.
  const canEarnAll = renewalAreasMissing.length === 0 ? licensed.length : 0;

  const fromStore = input.completions && completionViews(input.completions, fiscalYear, roster, courses);

  // With no answers at all there is no figure to doubt: it reads "nothing to count yet" instead.
  const judged = (m: Omit<Measure, 'met'>): Measure => ({
    ...m,
    reliable: m.reliable || m.value === null,
    met: m.value === null || m.target === null ? null : m.value >= m.target,
  });
  const satisfied = surveyShare('satisfiedOverall');
  const access = surveyShare('accessToPd');
  const measures: Measure[] = [
    judged({
      id: 'course-satisfaction',
      name: 'Course satisfaction, average out of 5',
      kind: 'average',
      value: average,
      target: settings.courseSatisfactionAverage,
      basis: ratings.length,
      reliable: enough(ratings.length),
    }),
    judged({
      id: 'course-satisfied-share',
      name: 'Course exit surveys answering 4 or 5',
      kind: 'share',
      value: share(ratings.filter((r) => r >= 4).length, ratings.length),
      target: null,
      basis: ratings.length,
      reliable: enough(ratings.length),
    }),
    judged({
      id: 'satisfied-overall',
      name: 'Staff satisfied with professional learning overall',
      kind: 'share',
      ...satisfied,
      target: yearly(settings.satisfiedOverall),
      reliable: enough(satisfied.basis),
    }),
    judged({
      id: 'access-to-pd',
      name: 'Staff who can get the professional learning they need',
      kind: 'share',
      ...access,
      target: yearly(settings.accessToPd),
      reliable: enough(access.basis),
    }),
    judged({
      id: 'renewal-in-district',
      name: 'Licensed staff who can earn every renewal area in district',
      kind: 'share',
      value: share(canEarnAll, licensed.length),
      target: yearly(settings.renewalInDistrict),
      basis: licensed.length,
      reliable: true,
    }),
    // Without the store there is no count to give: a zero would read as nobody having taken part.
    ...(fromStore
      ? [
          judged({
            id: 'participation',
            name: 'Staff taking part, change over two years',
            kind: 'change',
            value: fromStore.participation.changeOverTwoYears,
            target: settings.participationGrowthOverTwoYears / 100,
            basis: fromStore.participation.all[2],
            reliable: true,
          }),
          judged({
            id: 'required-training',
            name: 'Required training completed, against the roster',
            kind: 'share',
            value: fromStore.requiredTraining.all.share,
            target: settings.requiredTraining / 100,
            basis: fromStore.requiredTraining.all.owed,
            reliable: true,
          }),
        ]
      : []),
    ...(input.focusPlans ? focusPlanMeasures(input.focusPlans) : []),
  ];

  return {
    fiscalYear,
    planYear,
    minimumAnswers: settings.minimumAnswers,
    measures,
    ...(fromStore ? { fromStore } : {}),
    ...(input.budgets ? { budgets: budgetView(roster, input.budgets) } : {}),
    renewalAreasMissing,
  };
}

/** HR's views counted from the completions of this fiscal year and the two before. */
function completionViews(
  completions: NonNullable<MeasuresInput['completions']>,
  fiscalYear: number,
  roster: MeasuresInput['roster'],
  courses: MeasuresInput['courses'],
): NonNullable<Measures['fromStore']> {
  const of = (year: number) => completions.filter((y) => y.fiscalYear === year).flatMap((y) => y.completions);
  const now = of(fiscalYear);
  return {
    requiredTraining: requiredTrainingView(roster, courses, now),
    participation: participationView(
      roster,
      [fiscalYear - 2, fiscalYear - 1, fiscalYear].map((y) => ({ fiscalYear: y, completions: of(y) })),
    ),
    clockHours: clockHoursView(roster, now),
  };
}

/** Plans started by the target date (all sites; each site's own is in the report's table) and checkpoints by the plan's date. */
function focusPlanMeasures({ planStarts, focusPlans }: Pick<Kpis, 'planStarts' | 'focusPlans'>): Measure[] {
  return [
    {
      id: 'plan-starts',
      name: 'Teachers who started a focus plan by the target date, every site',
      kind: 'share',
      value: planStarts.all.share,
      target: planStarts.percent / 100,
      basis: planStarts.all.teachers,
      reliable: true,
      met: planStarts.all.met,
    },
    {
      id: 'checkpoints',
      name: 'Focus plans checkpointed by their checkpoint date',
      kind: 'share',
      value: focusPlans.share,
      // The district sets the date, not a share: every plan due should reach it.
      target: 1,
      basis: focusPlans.due,
      reliable: true,
      met: focusPlans.share === null ? null : focusPlans.share >= 1,
    },
  ];
}
