import type { Loader } from 'astro/loaders';
import { AirtableClient, spaced, type AirtableConfig } from './client.ts';
import type { Program } from '../program/settings.ts';
import { COUNTS_FOR, courseSchemaFor, type Course } from '../catalog/schema.ts';
import { catalogCourse, type CatalogCourse } from '../catalog/files.ts';

/**
 * The catalog as HR keeps it in Airtable: the "Courses" table, one row per course,
 * one column per field of the course schema. The same schema checks a row as it
 * checks a Markdown file, so a bad row fails the build naming the course and field.
 */
export const COURSES_TABLE = 'Courses';

export interface CourseColumn {
  name: string;
  type: 'singleLineText' | 'multilineText' | 'number' | 'date' | 'multipleSelects';
  /** The options of a multiple-select column, which Airtable needs to create it. */
  choices?: string[];
}

export const COURSE_COLUMNS: readonly CourseColumn[] = [
  { name: 'Slug', type: 'singleLineText' },
  { name: 'Code', type: 'singleLineText' },
  { name: 'Title', type: 'singleLineText' },
  { name: 'Provider', type: 'singleLineText' },
  { name: 'Category', type: 'singleLineText' },
  { name: 'Hours', type: 'number' },
  { name: 'Delivery', type: 'singleLineText' },
  { name: 'Audience', type: 'singleLineText' },
  // The programs a course counts for, by the schema's own names, so a row reads as a Markdown file does.
  { name: 'Counts for', type: 'multipleSelects', choices: [...COUNTS_FOR] },
  { name: 'Renewal areas', type: 'singleLineText' },
  { name: 'Status', type: 'singleLineText' },
  { name: 'Retired on', type: 'date' },
  { name: 'Summary', type: 'multilineText' },
  { name: 'Description', type: 'multilineText' },
  // Words people search with, comma separated; sessions one a line ("2027-01-09" or "2027-01-09 to 2027-01-10").
  { name: 'Keywords', type: 'multilineText' },
  { name: 'Sessions', type: 'multilineText' },
  { name: 'Enrol', type: 'singleLineText' },
  { name: 'Enrol link', type: 'singleLineText' },
];

const SESSION = /^(\S+)(?:\s+to\s+(\S+))?$/;

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
  const keywords = text('Keywords');
  // A line that is not "date" or "date to date" goes to the schema as written, so the build names it.
  const sessions = (text('Sessions') ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = SESSION.exec(line);
      return match?.[2] ? { start: match[1], end: match[2] } : { start: match?.[1] ?? line };
    });
  const data = {
    code: text('Code'),
    title: text('Title'),
    provider: text('Provider'),
    category: text('Category'),
    hours: fields['Hours'],
    delivery: text('Delivery'),
    audience: text('Audience'),
    // Airtable leaves an empty cell out of its answer: no programs is an empty list, which the schema refuses by name.
    countsFor: fields['Counts for'] ?? [],
    renewalAreas: areas ? areas.split(/\s*,\s*/).filter(Boolean) : [],
    status: text('Status') ?? 'active',
    retiredOn: text('Retired on'),
    summary: text('Summary'),
    keywords: keywords ? keywords.split(/\s*,\s*/).filter(Boolean) : [],
    sessions,
    enrol: text('Enrol') || undefined,
    enrolUrl: text('Enrol link') || undefined,
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
    'Counts for': course.countsFor,
    'Renewal areas': course.renewalAreas.join(', '),
    Status: course.status,
    ...(course.retiredOn ? { 'Retired on': course.retiredOn } : {}),
    Summary: course.summary,
    Description: body.trim(),
    ...(course.keywords.length ? { Keywords: course.keywords.join(', ') } : {}),
    ...(course.sessions.length ? { Sessions: course.sessions.map((s) => (s.end ? `${s.start} to ${s.end}` : s.start)).join('\n') } : {}),
    ...(course.enrol ? { Enrol: course.enrol } : {}),
    ...(course.enrolUrl ? { 'Enrol link': course.enrolUrl } : {}),
  };
}

/** The catalog as the functions need it, from the same table, checked by the same schema (a bad row is left out, as the build would refuse it). */
export async function readAirtableCatalog(config: AirtableConfig, program: Program): Promise<Map<string, CatalogCourse>> {
  const schema = courseSchemaFor(program);
  const rows = await new AirtableClient(config, { timeoutMs: 5_000 }).listAll(COURSES_TABLE, { beforeRequest: spaced() });
  const out = new Map<string, CatalogCourse>();
  for (const row of rows) {
    const { id, data } = courseFromRow(row.fields);
    const parsed = schema.safeParse(data);
    if (parsed.success) out.set(id, catalogCourse(id, parsed.data));
  }
  return out;
}

/**
 * A content-layer loader for the courses collection: every row, all pages, on each build.
 * A retired row keeps its page, as a retired Markdown course does: the page says when
 * it left the list, and the catalog's lists leave it out.
 */
export function airtableCoursesLoader(config: AirtableConfig): Loader {
  return {
    name: 'airtable-courses',
    load: async ({ store, parseData, renderMarkdown, generateDigest, logger }) => {
      const rows = await new AirtableClient(config, { timeoutMs: 30_000 }).listAll(COURSES_TABLE, { beforeRequest: spaced() });
      // Rows deleted in Airtable leave the site: the collection is rebuilt from the table each time.
      store.clear();
      for (const row of rows) {
        const { id, data, body } = courseFromRow(row.fields);
        const parsed = await parseData({ id, data });
        store.set({ id, data: parsed, body, rendered: await renderMarkdown(body), digest: generateDigest({ data, body }) });
      }
      logger.info(`${rows.length} courses from Airtable`);
    },
  };
}
