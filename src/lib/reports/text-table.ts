/** A column of a plain-text table: numbers read best right-aligned. */
export interface TextColumn {
  header: string;
  align?: 'left' | 'right';
}

/**
 * A table for a terminal or an email, in plain characters: a header, a rule,
 * one line per row, columns two spaces apart. Widths count characters, so
 * names with accents line up.
 */
export function textTable(columns: readonly TextColumn[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((row) => columns.map((_, i) => String(row[i] ?? '')));
  const width = (s: string) => [...s].length;
  const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((r) => width(r[i]!))));
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        const pad = ' '.repeat(widths[i]! - width(v));
        return columns[i]!.align === 'right' ? pad + v : v + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
