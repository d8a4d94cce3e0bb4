import { getCollection, type CollectionEntry } from 'astro:content';
import { program } from '../site.ts';
import { facets, listable, PAGE_SIZE, type Facet, type FacetValue } from './facets.ts';

export type CourseEntry = CollectionEntry<'courses'>;

export async function allCourses(): Promise<CourseEntry[]> {
  return getCollection('courses');
}

export async function activeCourses(): Promise<CourseEntry[]> {
  return listable(await allCourses());
}

export interface CatalogPage {
  items: CourseEntry[];
  number: number;
  count: number;
  total: number;
}

/** Splits a list into numbered pages of PAGE_SIZE; an empty list is one empty page. */
export function paginate(items: CourseEntry[], size = PAGE_SIZE): CatalogPage[] {
  const count = Math.max(1, Math.ceil(items.length / size));
  return Array.from({ length: count }, (_, i) => ({
    items: items.slice(i * size, (i + 1) * size),
    number: i + 1,
    count,
    total: items.length,
  }));
}

export interface FilterView {
  facet: Facet;
  value: FacetValue;
  courses: CourseEntry[];
}

let builtViews: Promise<FilterView[]> | undefined;

/**
 * Every facet value with its active courses (empty ones too, for the filter counts).
 * Every catalog page shows these counts, so a build works them out once; the dev
 * server works them out per page, so an edited course shows at once.
 */
export function facetViews(): Promise<FilterView[]> {
  const compute = async () => {
    const active = await activeCourses();
    return facets(program).flatMap((facet) => facet.values.map((value) => ({ facet, value, courses: active.filter((c) => value.matches(c.data)) })));
  };
  if (!import.meta.env.PROD) return compute();
  return (builtViews ??= compute());
}

/** Every facet value that has at least one active course: the values that get a page. */
export async function filterViews(): Promise<FilterView[]> {
  return (await facetViews()).filter((view) => view.courses.length > 0);
}

export function categoryLabel(id: string): string {
  return program.categories.find((c) => c.id === id)?.label ?? id;
}
