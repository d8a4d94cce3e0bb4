import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { AnyForm } from '../forms/form.ts';
import type { StoredSubmission } from '../forms/record.ts';
import { fiscalYearOf, type IsoDate } from '../program/calendar.ts';
import { STATUSES } from '../program/routing.ts';
import type { Program } from '../program/settings.ts';
import { AirtableFailure, MAX_RECORDS_PER_REQUEST, spaced, type AirtableClient, type AirtableRecord } from './client.ts';
import { submissionFromRecord, tableFor } from './fields.ts';

/**
 * The yearly archive: closed records of a past fiscal year move out of the working
 * base into one JSON file per table (every column, HR's included), so the base stays
 * under Airtable's record cap. The site's store keeps every submission as well.
 * Each file is written and read back before anything is deleted, and a second run
 * adds to it, so a run cut short is finished by running it again.
 */
const archiveFileSchema = z.object({
  table: z.string(),
  fiscalYear: z.int(),
  records: z.array(z.object({ id: z.string(), fields: z.record(z.string(), z.unknown()) })),
});

export interface ArchivedTable {
  table: string;
  /** Moved out of the base by this run. */
  moved: number;
  /** Records of the year still open (waiting on someone): left in the base. */
  open: number;
  /** In the archive file after this run. */
  inFile: number;
  file: string;
}

/** Only a fiscal year that has ended can be archived: the current one is still being worked. */
export function archiveRefusal(fiscalYear: number, today: IsoDate, program: Pick<Program, 'fiscalYearStart'>): string | null {
  const current = fiscalYearOf(today, program.fiscalYearStart);
  return fiscalYear >= current ? `fiscal year ${fiscalYear} has not ended: only a past year can be archived (this is fiscal year ${current})` : null;
}

const yearOf = (s: StoredSubmission, program: Pick<Program, 'fiscalYearStart'>) =>
  s.facts.claim?.fiscalYear ?? s.facts.reimbursement?.fiscalYear ?? fiscalYearOf(s.submittedOn, program.fiscalYearStart);

/** Closed: nobody is to act on it any more (decided, paid, withdrawn, or an answer that needs nothing). */
const closed = (s: StoredSubmission) => STATUSES[s.status].waitsOn === null;

export const archiveFile = (folder: string, fiscalYear: number, table: string) => join(folder, String(fiscalYear), `${table}.json`);

function readArchive(file: string): AirtableRecord[] {
  return existsSync(file) ? archiveFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).records : [];
}

/** Written whole to a new file, then renamed over the old: a crash leaves the old file or the new one, never half. */
function writeArchive(file: string, table: string, fiscalYear: number, records: AirtableRecord[]): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(`${file}.part`, `${JSON.stringify({ table, fiscalYear, records }, null, 1)}\n`);
  renameSync(`${file}.part`, file);
}

/** Moves the closed records of one fiscal year out of every form's table; the tables' outcomes in the forms' order. */
export async function archiveFiscalYear(
  client: AirtableClient,
  forms: readonly AnyForm[],
  program: Pick<Program, 'fiscalYearStart' | 'timeZone'>,
  fiscalYear: number,
  folder: string,
  pace: () => Promise<void> = spaced(),
): Promise<ArchivedTable[]> {
  const out: ArchivedTable[] = [];
  for (const form of forms) {
    const table = tableFor(form);
    const file = archiveFile(folder, fiscalYear, table);
    let rows: AirtableRecord[];
    try {
      rows = await client.listAll(table, { beforeRequest: pace });
    } catch (error) {
      // A base made before a form existed has no table for it: nothing of it to archive.
      if (error instanceof AirtableFailure && error.status === 404) continue;
      throw error;
    }
    const ofYear = rows.flatMap((row) => {
      const s = submissionFromRecord(form, row.fields, program.timeZone);
      return s && yearOf(s, program) === fiscalYear ? [{ row, closed: closed(s) }] : [];
    });
    const moving = ofYear.filter((r) => r.closed).map((r) => r.row);
    const before = readArchive(file);
    const known = new Set(before.map((r) => r.id));
    const records = [...before, ...moving.filter((r) => !known.has(r.id))];
    if (moving.length > 0 || existsSync(file)) writeArchive(file, table, fiscalYear, records);
    // Read back: a record is deleted only once the file on disk holds it.
    const saved = new Set(readArchive(file).map((r) => r.id));
    const safe = moving.filter((r) => saved.has(r.id)).map((r) => r.id);
    if (safe.length !== moving.length) throw new Error(`${file} does not hold every record it was given; nothing of ${table} was deleted`);
    for (let i = 0; i < safe.length; i += MAX_RECORDS_PER_REQUEST) {
      await pace();
      await client.destroy(table, safe.slice(i, i + MAX_RECORDS_PER_REQUEST));
    }
    out.push({ table, moved: safe.length, open: ofYear.length - moving.length, inFile: records.length, file });
  }
  return out;
}
