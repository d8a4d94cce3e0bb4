import type { Program } from './settings.ts';

/** Hours are compared in quarter hours, so 1.5 + 4.5 is exactly 6. */
const quarters = (hours: number) => Math.round(hours * 4);
const hoursOf = (q: number) => q / 4;

export interface BlockSplit {
  blocks: number;
  /** Hours paid now: whole blocks. */
  payableHours: number;
  /** Hours short of the next block; they carry over. */
  remainderHours: number;
  pay: number;
}

/** Whole blocks in a number of hours, the pay for them, and what is left over. */
export function splitIntoBlocks(hours: number, program: Pick<Program, 'blockHours' | 'payPerBlock'>): BlockSplit {
  const perBlock = quarters(program.blockHours);
  const blocks = Math.floor(quarters(hours) / perBlock);
  return {
    blocks,
    payableHours: hoursOf(blocks * perBlock),
    remainderHours: hoursOf(quarters(hours) - blocks * perBlock),
    pay: blocks * program.payPerBlock,
  };
}

/** Hours the employee may still be paid for in a fiscal year, given hours already submitted. */
export function hoursLeftUnderCap(alreadySubmitted: number, program: Pick<Program, 'yearlyCapHours'>): number {
  return Math.max(0, hoursOf(quarters(program.yearlyCapHours) - quarters(alreadySubmitted)));
}

export function sumHours(hours: number[]): number {
  return hoursOf(hours.reduce((total, h) => total + quarters(h), 0));
}
