import { tableFor } from '../airtable/fields.ts';
import { exitSurvey } from '../forms/exit-survey.ts';
import { courseRatings, type CourseRating } from '../program/ratings.ts';
import { AirtableFailure } from '../airtable/client.ts';
import { readAllSubmissions } from '../airtable/all-submissions.ts';
import { LOCAL_BLOBS_DIR } from '../store/local.ts';
import { loadProgram } from '../program/settings.ts';
import type { StoredSubmission } from '../forms/record.ts';

export type { CourseRating } from '../program/ratings.ts';

/**
 * The exit surveys the catalog's ratings come from: Airtable's table when it is
 * configured (where HR works), else the local store that `npm start` writes to,
 * and none when there is no local store (a fresh clone, a build server).
 */
export async function readExitSurveys(env: Record<string, string | undefined> = process.env, localDirectory = LOCAL_BLOBS_DIR): Promise<StoredSubmission[]> {
  try {
    return (await readAllSubmissions(loadProgram().timeZone, env, localDirectory, [exitSurvey])).submissions;
  } catch (error) {
    if (!(error instanceof AirtableFailure)) throw error;
    const table = tableFor(exitSurvey);
    // A base set up before the survey existed still builds, without ratings; any other failure stops the build.
    if (error.status === 404) {
      console.warn(`No course ratings: the Airtable base has no "${table}" table (npm run airtable:setup adds it).`);
      return [];
    }
    throw new Error(`Could not read the course ratings from Airtable's "${table}" table: ${error.message}`, { cause: error });
  }
}

export async function readCourseRatings(env?: Record<string, string | undefined>, localDirectory?: string): Promise<Map<string, CourseRating>> {
  return courseRatings(await readExitSurveys(env, localDirectory));
}

let builtRatings: Promise<Map<string, CourseRating>> | undefined;

/**
 * The ratings for the site's pages. A build reads the surveys once for every page;
 * the dev server reads them per page, so a survey just sent shows on reload.
 */
export function siteCourseRatings(): Promise<Map<string, CourseRating>> {
  if (!import.meta.env.PROD) return readCourseRatings();
  return (builtRatings ??= readCourseRatings());
}
