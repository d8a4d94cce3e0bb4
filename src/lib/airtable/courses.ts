import type { Loader } from 'astro/loaders';
import { AirtableClient, spaced, type AirtableConfig } from './client.ts';
import type { Program } from '../program/settings.ts';
import { courseSchema, type Course } from '../catalog/schema.ts';
import { catalogCourse, type CatalogCourse } from '../catalog/files.ts';

/**
 * The catalog as HR keeps it in Airtable: the "Courses" table, one row per course,
 * one column per field of the course schema. The same schema checks a row as it
 * checks a Markdown file, so a bad row fails the build naming the course and field.
 */
export const COURSES_TABLE = 'Courses';

export const COURSE_COLUMNS = [
  { name: 'Slug', type: 'singleLineText' },
  { name: 'Code', type: 'singleLineText' },
  { name: 'Title', type: 'singleLineText' },
  { name: 'Provider', type: 'singleLineText' },
  { name: 'Category', type: 'singleLineText' },
  { name: 'Hours', type: 'number' },
  { name: 'Delivery', type: 'singleLineText' },
  { name: 'Audience', type: 'singleLineText' },
  { name: 'Clock hours', type: 'checkbox' },
  { name: 'Renewal areas', type: 'singleLineText' },
  { name: 'Salary lane', type: 'checkbox' },
  { name: 'Required training', type: 'checkbox' },
  { name: 'Status', type: 'singleLineText' },
  { name: 'Summary', type: 'multilineText' },
  { name: 'Description', type: 'multilineText' },
] as const;

const slugify = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** A row's fields as the course schema's input, its page address and its Markdown description. */
export function courseFromRow(fields: Record<string, unknown>): { id: string; data: Record<string, unknown>; body: string } {
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).trim() : undefined);
  const areas = text('Renewal areas');
  const data = {
    code: text('Code'),
    title: text('Title'),
    provider: text('Provider'),
    category: text('Category'),
    hours: fields['Hours'],
    delivery: text('Delivery'),
    audience: text('Audience'),
    credits: {
      clockHours: fields['Clock hours'] === true,
      renewalAreas: areas ? areas.split(/\s*,\s*/).filter(Boolean) : [],
      salaryLane: fields['Salary lane'] === true,
    },
    requiredTraining: fields['Required training'] === true,
    status: text('Status') ?? 'active',
    summary: text('Summary'),
  };
  return { id: text('Slug') || slugify(text('Title') ?? text('Code') ?? 'course'), data, body: text('Description') ?? '' };
}

/** The other way, for loading the Markdown catalog into a new base. */
export function rowFromCourse(id: string, course: Course, body: string): Record<string, unknown> {
  return {
    Slug: id,
    Code: course.code,
    Title: course.title,
    Provider: course.provider,
    Category: course.category,
    Hours: course.hours,
    Delivery: course.delivery,
    Audience: course.audience,
    'Clock hours': course.credits.clockHours,
    'Renewal areas': course.credits.renewalAreas.join(', '),
    'Salary lane': course.credits.salaryLane,
    'Required training': course.requiredTraining,
    Status: course.status,
    Summary: course.summary,
    Description: body.trim(),
  };
}

/** The catalog as the functions need it, from the same table, checked by the same schema (a bad row is left out, as the build would refuse it). */
export async function readAirtableCatalog(config: AirtableConfig, program: Program): Promise<Map<string, CatalogCourse>> {
  const schema = courseSchema(program.categories.map((c) => c.id) as [string, ...string[]]);
  const rows = await new AirtableClient(config, { timeoutMs: 5_000 }).listAll(COURSES_TABLE, { beforeRequest: spaced() });
  const out = new Map<string, CatalogCourse>();
  for (const row of rows) {
    const { id, data } = courseFromRow(row.fields);
    const parsed = schema.safeParse(data);
    if (parsed.success) out.set(id, catalogCourse(id, parsed.data));
  }
  return out;
}

/** A content-layer loader for the courses collection: every active row, all pages, on each build. */
export function airtableCoursesLoader(config: AirtableConfig): Loader {
  return {
    name: 'airtable-courses',
    load: async ({ store, parseData, renderMarkdown, generateDigest, logger }) => {
      const rows = await new AirtableClient(config, { timeoutMs: 30_000 }).listAll(COURSES_TABLE, { beforeRequest: spaced() });
      // Rows deleted in Airtable leave the site: the collection is rebuilt from the table each time.
      store.clear();
      let count = 0;
      for (const row of rows) {
        const { id, data, body } = courseFromRow(row.fields);
        if (data['status'] !== 'active') continue;
        const parsed = await parseData({ id, data });
        store.set({ id, data: parsed, body, rendered: await renderMarkdown(body), digest: generateDigest({ data, body }) });
        count++;
      }
      logger.info(`${count} active courses from Airtable (${rows.length} rows)`);
    },
  };
}
