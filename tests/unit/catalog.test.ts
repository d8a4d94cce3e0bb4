import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Course } from '../../src/lib/catalog/schema.ts';
import { facetLabels, facets, listable } from '../../src/lib/catalog/facets.ts';
import { catalogCourse } from '../../src/lib/catalog/files.ts';
import { incentiveClaimProblem, offeredForIncentive, retiredNotice, whyNotPaid } from '../../src/lib/catalog/claimable.ts';
import { MINIMAL_COURSE, repoCatalog } from '../support/courses.ts';

const { program, schema, errorPaths } = repoCatalog();

const valid = { ...MINIMAL_COURSE, countsFor: ['classified-incentive', 'clock-hours', 'licence-renewal'], renewalAreas: ['pedagogy'], status: 'active' };

function course(overrides: Partial<Course> = {}): Course {
  return schema.parse({ ...valid, ...overrides });
}

describe('course schema', () => {
  it('accepts a complete course and fills defaults for optional fields', () => {
    const { renewalAreas: _areas, status: _s, ...minimal } = valid;
    expect(schema.parse({ ...minimal, countsFor: ['classified-incentive'] })).toMatchObject({ renewalAreas: [], status: 'active' });
  });

  it('names each bad field', () => {
    expect(errorPaths({ ...valid, category: 'cooking' })).toEqual(['category']);
    expect(errorPaths({ ...valid, hours: 'six' })).toEqual(['hours']);
    expect(errorPaths({ ...valid, hours: 0 })).toEqual(['hours']);
    expect(errorPaths({ ...valid, delivery: 'by post' })).toEqual(['delivery']);
    expect(errorPaths({ ...valid, renewalAreas: ['music'] })).toEqual(['renewalAreas.0']);
    expect(errorPaths({ ...valid, countsFor: ['classified-incentive', 'bonus'] })).toEqual(['countsFor.1']);
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

  it('finds what a course counts for, each licence-renewal area by name, the incentive first', () => {
    const c = course({ audience: 'certificated', countsFor: ['salary-lane', 'licence-renewal'], renewalAreas: ['english-learners', 'pedagogy'] });
    expect(facetLabels(program, c).credit).toEqual(['Licence renewal: pedagogy', 'Licence renewal: English learners', 'Salary-lane credit']);
    expect(facetLabels(program, course({ countsFor: ['classified-incentive', 'clock-hours'], renewalAreas: [] })).credit).toEqual([
      'Classified growth incentive (paid)',
      'Certificated clock hours',
    ]);
  });

  it('has a page of the courses the incentive pays for, without required trainings or certificated-only courses', () => {
    const paid = value('credit', 'classified-incentive');
    expect(paid.matches(course({ countsFor: ['classified-incentive'], renewalAreas: [] }))).toBe(true);
    expect(paid.matches(course({ countsFor: ['required-training'], renewalAreas: [] }))).toBe(false);
    expect(paid.matches(course({ audience: 'certificated', countsFor: ['clock-hours'], renewalAreas: [] }))).toBe(false);
    expect(value('credit', 'required-training').label).toBe('Required training (on work time, not paid)');
  });

  it('lists active courses only, by title', () => {
    const entries = [
      { data: course({ title: 'Zoning Basics' }) },
      { data: course({ title: 'Archived Course', status: 'retired', retiredOn: '2026-02-27' }) },
      { data: course({ title: 'Algebra Refresher' }) },
    ];
    expect(listable(entries).map((e) => e.data.title)).toEqual(['Algebra Refresher', 'Zoning Basics']);
  });
});

describe('what a course counts for, in its file', () => {
  const only = (countsFor: string[], extra: Record<string, unknown> = {}) => ({ ...valid, countsFor, renewalAreas: [], ...extra });

  it('must be said: a course that names no program is refused, naming countsFor', () => {
    const { countsFor: _none, ...silent } = valid;
    expect(errorPaths(silent)).toEqual(['countsFor']);
    expect(errorPaths(only([]))).toEqual(['countsFor']);
    expect(errorPaths(only(['clock-hours', 'clock-hours']))).toEqual(['countsFor']);
  });

  it('never puts a required training or a certificated-only course under the classified incentive', () => {
    expect(schema.safeParse(only(['required-training', 'classified-incentive'])).error?.issues).toEqual([
      expect.objectContaining({ path: ['countsFor'], message: expect.stringMatching(/required training is taken on work time/) }),
    ]);
    expect(schema.safeParse(only(['classified-incentive', 'clock-hours'], { audience: 'certificated' })).error?.issues).toEqual([
      expect.objectContaining({ path: ['countsFor'], message: expect.stringMatching(/certificated staff only/) }),
    ]);
    expect(errorPaths(only(['required-training']))).toEqual([]);
    expect(errorPaths(only(['clock-hours', 'salary-lane'], { audience: 'certificated' }))).toEqual([]);
  });

  it('names the licence-renewal areas exactly when it counts for licence renewal', () => {
    expect(errorPaths(only(['clock-hours', 'licence-renewal']))).toEqual(['renewalAreas']);
    expect(errorPaths(only(['clock-hours'], { renewalAreas: ['pedagogy'] }))).toEqual(['renewalAreas']);
  });
});

describe('a course removed from the list, in its file', () => {
  it('needs the day it left the list, and only a retired course has one', () => {
    const retired = schema.safeParse({ ...valid, status: 'retired' });
    expect(retired.error?.issues).toEqual([expect.objectContaining({ path: ['retiredOn'], message: expect.stringMatching(/date it left the list/) })]);
    expect(errorPaths({ ...valid, retiredOn: '2026-09-30' })).toEqual(['retiredOn']);
    expect(errorPaths({ ...valid, status: 'retired', retiredOn: '2026-09-31' })).toEqual(['retiredOn']);
  });

  it('reads the day as written, quoted or not, whichever YAML reader the build uses', () => {
    const yaml = 'retiredOn: 2026-09-30';
    for (const version of ['1.1', '1.2'] as const) {
      const { retiredOn } = parseYaml(yaml, { version }) as { retiredOn: unknown };
      expect(schema.parse({ ...valid, status: 'retired', retiredOn }).retiredOn, version).toBe('2026-09-30');
    }
  });
});

describe('which catalog courses the classified incentive pays for', () => {
  const entry = (overrides: Partial<Course> = {}) =>
    catalogCourse('a-course', course({ title: 'Spreadsheets', countsFor: ['classified-incentive'], renewalAreas: [], ...overrides }));
  const where = { line: 'Course 1', course: 'lines.0.courseId', enrolledOn: 'lines.0.startDate' };
  const left = { status: 'retired', retiredOn: '2026-09-30' } as const;

  it('pays for a listed course that counts for it, whenever the person enrolled', () => {
    expect(incentiveClaimProblem(entry(), '2026-10-01', where)).toBeNull();
    expect(offeredForIncentive(entry())).toBe(true);
  });

  it('refuses a required training because it is taken on work time', () => {
    const training = entry({ title: 'Mandated Reporter Training', countsFor: ['required-training'] });
    expect(incentiveClaimProblem(training, '2026-10-01', where)).toEqual({
      field: 'lines.0.courseId',
      message: 'Course 1: Mandated Reporter Training is a required training, taken on work time: it is not paid by the incentive',
    });
    expect(offeredForIncentive(training)).toBe(false);
    expect(catalogCourse('x', course({ countsFor: ['required-training'], renewalAreas: [] })).requiredTraining).toBe(true);
  });

  it('refuses a certificated-only course, saying what it counts for instead', () => {
    const seminar = entry({
      title: 'Grading Seminar',
      audience: 'certificated',
      countsFor: ['clock-hours', 'licence-renewal', 'salary-lane'],
      renewalAreas: ['pedagogy', 'english-learners'],
    });
    expect(incentiveClaimProblem(seminar, '2026-10-01', where)?.message).toBe(
      'Course 1: Grading Seminar is for certificated staff: it counts for certificated clock hours, licence renewal (pedagogy and English learners) and salary-lane credit, not for the classified incentive',
    );
  });

  it('keeps a retired course for someone who enrolled on or before the day it left the list, and refuses a later enrolment naming that day', () => {
    expect(incentiveClaimProblem(entry(left), '2026-09-14', where)).toBeNull();
    expect(incentiveClaimProblem(entry(left), '2026-09-30', where)).toBeNull();
    expect(incentiveClaimProblem(entry(left), '2026-10-01', where)).toEqual({
      field: 'lines.0.startDate',
      message:
        'Course 1: Spreadsheets left the pre-approved list on September 30, 2026, before you enrolled on October 1, 2026; it counts only for people who enrolled by then, so claim it with a pre-approval receipt',
    });
    expect(offeredForIncentive(entry(left))).toBe(true);
  });

  it('refuses a course the catalog does not have, as before', () => {
    expect(incentiveClaimProblem(undefined, '2026-10-01', where)?.message).toMatch(/^Course 1: that course is not on the pre-approved catalog/);
  });

  it('says on a retired course’s page the day it left the list and the promise the rule keeps', () => {
    expect(retiredNotice(course({ ...left, countsFor: ['classified-incentive'], renewalAreas: [] }))).toBe(
      'This course was retired from the pre-approved list on September 30, 2026. If you enrolled or started on or before that day, it still counts: ' +
        'choose it on your compensation request as usual. If you enrol later, ask for pre-approval first, as for any course not on the list.',
    );
    expect(whyNotPaid(course({ countsFor: ['classified-incentive'], renewalAreas: [] }))).toBeNull();
  });

  it('is the rule the handbook states, in the same words, wherever it speaks of a course removed from the list', () => {
    const promise = 'still counts if you enrolled or started on or before the day it left the list';
    for (const chapter of ['pre-approved-courses', 'task-force']) {
      const text = readFileSync(`content/handbook/${chapter}.md`, 'utf8').replace(/\s+/g, ' ');
      expect(text, chapter).toContain(promise);
      expect(text, chapter).not.toMatch(/while it was (on the list|listed)|on the list when you enrolled/);
    }
  });
});
