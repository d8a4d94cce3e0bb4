import { readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { EMPLOYEE_GROUPS } from '../program/compensation.ts';

/**
 * HR's staff roster: the one source of who works here, who supervises them and
 * who evaluates them. Employee IDs are compared exactly as the roster writes
 * them (no trimming of zeros, no dashes dropped): `0104233` is not `104233`.
 * Email addresses are compared without regard to case.
 */
export const EMPLOYEE_ID_PATTERN = /^[A-Za-z0-9]{3,20}$/;

const ID_RULE = 'use 3 to 20 letters or digits, written exactly as HR writes the ID';
const GROUP_RULE = `use one of: ${EMPLOYEE_GROUPS.join(', ')}`;

export const staffMemberSchema = z.object({
  employeeId: z.string({ error: 'is empty' }).regex(EMPLOYEE_ID_PATTERN, ID_RULE),
  name: z.string({ error: 'is empty' }).trim().min(1, 'is empty').max(120, 'is longer than 120 characters'),
  email: z.email({ error: 'is not an email address' }).max(254, 'is longer than 254 characters'),
  site: z.string({ error: 'is empty' }).trim().min(1, 'is empty').max(120, 'is longer than 120 characters'),
  jobTitle: z.string({ error: 'is empty' }).trim().min(1, 'is empty').max(120, 'is longer than 120 characters'),
  group: z.enum(EMPLOYEE_GROUPS, { error: GROUP_RULE }),
  fte: z.number({ error: 'write a number from 0 to 1.5, like 1.0 or 0.5' }).min(0, 'is below 0').max(1.5, 'is above 1.5'),
  weeklyHours: z.number({ error: 'write a number of hours from 0 to 80, like 40 or 20' }).min(0, 'is below 0').max(80, 'is above 80'),
  /** Employee IDs of the people who decide for this person; absent for the top of the tree. */
  supervisorId: z.string().regex(EMPLOYEE_ID_PATTERN, ID_RULE).optional(),
  evaluatorId: z.string().regex(EMPLOYEE_ID_PATTERN, ID_RULE).optional(),
  active: z.boolean({ error: 'write yes or no' }),
});

export type StaffMember = z.infer<typeof staffMemberSchema>;

/** The roster in memory, indexed for the lookups a request needs (10,000 people is the size planned for). */
export class Roster {
  readonly members: readonly StaffMember[];
  readonly #byId = new Map<string, StaffMember>();
  readonly #byEmail = new Map<string, StaffMember>();

  constructor(members: readonly StaffMember[]) {
    this.members = members;
    for (const m of members) {
      this.#byId.set(m.employeeId, m);
      // Should two people share an address (a roster read from Airtable is not refused for it), the active one signs in.
      const email = m.email.toLowerCase();
      const other = this.#byEmail.get(email);
      if (!other || m.active || !other.active) this.#byEmail.set(email, m);
    }
  }

  get size(): number {
    return this.members.length;
  }

  /** Exactly as the roster writes it. */
  byId(employeeId: string): StaffMember | undefined {
    return this.#byId.get(employeeId);
  }

  /** Work email, any case. */
  byEmail(email: string): StaffMember | undefined {
    return this.#byEmail.get(email.trim().toLowerCase());
  }

  supervisorOf(member: StaffMember): StaffMember | undefined {
    return member.supervisorId ? this.byId(member.supervisorId) : undefined;
  }

  evaluatorOf(member: StaffMember): StaffMember | undefined {
    return member.evaluatorId ? this.byId(member.evaluatorId) : undefined;
  }
}

// ---------------------------------------------------------------------------
// Columns: the CSV file's header and the Airtable table's fields are the same names.

/** Each field of a member and the column that holds it, in the order of the file. */
const COLUMN_OF = {
  employeeId: 'Employee ID',
  name: 'Name',
  email: 'Work email',
  site: 'Site',
  jobTitle: 'Job title',
  group: 'Employee group',
  fte: 'FTE',
  weeklyHours: 'Weekly hours',
  supervisorId: 'Supervisor ID',
  evaluatorId: 'Evaluator ID',
  active: 'Active',
} as const satisfies Record<keyof StaffMember, string>;

export type StaffColumn = (typeof COLUMN_OF)[keyof StaffMember];
export const STAFF_COLUMNS: readonly StaffColumn[] = Object.values(COLUMN_OF);
const FIELDS = Object.keys(COLUMN_OF) as (keyof StaffMember)[];

// ---------------------------------------------------------------------------
// Problems: every refusal names where (a row of the file, or an employee) and the column.

export interface RosterProblem {
  /** The row as a spreadsheet shows the file: the header is row 1. */
  row?: number;
  /** For a roster without rows (Airtable): whose record it is. */
  employeeId?: string;
  column?: StaffColumn;
  /** The cell as written, when it helps to see it. */
  value?: string;
  message: string;
}

export function formatProblem(p: RosterProblem): string {
  const where = p.row !== undefined ? `Row ${p.row}` : p.employeeId ? `Employee ${p.employeeId}` : 'The roster';
  const what = p.column ? `, ${p.column}${p.value ? ` "${p.value}"` : ''}` : '';
  return `${where}${what}: ${p.message}`;
}

// ---------------------------------------------------------------------------
// One row: cells (text) to a member, the same way for a CSV row and an Airtable record.

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Empty cells become "not given" and numbers and yes/no are read in one place; the schema then says what is wrong. */
function typedCell(field: keyof StaffMember, cell: string): unknown {
  if (cell === '') return undefined;
  if (field === 'fte' || field === 'weeklyHours') return NUMBER.test(cell) ? Number(cell) : cell;
  if (field === 'active') {
    const word = cell.toLowerCase();
    return YES.has(word) ? true : NO.has(word) ? false : cell;
  }
  if (field === 'group') return cell.toLowerCase();
  return cell;
}

export type RowResult = { member: StaffMember; problems?: never } | { member?: never; problems: Omit<RosterProblem, 'row' | 'employeeId'>[] };

/** A row of cells, keyed by column, as a member, or what is wrong with it, column by column. */
export function memberFromCells(cells: Partial<Record<StaffColumn, string>>): RowResult {
  const input = Object.fromEntries(
    FIELDS.map((field) => [field, typedCell(field, (cells[COLUMN_OF[field]] ?? '').trim())]).filter(([, value]) => value !== undefined),
  );
  const parsed = staffMemberSchema.safeParse(input);
  if (parsed.success) return { member: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const column = COLUMN_OF[issue.path[0] as keyof StaffMember];
    const value = (cells[column] ?? '').trim();
    // Only required columns can fail empty, whatever the rule that caught it.
    return value ? { column, value, message: issue.message } : { column, message: 'is empty' };
  });
  return { problems };
}

