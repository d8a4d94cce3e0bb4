import { formatDate } from '../program/calendar.ts';
import { formatMoney } from '../program/money.ts';
import type { Program } from '../program/settings.ts';
import { formatAverage, formatCount, formatShare } from './format.ts';
import { DEFINITIONS, planStartTargetText, type Kpis } from './kpi.ts';
import { textTable } from './text-table.ts';

const yesNo = (met: boolean | null, none = '') => (met === null ? none : met ? 'yes' : 'no');

/** The measures as plain text, for the terminal: the same figures as the HTML report. */
export function kpiText(kpis: Kpis, program: Program, source: string): string {
  const { satisfaction: sat, focusPlans: plans, planStarts: starts, pay } = kpis;
  const target = program.measures.courseSatisfactionAverage;
  const meets = (avg: number | null) => (avg === null ? null : avg >= target);
  // Assignments live in the site's store only: the column is there when the report could read them.
  const known = starts.all.assigned !== undefined;
  const sections = [
    `${program.programName}: measures for fiscal year ${kpis.label}`,
    `${program.district.name}. ${formatDate(kpis.first)} to ${formatDate(kpis.last)}, as of ${formatDate(kpis.today)}.`,
    `Data: ${source}.`,
    '',
    `Course satisfaction, by course (target: an average of ${target} or more out of 5; over all courses, see the measures of the plan) [1]`,
    textTable(
      [{ header: 'course' }, { header: 'responses', align: 'right' }, { header: 'average' }, { header: 'target met' }],
      sat.courses.map((c) => [c.title, c.responses, formatAverage(c), yesNo(meets(c.average))]),
    ),
    '',
    'Focus plans [2]',
    textTable(
      [
        { header: 'started', align: 'right' },
        { header: 'checkpoint due', align: 'right' },
        { header: 'checkpointed on time', align: 'right' },
        { header: 'checkpoint sent late', align: 'right' },
        { header: 'share on time', align: 'right' },
        { header: 'not yet due', align: 'right' },
      ],
      [[plans.started, plans.due, plans.onTime, plans.late, formatShare(plans.share), plans.notYetDue]],
    ),
    '',
    `Focus plans started, by site (target: ${planStartTargetText(starts)}) [3]`,
    textTable(
      [
        { header: 'site' },
        { header: 'teachers', align: 'right' },
        ...(known ? [{ header: 'assigned', align: 'right' } as const] : []),
        { header: 'started', align: 'right' },
        { header: 'share', align: 'right' },
        { header: 'target met' },
      ],
      [...starts.sites, starts.all].map((x) => [
        x.site,
        formatCount(x.teachers),
        ...(known ? [formatCount(x.assigned ?? 0)] : []),
        formatCount(x.started),
        formatShare(x.share),
        yesNo(x.met, 'not yet judged'),
      ]),
    ),
    '',
    'Hours and pay approved [4]',
    textTable(
      [
        { header: 'requests', align: 'right' },
        { header: 'employees', align: 'right' },
        { header: 'hours', align: 'right' },
        { header: 'blocks', align: 'right' },
        { header: 'amount', align: 'right' },
      ],
      [[pay.requests, pay.employees, pay.hours, pay.blocks, formatMoney(pay.amount)]],
    ),
    '',
    'Notes',
    ...[DEFINITIONS.satisfaction, DEFINITIONS.focusPlans, DEFINITIONS.planStarts, DEFINITIONS.pay].map((d, i) => `[${i + 1}] ${d}`),
  ];
  return sections.join('\n');
}
