import { describe, expect, it } from 'vitest';
import { formatRating } from '../../src/lib/catalog/format.ts';
import { courseRatings } from '../../src/lib/program/ratings.ts';

const survey = (courseId: unknown, satisfaction: unknown) => ({ form: 'exit-survey', data: { courseId, satisfaction, relevance: '1', willUse: '1' } });
const surveys = (courseId: string, answers: string[]) => answers.map((a) => survey(courseId, a));

describe('course ratings from exit surveys', () => {
  it('rates a course from 5 surveys on, and never one with 4', () => {
    const ratings = courseRatings([...surveys('first-aid', ['5', '5', '4', '4', '5']), ...surveys('paraeducator-academy', ['5', '5', '5', '5'])]);
    expect([...ratings.keys()]).toEqual(['first-aid']);
    expect(ratings.get('first-aid')).toEqual({ courseId: 'first-aid', responses: 5, average: 4.6 });
  });

  it('averages the satisfaction answers to one decimal', () => {
    expect(courseRatings(surveys('a', ['5', '5', '5', '4', '4', '4', '3'])).get('a')?.average).toBe(4.3);
    expect(courseRatings(surveys('a', ['2', '2', '1', '1', '1', '1'])).get('a')?.average).toBe(1.3);
    expect(courseRatings(surveys('a', ['4', '4', '4', '4', '4'])).get('a')?.average).toBe(4);
  });

  it('rounds an exact half up, even where floating point would round it down', () => {
    // 23 / 20 = 1.15 exactly; (1.15).toFixed(1) is "1.1".
    const answers = [...Array<string>(17).fill('1'), '2', '2', '2'];
    expect(courseRatings(surveys('a', answers)).get('a')).toEqual({ courseId: 'a', responses: 20, average: 1.2 });
  });

  it('ignores answers outside 1 to 5 and surveys without a course, so they do not count toward the 5', () => {
    const unusable = [
      survey('a', '0'),
      survey('a', '6'),
      survey('a', ''),
      survey('a', 'five'),
      survey('a', 4),
      survey('a', '4.5'),
      survey('a', undefined),
      survey('', '5'),
      survey(undefined, '5'),
    ];
    const ratings = courseRatings([...surveys('a', ['1', '2', '3', '4']), ...unusable]);
    expect(ratings.size).toBe(0);
    expect(courseRatings([...surveys('a', ['1', '2', '3', '4', '5']), ...unusable]).get('a')).toEqual({ courseId: 'a', responses: 5, average: 3 });
  });

  it('counts only exit surveys', () => {
    const other = Array.from({ length: 5 }, () => ({ form: 'pre-approval', data: { courseId: 'a', satisfaction: '1' } }));
    expect(courseRatings(other).size).toBe(0);
    expect(courseRatings([...other, ...surveys('a', ['5', '5', '5', '5', '4'])]).get('a')?.average).toBe(4.8);
  });

  it('says the rating in words with one decimal, the same on every page', () => {
    expect(formatRating({ courseId: 'a', responses: 12, average: 4 })).toBe('Rated 4.0 out of 5 by 12 people who took it');
    expect(formatRating({ courseId: 'a', responses: 5, average: 4.6 })).toBe('Rated 4.6 out of 5 by 5 people who took it');
  });
});
