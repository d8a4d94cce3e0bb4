// Requests waiting on a supervisor past the program's decision deadline (working days).
//   npm run overdue [-- --today YYYY-MM-DD]
import { formatDate, today as todayIn } from '../src/lib/program/calendar.ts';
import { loadProgram } from '../src/lib/program/settings.ts';
import { runTool } from '../src/lib/reports/cli.ts';
import { parseReportOptions } from '../src/lib/reports/options.ts';
import { overdueDecisions } from '../src/lib/reports/overdue.ts';
import { textTable } from '../src/lib/reports/text-table.ts';
import { readAllSubmissions } from '../src/lib/airtable/all-submissions.ts';

process.exitCode = await runTool(async () => {
  const program = loadProgram();
  const parsed = parseReportOptions(process.argv.slice(2), program, { accepts: ['today'] });
  if (!parsed.ok) {
    console.error(`${parsed.message}\nUsage: npm run overdue [-- --today YYYY-MM-DD]`);
    return 2;
  }
  const today = parsed.options.today ?? todayIn(new Date(), program.timeZone);
  const { source, submissions } = await readAllSubmissions(program.timeZone);
  const overdue = overdueDecisions(submissions, today, program);
  const waiting = submissions.filter((s) => s.status === 'with-supervisor').length;
  const deadline = `${program.decisionDeadlineDays}-working-day deadline`;

  console.log(`Decisions past the ${deadline}, as of ${formatDate(today)}`);
  console.log(`Data: ${source}.\n`);
  if (overdue.length === 0) {
    console.log(`No overdue decisions: ${waiting} ${waiting === 1 ? 'request waits' : 'requests wait'} on a supervisor, none past the deadline.`);
    return 0;
  }
  console.log(
    textTable(
      [
        { header: 'receipt' },
        { header: 'form' },
        { header: 'supervisor' },
        { header: 'supervisor email' },
        { header: 'waiting since' },
        { header: 'due on' },
        { header: 'working days overdue', align: 'right' },
        { header: 'decision link' },
      ],
      overdue.map((d) => [
        d.receipt,
        d.form,
        d.supervisorName,
        d.supervisorEmail,
        formatDate(d.waitingSince),
        formatDate(d.dueOn),
        d.workingDaysOverdue,
        d.decisionLink || '(none)',
      ]),
    ),
  );
  console.log(
    `\n${overdue.length} of ${waiting} ${waiting === 1 ? 'request' : 'requests'} waiting on a supervisor ${overdue.length === 1 ? 'is' : 'are'} overdue.`,
  );
  return 0;
});
