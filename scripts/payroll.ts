// Payroll's file for a fiscal year: HR-approved compensation, in whole blocks, never past the yearly cap.
//   npm run payroll -- --fiscal-year 2026 [--out folder]     (default folder: exports/)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fiscalYearLabel } from '../src/lib/program/calendar.ts';
import { formatMoney } from '../src/lib/program/money.ts';
import { loadProgram } from '../src/lib/program/settings.ts';
import { runTool } from '../src/lib/reports/cli.ts';
import { parseReportOptions } from '../src/lib/reports/options.ts';
import { payrollCsv, payrollFileName, payrollFor } from '../src/lib/reports/payroll.ts';
import { textTable } from '../src/lib/reports/text-table.ts';
import { readAllSubmissions } from '../src/lib/airtable/all-submissions.ts';

const USAGE = 'Usage: npm run payroll -- --fiscal-year YEAR [--out folder]';

process.exitCode = await runTool(async () => {
  const program = loadProgram();
  const parsed = parseReportOptions(process.argv.slice(2), program, { accepts: ['fiscal-year', 'out'], requires: ['fiscal-year'] });
  if (!parsed.ok) {
    console.error(`${parsed.message}\n${USAGE}`);
    return 2;
  }
  const fiscalYear = parsed.options['fiscal-year']!;
  const { source, submissions } = await readAllSubmissions(program.timeZone);
  const payroll = payrollFor(submissions, fiscalYear, program);
  const folder = parsed.options.out ?? 'exports';
  mkdirSync(folder, { recursive: true });
  const file = join(folder, payrollFileName(fiscalYear));
  writeFileSync(file, payrollCsv(payroll));

  const { totals } = payroll;
  console.log(`Payroll for fiscal year ${fiscalYearLabel(fiscalYear, program.fiscalYearStart)}: compensation approved by Human Resources`);
  console.log(`Data: ${source}.\n`);
  console.log(
    textTable(
      ['requests', 'employees', 'hours', 'blocks', 'amount'].map((header) => ({ header, align: 'right' as const })),
      [[totals.requests, totals.employees, totals.hours, totals.blocks, formatMoney(totals.amount)]],
    ),
  );
  if (payroll.reimbursements.length > 0) {
    const reimbursed = payroll.reimbursements.reduce((cents, r) => cents + Math.round(r.amount * 100), 0) / 100;
    console.log(`\nPD budget reimbursements, separate pay lines: ${payroll.reimbursements.length}, ${formatMoney(reimbursed)}.`);
  }
  if (totals.cut > 0) {
    console.log(
      `\n${totals.cut} ${totals.cut === 1 ? 'request is' : 'requests are'} paid less than claimed, to stay within ${program.yearlyCapHours} hours a year: see the Note column.`,
    );
  }
  console.log(`\nWritten: ${file}`);
  return 0;
});
