/**
 * The fewest exit surveys a course needs before its rating is shown or reported
 * anywhere: with fewer, the answers could point to the people who gave them.
 */
export const MIN_RATING_RESPONSES = 5;

export interface CourseRating {
  /** The course's slug, as the survey's courseId. */
  courseId: string;
  responses: number;
  /** Mean of the "I was satisfied with this course" answers (1 to 5), to one decimal. */
  average: number;
}

/**
 * A survey's "I was satisfied with this course" answer, 1 to 5, as the form
 * stores it (the text "1" to "5"), or null for anything else, such as a value
 * edited by hand in Airtable. The course pages and the report count the same answers.
 */
export function satisfactionAnswer(data: Readonly<Record<string, unknown>>): number | null {
  const value = data['satisfaction'];
  return typeof value === 'string' && /^[1-5]$/.test(value) ? Number(value) : null;
}

/**
 * Each course's rating from the exit surveys among `submissions`, only for courses
 * with at least MIN_RATING_RESPONSES usable answers. Other forms, and surveys
 * without a course or with a satisfaction outside 1 to 5, are left out.
 */
export function courseRatings(submissions: readonly { form: string; data: Readonly<Record<string, unknown>> }[]): Map<string, CourseRating> {
  const totals = new Map<string, { sum: number; count: number }>();
  for (const { form, data } of submissions) {
    if (form !== 'exit-survey') continue;
    const courseId = data['courseId'];
    const answer = satisfactionAnswer(data);
    if (typeof courseId !== 'string' || courseId === '' || answer === null) continue;
    const total = totals.get(courseId) ?? { sum: 0, count: 0 };
    total.sum += answer;
    total.count += 1;
    totals.set(courseId, total);
  }
  const ratings = new Map<string, CourseRating>();
  for (const [courseId, { sum, count }] of totals) {
    if (count < MIN_RATING_RESPONSES) continue;
    // Divided from the whole sum so that exact halves round up (4.45 shows 4.5, not 4.4).
    ratings.set(courseId, { courseId, responses: count, average: Math.round((sum * 10) / count) / 10 });
  }
  return ratings;
}
