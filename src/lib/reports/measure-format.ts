import { formatChange, formatCount, formatShare } from './format.ts';
import type { Measure, Measures } from './measures.ts';

/** A measure's figure or target in its own unit: a share, a change, or an average out of 5. */
export function formatFigure(kind: Measure['kind'], value: number | null, none = 'nothing to count yet'): string {
  if (value === null) return none;
  if (kind === 'average') return `${value.toFixed(2)} of 5`;
  return kind === 'change' ? formatChange(value) : formatShare(value);
}

export const formatTarget = (m: Measure) =>
  m.target === null
    ? 'no target set'
    : `${m.kind === 'average' ? '' : m.kind === 'change' ? 'up ' : ''}${formatFigure(m.kind, m.target)}${m.kind === 'average' ? ' or more' : ''}`;

export const formatMet = (m: Measure) => (m.met === null ? 'not judged' : m.met ? 'yes' : 'no');

/** Why a figure may not be relied on, or nothing. */
export const reliabilityNote = (m: Measure, minimum: number) =>
  m.reliable ? '' : `too few answers: ${formatCount(m.basis)} of the ${formatCount(minimum)} needed`;

/** "year 2 of 5", or that the plan has not started. */
export const planYearText = (m: Measures) => (m.planYear === null ? 'before the five-year plan starts' : `year ${m.planYear} of the five-year plan`);
