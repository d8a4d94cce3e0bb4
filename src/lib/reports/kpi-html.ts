import { html, raw, type Markup } from '../html/template.ts';
import { formatDate } from '../program/calendar.ts';
import { formatMoney } from '../program/money.ts';
import type { Program } from '../program/settings.ts';
import { barChart, type BarChart } from './bar-chart.ts';
import { formatAverage, formatCount, formatShare } from './format.ts';
import { DEFINITIONS, planStartTargetText, type Kpis } from './kpi.ts';

type Cell = string | number;

/** A table whose first column names each row, unless `rowHeaders` is false (a single row of totals). */
export function table(caption: string, headers: string[], rows: Cell[][], numeric: boolean[], rowHeaders = true): Markup {
  const num = (i: number) => numeric[i] && html` class="num"`;
  const cell = (value: Cell, i: number) => (i === 0 && rowHeaders ? html`<th scope="row"${num(i)}>${value}</th>` : html`<td${num(i)}>${value}</td>`);
  const head = headers.map((h, i) => html`<th scope="col"${num(i)}>${h}</th>`);
  const body = rows.map((r) => html`<tr>${r.map(cell)}</tr>`);
  // A narrow screen scrolls the table, not the page; the region takes focus so a keyboard can scroll it.
  return html`<div class="scroll" role="region" tabindex="0" aria-label="${caption}"><table><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export const section = (id: string, heading: string, intro: Markup, body: Markup) =>
  html`<section aria-labelledby="${id}"><h2 id="${id}">${heading}</h2><p>${intro}</p>${body}</section>`;
export const pair = (chart: BarChart, tableHtml: Markup) => html`<div class="pair"><figure>${barChart(chart)}</figure>${tableHtml}</div>`;
const note = (n: number) => html`<sup><a href="#note-${n}" id="ref-${n}">[${n}]</a></sup>`;

// Written here, never from data: the template would escape its quotes, which a style sheet does not decode.
const STYLE = raw(`
:root { color: #1b1f23; background: #fff; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 0.5rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 0.5rem; border-top: 1px solid #c9d1d9; padding-top: 1.5rem; }
.meta { color: #4a5560; margin: 0; }
.pair { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem 2rem; align-items: start; }
@media (max-width: 50rem) { .pair { grid-template-columns: minmax(0, 1fr); } }
figure { margin: 0; }
svg { display: block; max-width: 36rem; height: auto; }
svg .label, svg .value { font-size: 15px; fill: #1b1f23; }
svg .bar { fill: #1d4e3a; }
svg .target { stroke: #a15c00; stroke-width: 2; stroke-dasharray: 6 4; }
svg .target-label { font-size: 14px; fill: #a15c00; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
.scroll { overflow-x: auto; }
.scroll:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #c9d1d9; vertical-align: top; }
thead th { background: #f3f6f4; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
a { color: #0b57a4; }
a:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
.notes li { margin-bottom: 0.5rem; }
@media print { h2 { break-before: auto; } .pair { break-inside: avoid; } }
`);

/** The program report as one HTML file with nothing to fetch: styles inline, charts as inline SVG, no scripts. */
/** `measures`: the plan's measures and HR's views (measures-html.ts), shown after the figures above. */
export function kpiHtml(kpis: Kpis, program: Program, source: string, measures?: Markup): string {
  const { satisfaction: sat, focusPlans: plans, planStarts: starts, pay } = kpis;
  const year = `fiscal year ${kpis.label}`;
  const target = program.measures.courseSatisfactionAverage;
  const met = (avg: number | null) => (avg === null ? '' : avg >= target ? 'yes' : 'no');
  const satRows = sat.courses;

  const satisfaction = section(
    'satisfaction',
    'Course satisfaction, by course',
    html`Target: an average of ${target} or more out of 5. The average over all courses is among the measures of the plan.${note(1)}`,
    pair(
      {
        id: 'chart-satisfaction',
        title: `Average satisfaction out of 5 by course, ${year}`,
        max: 5,
        target: { value: target, label: `Target ${target}` },
        bars: satRows.map((c) => ({ label: c.title, value: c.average, valueText: formatAverage(c) })),
      },
      table(
        `Satisfaction, ${year}`,
        ['Course', 'Responses', 'Average', 'Target met'],
        satRows.map((c) => [c.title, c.responses, formatAverage(c), met(c.average)]),
        [false, true, false, false],
      ),
    ),
  );

  const planRows: [string, number][] = [
    ['Started', plans.started],
    ['Checkpoint due', plans.due],
    ['Checkpointed on time', plans.onTime],
    ['Checkpoint sent late', plans.late],
    ['Checkpoint not yet due', plans.notYetDue],
  ];
  const focus = section(
    'focus-plans',
    'Focus plans',
    html`Plans started in ${year}, and the share that reached the checkpoint by the plan’s checkpoint date: ${formatShare(plans.share)}.${note(2)}`,
    pair(
      {
        id: 'chart-plans',
        title: `Focus plans started and checkpointed, ${year}`,
        max: Math.max(1, plans.started),
        bars: planRows.map(([label, value]) => ({ label, value, valueText: formatCount(value) })),
      },
      table(
        `Focus plans, ${year}`,
        ['Plans', 'Number'],
        [...planRows.map(([l, v]) => [l, formatCount(v)]), ['Share on time', formatShare(plans.share)]],
        [false, true],
      ),
    ),
  );

  const startRows = [...starts.sites, starts.all];
  // Assignments live in the site's store only: the column is there when the report could read them.
  const known = starts.all.assigned !== undefined;
  const startTarget = planStartTargetText(starts);
  const byDate = formatDate(starts.by);
  const started = section(
    'plan-starts',
    'Focus plans started, by site',
    html`Teachers at each site who started a plan by ${byDate}. Target: ${startTarget}.${note(3)}`,
    pair(
      {
        id: 'chart-plan-starts',
        title: `Share of each site’s teachers who started a focus plan by ${byDate}, in percent`,
        max: 1,
        target: { value: starts.percent / 100, label: `Target ${starts.percent}%` },
        bars: startRows.map((x) => ({ label: x.site, value: x.share, valueText: formatShare(x.share, 'no teachers') })),
      },
      table(
        `Focus plans started by ${byDate}, by site`,
        ['Site', 'Teachers', ...(known ? ['Assigned'] : []), 'Started', 'Share', 'Target met'],
        startRows.map((x) => [
          x.site,
          formatCount(x.teachers),
          ...(known ? [formatCount(x.assigned ?? 0)] : []),
          formatCount(x.started),
          formatShare(x.share, 'no teachers'),
          x.met === null ? 'not yet judged' : x.met ? 'yes' : 'no',
        ]),
        [false, true, ...(known ? [true] : []), true, true, false],
      ),
    ),
  );

  const payment = section(
    'pay',
    'Hours and pay approved',
    html`Approved by Human Resources for ${year}, as in the payroll export.${note(4)}`,
    table(
      `Hours and pay, ${year}`,
      ['Requests', 'Employees', 'Hours', 'Blocks', 'Amount'],
      [[formatCount(pay.requests), formatCount(pay.employees), formatCount(pay.hours), formatCount(pay.blocks), formatMoney(pay.amount)]],
      [true, true, true, true, true],
      false,
    ),
  );

  const definitions = [DEFINITIONS.satisfaction, DEFINITIONS.focusPlans, DEFINITIONS.planStarts, DEFINITIONS.pay];
  const notes = definitions.map((d, i) => html`<li id="note-${i + 1}">${d} <a href="#ref-${i + 1}">Back to the figure</a></li>`);

  return String(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Program measures, ${year}: ${program.district.shortName}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${program.programName}: measures for ${year}</h1>
<p class="meta">${program.district.name}. ${formatDate(kpis.first)} to ${formatDate(kpis.last)}, as of ${formatDate(kpis.today)}. Data: ${source}.</p>
${satisfaction}
${focus}
${started}
${payment}
${measures}
<section aria-labelledby="notes"><h2 id="notes">Notes</h2><ol class="notes">${notes}</ol></section>
</main>
</body>
</html>
`);
}

export const kpiFileName = (fiscalYear: number) => `kpi-${fiscalYear}.html`;
