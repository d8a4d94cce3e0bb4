import { MAX_RECORDS_PER_REQUEST, spaced, type AirtableClient } from './client.ts';
import { EMPLOYEE_GROUPS } from '../program/compensation.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import {
  checkRoster,
  deactivationRefusal,
  diffRoster,
  MAX_DEACTIVATED_SHARE,
  formatProblem,
  memberFromCells,
  STAFF_COLUMNS,
  type RosterDiff,
  type RosterProblem,
  type StaffColumn,
  type StaffMember,
  TooManyDeactivated,
} from '../identity/roster.ts';
import { markRosterChecked, readRosterSnapshot, readRosterStamp, saveRosterSnapshot } from '../identity/roster-store.ts';

/**
 * HR's roster in Airtable: the "Staff" table, one row per person, the columns of
 * the CSV file with the same names. A row is checked by the same rules as a row of
 * the file; people are never deleted by the site, only marked inactive.
 */
export const STAFF_TABLE = 'Staff';
const MERGE_ON: StaffColumn = 'Employee ID';

export interface StaffField {
  name: StaffColumn;
  type: 'singleLineText' | 'email' | 'singleSelect' | 'number' | 'checkbox';
  choices?: string[];
  /** Decimal places Airtable keeps for a number. */
  precision?: number;
}

const FIELD_TYPES: Record<StaffColumn, Omit<StaffField, 'name'>> = {
  // First in the table, so it is Airtable's primary field.
  'Employee ID': { type: 'singleLineText' },
  Name: { type: 'singleLineText' },
  'Work email': { type: 'email' },
  Site: { type: 'singleLineText' },
  'Job title': { type: 'singleLineText' },
  'Employee group': { type: 'singleSelect', choices: [...EMPLOYEE_GROUPS] },
  // 3.5 hours of an 8-hour day is 0.4375: two places would round it.
  FTE: { type: 'number', precision: 4 },
  'Weekly hours': { type: 'number', precision: 2 },
  'Supervisor ID': { type: 'singleLineText' },
  'Evaluator ID': { type: 'singleLineText' },
  Active: { type: 'checkbox' },
};

export const STAFF_FIELDS: readonly StaffField[] = STAFF_COLUMNS.map((name) => ({ name, ...FIELD_TYPES[name] }));

/** A member as the table's fields; null clears a cell, so a supervisor taken off the file leaves the table too. */
export function staffRecord(m: StaffMember): Record<StaffColumn, unknown> {
  return {
    'Employee ID': m.employeeId,
    Name: m.name,
    'Work email': m.email,
    Site: m.site,
    'Job title': m.jobTitle,
    'Employee group': m.group,
    FTE: m.fte,
    'Weekly hours': m.weeklyHours,
    'Supervisor ID': m.supervisorId ?? null,
    'Evaluator ID': m.evaluatorId ?? null,
    Active: m.active,
  };
}

/** A record's fields as the cells of a file row; Airtable leaves an unticked box out of its answer. */
function cellsOf(fields: Record<string, unknown>): Record<StaffColumn, string> {
  const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : String(v));
  const cells = Object.fromEntries(STAFF_COLUMNS.map((c) => [c, text(fields[c])])) as Record<StaffColumn, string>;
  cells.Active = fields['Active'] === true ? 'yes' : 'no';
  return cells;
}

interface ReadOptions {
  /** Runs before each request: the base's 5 requests a second are shared. */
  pace?: () => Promise<void>;
}

/** The records as members, and each record that fails the rules, named by its Employee ID (never dropped in silence). */
async function readRecords(
  client: AirtableClient,
  pace: () => Promise<void>,
  filterByFormula?: string,
): Promise<{ records: number; members: StaffMember[]; problems: RosterProblem[] }> {
  const records = await client.listAll(STAFF_TABLE, { beforeRequest: pace, ...(filterByFormula ? { filterByFormula } : {}) });
  const members: StaffMember[] = [];
  const problems: RosterProblem[] = [];
  for (const record of records) {
    const cells = cellsOf(record.fields);
    const result = memberFromCells(cells);
    if (result.member) members.push(result.member);
    else if (!cells['Employee ID']) problems.push({ column: 'Employee ID', message: `is empty in Airtable record ${record.id}` });
    else problems.push(...result.problems.map((p) => ({ employeeId: cells['Employee ID'], ...p })));
  }
  return { records: records.length, members, problems };
}

