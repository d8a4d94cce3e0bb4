import { html, type Markup } from '../html/template.ts';
import { formatMoney } from '../program/money.ts';
import { formatChange, formatCount, formatShare } from './format.ts';
import { pair, section, table } from './kpi-html.ts';
import { formatFigure, formatMet, formatTarget, planYearText, reliabilityNote } from './measure-format.ts';
import { STORE_NEEDED, type Measure, type Measures } from './measures.ts';
import type { Tally } from './hr-views.ts';

/** Names listed in the page for each training; the CSV (--missing-training) has every one. */
const NAMES_SHOWN = 50;

/** How far a measure has come towards this year's target, 0 to 1: the one scale on which every measure can share a chart. */
function progress(m: Measure): number | null {
  if (m.value === null || m.target === null) return null;
  if (m.target <= 0) return m.value >= m.target ? 1 : 0;
  return Math.min(1, Math.max(0, m.value / m.target));
}

function measuresTable(m: Measures): Markup {
  const unreliable = m.measures.filter((x) => !x.reliable);
  const warning =
    unreliable.length > 0 &&
    html`<p><strong>Too few answers (marked *):</strong> ${unreliable.map((x) => x.name).join('; ')} ${unreliable.length === 1 ? 'rests' : 'rest'} on fewer than ${formatCount(m.minimumAnswers)} answers, the program’s minimum: ${unreliable.length === 1 ? 'it is' : 'they are'} shown, but cannot be relied on.</p>`;
  return html`${pair(
    {
      id: 'chart-measures',
      title: `Each measure as a share of this year’s target, fiscal year ${m.fiscalYear}`,
      max: 1,
      target: { value: 1, label: 'Target' },
      bars: m.measures.map((x) => {
        const note = reliabilityNote(x, m.minimumAnswers);
        return {
          label: x.reliable ? x.name : `${x.name} (too few answers)`,
          value: progress(x),
          valueText: formatFigure(x.kind, x.value) + (note ? ' *' : ''),
        };
      }),
    },
    table(
      `Measures against targets, fiscal year ${m.fiscalYear}`,
      ['Measure', 'Figure', 'Target', 'Met', 'From', 'Note'],
      m.measures.map((x) => [x.name, formatFigure(x.kind, x.value), formatTarget(x), formatMet(x), formatCount(x.basis), reliabilityNote(x, m.minimumAnswers)]),
      [false, true, false, false, true, false],
    ),
  )}${warning}`;
}

const tallyRow = (name: string, t: Tally) => [name, formatCount(t.owed), formatCount(t.done), formatShare(t.share)];

type FromStore = NonNullable<Measures['fromStore']>;

function requiredSection(req: FromStore['requiredTraining'], target: number | null): Markup {
  // The chart's line is the setting's target (program.yaml `measures:`), as in the measures table.
  const line = target === null ? {} : { target: { value: target, label: `Target ${formatShare(target)}` } };
  const rows = [...req.trainings.map((t) => ({ name: t.title, ...t })), { name: 'All required trainings', ...req.all }];
  const byTraining = pair(
    {
      id: 'chart-required-roster',
      title: `Required training completed, by training, in percent of the people who must take it`,
      max: 1,
      ...line,
      bars: rows.map((r) => ({ label: r.name, value: r.share, valueText: formatShare(r.share, 'nobody must take it') })),
    },
    table(
      'Required training by training',
      ['Training', 'Must take it', 'Completed', 'Share'],
      rows.map((r) => tallyRow(r.name, r)),
      [false, true, true, true],
    ),
  );
  const bySite = pair(
    {
      id: 'chart-required-sites',
      title: 'Required training completed, by site, in percent',
      max: 1,
      ...line,
      bars: req.sites.map((s) => ({ label: s.site, value: s.share, valueText: formatShare(s.share) })),
    },
    table(
      'Required training by site',
      ['Site', 'Owed', 'Completed', 'Share'],
      req.sites.map((s) => tallyRow(s.site, s)),
      [false, true, true, true],
    ),
  );
  const byGroup = table(
    'Required training by employee group',
    ['Group', 'Owed', 'Completed', 'Share'],
    req.groups.map((g) => tallyRow(g.group, g)),
    [false, true, true, true],
  );
  const missing = req.trainings
    .filter((t) => t.missing.length > 0)
    .map((t) => {
      const more =
        t.missing.length > NAMES_SHOWN &&
        html`<p>And ${formatCount(t.missing.length - NAMES_SHOWN)} more: the CSV from <code>--missing-training</code> lists everyone.</p>`;
      return html`<details><summary>${t.title}: ${formatCount(t.missing.length)} not completed</summary>${table(
        `Not completed: ${t.title}`,
        ['Employee ID', 'Name', 'Site', 'Group'],
        t.missing.slice(0, NAMES_SHOWN).map((p) => [p.employeeId, p.name, p.site, p.group]),
        [false, false, false, false],
      )}${more}</details>`;
    });
  return section(
    'required-roster',
    'Required training against the roster',
    html`Each active person on HR’s roster in the audience of each active required training, and whether they completed it this fiscal year. People who have left are not counted.`,
    html`${byTraining}${bySite}${byGroup}<h3>Who has not completed each</h3>${missing.length > 0 ? missing : html`<p>Everyone has completed every required training.</p>`}`,
  );
}

