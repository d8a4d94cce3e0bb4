import { describe, expect, it } from 'vitest';
import { courseFromRow, rowFromCourse } from '../../src/lib/airtable/courses.ts';
import { MINIMAL_COURSE, repoCatalog } from '../support/courses.ts';

const { schema, files: readFiles, errorPaths } = repoCatalog();
const files = readFiles();
const active = files.filter(({ course }) => course.status === 'active');

const valid = MINIMAL_COURSE;

describe('keywords of the catalog’s courses', () => {
  it.each(files.map(({ id, course }) => [id, course.keywords]))('%s has at least three keywords, each once', (_id, keywords) => {
    expect(keywords.length).toBeGreaterThanOrEqual(3);
    expect(new Set(keywords.map((k) => k.toLowerCase())).size).toBe(keywords.length);
  });

  it('lets the plain words "calm angry student" reach the de-escalation course', () => {
    const { course } = files.find(({ id }) => id === 'crisis-prevention-and-de-escalation')!;
    const words = [course.title, course.summary, ...course.keywords].join(' ').toLowerCase();
    for (const word of ['calm', 'angry', 'student']) expect(words).toMatch(new RegExp(`\\b${word}\\b`));
  });

  it('are words or phrases without commas, since Airtable keeps them in one cell separated by commas', () => {
    expect(errorPaths({ ...valid, keywords: ['CPR, first aid'] })).toEqual(['keywords.0']);
    expect(errorPaths({ ...valid, keywords: ['x'] })).toEqual(['keywords.0']);
    expect(schema.parse(valid)).toMatchObject({ keywords: [], sessions: [] });
  });
});

describe('how to take the catalog’s courses', () => {
  it.each(active.map(({ id, course }) => [id, course]))('%s says where to enrol, and its dates unless it is self-paced', (_id, course) => {
    expect(course.enrol).toBeTruthy();
    if (course.delivery !== 'self-paced') expect(course.sessions.length).toBeGreaterThan(0);
  });

  it('refuses dates for a self-paced course, a session that ends before it starts, and an enrolment link that is not https', () => {
    expect(errorPaths({ ...valid, delivery: 'self-paced', sessions: [{ start: '2027-01-09' }] })).toEqual(['sessions']);
    expect(errorPaths({ ...valid, sessions: [{ start: '2027-01-09', end: '2027-01-08' }] })).toEqual(['sessions.0.end']);
    expect(errorPaths({ ...valid, enrol: 'the county catalog', enrolUrl: 'http://acoe.example/' })).toEqual(['enrolUrl']);
    expect(errorPaths({ ...valid, enrolUrl: 'https://acoe.example/' })).toEqual(['enrol']);
  });
});

describe('keywords, dates and enrolment in Airtable’s Courses table', () => {
  it('reads keywords from one comma-separated cell and sessions one a line, and writes them back the same way', () => {
    const { id, course, body } = files.find(({ id }) => id === 'crisis-prevention-and-de-escalation')!;
    const row = rowFromCourse(id, course, body);
    expect(row['Keywords']).toContain('angry student, upset student');
    expect(row['Sessions']).toBe('2027-01-09 to 2027-01-10\n2027-03-27 to 2027-03-28');
    const back = courseFromRow({ ...row, Keywords: ' calm ,angry student,, ', Sessions: '2027-01-09 to 2027-01-10\n\n2027-03-27\n' });
    expect(schema.parse(back.data)).toMatchObject({
      keywords: ['calm', 'angry student'],
      sessions: [{ start: '2027-01-09', end: '2027-01-10' }, { start: '2027-03-27' }],
      enrol: course.enrol,
      enrolUrl: course.enrolUrl,
    });
  });

  it('names a session line that is not a date, as the build would', () => {
    const { id, course, body } = files.find(({ id }) => id === 'crisis-prevention-and-de-escalation')!;
    const data = courseFromRow({ ...rowFromCourse(id, course, body), Sessions: 'next spring' }).data;
    expect(errorPaths(data)).toEqual(['sessions.0.start']);
  });

  it('leaves the new cells out for a course without them, as Airtable leaves empty cells out', () => {
    const course = schema.parse(valid);
    expect(rowFromCourse('first-aid', course, '')).not.toHaveProperty('Keywords');
    expect(rowFromCourse('first-aid', course, '')).not.toHaveProperty('Sessions');
    expect(schema.parse(courseFromRow(rowFromCourse('first-aid', course, '')).data)).toEqual(course);
  });
});