/** First of each Employee ID: a second row with the same ID is reported by the checks, and the first one stands. */
function firstOfEach(members: readonly StaffMember[]): StaffMember[] {
  const seen = new Set<string>();
  return members.filter((m) => !seen.has(m.employeeId) && seen.add(m.employeeId));
}

/** The whole table, checked row by row and across rows as a file is. */
export async function readStaff(client: AirtableClient, options: ReadOptions = {}): Promise<{ members: StaffMember[]; problems: RosterProblem[] }> {
  const read = await readRecords(client, options.pace ?? spaced());
  return { members: firstOfEach(read.members), problems: [...read.problems, ...checkRoster(read.members)] };
}

// ---------------------------------------------------------------------------
// Import: HR's file into the table.

export interface ImportResult {
  diff: RosterDiff;
  /** Records sent to Airtable (0 for a dry run): only people whose row differs. */
  written: number;
  /** Records in the table the site cannot read, left as they are for HR to fix in Airtable. */
  unreadable: RosterProblem[];
}

/**
 * Makes the table match the file: upserts on Employee ID, ten a request, only the
 * rows that differ (so running it again writes nothing), and people missing from
 * the file marked inactive, never deleted. Refused, unless forced, when it would
 * deactivate more than a fifth of the active people: a truncated export should
 * not switch a district off.
 */
export async function importStaff(
  client: AirtableClient,
  members: readonly StaffMember[],
  options: { dryRun?: boolean; force?: boolean } & ReadOptions = {},
): Promise<ImportResult> {
  const wrong = checkRoster(members);
  if (wrong.length) throw new Error(`The roster to import has problems:\n${wrong.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  const pace = options.pace ?? spaced();
  const current = await readRecords(client, pace);
  // Airtable refuses an upsert that matches two rows: name them before anything is written.
  const twice = checkRoster(current.members).filter((p) => p.column === MERGE_ON);
  if (twice.length) {
    throw new Error(
      `The "${STAFF_TABLE}" table has two rows for the same Employee ID; delete the extra rows in Airtable, then import again:\n${twice.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    );
  }
  const before = firstOfEach(current.members);
  const diff = diffRoster(before, members);
  const refusal = deactivationRefusal(before, diff);
  if (refusal && !options.force) throw new TooManyDeactivated(refusal, diff);

  const inFile = new Set(members.map((m) => m.employeeId));
  const rows = new Map<string, Record<string, unknown>>();
  for (const m of [...diff.added, ...diff.changed.map((c) => c.member), ...diff.reactivated, ...diff.deactivated]) {
    // Someone missing from the file: only the box is unticked, the rest stays as HR last had it.
    rows.set(m.employeeId, inFile.has(m.employeeId) ? staffRecord(m) : { [MERGE_ON]: m.employeeId, Active: false });
  }
  // A row the site cannot read is not in `before`: if the file has the person, it is written whole (and counted as added), which mends it.
  const unreadable = current.problems.filter((p) => !p.employeeId || !inFile.has(p.employeeId));
  if (options.dryRun) return { diff, written: 0, unreadable };
  const batch = [...rows.values()];
  for (let i = 0; i < batch.length; i += MAX_RECORDS_PER_REQUEST) {
    await pace();
    await client.upsert(STAFF_TABLE, batch.slice(i, i + MAX_RECORDS_PER_REQUEST), MERGE_ON);
  }
  return { diff, written: batch.length, unreadable };
}

// ---------------------------------------------------------------------------
// The snapshot the functions read: kept up to date from the table.

/** A complete read this often, so rows deleted (or renumbered) in Airtable leave the snapshot. */
export const FULL_READ_EVERY_MS = 24 * 60 * 60_000;
/** An incremental read reaches this far before the last one: clocks differ a little, and a change made during a read is not missed. */
const OVERLAP_MS = 60_000;

/** Records created or changed after a moment (a time this module writes: no outside text in the formula). */
const changedSince = (at: string) => `OR(IS_AFTER(LAST_MODIFIED_TIME(), DATETIME_PARSE('${at}')), IS_AFTER(CREATED_TIME(), DATETIME_PARSE('${at}')))`;