function participationSection(part: FromStore['participation']): Markup {
  const labels = part.years.map((y) => `FY ${y}`);
  return section(
    'participation-staff',
    'Participation: staff taking part',
    html`Distinct staff with at least one completion in each fiscal year, by the site the roster gives them. Over two years: ${formatChange(part.changeOverTwoYears, 'nobody took part two years before')}.`,
    pair(
      {
        id: 'chart-participation-staff',
        title: 'Distinct staff with a completion, by fiscal year',
        max: Math.max(1, ...part.all),
        bars: part.all.map((n, i) => ({ label: labels[i]!, value: n, valueText: formatCount(n) })),
      },
      table(
        'Staff taking part by site',
        ['Site', ...labels],
        [...part.sites.map((s) => [s.site, ...s.staff.map(formatCount)]), ['All sites', ...part.all.map(formatCount)]],
        [false, true, true, true],
      ),
    ),
  );
}

function budgetSection(b: NonNullable<Measures['budgets']>): Markup {
  const rows = [...b.sites, b.all];
  return section(
    'budgets',
    'PD budgets by site',
    html`Each active person’s allocation this fiscal year, what is spent, pending and left, added up per site.`,
    pair(
      {
        id: 'chart-budgets',
        title: 'Share of each site’s PD budget spent',
        max: 1,
        bars: rows.map((s) => {
          const spent = s.allocation > 0 ? s.spent / s.allocation : null;
          return { label: s.site, value: spent, valueText: formatShare(spent, 'no allocation') };
        }),
      },
      table(
        'PD budgets by site',
        ['Site', 'People', 'Allocation', 'Spent', 'Pending', 'Left'],
        rows.map((s) => [s.site, formatCount(s.people), formatMoney(s.allocation), formatMoney(s.spent), formatMoney(s.pending), formatMoney(s.left)]),
        [false, true, true, true, true, true],
      ),
    ),
  );
}

const requiredTarget = (m: Measures) => m.measures.find((x) => x.id === 'required-training')?.target ?? null;

function fromStoreSections(views: FromStore, target: number | null): Markup {
  const clock = views.clockHours.reduce((n, p) => n + p.clockHours, 0);
  return html`${requiredSection(views.requiredTraining, target)}
${participationSection(views.participation)}
${section('clock-hours', 'Clock hours', html`${formatCount(views.clockHours.length)} people recorded ${formatCount(clock)} clock hours this fiscal year. The CSV from <code>--clock-hours</code> gives them per person, for certification.`, html``)}`;
}

/** The plan's measures against their targets and HR's views, as sections of the HTML report. */
export function measuresHtml(m: Measures): Markup {
  const renewal =
    m.renewalAreasMissing.length > 0 && html`<p>Renewal areas with no active course open to licensed staff: ${m.renewalAreasMissing.join(', ')}.</p>`;
  return html`${section(
    'measures',
    'Measures against targets',
    html`The measures of the district’s plan for fiscal year ${m.fiscalYear}, ${planYearText(m)}. The chart shows how far each has come towards this year’s target; the table gives the figures. A figure from fewer than ${formatCount(m.minimumAnswers)} answers is marked.`,
    html`${measuresTable(m)}${renewal}`,
  )}
${m.fromStore ? fromStoreSections(m.fromStore, requiredTarget(m)) : section('store-needed', 'Participation and required training', html`${STORE_NEEDED}`, html``)}
${m.budgets && budgetSection(m.budgets)}`;
}