// ---------------------------------------------------------------------------
// Checks across rows: the same for a file and for the Airtable table.

/** What the checks across rows look at: a member, or a refused row's cells that are well formed. */
export type RosterRef = Pick<StaffMember, 'employeeId' | 'supervisorId' | 'evaluatorId'> & { email?: string };

/**
 * Duplicate IDs and emails, supervisors and evaluators who are not on the roster,
 * people above themselves. `rows` gives the spreadsheet row of each, for a file.
 */
export function checkRoster(members: readonly RosterRef[], rows?: readonly number[]): RosterProblem[] {
  const problems: RosterProblem[] = [];
  const at = (i: number) => (rows?.[i] !== undefined ? { row: rows[i] } : { employeeId: members[i]!.employeeId });
  const label = (i: number) => (rows?.[i] !== undefined ? `row ${rows[i]}` : `another record`);
  const firstById = new Map<string, number>();
  const firstByEmail = new Map<string, number>();
  members.forEach((m, i) => {
    const sameId = firstById.get(m.employeeId);
    if (sameId === undefined) firstById.set(m.employeeId, i);
    else problems.push({ ...at(i), column: 'Employee ID', value: m.employeeId, message: `is also on ${label(sameId)}` });
    if (!m.email) return;
    const email = m.email.toLowerCase();
    const sameEmail = firstByEmail.get(email);
    if (sameEmail === undefined) firstByEmail.set(email, i);
    else problems.push({ ...at(i), column: 'Work email', value: m.email, message: `is also on ${label(sameEmail)} (addresses are compared without case)` });
  });
  members.forEach((m, i) => {
    for (const [column, id, role] of [
      ['Supervisor ID', m.supervisorId, 'supervise'],
      ['Evaluator ID', m.evaluatorId, 'evaluate'],
    ] as const) {
      if (id === undefined) continue;
      if (id === m.employeeId) problems.push({ ...at(i), column, value: id, message: `is this person's own ID: nobody can ${role} themselves` });
      else if (!firstById.has(id)) problems.push({ ...at(i), column, value: id, message: 'no one on the roster has this Employee ID' });
    }
  });
  problems.push(...supervisionLoops(members, at));
  return problems;
}

