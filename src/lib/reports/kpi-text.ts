import { formatDate } from '../program/calendar.ts';
import { formatMoney } from '../program/money.ts';
import type { Program } from '../program/settings.ts';
import { formatAverage, formatChange, formatCount, formatShare } from './format.ts';
import { DEFINITIONS, planStartTargetText, TARGETS, type Kpis } from './kpi.ts';
import { textTable } from './text-table.ts';

const yesNo = (met: boolean | null, none = '') => (met === null ? none : met ? 'yes' : 'no');

/** The measures as plain text, for the terminal: the same figures as the HTML report. */
export function kpiText(kpis: Kpis, program: Program, source: string): string {
  const { satisfaction: sat, participation: part, requiredTraining: req, focusPlans: plans, planStarts: starts, pay } = kpis;
  const [, lastYear] = part.years;
  const meets = (avg: number | null) => (avg === null ? null : avg >= TARGETS.satisfaction);
  const sections = [
    `${program.programName}: measures for fiscal year ${kpis.label}`,
    `${program.district.name}. ${formatDate(kpis.first)} to ${formatDate(kpis.last)}, as of ${formatDate(kpis.today)}.`,
    `Data: ${source}.`,
    '',
    `Course satisfaction (target: an average of ${TARGETS.satisfaction} or more out of 5) [1]`,
    textTable(
      [{ header: 'course' }, { header: 'responses', align: 'right' }, { header: 'average' }, { header: 'target met' }],
      [
        ['All courses', sat.overall.responses, formatAverage(sat.overall), yesNo(meets(sat.overall.average))],
        ...sat.courses.map((c) => [c.title, c.responses, formatAverage(c), yesNo(meets(c.average))]),
      ],
    ),
    '',
    `Participation: course completions (target: up ${TARGETS.participationOverTwoYears * 100}% over two years) [2]`,
    textTable(
      [{ header: 'fiscal year' }, { header: 'completions', align: 'right' }],
      part.years.map((y) => [y.label, formatCount(y.completions)]),
    ),
    `On ${lastYear!.label}: ${formatChange(part.changeOverOneYear)}. Over two years: ${formatChange(part.changeOverTwoYears)}.`,
    '',
    `Required training (target: ${TARGETS.requiredTraining * 100}% of the staff who must take it) [3]`,
    textTable(
      [{ header: 'course' }, { header: 'completions', align: 'right' }, { header: 'staff', align: 'right' }, { header: 'completion', align: 'right' }],
      [
        ...req.courses.map((c) => [c.title, formatCount(c.completions), formatCount(c.staff), formatShare(c.share)]),
        ['All required trainings', formatCount(req.completions), formatCount(req.staff), formatShare(req.share)],
      ],
    ),
    '',
    'Focus plans [4]',
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
    `Focus plans started, by site (target: ${planStartTargetText(starts)}) [5]`,
    textTable(
      [
        { header: 'site' },
        { header: 'teachers', align: 'right' },
        { header: 'started', align: 'right' },
        { header: 'share', align: 'right' },
        { header: 'target met' },
      ],
      [...starts.sites, starts.all].map((x) => [x.site, formatCount(x.teachers), formatCount(x.started), formatShare(x.share), yesNo(x.met, 'not yet judged')]),
    ),
    '',
    'Hours and pay approved [6]',
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
    ...[DEFINITIONS.satisfaction, DEFINITIONS.completion, DEFINITIONS.requiredTraining, DEFINITIONS.focusPlans, DEFINITIONS.planStarts, DEFINITIONS.pay].map(
      (d, i) => `[${i + 1}] ${d}`,
    ),
  ];
  return sections.join('\n');
}
