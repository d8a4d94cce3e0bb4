import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveFiscalYear, archiveFile } from '../../src/lib/airtable/archive.ts';
import { BASE_TABLES } from '../../src/lib/airtable/base-schema.ts';
import { AirtableClient } from '../../src/lib/airtable/client.ts';
import { recordFor, tableFor } from '../../src/lib/airtable/fields.ts';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { exitSurvey } from '../../src/lib/forms/exit-survey.ts';
import type { AnyForm } from '../../src/lib/forms/form.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import { FORMS } from '../../src/lib/forms/registry.ts';
import type { Status } from '../../src/lib/program/routing.ts';
import { loadProgram } from '../../src/lib/program/settings.ts';
import { AirtableServer } from '../../support/airtable-server.ts';

const program = loadProgram();
const CLAIMS = tableFor(compensation);
const SURVEYS = tableFor(exitSurvey);
const noPause = async () => {};

let server: AirtableServer;
let client: AirtableClient;
let folder: string;

beforeEach(async () => {
  // Fast enough that the test waits on nothing: pacing is tested with the drain.
  server = new AirtableServer({ tables: Object.fromEntries(BASE_TABLES.map((t) => [t.name, t.fields.map((f) => f.name)])), requestsPerSecond: 1000 });
  await server.start();
  client = new AirtableClient({ apiKey: server.token, baseId: server.baseId, endpointUrl: server.url });
  folder = mkdtempSync(join(tmpdir(), 'pg-archive-'));
});
afterEach(async () => {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
});

const submission = (form: AnyForm, id: string, status: Status, submittedOn: string, fiscalYear?: number): StoredSubmission => ({
  id,
  form: form.id,
  receipt: `${form.receiptPrefix}-${id}`,
  status,
  submittedAt: `${submittedOn}T17:00:00.000Z`,
  submittedOn,
  facts: { summary: id, employeeId: '104233', ...(fiscalYear ? { claim: { hours: 6, fiscalYear } } : {}) },
  data: {},
  files: [],
});

/** A base with claims and surveys of fiscal years 2024 and 2025, as the drain writes them; HR's comment on one. */
async function fill(): Promise<void> {
  const claims = [
    submission(compensation, 'paid-2024', 'paid', '2024-10-01', 2024),
    submission(compensation, 'denied-2024', 'denied', '2025-03-01', 2024),
    submission(compensation, 'open-2024', 'with-hr', '2025-06-01', 2024),
    submission(compensation, 'paid-2025', 'paid', '2025-10-01', 2025),
  ];
  const surveys = [submission(exitSurvey, 'survey-2024', 'received', '2024-11-05'), submission(exitSurvey, 'survey-2025', 'received', '2025-07-02')];
  await client.upsert(
    CLAIMS,
    claims.map((c) => recordFor(compensation, c)),
  );
  await client.upsert(
    SURVEYS,
    surveys.map((s) => recordFor(exitSurvey, s)),
  );
  const paid = server.records(CLAIMS).find((r) => r.fields['Submission ID'] === 'paid-2024')!;
  server.edit(CLAIMS, paid.id, { 'HR comment': 'Checked against the sign-in sheet' });
}

const idsIn = (table: string) =>
  server
    .records(table)
    .map((r) => String(r.fields['Submission ID']))
    .sort();
const archived = (table: string) =>
  (JSON.parse(readFileSync(archiveFile(folder, 2024, table), 'utf8')) as { records: { fields: Record<string, unknown> }[] }).records;

describe('the yearly archive of the working base', () => {
  it('moves the closed records of the year out of the base into one file per table, HR’s columns and all', async () => {
    await fill();
    const outcome = await archiveFiscalYear(client, FORMS, program, 2024, folder, noPause);
    expect(idsIn(CLAIMS)).toEqual(['open-2024', 'paid-2025']);
    expect(idsIn(SURVEYS)).toEqual(['survey-2025']);
    expect(
      archived(CLAIMS)
        .map((r) => r.fields['Submission ID'])
        .sort(),
    ).toEqual(['denied-2024', 'paid-2024']);
    expect(archived(CLAIMS).find((r) => r.fields['Submission ID'] === 'paid-2024')!.fields['HR comment']).toBe('Checked against the sign-in sheet');
    expect(outcome.find((t) => t.table === CLAIMS)).toMatchObject({ moved: 2, open: 1, inFile: 2 });
  });

  it('run again, moves nothing more and keeps each record once in the file', async () => {
    await fill();
    await archiveFiscalYear(client, FORMS, program, 2024, folder, noPause);
    const again = await archiveFiscalYear(client, FORMS, program, 2024, folder, noPause);
    expect(again.find((t) => t.table === CLAIMS)).toMatchObject({ moved: 0, open: 1, inFile: 2 });
    expect(archived(CLAIMS)).toHaveLength(2);
  });

  it('cut short before Airtable deleted anything, loses nothing and finishes when run again', async () => {
    await fill();
    server.writesDown = true;
    await expect(archiveFiscalYear(client, FORMS, program, 2024, folder, noPause)).rejects.toThrow();
    // Written first: the file holds them while the base still does.
    expect(
      archived(CLAIMS)
        .map((r) => r.fields['Submission ID'])
        .sort(),
    ).toEqual(['denied-2024', 'paid-2024']);
    expect(idsIn(CLAIMS)).toHaveLength(4);
    server.writesDown = false;
    await archiveFiscalYear(client, FORMS, program, 2024, folder, noPause);
    expect(idsIn(CLAIMS)).toEqual(['open-2024', 'paid-2025']);
    expect(archived(CLAIMS)).toHaveLength(2);
  });

  it('as HR runs it, refuses the fiscal year still under way and names it', async () => {
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['scripts/airtable-archive.ts', '--fiscal-year', '2026', '--today', '2026-11-24', '--out', folder], {
        env: { PATH: process.env['PATH'] ?? '', AIRTABLE_API_KEY: server.token, AIRTABLE_BASE_ID: server.baseId, AIRTABLE_ENDPOINT_URL: server.url },
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? 1, output }));
    });
    expect(result.code).toBe(2);
    expect(result.output).toContain('fiscal year 2026 has not ended');
  });

  it('as HR runs it, archives a past year and prints what moved', async () => {
    await fill();
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['scripts/airtable-archive.ts', '--fiscal-year', '2024', '--today', '2026-11-24', '--out', folder], {
        env: { PATH: process.env['PATH'] ?? '', AIRTABLE_API_KEY: server.token, AIRTABLE_BASE_ID: server.baseId, AIRTABLE_ENDPOINT_URL: server.url },
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? 1, output }));
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(CLAIMS);
    expect(idsIn(CLAIMS)).toEqual(['open-2024', 'paid-2025']);
  }, 60_000);
});
