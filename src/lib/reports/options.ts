import { parseArgs } from 'node:util';
import { z } from 'zod';
import { fiscalYearOf, fiscalYearRange, formatDate, parseIsoDate, today as todayIn } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';

/** The options HR's report tools share; each tool accepts the ones it needs. */
const optionsSchema = z.object({
  'fiscal-year': z
    .string()
    .regex(/^[12]\d{3}$/, 'must be a four-digit year')
    .transform(Number)
    .optional(),
  out: z.string().trim().min(1, 'must name a folder').optional(),
  'missing-training': z.string().trim().min(1, 'must name a CSV file to write').optional(),
  'clock-hours': z.string().trim().min(1, 'must name a CSV file to write').optional(),
  today: z
    .string()
    .refine((d) => parseIsoDate(d) !== null, 'must be a calendar date written YYYY-MM-DD')
    .optional(),
});

export type ReportOptions = z.infer<typeof optionsSchema>;
export type OptionName = keyof ReportOptions;

export type ParsedOptions = { ok: true; options: ReportOptions } | { ok: false; message: string };

/** How a fiscal year is named, with an example from the district's own calendar. */
export function fiscalYearHint(program: Program, now = todayIn(new Date(), program.timeZone)): string {
  const year = fiscalYearOf(now, program.fiscalYearStart);
  const { first, last } = fiscalYearRange(year, program.fiscalYearStart);
  return `the calendar year the fiscal year starts in: --fiscal-year ${year} is ${formatDate(first)} to ${formatDate(last)}`;
}

/** Reads the command line; a refusal names the option and says what it takes. */
export function parseReportOptions(
  argv: readonly string[],
  program: Program,
  { accepts, requires = [] }: { accepts: readonly OptionName[]; requires?: readonly OptionName[] },
): ParsedOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: Object.fromEntries(accepts.map((name) => [name, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  for (const name of requires) {
    if (values[name] === undefined) {
      return { ok: false, message: `--${name} is missing${name === 'fiscal-year' ? `: give ${fiscalYearHint(program)}` : ''}.` };
    }
  }
  const result = optionsSchema.safeParse(values);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]);
    const hint = name === 'fiscal-year' ? `, ${fiscalYearHint(program)}` : '';
    return { ok: false, message: `--${name} ${issue.message}${hint} (you gave "${String(values[name])}").` };
  }
  return { ok: true, options: result.data };
}
