import { formatMonthDay } from './calendar.ts';
import { formatMoney, maxBlocksPerYear } from './money.ts';
import type { Program } from './settings.ts';

/**
 * The cap and carry-over as the handbook states them, written from the same
 * settings the claim's rules read, so the words and the rules cannot drift apart.
 */
export function capRuleText(program: Program): string {
  return (
    `A claim counts in the fiscal year you send it: you can be paid for up to ${program.yearlyCapHours} hours of claims sent in one fiscal year, ` +
    `${maxBlocksPerYear(program)} blocks worth ${formatMoney(maxBlocksPerYear(program) * program.payPerBlock)} in total. Once you reach it, ` +
    `nothing more can be paid until the next fiscal year.`
  );
}

export function carryOverRuleText(program: Program): string {
  const deadline = formatMonthDay(program.submissionDeadline);
  const window =
    program.carryOverYears <= 1
      ? `Hours must be claimed by ${deadline} of the fiscal year you completed them; nothing carries over.`
      : `Hours can be claimed within ${program.carryOverYears} fiscal years, counting the one you completed them in, and by ${deadline} of the last of those years.`;
  const which =
    program.carryOverHours === 'partial-block'
      ? ` Only hours short of a block carry over (fewer than ${program.blockHours}), to be combined with later hours into a block: whole blocks are claimed by ${deadline} of the year you completed them. Carry-over is not a way to save hours above the yearly cap.`
      : ` Any hours not yet claimed carry over within that window.`;
  return `${window}${which}`;
}
