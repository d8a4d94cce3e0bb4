import { describe, expect, it } from 'vitest';
import { courseSchema, type Course } from '../../src/lib/catalog/schema.ts';
import { facetLabels, facets, listable } from '../../src/lib/catalog/facets.ts';
import { repoProgram } from '../../support/program.ts';

const program = repoProgram();
const schema = courseSchema(program.categories.map((c) => c.id) as [string, ...string[]]);

const valid = {
  code: 'CV-1101',
  title: 'First Aid and CPR',
  provider: 'Cedar Valley Health Services',
  category: 'health-safety',
  hours: 6,
  delivery: 'in-person',
  audience: 'all',
  credits: { clockHours: true, renewalAreas: ['pedagogy'], salaryLane: false },
  requiredTraining: false,
  status: 'active',
  summary: 'Learn to respond to emergencies at school.',
};

function course(overrides: Partial<Course> = {}): Course {
  return schema.parse({ ...valid, ...overrides });
}

function errorPaths(input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('course schema', () => {
  it('accepts a complete course and fills defaults for optional fields', () => {
    const { credits: _credits, requiredTraining: _r, status: _s, ...minimal } = valid;
    expect(schema.parse(minimal)).toMatchObject({
      credits: { clockHours: true, renewalAreas: [], salaryLane: false },
      requiredTraining: false,
      status: 'active',
    });
  });

  it('names each bad field', () => {
    expect(errorPaths({ ...valid, category: 'cooking' })).toEqual(['category']);
    expect(errorPaths({ ...valid, hours: 'six' })).toEqual(['hours']);
    expect(errorPaths({ ...valid, hours: 0 })).toEqual(['hours']);
    expect(errorPaths({ ...valid, delivery: 'by post' })).toEqual(['delivery']);
    expect(errorPaths({ ...valid, credits: { ...valid.credits, renewalAreas: ['music'] } })).toEqual(['credits.renewalAreas.0']);
    expect(errorPaths({ ...valid, code: 'cv 1101' })).toEqual(['code']);
  });

  it('refuses a misspelt field rather than ignoring it', () => {
    expect(errorPaths({ ...valid, hour: 6 })).toEqual(['']);
    expect(schema.safeParse({ ...valid, hour: 6 }).error?.issues[0]?.message).toMatch(/hour/);
  });
});

describe('catalog facets', () => {
  const byKey = (key: string) => facets(program).find((f) => f.key === key)!;
  const value = (key: string, slug: string) => byKey(key).values.find((v) => v.slug === slug)!;

  it('offers every category of the program, and nothing else', () => {
    expect(byKey('category').values.map((v) => v.slug)).toEqual(program.categories.map((c) => c.id));
  });

  it('lists a course for all staff under both classified and certificated', () => {
    const all = course({ audience: 'all' });
    const classified = course({ audience: 'classified' });
    expect(value('audience', 'classified').matches(all)).toBe(true);
    expect(value('audience', 'certificated').matches(all)).toBe(true);
    expect(value('audience', 'certificated').matches(classified)).toBe(false);
  });

  it('finds credit types from the course credits', () => {
    const c = course({ credits: { clockHours: false, renewalAreas: ['english-learners'], salaryLane: true }, requiredTraining: true });
    expect(facetLabels(program, c).credit).toEqual(['Licence renewal: English learners', 'Salary-lane credit', 'Required training']);
  });

  it('lists active courses only, by title', () => {
    const entries = [
      { data: course({ title: 'Zoning Basics' }) },
      { data: course({ title: 'Archived Course', status: 'retired' }) },
      { data: course({ title: 'Algebra Refresher' }) },
    ];
    expect(listable(entries).map((e) => e.data.title)).toEqual(['Algebra Refresher', 'Zoning Basics']);
  });
});
