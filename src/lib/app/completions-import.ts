import { basename } from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import type { CatalogCourse } from '../catalog/files.ts';
import type { Roster } from '../identity/roster.ts';
import { isoDate, parseIsoDate, type IsoDate } from '../program/calendar.ts';
import { catalogCompletion, CompletionStore, type Completion } from '../store/completions.ts';
import type { Program } from '../program/settings.ts';
import type { SubmissionStore } from '../store/submissions.ts';

/** The columns of an attendance file (a sign-in sheet, the required-training platform's export), in any order. */
export const COMPLETION_COLUMNS = ['Employee ID', 'Course', 'Provider', 'Completed on', 'Hours'] as const;
type Column = (typeof COMPLETION_COLUMNS)[number];

export interface ImportProblem {
  row?: number;
  column?: Column;
  message: string;
}

export const formatImportProblem = (p: ImportProblem) => `${p.row ? `row ${p.row}` : 'the file'}${p.column ? `, ${p.column}` : ''}: ${p.message}`;

const headerKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** A date as the platform exports it (2026-09-14) or as a sign-in sheet is typed (9/14/2026). */
function dateOf(text: string): IsoDate | null {
  if (parseIsoDate(text)) return text;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!us) return null;
  const date = isoDate(Number(us[3]), Number(us[1]), Number(us[2]));
  return parseIsoDate(date) ? date : null;
}

/** The catalog course a cell names: its code (CV-1104), its id, or its exact title, any case. */
function courseFinder(catalog: ReadonlyMap<string, CatalogCourse>): (cell: string) => CatalogCourse | undefined {
  const byName = new Map<string, CatalogCourse>();
  for (const c of catalog.values()) for (const name of [c.id, c.code, c.title]) byName.set(headerKey(name), c);
  return (cell) => byName.get(headerKey(cell));
}

/** The completions of an attendance file, and every row that cannot be one, named by row and column. */
export function parseCompletionsCsv(
  text: string,
  file: string,
  ctx: { roster: Pick<Roster, 'byId'>; catalog: ReadonlyMap<string, CatalogCourse>; today: IsoDate },
): { completions: Completion[]; problems: ImportProblem[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, trim: true, relax_column_count: true });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { completions: [], problems: [{ message: `the file is not readable as CSV: ${error.message}` }] };
  }
  const [header = [], ...rows] = records;
  const at = new Map(header.map((name, i) => [headerKey(name), i]));
  const missing = COMPLETION_COLUMNS.filter((c) => c !== 'Provider' && !at.has(headerKey(c)));
  if (missing.length) {
    return {
      completions: [],
      problems: [{ row: 1, message: `the header lacks ${missing.map((c) => `"${c}"`).join(', ')}; the columns are: ${COMPLETION_COLUMNS.join(', ')}` }],
    };
  }
  const findCourse = courseFinder(ctx.catalog);
  const completions: Completion[] = [];
  const problems: ImportProblem[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c === '')) return;
    const cell = (c: Column) => cells[at.get(headerKey(c)) ?? -1] ?? '';
    const found: ImportProblem[] = [];
    const employeeId = cell('Employee ID');
    if (!employeeId) found.push({ row, column: 'Employee ID', message: 'is empty' });
    else if (!ctx.roster.byId(employeeId)) found.push({ row, column: 'Employee ID', message: `unknown employee ${employeeId}: not on HR's roster` });
    const course = findCourse(cell('Course'));
    if (!course)
      found.push({
        row,
        column: 'Course',
        message: cell('Course') ? `unknown course "${cell('Course')}": use a catalog code, like CV-1104, or the exact title` : 'is empty',
      });
    const completedOn = dateOf(cell('Completed on'));
    if (!completedOn) found.push({ row, column: 'Completed on', message: `bad date "${cell('Completed on')}": use a date like 2026-09-14 or 9/14/2026` });
    else if (completedOn > ctx.today) found.push({ row, column: 'Completed on', message: `bad date ${completedOn}: it is in the future` });
    const hoursText = cell('Hours');
    const hours = hoursText === '' ? course?.hours : Number(hoursText);
    if (hours === undefined || !Number.isFinite(hours) || hours <= 0 || hours > 500 || !Number.isInteger(hours * 4)) {
      if (hoursText !== '' || course)
        found.push({ row, column: 'Hours', message: `bad hours "${hoursText}": a number of hours above 0, in quarter hours at most (like 1.5)` });
    }
    if (found.length || !course || !completedOn || hours === undefined) return void problems.push(...found);
    const completion = catalogCompletion(course, { employeeId, completedOn, hours, source: 'import', reference: `${basename(file)} row ${row}` });
    completions.push(cell('Provider') ? { ...completion, provider: cell('Provider') } : completion);
  });
  return { completions, problems };
}

export interface ImportReport {
  added: Completion[];
  alreadyRecorded: number;
}

/** Records the completions; those already recorded (a second run, the same course from a claim) are counted, not added. */
export async function importCompletions(
  store: SubmissionStore,
  program: Pick<Program, 'fiscalYearStart'>,
  completions: Completion[],
  dryRun: boolean,
): Promise<ImportReport> {
  const records = new CompletionStore(store.blobStore, program);
  if (dryRun) {
    const people = new Set(completions.map((c) => c.employeeId));
    const known = new Set((await Promise.all([...people].map((p) => records.ofPerson(p)))).flat().map((c) => `${c.employeeId}|${c.courseId}|${c.completedOn}`));
    const added = completions.filter((c) => {
      const k = `${c.employeeId}|${c.courseId}|${c.completedOn}`;
      return known.has(k) ? false : (known.add(k), true);
    });
    return { added, alreadyRecorded: completions.length - added.length };
  }
  const outcomes = await records.recordMany(completions);
  const added = completions.filter((_, i) => outcomes[i] === 'added');
  return { added, alreadyRecorded: completions.length - added.length };
}
