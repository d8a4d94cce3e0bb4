import { fiscalYearEnd, formatMonthDay, timeZoneName } from '../program/calendar.ts';
import { formatMoney, maxBlocksPerYear, payTable } from '../program/money.ts';
import type { Program } from '../program/settings.ts';
import { allocationCents, formatCents } from '../program/budget.ts';
import { capRuleText, carryOverRuleText } from '../program/cap-rule.ts';
import { html, type Markup, type Value } from '../html/template.ts';

/**
 * The handbook never types a program figure: it writes {{payPerBlock}} and the
 * page fills it from content/program.yaml, so changing a setting changes every
 * place it is shown. Values are HTML, to go into the HTML the Markdown became.
 */
export function placeholderValues(program: Program): Record<string, string> {
  const hr = program.contacts[0];
  const values: Record<string, Value> = {
    districtName: program.district.name,
    districtShortName: program.district.shortName,
    programName: program.programName,
    blockHours: program.blockHours,
    payPerBlock: formatMoney(program.payPerBlock),
    yearlyCapHours: program.yearlyCapHours,
    maxBlocksPerYear: maxBlocksPerYear(program),
    maxPayPerYear: formatMoney(maxBlocksPerYear(program) * program.payPerBlock),
    fiscalYearStart: formatMonthDay(program.fiscalYearStart),
    fiscalYearEnd: formatMonthDay(fiscalYearEnd(program.fiscalYearStart)),
    submissionDeadline: formatMonthDay(program.submissionDeadline),
    carryOverYears: program.carryOverYears,
    capRule: capRuleText(program),
    carryOverRule: carryOverRuleText(program),
    decisionDeadlineDays: program.decisionDeadlineDays,
    timeZoneName: timeZoneName(program.timeZone),
    taskForceSize: program.taskForce.size,
    taskForceMeetingsPerYear: program.taskForce.meetingsPerYear,
    taskForceFacilitator: program.taskForce.facilitator,
    taskForceTermYears: program.taskForce.termYears,
    taskForceMembers: html`<ul>${program.taskForce.members.map((m) => html`<li>${m}</li>`)}</ul>`,
    focusPlanLastCheckpoint: formatMonthDay(program.focusPlan.lastCheckpointDate),
    focusPlanStartPercent: `${program.focusPlan.startTarget.percent}%`,
    focusPlanStartBy: formatMonthDay(program.focusPlan.startTarget.by),
    hrContact: hr && html`${hr.role}: ${hr.name}, <a href="mailto:${hr.email}">${hr.email}</a>, ${hr.phone}`,
    payTable: payTableHtml(program),
    pdBudgetPerFte: formatMoney(program.pdBudget.dollarsPerFte),
    pdBudgetFullTimeHours: program.pdBudget.fullTimeWeeklyHours,
    pdBudgetHalfTime: formatCents(allocationCents({ fte: 0.5, weeklyHours: program.pdBudget.fullTimeWeeklyHours / 2 }, program)),
  };
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, String(html`${value}`)]));
}

function payTableHtml(program: Program): Markup {
  const rows = payTable(program).map((row) => html`<tr><th scope="row">${row.blocks}</th><td>${row.hours} hours</td><td>${formatMoney(row.pay)}</td></tr>`);
  const head = html`<thead><tr><th scope="col">Blocks</th><th scope="col">Hours</th><th scope="col">Pay</th></tr></thead>`;
  return html`<table class="pay-table"><caption>Pay for completed hours in one fiscal year</caption>${head}<tbody>${rows}</tbody></table>`;
}

const TOKEN = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
const ALONE_IN_PARAGRAPH = /<p>\s*\{\{\s*([A-Za-z]+)\s*\}\}\s*<\/p>/g;
/** Placeholders whose value is a block (a table), so they must stand alone in their paragraph. */
const BLOCK_PLACEHOLDERS = new Set(['payTable', 'taskForceMembers']);

/** Fills every {{name}} in rendered HTML; an unknown or misplaced name fails with the file and the name. */
export function fillPlaceholders(html: string, values: Record<string, string>, file: string): string {
  const valueOf = (name: string) => {
    // Own names only: `{{constructor}}` is unknown, not Object's function.
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
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
