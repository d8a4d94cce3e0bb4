import type { Program } from '../program/settings.ts';
import { AUDIENCES, DELIVERIES, RENEWAL_AREAS, type Course } from './schema.ts';

/** A way to narrow the catalog: each value has its own page, so filtering works without JavaScript. */
export interface Facet {
  key: 'category' | 'audience' | 'delivery' | 'credit';
  label: string;
  values: FacetValue[];
}

export interface FacetValue {
  slug: string;
  label: string;
  matches: (course: Course) => boolean;
}

export const DELIVERY_LABELS: Record<Course['delivery'], string> = {
  'in-person': 'In person',
  online: 'Online, live',
  hybrid: 'Hybrid',
  'self-paced': 'Self-paced online',
};

export const AUDIENCE_LABELS: Record<Course['audience'], string> = {
  classified: 'Classified staff',
  certificated: 'Certificated staff',
  all: 'All staff',
};

export const RENEWAL_LABELS: Record<Course['credits']['renewalAreas'][number], string> = {
  pedagogy: 'Licence renewal: pedagogy',
  'special-education': 'Licence renewal: special education',
  'english-learners': 'Licence renewal: English learners',
};

export function facets(program: Program): Facet[] {
  return [
    {
      key: 'category',
      label: 'Category',
      values: program.categories.map((c) => ({ slug: c.id, label: c.label, matches: (course) => course.category === c.id })),
    },
    {
      key: 'audience',
      label: 'Who it is for',
      // A course for all staff is listed under each group.
      values: AUDIENCES.filter((a) => a !== 'all').map((a) => ({
        slug: a,
        label: AUDIENCE_LABELS[a],
        matches: (course) => course.audience === a || course.audience === 'all',
      })),
    },
    {
      key: 'delivery',
      label: 'Delivery',
      values: DELIVERIES.map((d) => ({ slug: d, label: DELIVERY_LABELS[d], matches: (course) => course.delivery === d })),
    },
    {
      key: 'credit',
      label: 'Credit',
      values: [
        { slug: 'clock-hours', label: 'Clock hours', matches: (course) => course.credits.clockHours },
        ...RENEWAL_AREAS.map((area) => ({
          slug: `renewal-${area}`,
          label: RENEWAL_LABELS[area],
          matches: (course: Course) => course.credits.renewalAreas.includes(area),
        })),
        { slug: 'salary-lane', label: 'Salary-lane credit', matches: (course) => course.credits.salaryLane },
        { slug: 'required-training', label: 'Required training', matches: (course) => course.requiredTraining },
      ],
    },
  ];
}

/** The labels under which a course is found, per facet (used for Pagefind filters and course pages). */
export function facetLabels(program: Program, course: Course): Record<Facet['key'], string[]> {
  const out = { category: [], audience: [], delivery: [], credit: [] } as Record<Facet['key'], string[]>;
  for (const facet of facets(program)) {
    out[facet.key] = facet.values.filter((v) => v.matches(course)).map((v) => v.label);
  }
  return out;
}

export const PAGE_SIZE = 50;

/** Active courses, sorted by title, as the catalog lists them. */
export function listable<T extends { data: Course }>(entries: T[]): T[] {
  return entries.filter((e) => e.data.status === 'active').sort((a, b) => a.data.title.localeCompare(b.data.title, 'en'));
}
