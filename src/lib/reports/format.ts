import type { Average } from './kpi.ts';
import { MIN_RATING_RESPONSES } from '../program/ratings.ts';

const count = new Intl.NumberFormat('en-US');
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatCount = (n: number) => count.format(n);

/** "42.5%"; the words for a share that cannot be worked out (nothing to divide by). */
export const formatShare = (share: number | null, none = 'nothing to count yet') => (share === null ? none : `${oneDecimal.format(share * 100)}%`);

/** "+12.5%" or "-4.0%": a change always shows its sign. */
export const formatChange = (change: number | null, none = 'no completions to compare with') =>
  change === null ? none : `${change >= 0 ? '+' : '-'}${oneDecimal.format(Math.abs(change) * 100)}%`;

export const FEWER_THAN = `fewer than ${MIN_RATING_RESPONSES} responses`;

/** "4.20 of 5", or why no average is shown. */
export const formatAverage = ({ average }: Average) => (average === null ? FEWER_THAN : `${average.toFixed(2)} of 5`);
