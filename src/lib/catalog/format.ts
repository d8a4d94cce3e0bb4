import type { CourseRating } from '../program/ratings.ts';

export function formatHours(hours: number): string {
  return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

/** A rating in words: screen readers and search read the same sentence that is shown. */
export function formatRating(rating: CourseRating): string {
  return `Rated ${rating.average.toFixed(1)} out of 5 by ${rating.responses} people who took it`;
}
