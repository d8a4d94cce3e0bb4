import type { Program } from './settings.ts';

const wholeDollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const withCents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 });

/** "$250", "$1,250", "$262.50": cents only when there are some. */
export function formatMoney(dollars: number): string {
  return (Number.isInteger(dollars) ? wholeDollars : withCents).format(dollars);
}

export function maxBlocksPerYear(program: Program): number {
  return program.yearlyCapHours / program.blockHours;
}

/** One row per payable number of blocks, up to the yearly cap. */
export function payTable(program: Program): { blocks: number; hours: number; pay: number }[] {
  return Array.from({ length: maxBlocksPerYear(program) }, (_, i) => ({
    blocks: i + 1,
    hours: (i + 1) * program.blockHours,
    pay: (i + 1) * program.payPerBlock,
  }));
}
