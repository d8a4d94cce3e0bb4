import { escape } from 'html-escaper';
import { fiscalYearEnd, formatMonthDay } from '../program/calendar.ts';
import { formatMoney, maxBlocksPerYear, payTable } from '../program/money.ts';
import type { Program } from '../program/settings.ts';

/**
 * The handbook never types a program figure: it writes {{payPerBlock}} and the
 * page fills it from content/program.yaml, so changing a setting changes every
 * place it is shown. Values are HTML.
 */
export function placeholderValues(program: Program): Record<string, string> {
  const text = (value: string | number) => escape(String(value));
  const hr = program.contacts[0];
  return {
    districtName: text(program.district.name),
    districtShortName: text(program.district.shortName),
    programName: text(program.programName),
    blockHours: text(program.blockHours),
    payPerBlock: text(formatMoney(program.payPerBlock)),
    yearlyCapHours: text(program.yearlyCapHours),
    maxBlocksPerYear: text(maxBlocksPerYear(program)),
    maxPayPerYear: text(formatMoney(maxBlocksPerYear(program) * program.payPerBlock)),
    fiscalYearStart: text(formatMonthDay(program.fiscalYearStart)),
    fiscalYearEnd: text(formatMonthDay(fiscalYearEnd(program.fiscalYearStart))),
    submissionDeadline: text(formatMonthDay(program.submissionDeadline)),
    carryOverYears: text(program.carryOverYears),
    decisionDeadlineDays: text(program.decisionDeadlineDays),
    taskForceSize: text(program.taskForce.size),
    taskForceMeetingsPerYear: text(program.taskForce.meetingsPerYear),
    hrContact: hr ? `${text(hr.role)}: ${text(hr.name)}, <a href="mailto:${text(hr.email)}">${text(hr.email)}</a>, ${text(hr.phone)}` : '',
    payTable: payTableHtml(program),
  };
}

function payTableHtml(program: Program): string {
  const rows = payTable(program)
    .map((row) => `<tr><th scope="row">${row.blocks}</th><td>${row.hours} hours</td><td>${escape(formatMoney(row.pay))}</td></tr>`)
    .join('');
  return (
    `<table class="pay-table"><caption>Pay for completed hours in one fiscal year</caption>` +
    `<thead><tr><th scope="col">Blocks</th><th scope="col">Hours</th><th scope="col">Pay</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>`
  );
}

const TOKEN = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
const ALONE_IN_PARAGRAPH = /<p>\s*\{\{\s*([A-Za-z]+)\s*\}\}\s*<\/p>/g;
/** Placeholders whose value is a block (a table), so they must stand alone in their paragraph. */
const BLOCK_PLACEHOLDERS = new Set(['payTable']);

/** Fills every {{name}} in rendered HTML; an unknown or misplaced name fails with the file and the name. */
export function fillPlaceholders(html: string, values: Record<string, string>, file: string): string {
  const valueOf = (name: string) => {
    const value = values[name];
    if (value === undefined) {
      throw new Error(`${file}: unknown placeholder {{${name}}}. Known: ${Object.keys(values).join(', ')}`);
    }
    return value;
  };
  return html
    .replace(ALONE_IN_PARAGRAPH, (match, name: string) => (BLOCK_PLACEHOLDERS.has(name) ? valueOf(name) : match))
    .replace(TOKEN, (_match, name: string) => {
      if (BLOCK_PLACEHOLDERS.has(name)) {
        throw new Error(`${file}: {{${name}}} must stand alone on its own line`);
      }
      return valueOf(name);
    });
}