export interface RefreshReport {
  kind: 'full' | 'incremental';
  /** Records read from Airtable. */
  read: number;
  /** Whether the snapshot changed (when not, only the small stamp was written). */
  changed: boolean;
  /** People in the snapshot now. */
  count: number;
  /** Rows the site could not take; for a person already known, the last good version is kept. */
  problems: RosterProblem[];
  /** Why a complete read was not taken (the table lacks too many people), when it was not. */
  refused?: string;
}

/**
 * `auto`: a complete read when the last is a day old, else an incremental one;
 * `incremental`: never a complete read unless there is no snapshot yet (for a run
 * with little time, the 100 requests of 10,000 people kept for a quieter one);
 * `full`: a complete read now.
 */
export type RefreshMode = 'auto' | 'incremental' | 'full';

/**
 * For the scheduled run: only the records changed since the last refresh, merged
 * into the snapshot, and once a day the whole table. A row that fails the rules
 * does not remove a person: their last good version stays until HR mends the row.
 */
export async function refreshRosterSnapshot(
  store: SubmissionStore,
  client: AirtableClient,
  now: Date,
  options: { mode?: RefreshMode; force?: boolean } & ReadOptions = {},
): Promise<RefreshReport> {
  const pace = options.pace ?? spaced();
  const mode = options.mode ?? 'auto';
  const stamp = await readRosterStamp(store);
  const snapshot = stamp ? await readRosterSnapshot(store) : null;
  const due = mode === 'full' || (mode === 'auto' && !!stamp && now.getTime() - Date.parse(stamp.fullAt) >= FULL_READ_EVERY_MS);
  const full = due || !stamp || !snapshot;
  const previous = snapshot?.members ?? [];
  const since = stamp && new Date(Date.parse(stamp.takenAt) - OVERLAP_MS).toISOString();
  const read = await readRecords(client, pace, full || !since ? undefined : changedSince(since));

  const fresh = firstOfEach(read.members);
  const kept = lastGood(previous, fresh, read.problems);
  const members = full ? [...fresh, ...kept] : merged(previous, fresh);
  const report = { kind: full ? ('full' as const) : ('incremental' as const), read: read.records, problems: read.problems };
  const refused = full && !options.force ? removalRefusal(previous, members) : null;
  if (refused) {
    // Kept as it was; the stamp moves, so the next complete read waits a day and small reads go on meanwhile.
    await markRosterChecked(store, now, { full: true });
    return { ...report, changed: false, count: previous.length, refused };
  }
  const changed = JSON.stringify(members) !== JSON.stringify(previous);
  if (changed) await saveRosterSnapshot(store, members, now, { full });
  else await markRosterChecked(store, now, { full });
  return { ...report, changed, count: members.length, problems: [...read.problems, ...checkRoster(members)] };
}

/**
 * HR marks people inactive and the import never deletes, so a table that lacks many
 * of the people in the snapshot is more likely emptied or replaced by mistake than
 * true: the roster is kept, as an import cut short is refused.
 */
function removalRefusal(previous: readonly StaffMember[], members: readonly StaffMember[]): string | null {
  const present = new Set(members.map((m) => m.employeeId));
  const gone = previous.filter((m) => !present.has(m.employeeId)).length;
  if (gone <= previous.length * MAX_DEACTIVATED_SHARE) return null;
  return (
    `The "${STAFF_TABLE}" table lacks ${gone} of the ${previous.length} people in the site's roster, more than ${100 * MAX_DEACTIVATED_SHARE}%: ` +
    `the roster is kept as it was. If they really were deleted, run the import of the complete file with --force.`
  );
}

/** People whose row now fails the rules, as they last were. */
function lastGood(previous: readonly StaffMember[], fresh: readonly StaffMember[], problems: readonly RosterProblem[]): StaffMember[] {
  const read = new Set(fresh.map((m) => m.employeeId));
  const broken = new Set(problems.map((p) => p.employeeId).filter((id): id is string => !!id && !read.has(id)));
  return previous.filter((m) => broken.has(m.employeeId));
}

/** The snapshot with changed people replaced where they stood and new people at the end. */
function merged(previous: readonly StaffMember[], changes: readonly StaffMember[]): StaffMember[] {
  const byId = new Map(changes.map((m) => [m.employeeId, m]));
  const out = previous.map((m) => byId.get(m.employeeId) ?? m);
  const known = new Set(previous.map((m) => m.employeeId));
  return [...out, ...changes.filter((m) => !known.has(m.employeeId))];
}
