import { stringify } from 'csv-stringify/sync';

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, or a tab or
 * return before one) is written as text, with a leading apostrophe: names and
 * comments come from the public, and a CSV is opened in a spreadsheet.
 */
export const spreadsheetSafe = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** Rows as CSV with a header, every cell made spreadsheet-safe. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, string | number>[]): string {
  const safe = rows.map((row) => Object.fromEntries(columns.map((c) => [c, spreadsheetSafe(String(row[c] ?? ''))])));
  return stringify(safe, { header: true, columns: [...columns] });
}
