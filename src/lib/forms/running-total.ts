import { errorMessage } from '../html/error-message.ts';
import { hint } from '../html/hint.ts';
import { html, type Markup } from '../html/template.ts';
import { hoursLeftUnderCap, splitIntoBlocks, sumHours } from '../program/blocks.ts';
import { formatMoney } from '../program/money.ts';
import { inputId } from './field-ids.ts';

/**
 * The running total of a claim: its hours, whole blocks and pay, and what is left
 * of this year's cap. The server renders it (with the total of what was sent) and the
 * browser script updates it from the same figures, read from the page's data attributes,
 * so the program's numbers live in program.yaml alone. The total's own errors (blocks,
 * carry-over, cap) sit here, and the summary links to its heading.
 */
export interface TotalFigures {
  /** The list whose rows' hours are added up, and the hours field of a row. */
  list: string;
  hours: string;
  blockHours: number;
  payPerBlock: number;
  yearlyCapHours: number;
  /** Hours of this fiscal year's cap not yet taken by claims already sent. */
  capLeft: number;
}

/** The figures as the page carries them, and back. */
export const TOTAL_ATTRIBUTES = {
  list: 'data-total-list',
  hours: 'data-total-hours',
  blockHours: 'data-block-hours',
  payPerBlock: 'data-pay-per-block',
  yearlyCapHours: 'data-cap-hours',
  capLeft: 'data-cap-left',
} as const;

export function totalFigures(
  program: { blockHours: number; payPerBlock: number; yearlyCapHours: number },
  list: { list: string; hours: string },
  hoursSubmitted: number,
): TotalFigures {
  return {
    ...list,
    blockHours: program.blockHours,
    payPerBlock: program.payPerBlock,
    yearlyCapHours: program.yearlyCapHours,
    capLeft: hoursLeftUnderCap(hoursSubmitted, program),
  };
}

/** Hours as typed: a plain number counts, anything else (still being typed, or wrong) does not. */
export function typedHours(texts: unknown[]): number {
  const hours = texts.flatMap((t) => {
    const text = typeof t === 'number' ? String(t) : typeof t === 'string' ? t.trim() : '';
    return /^(?:\d+\.?\d*|\.\d+)$/.test(text) ? [Number(text)] : [];
  });
  return sumHours(hours);
}

const hoursText = (n: number) => `${n} ${n === 1 ? 'hour' : 'hours'}`;

/** "7 hours: 1 whole block, $250 (1 hour short of the next block). 12 of this year's 18 hours left to claim." */
export function totalText(hours: number, f: TotalFigures): string {
  const split = splitIntoBlocks(hours, f);
  const blocks = `${split.blocks} whole ${split.blocks === 1 ? 'block' : 'blocks'}, ${formatMoney(split.pay)}`;
  const rest = split.remainderHours > 0 ? ` (${hoursText(split.remainderHours)} short of a whole block)` : '';
  return `${hoursText(hours)}: ${blocks}${rest}. ${hoursText(f.capLeft)} of this year’s ${f.yearlyCapHours} left to claim.`;
}

/** The total of the rows given (a refused send shows what was sent), with the total's error if any. */
export function runningTotalHtml(f: TotalFigures, rows: unknown, error: string | undefined): Markup {
  const id = inputId(f.list);
  const list = Array.isArray(rows) ? rows : rows && typeof rows === 'object' ? Object.values(rows) : [];
  const hours = typedHours(list.map((row: unknown) => (row && typeof row === 'object' ? (row as Record<string, unknown>)[f.hours] : undefined)));
  const data = Object.entries(TOTAL_ATTRIBUTES).map(([key, attribute]) => html` ${attribute}="${String(f[key as keyof TotalFigures])}"`);
  const words = `Paid in whole blocks of ${f.blockHours} hours, ${formatMoney(f.payPerBlock)} a block, up to ${f.yearlyCapHours} hours a fiscal year.`;
  return html`<div class="${error ? 'field running-total field-error' : 'field running-total'}" data-field="${f.list}" data-running-total${data}><h3 class="running-total-title" id="${id}" tabindex="-1">Total of this claim</h3>${hint({ fieldId: id, text: words })}${error && errorMessage({ fieldId: id, text: error })}<output class="running-total-figures" aria-live="polite" data-total-text>${totalText(hours, f)}</output></div>`;
}

/** The figures back from the page's data attributes, for the browser script. */
export function figuresFrom(element: { getAttribute(name: string): string | null }): TotalFigures {
  const read = (attribute: string) => element.getAttribute(attribute) ?? '';
  return {
    list: read(TOTAL_ATTRIBUTES.list),
    hours: read(TOTAL_ATTRIBUTES.hours),
    blockHours: Number(read(TOTAL_ATTRIBUTES.blockHours)),
    payPerBlock: Number(read(TOTAL_ATTRIBUTES.payPerBlock)),
    yearlyCapHours: Number(read(TOTAL_ATTRIBUTES.yearlyCapHours)),
    capLeft: Number(read(TOTAL_ATTRIBUTES.capLeft)),
  };
}
