import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describeIssues } from '../content/issues.ts';
import type { Program } from '../program/settings.ts';
import { courseSchemaFor, type Course } from './schema.ts';

/** What the forms and the program's report need to know of a catalog course. */
export type CatalogCourse = Pick<Course, 'code' | 'title' | 'hours' | 'status' | 'audience' | 'countsFor' | 'renewalAreas' | 'retiredOn'> & {
  id: string;
  /** Who runs it, for a person's transcript. */
  provider?: string;
  /** The report's required-training measure asks only this of what a course counts for. */
  requiredTraining: boolean;
};

export function catalogCourse(id: string, { code, title, provider, hours, status, audience, countsFor, renewalAreas, retiredOn }: Course): CatalogCourse {
  const requiredTraining = countsFor.includes('required-training');
  return { id, code, title, provider, hours, status, audience, countsFor, renewalAreas, ...(retiredOn ? { retiredOn } : {}), requiredTraining };
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---/;

/**
 * The catalog as the functions see it at run time: the same Markdown files and the
 * same schema as the site's build, so "on the catalog" means the same thing on both.
 */
export function readCatalog(program: Program, dir = 'content/courses'): Map<string, CatalogCourse> {
  const courses = new Map<string, CatalogCourse>();
  for (const { id, course } of readCourseFiles(program, dir)) courses.set(id, catalogCourse(id, course));
  return courses;
}

/** Every course file, checked: its id (the file name), its fields and its Markdown description. */
export function readCourseFiles(program: Program, dir = 'content/courses'): { id: string; course: Course; body: string }[] {
  const schema = courseSchemaFor(program);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      const text = readFileSync(file, 'utf8');
      const match = FRONTMATTER.exec(text);
      const result = schema.safeParse(match ? parseYaml(match[1]!) : undefined);
      if (!result.success) throw new Error(describeIssues(file, result.error));
      return { id: name.replace(/\.md$/, ''), course: result.data, body: match ? text.slice(match[0].length).trim() : '' };
    });
}
