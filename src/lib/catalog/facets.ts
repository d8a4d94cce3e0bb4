import type { Program } from '../program/settings.ts';
import { AUDIENCES, DELIVERIES, RENEWAL_AREAS, type Course, type CountsFor, type RenewalArea } from './schema.ts';

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

export const RENEWAL_LABELS: Record<RenewalArea, string> = {
  pedagogy: 'Licence renewal: pedagogy',
  'special-education': 'Licence renewal: special education',
  'english-learners': 'Licence renewal: English learners',
};

/** What each program a course counts for is called on the catalog; only the first is paid. */
export const COUNTS_FOR_LABELS: Record<CountsFor, string> = {
  'classified-incentive': 'Classified growth incentive (paid)',
  'clock-hours': 'Certificated clock hours',
  'licence-renewal': 'Licence renewal',
  'salary-lane': 'Salary-lane credit',
  'required-training': 'Required training (on work time, not paid)',
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
      // The key keeps the addresses the catalog has always had (/courses/credit/...).
      key: 'credit',
      label: 'Counts for',
      values: [
        countsFor('classified-incentive'),
        countsFor('clock-hours'),
        ...RENEWAL_AREAS.map((area) => ({
          slug: `renewal-${area}`,
          label: RENEWAL_LABELS[area],
          matches: (course: Course) => course.countsFor.includes('licence-renewal') && course.renewalAreas.includes(area),
        })),
        countsFor('salary-lane'),
        countsFor('required-training'),
      ],
    },
  ];
}

function countsFor(program: Exclude<CountsFor, 'licence-renewal'>): FacetValue {
  return { slug: program, label: COUNTS_FOR_LABELS[program], matches: (course) => course.countsFor.includes(program) };
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
