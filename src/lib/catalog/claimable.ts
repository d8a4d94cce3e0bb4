import { formatDate, type IsoDate } from '../program/calendar.ts';
import type { Problem } from '../program/compensation.ts';
import type { CatalogCourse } from './files.ts';
import type { Course, CountsFor, RenewalArea } from './schema.ts';

/** What these rules read of a course: the site's pages have the whole course, the forms their catalog entry. */
type Listing = Pick<Course, 'title' | 'status' | 'audience' | 'countsFor' | 'renewalAreas' | 'retiredOn'>;

const IN_WORDS: Record<Exclude<CountsFor, 'classified-incentive' | 'licence-renewal'>, string> = {
  'clock-hours': 'certificated clock hours',
  'salary-lane': 'salary-lane credit',
  'required-training': 'required training',
};

const joined = (words: string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

const AREAS_IN_WORDS: Record<RenewalArea, string> = { pedagogy: 'pedagogy', 'special-education': 'special education', 'english-learners': 'English learners' };

function inWords(course: Listing, program: CountsFor): string {
  if (program === 'licence-renewal') return `licence renewal (${joined(course.renewalAreas.map((a) => AREAS_IN_WORDS[a]))})`;
  return program === 'classified-incentive' ? 'the classified incentive' : IN_WORDS[program];
}

/** Why the classified incentive never pays for a course, as words that follow its title; null when it may. */
export function whyNotPaid(course: Listing): string | null {
  // A catalog copy saved before courses said what they count for has no list: such a course is not paid.
  const counts = course.countsFor ?? [];
  if (counts.includes('classified-incentive')) return null;
  if (counts.includes('required-training')) return 'is a required training, taken on work time: it is not paid by the incentive';
  if (counts.length === 0) return 'does not say what it counts for: it is not paid by the incentive';
  const whom = course.audience === 'certificated' ? 'is for certificated staff: it counts' : 'counts';
  return `${whom} for ${joined(counts.map((c) => inWords(course, c)))}, not for the classified incentive`;
}

/** Whether the claim form offers a course: it counts for the incentive, and is listed or retired with the date it left the list. */
export function offeredForIncentive(course: Listing): boolean {
  return whyNotPaid(course) === null && (course.status === 'active' || !!course.retiredOn);
}

/** The course as a claim form's list offers it: a retired one says when it left the list. */
export function claimOptionLabel(course: Listing & Pick<CatalogCourse, 'code' | 'hours'>): string {
  const left = course.status === 'retired' && course.retiredOn ? `, left the list on ${formatDate(course.retiredOn)}` : '';
  return `${course.title} (${course.code}, ${course.hours} h${left})`;
}

/**
 * The handbook's promise for a course removed from the list, as its page states it;
 * incentiveClaimProblem below keeps it: enrolled on or before the day it left, it counts.
 */
export function retiredNotice(course: Listing): string {
  const left = `This course was retired from the pre-approved list${course.retiredOn ? ` on ${formatDate(course.retiredOn)}` : ''}`;
  const why = whyNotPaid(course);
  if (why) return `${left}; it ${why}.`;
  return `${left}. If you enrolled or started on or before that day, it still counts: choose it on your compensation request as usual. If you enrol later, ask for pre-approval first, as for any course not on the list.`;
}

/**
 * The one rule of whether the classified incentive may pay for a catalog course,
 * for someone who enrolled (or started) on `enrolledOn`: the course counts for the
 * incentive, and it was on the list that day. A retired course counts up to and
 * including the day it left the list. Null when it may; else the refusal, naming
 * the course field, or the enrolment date when that date is what stands in the way.
 */
export function incentiveClaimProblem(
  course: CatalogCourse | undefined,
  enrolledOn: IsoDate,
  where: { line: string; course: string; enrolledOn: string },
): Problem | null {
  const refuse = (field: string, words: string) => ({ field, message: `${where.line}: ${words}` });
  if (!course) return refuse(where.course, 'that course is not on the pre-approved catalog; claim it with a pre-approval receipt');
  const why = whyNotPaid(course);
  if (why) return refuse(where.course, `${course.title} ${why}`);
  if (course.status === 'active') return null;
  if (!course.retiredOn) return refuse(where.course, `${course.title} is no longer on the pre-approved catalog; claim it with a pre-approval receipt`);
  if (enrolledOn <= course.retiredOn) return null;
  return refuse(
    where.enrolledOn,
    `${course.title} left the pre-approved list on ${formatDate(course.retiredOn)}, before you enrolled on ${formatDate(enrolledOn)}; ` +
      'it counts only for people who enrolled by then, so claim it with a pre-approval receipt',
  );
}
