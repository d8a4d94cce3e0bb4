import type { Audience } from '../catalog/schema.ts';
import type { CatalogCourse } from '../catalog/files.ts';
import type { Roster, StaffMember } from '../identity/roster.ts';
import type { Completion } from '../store/completions.ts';
import type { BudgetSummary } from '../workflow/budget.ts';

/** What HR's views read of a person: who they are and where they work. */
export type Person = Pick<StaffMember, 'employeeId' | 'name' | 'site' | 'group' | 'active'>;

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const bySite = (a: { site: string }, b: { site: string }) => a.site.localeCompare(b.site);

/** The roster's groups each catalog audience takes in: a course for all staff takes in every group, managers too. */
const AUDIENCE_GROUPS: Record<Exclude<Audience, 'all'>, readonly StaffMember['group'][]> = {
  classified: ['permanent-classified', 'probationary-classified', 'substitute-or-temporary'],
  certificated: ['certificated'],
};

export const inAudience = (audience: Audience, person: Pick<StaffMember, 'group'>) => audience === 'all' || AUDIENCE_GROUPS[audience].includes(person.group);

export interface Tally {
  /** People who must take it (one count per person and training). */
  owed: number;
  done: number;
  share: number | null;
}

export interface TrainingCompliance extends Tally {
  courseId: string;
  title: string;
  audience: Audience;
  /** Active people in the audience with no completion of it this fiscal year, by site then name. */
  missing: Person[];
}

export interface RequiredTrainingView {
  trainings: TrainingCompliance[];
  sites: (Tally & { site: string })[];
  groups: (Tally & { group: string })[];
  all: Tally;
}

/**
 * Required training against the roster: each active person in the audience of each
 * active required training, and whether they completed it in the fiscal year. A person
 * who has left (inactive on the roster) is owed nothing and counts for nothing.
 */
export function requiredTrainingView(
  roster: Pick<Roster, 'members'>,
  courses: ReadonlyMap<string, CatalogCourse>,
  completions: readonly Completion[],
): RequiredTrainingView {
  const active = roster.members.filter((m) => m.active);
  const done = new Set(completions.map((c) => `${c.employeeId}|${c.courseId}`));
  const owed: { person: Person; courseId: string; done: boolean }[] = [];
  const trainings = [...courses.values()]
    .filter((c) => c.requiredTraining && c.status === 'active')
    .map((course): TrainingCompliance => {
      const people = active.filter((m) => inAudience(course.audience, m));
      const rows = people.map((person) => ({ person, courseId: course.id, done: done.has(`${person.employeeId}|${course.id}`) }));
      owed.push(...rows);
      const missing = rows
        .filter((r) => !r.done)
        .map((r) => r.person)
        .sort((a, b) => bySite(a, b) || a.name.localeCompare(b.name));
      return { courseId: course.id, title: course.title, audience: course.audience, ...tally(rows), missing };
    })
    .sort((a, b) => a.title.localeCompare(b.title));
  return {
    trainings,
    sites: [...Map.groupBy(owed, (r) => r.person.site)].map(([site, rows]) => ({ site, ...tally(rows) })).sort(bySite),
    groups: [...Map.groupBy(owed, (r) => r.person.group)].map(([group, rows]) => ({ group, ...tally(rows) })).sort((a, b) => a.group.localeCompare(b.group)),
    all: tally(owed),
  };
}

function tally(rows: readonly { done: boolean }[]): Tally {
  const done = rows.filter((r) => r.done).length;
  return { owed: rows.length, done, share: share(done, rows.length) };
}

export interface ParticipationView {
  /** The fiscal year two before, the year before, this year. */
  years: number[];
  sites: { site: string; staff: [number, number, number] }[];
  all: [number, number, number];
  /** This year on the year two before; null when nobody took part then. */
  changeOverTwoYears: number | null;
}

export const NOT_ON_ROSTER = 'Not on the roster';

/**
 * Participation: distinct staff with at least one completion in each fiscal year, by
 * the site the roster gives them today (someone who has left still took part that year).
 */
export function participationView(
  roster: Pick<Roster, 'byId'>,
  byYear: readonly { fiscalYear: number; completions: readonly Completion[] }[],
): ParticipationView {
  const people = byYear.map((y) => new Set(y.completions.map((c) => c.employeeId)));
  const siteOf = (id: string) => roster.byId(id)?.site ?? NOT_ON_ROSTER;
  const sites = new Set(people.flatMap((set) => [...set].map(siteOf)));
  const counts = (site?: string) => people.map((set) => [...set].filter((id) => site === undefined || siteOf(id) === site).length) as [number, number, number];
  const all = counts();
  return {
    years: byYear.map((y) => y.fiscalYear),
    sites: [...sites].map((site) => ({ site, staff: counts(site) })).sort(bySite),
    all,
    changeOverTwoYears: all[0] > 0 ? (all[2] - all[0]) / all[0] : null,
  };
}

export interface ClockHours {
  employeeId: string;
  name: string;
  site: string;
  completions: number;
  clockHours: number;
  /** Clock hours of completions that count for licence renewal, and for the salary lane. */
  renewalClockHours: number;
  salaryLaneClockHours: number;
}

/** Clock hours per person in the fiscal year, for certification: everyone with a completion, by site then name. */
export function clockHoursView(roster: Pick<Roster, 'byId'>, completions: readonly Completion[]): ClockHours[] {
  return [...Map.groupBy(completions, (c) => c.employeeId)]
    .map(([employeeId, list]) => {
      const member = roster.byId(employeeId);
      const sum = (keep: (c: Completion) => boolean) => list.filter(keep).reduce((n, c) => n + c.clockHours, 0);
      return {
        employeeId,
        name: member?.name ?? '',
        site: member?.site ?? NOT_ON_ROSTER,
        completions: list.length,
        clockHours: sum(() => true),
        renewalClockHours: sum((c) => Boolean(c.renewalArea)),
        salaryLaneClockHours: sum((c) => c.salaryLaneCredit === true),
      };
    })
    .sort((a, b) => bySite(a, b) || a.name.localeCompare(b.name) || a.employeeId.localeCompare(b.employeeId));
}

export interface SiteBudget {
  site: string;
  people: number;
  allocation: number;
  spent: number;
  pending: number;
  left: number;
}

/** PD budgets added up per site, from each active person's summary. */
export function budgetView(roster: Pick<Roster, 'byId'>, budgets: ReadonlyMap<string, BudgetSummary>): { sites: SiteBudget[]; all: SiteBudget } {
  const add = (site: string, list: readonly BudgetSummary[]): SiteBudget => ({
    site,
    people: list.length,
    allocation: list.reduce((n, b) => n + b.allocation, 0),
    spent: list.reduce((n, b) => n + b.spent, 0),
    pending: list.reduce((n, b) => n + b.pending, 0),
    left: list.reduce((n, b) => n + b.left, 0),
  });
  const rows = [...budgets].map(([id, b]) => ({ site: roster.byId(id)?.site ?? NOT_ON_ROSTER, b }));
  const sites = [...Map.groupBy(rows, (r) => r.site)]
    .map(([site, list]) =>
      add(
        site,
        list.map((r) => r.b),
      ),
    )
    .sort(bySite);
  return { sites, all: add('All sites', [...budgets.values()]) };
}