/** A chain of supervisors that comes back to where it started never reaches the top: code walking up it would never stop. */
function supervisionLoops(members: readonly RosterRef[], at: (i: number) => Pick<RosterProblem, 'row' | 'employeeId'>): RosterProblem[] {
  const index = new Map(members.map((m, i) => [m.employeeId, i]));
  const state = new Map<string, 'walking' | 'done'>();
  const problems: RosterProblem[] = [];
  for (const start of members) {
    const path: string[] = [];
    let id: string | undefined = start.employeeId;
    while (id !== undefined && index.has(id) && !state.has(id)) {
      state.set(id, 'walking');
      path.push(id);
      const next: string | undefined = members[index.get(id)!]!.supervisorId;
      id = next === id ? undefined : next; // supervising oneself is reported on its own
    }
    if (id !== undefined && state.get(id) === 'walking') {
      const loop = path.slice(path.indexOf(id));
      const first = index.get(loop[0]!)!;
      problems.push({ ...at(first), column: 'Supervisor ID', message: `supervisors go round in a loop: ${[...loop, loop[0]].join(' → ')}` });
    }
    for (const walked of path) state.set(walked, 'done');
  }
  return problems;
}

// ---------------------------------------------------------------------------
// The CSV file HR exports.

/** Header names are matched without regard to case or extra spaces; other columns are left alone. */
const headerKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

const CSV_MESSAGES: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quote (") opened in a cell is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell has more text after its closing quote',
};

/**
 * HR's export, read as a spreadsheet would show it: a byte-order mark, Windows line
 * ends and quoted cells are fine, and every problem names its row and column, so
 * the whole file can be fixed in one go. Members are only those whose rows passed.
 */
export function parseRosterCsv(text: string): { members: StaffMember[]; problems: RosterProblem[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, trim: true, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error['lines'] === 'number' ? ` (line ${error['lines']} of the file)` : '';
    return { members: [], problems: [{ message: `the file is not readable as CSV${line}: ${CSV_MESSAGES[error.code] ?? error.message}` }] };
  }
  const [header = [], ...rows] = records;
  const positions = new Map(header.map((name, i) => [headerKey(name), i]));
  const missing = STAFF_COLUMNS.filter((c) => !positions.has(headerKey(c)));
  if (missing.length) {
    return {
      members: [],
      problems: [{ row: 1, message: `the header lacks ${missing.map((c) => `"${c}"`).join(', ')}; the columns are: ${STAFF_COLUMNS.join(', ')}` }],
    };
  }
  const members: StaffMember[] = [];
  const problems: RosterProblem[] = [];
  const refs: RosterRef[] = [];
  const refRows: number[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c === '')) return; // a blank line is a blank row, not a person
    if (cells.slice(header.length).some((c) => c !== '')) {
      // Every cell after the comma would be read into the wrong column: say what happened instead.
      problems.push({ row, message: `has ${cells.length} cells where the header has ${header.length}: a cell with a comma in it needs quotes around it` });
      const id = cells[positions.get(headerKey('Employee ID'))!] ?? '';
      if (EMPLOYEE_ID_PATTERN.test(id)) {
        refs.push({ employeeId: id });
        refRows.push(row);
      }
      return;
    }
    const byColumn = Object.fromEntries(STAFF_COLUMNS.map((c) => [c, cells[positions.get(headerKey(c))!] ?? ''])) as Record<StaffColumn, string>;
    const result = memberFromCells(byColumn);
    if (result.problems) problems.push(...result.problems.map((p) => ({ row, ...p })));
    const ref = result.member ?? wellFormedRef(byColumn, result.problems);
    if (result.member) members.push(result.member);
    if (ref) {
      refs.push(ref);
      refRows.push(row);
    }
  });
  // Refused rows take part too, so one pass over the file names every problem.
  problems.push(...checkRoster(refs, refRows));
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { members, problems };
}

