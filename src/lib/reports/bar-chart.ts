import { html, type Markup } from '../html/template.ts';

export interface Bar {
  label: string;
  /** Null draws no bar: the value text says why. */
  value: number | null;
  valueText: string;
}

export interface BarChart {
  /** Unique in the page: the chart's title and description are found by it. */
  id: string;
  title: string;
  bars: Bar[];
  /** The value the axis runs to. */
  max: number;
  target?: { value: number; label: string };
}

/**
 * A horizontal bar chart as inline SVG: each bar's label above it and its value
 * beside it in text, so nothing is told by colour alone; the chart is one image
 * named by its title, and the page puts a table of the same figures beside it.
 * Colours (on white): bars #1d4e3a (9.9:1), target #a15c00 (4.9:1), text #1b1f23.
 */
export function barChart({ id, title, bars, max, target }: BarChart): Markup {
  const width = 560;
  const left = 4;
  // Values sit in a column of their own at the right, clear of the bars and the target line.
  const barArea = width - left - 150;
  const row = 46;
  const top = target ? 28 : 8;
  const height = top + bars.length * row + 8;
  const x = (v: number) => left + (Math.min(Math.max(v, 0), max) / max) * barArea;
  const rows = bars.map((bar, i) => {
    const y = top + i * row;
    const rect = bar.value !== null && html`<rect x="${left}" y="${y + 20}" width="${(x(bar.value) - left).toFixed(1)}" height="18" class="bar"/>`;
    return html`<text x="${left}" y="${y + 14}" class="label">${bar.label}</text>${rect}<text x="${width - 4}" y="${y + 34}" text-anchor="end" class="value">${bar.valueText}</text>`;
  });
  const at = target && x(target.value).toFixed(1);
  const line =
    target &&
    html`<line x1="${at}" x2="${at}" y1="20" y2="${height - 4}" class="target"/><text x="${at}" y="14" text-anchor="middle" class="target-label">${target.label}</text>`;
  return html`<svg role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc" viewBox="0 0 ${width} ${height}" width="100%">${[
    html`<title id="${id}-title">${title}</title>`,
    html`<desc id="${id}-desc">Bar chart; the table beside it gives the same figures.</desc>`,
    rows,
    line,
  ]}</svg>`;
}
