import { readAirtableCatalog } from '../airtable/courses.ts';
import { readCatalog, type CatalogCourse } from '../catalog/files.ts';
import type { Program } from '../program/settings.ts';
import { airtableConfig } from '../airtable/client.ts';

/** What the program report needs of a catalog course: what the forms read of it. */
export type ReportCourse = CatalogCourse;

/**
 * The catalog from the same place as the submissions: Airtable's Courses table
 * when Airtable is configured, else content/courses. Retired courses are kept,
 * since their surveys still count; a row the schema refuses is left out, as the
 * build leaves it out.
 */
export async function readReportCourses(
  program: Program,
  env: Record<string, string | undefined> = process.env,
  dir = 'content/courses',
): Promise<Map<string, ReportCourse>> {
  const config = airtableConfig(env);
  return config ? readAirtableCatalog(config, program) : readCatalog(program, dir);
}
