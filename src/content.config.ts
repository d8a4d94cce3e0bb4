import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { airtableCoursesLoader } from './lib/airtable/courses.ts';
import { courseSchemaFor } from './lib/catalog/schema.ts';
import { handbookChapterSchema, policySchema } from './lib/content/schemas.ts';
import { loadProgram } from './lib/program/settings.ts';
import { airtableConfig } from './lib/airtable/client.ts';

const program = loadProgram();
// HR's Courses table in Airtable when it is configured; the Markdown catalog otherwise.
const airtable = airtableConfig();

export const collections = {
  handbook: defineCollection({
    loader: glob({ pattern: '*.md', base: './content/handbook' }),
    schema: handbookChapterSchema,
  }),
  policies: defineCollection({
    loader: glob({ pattern: '*.md', base: './content/policies' }),
    schema: policySchema,
  }),
  courses: defineCollection({
    loader: airtable ? airtableCoursesLoader(airtable) : glob({ pattern: '*.md', base: './content/courses' }),
    schema: courseSchemaFor(program),
  }),
};