/** What a refused row still says about IDs and email, leaving out the cells already reported. */
function wellFormedRef(cells: Record<StaffColumn, string>, problems: readonly Pick<RosterProblem, 'column'>[]): RosterRef | null {
  const ok = (column: StaffColumn) => (cells[column] && !problems.some((p) => p.column === column) ? cells[column] : undefined);
  const employeeId = ok('Employee ID');
  if (!employeeId) return null;
  const [email, supervisorId, evaluatorId] = [ok('Work email'), ok('Supervisor ID'), ok('Evaluator ID')];
  return { employeeId, ...(email ? { email } : {}), ...(supervisorId ? { supervisorId } : {}), ...(evaluatorId ? { evaluatorId } : {}) };
}

/** The roster in the repository (or a district's own file), for `npm start` and tests; a file with problems is refused whole. */
export function loadSampleRoster(file = 'content/staff.csv'): Roster {
  const { members, problems } = parseRosterCsv(readFileSync(file, 'utf8'));
  if (problems.length) throw new Error(`${file} has ${problems.length} problem(s):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  return new Roster(members);
}

// ---------------------------------------------------------------------------
// What an import changes.

export interface RosterDiff {
  added: StaffMember[];
  /** Changes other than Active, by column name; a person may also be in deactivated or reactivated. */
  changed: { member: StaffMember; fields: string[] }[];
  deactivated: StaffMember[];
  reactivated: StaffMember[];
  unchanged: number;
}

/** Nobody is deleted: people on the roster before and missing from the new one stay, inactive. */
export function withMissingDeactivated(before: readonly StaffMember[], after: readonly StaffMember[]): StaffMember[] {
  const present = new Set(after.map((m) => m.employeeId));
  return [...after, ...before.filter((m) => !present.has(m.employeeId)).map((m) => ({ ...m, active: false }))];
}

/** `after` is a whole roster: anyone active before and missing from it counts as deactivated. */
export function diffRoster(before: readonly StaffMember[], after: readonly StaffMember[]): RosterDiff {
  const diff: RosterDiff = { added: [], changed: [], deactivated: [], reactivated: [], unchanged: 0 };
  const previous = new Map(before.map((m) => [m.employeeId, m]));
  for (const next of withMissingDeactivated(before, after)) {
    const old = previous.get(next.employeeId);
    if (!old) {
      diff.added.push(next);
      continue;
    }
    const fields = FIELDS.filter((f) => f !== 'active' && old[f] !== next[f]).map((f) => COLUMN_OF[f]);
    if (fields.length) diff.changed.push({ member: next, fields });
    if (old.active && !next.active) diff.deactivated.push(next);
    else if (!old.active && next.active) diff.reactivated.push(next);
    else if (!fields.length) diff.unchanged++;
  }
  return diff;
}

/** The diff as lines of a report, one person a line. */
export function describeDiff(diff: RosterDiff): string[] {
  const who = (m: StaffMember) => `${m.employeeId} ${m.name} (${m.jobTitle}, ${m.site})`;
  const section = (title: string, lines: string[]) => [`${title}: ${lines.length}`, ...lines.map((l) => `  ${l}`)];
  return [
    ...section('Added', diff.added.map(who)),
    ...section(
      'Changed',
      diff.changed.map((c) => `${who(c.member)}: ${c.fields.join(', ')}`),
    ),
    ...section('Deactivated', diff.deactivated.map(who)),
    ...section('Reactivated', diff.reactivated.map(who)),
    `Unchanged: ${diff.unchanged}`,
  ];
}

/** More than this share of the active people switched off at once is refused unless forced. */
export const MAX_DEACTIVATED_SHARE = 0.2;

/** An import refused for switching off more people than a real change does; `diff` is what it would have done. */
export class TooManyDeactivated extends Error {
  readonly diff: RosterDiff;
  constructor(message: string, diff: RosterDiff) {
    super(message);
    this.diff = diff;
  }
}

/** Why an import is refused for switching off too many people, or null when it is not. */
export function deactivationRefusal(before: readonly StaffMember[], diff: RosterDiff): string | null {
  const active = before.filter((m) => m.active).length;
  const off = diff.deactivated.length;
  if (active === 0 || off <= active * MAX_DEACTIVATED_SHARE) return null;
  return (
    `This import would deactivate ${off} of the ${active} active people (${Math.round((100 * off) / active)}%), ` +
    `more than ${100 * MAX_DEACTIVATED_SHARE}% at once, so nothing was changed. A file cut short (an export that stopped early, ` +
    `a filter left on) looks like this: check that it lists everyone. If that many people really left, run the import again with --force.`
  );
}
