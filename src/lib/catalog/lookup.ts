import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describeIssues } from '../content/issues.ts';
import type { Program } from '../program/settings.ts';
import { courseSchema, type Course } from './course.ts';

/** What the forms need to know of a catalog course. */
export type CatalogCourse = Pick<Course, 'code' | 'title' | 'hours' | 'status' | 'audience'> & { id: string };

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---/;

/**
 * The catalog as the functions see it at run time: the same Markdown files and the
 * same schema as the site's build, so "on the catalog" means the same thing on both.
 */
export function readCatalog(program: Program, dir = 'content/courses'): Map<string, CatalogCourse> {
  const schema = courseSchema(program.categories.map((c) => c.id) as [string, ...string[]]);
  const courses = new Map<string, CatalogCourse>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    const file = join(dir, name);
    const front = FRONTMATTER.exec(readFileSync(file, 'utf8'))?.[1];
    const result = schema.safeParse(front === undefined ? undefined : parseYaml(front));
    if (!result.success) throw new Error(describeIssues(file, result.error));
    const id = name.replace(/\.md$/, '');
    const { code, title, hours, status, audience } = result.data;
    courses.set(id, { id, code, title, hours, status, audience });
  }
  return courses;
}
