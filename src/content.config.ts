import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { courseSchema } from './lib/catalog/course.ts';
import { handbookChapterSchema, policySchema } from './lib/content/schemas.ts';
import { loadProgram } from './lib/program/settings.ts';

const program = loadProgram();
const categoryIds = program.categories.map((c) => c.id) as [string, ...string[]];

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
    loader: glob({ pattern: '*.md', base: './content/courses' }),
    schema: courseSchema(categoryIds),
  }),
};
