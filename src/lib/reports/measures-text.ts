import { formatMoney } from '../program/money.ts';
import { formatChange, formatCount, formatShare } from './format.ts';
import { formatFigure, formatMet, formatTarget, planYearText, reliabilityNote } from './measure-format.ts';
import { STORE_NEEDED, type Measures } from './measures.ts';
import { textTable } from './text-table.ts';

/** How many names of those missing a training the terminal shows; the CSV has them all. */
const NAMES_SHOWN = 10;

const tallyRows = <T extends { owed: number; done: number; share: number | null }>(rows: T[], name: (r: T) => string) =>
  rows.map((r) => [name(r), formatCount(r.owed), formatCount(r.done), formatShare(r.share)]);
const tallyColumns = (first: string) => [
  { header: first },
  { header: 'owed', align: 'right' as const },
  { header: 'done', align: 'right' as const },
  { header: 'share', align: 'right' as const },
];

/** Required training, participation and clock hours: the sections counted from completions. */
function fromStoreText({ requiredTraining: req, participation: part, clockHours }: NonNullable<Measures['fromStore']>): string[] {
  const [y0, y1, y2] = part.years.map(String);
  const missing = req.trainings
    .filter((t) => t.missing.length > 0)
    .map((t) => {
      const names = t.missing.slice(0, NAMES_SHOWN).map((p) => `  ${p.employeeId}  ${p.name}, ${p.site}`);
      const more = t.missing.length > NAMES_SHOWN ? [`  and ${formatCount(t.missing.length - NAMES_SHOWN)} more (--missing-training writes them all)`] : [];
      return [`${t.title}: ${formatCount(t.missing.length)} not completed`, ...names, ...more].join('\n');
    });
  return [
    'Required training against the roster, by training',
    textTable(tallyColumns('training'), [...tallyRows(req.trainings, (t) => t.title), ...tallyRows([req.all], () => 'All required trainings')]),
    '',
    'Required training, by site',
    textTable(
      tallyColumns('site'),
      tallyRows(req.sites, (s) => s.site),
    ),
    '',
    'Required training, by employee group',
    textTable(
      tallyColumns('group'),
      tallyRows(req.groups, (g) => g.group),
    ),
    '',
    ...(missing.length > 0 ? ['Who has not completed each required training', ...missing, ''] : []),
    'Participation: distinct staff with at least one completion, by fiscal year',
    textTable(
      [{ header: 'site' }, { header: `FY ${y0}`, align: 'right' }, { header: `FY ${y1}`, align: 'right' }, { header: `FY ${y2}`, align: 'right' }],
      [...part.sites.map((s) => [s.site, ...s.staff.map(formatCount)]), ['All sites', ...part.all.map(formatCount)]],
    ),
    `Over two years: ${formatChange(part.changeOverTwoYears, 'nobody took part two years before')}.`,
    '',
    `Clock hours: ${formatCount(clockHours.length)} people, ${formatCount(clockHours.reduce((n, p) => n + p.clockHours, 0))} clock hours (--clock-hours writes them per person).`,
  ];
}

/** The plan's measures and HR's views as plain text, for the terminal: the same figures as the HTML report. */
export function measuresText(m: Measures): string {
  const sections = [
    `Measures of the plan, against this year's targets (${planYearText(m)})`,
    textTable(
      [
        { header: 'measure' },
        { header: 'figure', align: 'right' },
        { header: 'target' },
        { header: 'met' },
        { header: 'from', align: 'right' },
        { header: 'note' },
      ],
      m.measures.map((x) => [x.name, formatFigure(x.kind, x.value), formatTarget(x), formatMet(x), formatCount(x.basis), reliabilityNote(x, m.minimumAnswers)]),
    ),
    ...(m.renewalAreasMissing.length > 0 ? [`Renewal areas with no course open to licensed staff: ${m.renewalAreasMissing.join(', ')}.`] : []),
    '',
    ...(m.fromStore ? fromStoreText(m.fromStore) : [STORE_NEEDED]),
  ];
  if (m.budgets) {
    sections.push(
      '',
      'PD budgets, by site',
      textTable(
        [
          { header: 'site' },
          { header: 'people', align: 'right' },
          { header: 'allocation', align: 'right' },
          { header: 'spent', align: 'right' },
          { header: 'pending', align: 'right' },
          { header: 'left', align: 'right' },
        ],
        [...m.budgets.sites, m.budgets.all].map((s) => [
          s.site,
          formatCount(s.people),
          formatMoney(s.allocation),
          formatMoney(s.spent),
          formatMoney(s.pending),
          formatMoney(s.left),
        ]),
      ),
    );
  }
  return sections.join('\n');
}
