import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AirtableClient, READ_SPACING_MS } from '../../src/lib/airtable/client.ts';
import { BASE_TABLES, checkBase, setupBase } from '../../src/lib/airtable/base-schema.ts';
import { importStaff, readStaff, refreshRosterSnapshot, STAFF_FIELDS, STAFF_TABLE, staffRecord } from '../../src/lib/airtable/staff.ts';
import {
  currentRoster,
  forgetCachedRoster,
  importIntoSnapshot,
  markRosterChecked,
  readRosterSnapshot,
  readRosterStamp,
  saveRosterSnapshot,
} from '../../src/lib/identity/roster-store.ts';
import { describeDiff, formatProblem, loadSampleRoster, STAFF_COLUMNS, TooManyDeactivated, type StaffMember } from '../../src/lib/identity/roster.ts';
import { EMPLOYEE_GROUPS } from '../../src/lib/program/compensation.ts';
import { LOCAL_BLOBS_DIR, openLocalStore } from '../../src/lib/store/local.ts';
import { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { AirtableServer } from '../../support/airtable-server.ts';
import { startBlobs } from '../../support/blobs.ts';
import { TestClock } from '../support/clock.ts';

/**
 * HR's roster through the real Airtable client, against the stand-in Airtable and
 * Netlify's own local Blobs server. Time is a test clock shared by the stand-in and
 * the code's pacing (`pace`), so a run of requests waits no real time and the same
 * things happen however fast the machine is.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const sample = loadSampleRoster().members;
const activeIn = (members: readonly StaffMember[]) => members.filter((m) => m.active).length;
const newcomer: StaffMember = {
  employeeId: '104299',
  name: 'Lena Fischer',
  email: 'lena.fischer@cedarvalley.example',
  site: 'Oak Grove Elementary',
  jobTitle: 'Paraeducator',
  group: 'probationary-classified',
  fte: 0.5,
  weeklyHours: 20,
  supervisorId: '200101',
  evaluatorId: '200101',
  active: true,
};

let clock: TestClock;
let server: AirtableServer;
let client: AirtableClient;
let blobs: Awaited<ReturnType<typeof startBlobs>>;
/** The pace the code under test keeps: Airtable's spacing, on the test clock. */
const pace = () => clock.sleep(READ_SPACING_MS);
const now = () => new Date(clock.now());

beforeEach(async () => {
  clock = new TestClock();
  server = new AirtableServer({ tables: { [STAFF_TABLE]: [...STAFF_COLUMNS] }, now: clock.now });
  await server.start();
  client = new AirtableClient({ apiKey: server.token, baseId: server.baseId, endpointUrl: server.url }, { timeoutMs: 5_000 });
  blobs = await startBlobs();
  forgetCachedRoster();
});
afterEach(async () => {
  await server.stop();
  await blobs.stop();
});

const recordOf = (employeeId: string) => server.records(STAFF_TABLE).find((r) => r.fields['Employee ID'] === employeeId)!;
const writes = () => server.log.filter((l) => l.method === 'PATCH').length;
const ids = (members: readonly StaffMember[]) => members.map((m) => m.employeeId);

describe('importing HR’s roster into the Staff table', () => {
  it('creates everyone in an empty table, ten a request, and a second import of the same file writes nothing', async () => {
    const first = await importStaff(client, sample, { pace });
    expect(first.diff.added).toHaveLength(sample.length);
    expect(first.written).toBe(sample.length);
    expect(writes()).toBe(Math.ceil(sample.length / 10));
    expect(server.records(STAFF_TABLE)).toHaveLength(sample.length);
    expect(recordOf('104233').fields).toEqual({
      'Employee ID': '104233',
      Name: 'Ana Reyes',
      'Work email': 'ana.reyes@cedarvalley.example',
      Site: 'Oak Grove Elementary',
      'Job title': 'Paraeducator',
      'Employee group': 'permanent-classified',
      FTE: 1,
      'Weekly hours': 40,
      'Supervisor ID': '200101',
      'Evaluator ID': '200101',
      Active: true,
    });
    expect(recordOf('100001').fields).not.toHaveProperty('Supervisor ID');
    expect(recordOf('104281').fields['Active']).toBe(false);

    const again = await importStaff(client, sample, { pace });
    expect(again).toMatchObject({ written: 0, diff: { added: [], changed: [], deactivated: [], reactivated: [], unchanged: sample.length } });
    expect(writes()).toBe(Math.ceil(sample.length / 10));
    expect(await readStaff(client, { pace })).toEqual({ members: sample, problems: [] });
  });

  it('reports what a changed file changes, writes only those people, and is idempotent', async () => {
    await importStaff(client, sample, { pace });
    const changed = sample.map((m) => {
      if (m.employeeId === '104233') return { ...m, site: 'Maple Ridge Middle School', supervisorId: '200106', evaluatorId: '200107' };
      if (m.employeeId === '104281') return { ...m, active: true };
      if (m.employeeId === '104290') return { ...m, active: false };
      return m;
    });
    const result = await importStaff(client, [...changed, newcomer], { pace });
    expect(describeDiff(result.diff)).toEqual([
      'Added: 1',
      '  104299 Lena Fischer (Paraeducator, Oak Grove Elementary)',
      'Changed: 1',
      '  104233 Ana Reyes (Paraeducator, Maple Ridge Middle School): Site, Supervisor ID, Evaluator ID',
      'Deactivated: 1',
      '  104290 Jamie Ortiz (Substitute Paraeducator, Oak Grove Elementary)',
      'Reactivated: 1',
      '  104281 Linda Brooks (Paraeducator, Oak Grove Elementary)',
      `Unchanged: ${sample.length - 3}`,
    ]);
    expect(result.written).toBe(4);
    expect(recordOf('104233').fields).toMatchObject({ Site: 'Maple Ridge Middle School', 'Supervisor ID': '200106', 'Evaluator ID': '200107' });
    expect((await importStaff(client, [...changed, newcomer], { pace })).written).toBe(0);
  });

  it('marks people missing from the file inactive and keeps the rest of their row', async () => {
    await importStaff(client, sample, { pace });
    const result = await importStaff(
      client,
      sample.filter((m) => m.employeeId !== '104234' && m.employeeId !== '104242'),
      { pace },
    );
    expect(ids(result.diff.deactivated)).toEqual(['104234', '104242']);
    expect(result.written).toBe(2);
    expect(server.records(STAFF_TABLE)).toHaveLength(sample.length);
    expect(recordOf('104234').fields).toEqual({ ...staffRecord(sample.find((m) => m.employeeId === '104234')!), Active: false });
  });

  it('refuses, unless forced, a file that would deactivate more than a fifth of the active people, and writes nothing', async () => {
    await importStaff(client, sample, { pace });
    const cutShort = sample.slice(0, 20);
    const off = activeIn(sample) - activeIn(cutShort);
    const before = writes();
    const refused = importStaff(client, cutShort, { pace });
    await expect(refused).rejects.toThrow(TooManyDeactivated);
    await expect(refused).rejects.toThrow(`would deactivate ${off} of the ${activeIn(sample)} active people`);
    await expect(refused).rejects.toThrow(/run the import again with --force/);
    expect((await importStaff(client, cutShort, { pace, force: true, dryRun: true })).written).toBe(0);
    expect(writes()).toBe(before);

    const forced = await importStaff(client, cutShort, { pace, force: true });
    expect(forced.diff.deactivated).toHaveLength(off);
    expect(activeIn((await readStaff(client, { pace })).members)).toBe(activeIn(cutShort));
  });

  it('reports rows of the table that fail the rules by their Employee ID, and an import of the person mends them', async () => {
    await importStaff(client, sample, { pace });
    server.edit(STAFF_TABLE, recordOf('104233').id, { 'Work email': 'ana.reyes@', 'Employee group': 'classified' });
    server.tables.get(STAFF_TABLE)!.push({ id: 'recNOEMPLOYEEID0', createdTime: now().toISOString(), fields: { Name: 'Pat Doe' } });
    const { members, problems } = await readStaff(client, { pace });
    expect(problems.map(formatProblem)).toEqual([
      'Employee 104233, Work email "ana.reyes@": is not an email address',
      `Employee 104233, Employee group "classified": use one of: ${EMPLOYEE_GROUPS.join(', ')}`,
      'The roster, Employee ID: is empty in Airtable record recNOEMPLOYEEID0',
    ]);
    expect(ids(members)).toEqual(ids(sample).filter((id) => id !== '104233'));

    const mended = await importStaff(client, sample, { pace });
    expect(recordOf('104233').fields).toMatchObject({ 'Work email': 'ana.reyes@cedarvalley.example', 'Employee group': 'permanent-classified' });
    expect(mended.unreadable.map(formatProblem)).toEqual(['The roster, Employee ID: is empty in Airtable record recNOEMPLOYEEID0']);
  });

  it('refuses to import into a table with two rows for one person, naming them, before writing anything', async () => {
    await importStaff(client, sample, { pace });
    server.tables.get(STAFF_TABLE)!.push({ id: 'recTWICE00000000', createdTime: now().toISOString(), fields: { ...recordOf('104233').fields } });
    const before = writes();
    await expect(importStaff(client, [...sample, newcomer], { pace })).rejects.toThrow(
      `The "${STAFF_TABLE}" table has two rows for the same Employee ID; delete the extra rows in Airtable, then import again:\n  Employee 104233, Employee ID "104233": is also on another record`,
    );
    expect(writes()).toBe(before);
  });
});

describe('the snapshot the functions read', () => {
  it('is read whole the first time, then only what changed, and whole again a day later, when deletions leave', async () => {
    await importStaff(client, sample, { pace });
    clock.advance(60 * MINUTE);
    const first = await refreshRosterSnapshot(blobs.store, client, now(), { pace });
    expect(first).toEqual({ kind: 'full', read: sample.length, changed: true, count: sample.length, problems: [] });
    expect((await readRosterSnapshot(blobs.store))?.members).toEqual(sample);

    // HR changes a cell in Airtable and adds a person.
    clock.advance(10 * MINUTE);
    server.edit(STAFF_TABLE, recordOf('104233').id, { Site: 'Maple Ridge Middle School' });
    await pace();
    await client.upsert(STAFF_TABLE, [staffRecord(newcomer)], 'Employee ID');
    clock.advance(10 * MINUTE);
    const secondAt = now();
    expect(await refreshRosterSnapshot(blobs.store, client, secondAt, { pace })).toMatchObject({
      kind: 'incremental',
      read: 2,
      changed: true,
      count: sample.length + 1,
    });
    const snapshot = (await readRosterSnapshot(blobs.store))!;
    expect(snapshot.members.find((m) => m.employeeId === '104233')?.site).toBe('Maple Ridge Middle School');
    expect(snapshot.members.at(-1)).toEqual(newcomer);

    // Nothing new: only the small stamp moves.
    clock.advance(10 * MINUTE);
    const quietAt = now();
    expect(await refreshRosterSnapshot(blobs.store, client, quietAt, { pace })).toMatchObject({ kind: 'incremental', read: 0, changed: false });
    expect(await readRosterStamp(blobs.store)).toMatchObject({ takenAt: quietAt.toISOString(), snapshotAt: secondAt.toISOString() });

    // A row deleted in Airtable: an incremental read cannot see it, the day's full read does.
    server.remove(STAFF_TABLE, recordOf('104290').id);
    clock.advance(10 * MINUTE);
    expect(await refreshRosterSnapshot(blobs.store, client, now(), { pace })).toMatchObject({ kind: 'incremental', count: sample.length + 1 });
    clock.advance(DAY);
    expect(await refreshRosterSnapshot(blobs.store, client, now(), { pace })).toMatchObject({ kind: 'full', read: sample.length, count: sample.length });
    expect(ids((await readRosterSnapshot(blobs.store))!.members)).not.toContain('104290');
  });

  it('keeps a person’s last good version while their row in Airtable fails the rules', async () => {
    await importStaff(client, sample, { pace });
    clock.advance(60 * MINUTE);
    await refreshRosterSnapshot(blobs.store, client, now(), { pace });
    clock.advance(10 * MINUTE);
    server.edit(STAFF_TABLE, recordOf('104233').id, { 'Work email': 'ana.reyes@' });
    clock.advance(10 * MINUTE);
    const incremental = await refreshRosterSnapshot(blobs.store, client, now(), { pace });
    expect(incremental.problems.map(formatProblem)).toEqual(['Employee 104233, Work email "ana.reyes@": is not an email address']);
    clock.advance(DAY);
    const full = await refreshRosterSnapshot(blobs.store, client, now(), { pace });
    expect(full).toMatchObject({ kind: 'full', count: sample.length });
    expect(full.problems).toHaveLength(1);
    expect((await readRosterSnapshot(blobs.store))!.members.find((m) => m.employeeId === '104233')?.email).toBe('ana.reyes@cedarvalley.example');
  });

  it('keeps the roster when a complete read finds the table lacking more than a fifth of the people, unless forced', async () => {
    await importStaff(client, sample, { pace });
    await refreshRosterSnapshot(blobs.store, client, now(), { pace });
    const deleted = ids(sample).slice(-10);
    for (const id of deleted) server.remove(STAFF_TABLE, recordOf(id).id);
    clock.advance(DAY);
    const kept = await refreshRosterSnapshot(blobs.store, client, now(), { pace });
    expect(kept).toMatchObject({ kind: 'full', changed: false, count: sample.length });
    expect(kept.refused).toBe(
      `The "${STAFF_TABLE}" table lacks 10 of the ${sample.length} people in the site's roster, more than 20%: the roster is kept as it was. If they really were deleted, run the import of the complete file with --force.`,
    );
    expect((await readRosterSnapshot(blobs.store))!.members).toEqual(sample);
    // The next complete read waits a day; the refusal does not make every run read the whole table.
    clock.advance(10 * MINUTE);
    expect(await refreshRosterSnapshot(blobs.store, client, now(), { pace })).toMatchObject({ kind: 'incremental' });

    const forced = await refreshRosterSnapshot(blobs.store, client, now(), { pace, mode: 'full', force: true });
    expect(forced).toMatchObject({ kind: 'full', changed: true, count: sample.length - 10 });
    expect(forced.refused).toBeUndefined();
  });

  it('leaves the day’s full read to a run that asks for it, and reads whole when told to', async () => {
    await importStaff(client, sample, { pace });
    await refreshRosterSnapshot(blobs.store, client, now(), { pace });
    clock.advance(DAY + MINUTE);
    expect(await refreshRosterSnapshot(blobs.store, client, now(), { pace, mode: 'incremental' })).toMatchObject({ kind: 'incremental' });
    expect(await refreshRosterSnapshot(blobs.store, client, now(), { pace, mode: 'full' })).toMatchObject({ kind: 'full', read: sample.length });
  });

  it('without Airtable, takes the file itself, keeps missing people inactive and refuses a file cut short', async () => {
    const first = await importIntoSnapshot(blobs.store, sample, { now: now() });
    expect(first.added).toHaveLength(sample.length);
    const withoutKevin = sample.filter((m) => m.employeeId !== '104234');
    expect(ids((await importIntoSnapshot(blobs.store, withoutKevin, { now: now(), dryRun: true })).deactivated)).toEqual(['104234']);
    expect((await readRosterSnapshot(blobs.store))!.members).toEqual(sample);
    await importIntoSnapshot(blobs.store, withoutKevin, { now: now() });
    expect((await readRosterSnapshot(blobs.store))!.members.find((m) => m.employeeId === '104234')?.active).toBe(false);
    await expect(importIntoSnapshot(blobs.store, sample.slice(0, 10), { now: now() })).rejects.toThrow(TooManyDeactivated);
    expect((await readRosterSnapshot(blobs.store))!.members).toHaveLength(sample.length);
  });
});

/** A store that notes which pieces of state it reads, and can stop answering. */
class CountingStore extends SubmissionStore {
  readonly reads: string[] = [];
  down = false;
  override async recall<T>(name: string): Promise<T | null> {
    this.reads.push(name);
    if (this.down) throw new Error('Blobs did not answer');
    return super.recall<T>(name);
  }
}

describe('the roster a request works with', () => {
  it('without a snapshot: the fallback roster on a site run locally, nobody on a deployed site', async () => {
    let built = 0;
    const fallback = () => (built++, loadSampleRoster());
    expect((await currentRoster(blobs.store, null, { now: now() })).size).toBe(0);
    forgetCachedRoster();
    expect((await currentRoster(blobs.store, fallback, { now: now() })).byId('104233')?.name).toBe('Ana Reyes');
    await currentRoster(blobs.store, fallback, { now: new Date(clock.now() + MINUTE) });
    expect(built).toBe(1);
  });

  it('keeps the roster it read for five minutes, then takes the newer snapshot', async () => {
    const start = clock.now();
    await saveRosterSnapshot(blobs.store, sample, now());
    const first = await currentRoster(blobs.store, () => loadSampleRoster(), { now: new Date(start) });
    expect(first.size).toBe(sample.length);
    await saveRosterSnapshot(blobs.store, sample.slice(0, 10), new Date(start + MINUTE));
    expect(await currentRoster(blobs.store, null, { now: new Date(start + 5 * MINUTE - 1) })).toBe(first);
    expect((await currentRoster(blobs.store, null, { now: new Date(start + 5 * MINUTE) })).size).toBe(10);
  });

  it('reads the large snapshot again only when the stamp says it changed, and requests arriving together share a read', async () => {
    const store = new CountingStore(blobs.store.blobStore);
    const start = clock.now();
    await saveRosterSnapshot(store, sample, new Date(start));
    const together = await Promise.all(Array.from({ length: 10 }, () => currentRoster(store, null, { now: new Date(start) })));
    expect(new Set(together).size).toBe(1);
    expect(store.reads).toEqual(['roster']);

    // A refresh that found nothing new moves the stamp only: instances keep their copy.
    await markRosterChecked(store, new Date(start + MINUTE));
    store.reads.length = 0;
    expect(await currentRoster(store, null, { now: new Date(start + 6 * MINUTE) })).toBe(together[0]);
    expect(store.reads).toEqual(['roster-stamp']);

    await saveRosterSnapshot(store, [...sample, newcomer], new Date(start + 7 * MINUTE));
    store.reads.length = 0;
    expect((await currentRoster(store, null, { now: new Date(start + 12 * MINUTE) })).byId('104299')).toEqual(newcomer);
    expect(store.reads).toEqual(['roster-stamp', 'roster']);
  });

  it('keeps serving the roster it has while Blobs does not answer, and fails plainly when it has none', async () => {
    const store = new CountingStore(blobs.store.blobStore);
    const start = clock.now();
    await saveRosterSnapshot(store, sample, new Date(start));
    const first = await currentRoster(store, null, { now: new Date(start) });
    store.down = true;
    expect(await currentRoster(store, null, { now: new Date(start + 6 * MINUTE) })).toBe(first);
    forgetCachedRoster();
    await expect(currentRoster(store, () => loadSampleRoster(), { now: new Date(start + 7 * MINUTE) })).rejects.toThrow('Blobs did not answer');
  });
});

describe('the Staff table in HR’s base', () => {
  it('is created by setup with its fields, types and options, and check then finds nothing missing', async () => {
    const base = new AirtableServer({ tables: {}, now: clock.now });
    await base.start();
    try {
      const c = new AirtableClient({ apiKey: base.token, baseId: base.baseId, endpointUrl: base.url });
      // Every other table is there already, so setup has only the Staff table to make.
      for (const table of BASE_TABLES.filter((t) => t.name !== STAFF_TABLE)) {
        await pace();
        await c.createTable(
          table.name,
          table.fields.map(({ name, type }) => ({ name, type })),
        );
      }
      clock.advance(1_000);
      expect(await checkBase(c)).toEqual([{ table: STAFF_TABLE, problem: 'missing table' }]);
      clock.advance(1_000);
      expect(await setupBase(c)).toEqual([`created table "${STAFF_TABLE}" with ${STAFF_COLUMNS.length} fields`]);
      clock.advance(1_000);
      expect(await checkBase(c)).toEqual([]);

      const answer = await fetch(`${base.url}/v0/meta/bases/${base.baseId}/tables`, { headers: { authorization: `Bearer ${base.token}` } });
      const { tables } = (await answer.json()) as { tables: { name: string; fields: { name: string; type: string; options?: unknown }[] }[] };
      const fields = tables.find((t) => t.name === STAFF_TABLE)!.fields;
      expect(fields.map((f) => f.name)).toEqual([...STAFF_COLUMNS]);
      expect(fields.map((f) => f.type)).toEqual(STAFF_FIELDS.map((f) => f.type));
      expect(Object.fromEntries(fields.map((f) => [f.name, f.type]))).toMatchObject({
        'Work email': 'email',
        'Employee group': 'singleSelect',
        FTE: 'number',
        Active: 'checkbox',
      });
      const option = (name: string) => fields.find((f) => f.name === name)?.options;
      expect(option('FTE')).toEqual({ precision: 4 });
      expect(option('Weekly hours')).toEqual({ precision: 2 });
      expect(option('Employee group')).toEqual({ choices: EMPLOYEE_GROUPS.map((name) => ({ name })) });

      // An older base without a column: check names it, setup adds it.
      (base as unknown as { fields: Map<string, Set<string>> }).fields.get(STAFF_TABLE)!.delete('Evaluator ID');
      clock.advance(1_000);
      expect(await checkBase(c)).toEqual([{ table: STAFF_TABLE, field: 'Evaluator ID', problem: 'missing field' }]);
      clock.advance(1_000);
      expect(await setupBase(c)).toEqual([`created field "Evaluator ID" in "${STAFF_TABLE}"`]);
    } finally {
      await base.stop();
    }
  });
});

describe('npm run staff:import', () => {
  const script = resolve('scripts/staff-import.ts');
  let folder: string;
  let base: AirtableServer;
  let running: TestClock;
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'staff-import-'));
    // The script paces itself by the real clock, so the stand-in's clock runs with it.
    running = new TestClock({ running: true });
    base = new AirtableServer({ tables: { [STAFF_TABLE]: [...STAFF_COLUMNS] }, now: running.now });
    await base.start();
  });
  afterEach(async () => {
    await base.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  /** HR's file in the folder the script runs in. */
  function file(name: string, members: readonly StaffMember[], extra: string[][] = []): string {
    const rows = members.map((m) => [
      m.employeeId,
      m.name,
      m.email,
      m.site,
      m.jobTitle,
      m.group,
      m.fte,
      m.weeklyHours,
      m.supervisorId ?? '',
      m.evaluatorId ?? '',
      m.active ? 'yes' : 'no',
    ]);
    writeFileSync(join(folder, name), stringify([[...STAFF_COLUMNS], ...rows, ...extra]));
    return name;
  }

  /** Runs the import as HR would, in its own folder (where its local store lives), a second after the last run on the stand-in's clock. */
  function run(args: string[], airtable: boolean): Promise<{ code: number; output: string }> {
    running.advance(1_100);
    const env = airtable ? { AIRTABLE_API_KEY: base.token, AIRTABLE_BASE_ID: base.baseId, AIRTABLE_ENDPOINT_URL: base.url } : {};
    return new Promise((done) => {
      const child = spawn(process.execPath, [script, ...args], { cwd: folder, env: { PATH: process.env['PATH'] ?? '', ...env } });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('close', (code) => done({ code: code ?? 1, output }));
    });
  }

  /** The snapshot in the folder's local store, as `npm start` there would read it. */
  async function localSnapshot() {
    const local = await openLocalStore(join(folder, LOCAL_BLOBS_DIR));
    try {
      return await readRosterSnapshot(local.store);
    } finally {
      await local.stop();
    }
  }

  it('names every problem of a bad file, exits 1 and writes nothing anywhere', async () => {
    const bad = file('roster.csv', sample, [
      ['104233', 'Ana Again', 'ana.reyes@', 'Oak Grove Elementary', 'Paraeducator', 'classified', '1', '40', '', '', 'yes'],
    ]);
    const { code, output } = await run([bad], true);
    expect(code).toBe(1);
    const row = sample.length + 2;
    expect(output).toContain(`Row ${row}, Work email "ana.reyes@": is not an email address`);
    expect(output).toContain(`Row ${row}, Employee group "classified": use one of`);
    expect(output).toContain(`Row ${row}, Employee ID "104233": is also on row 11`);
    expect(output).toContain('nothing was imported');
    expect(base.log).toEqual([]);
    expect(existsSync(join(folder, LOCAL_BLOBS_DIR))).toBe(false);
  });

  it('without Airtable, puts the file into the local store the site reads, and reports the next file’s changes', async () => {
    const first = await run([file('roster.csv', sample)], false);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(`Added: ${sample.length}`);
    expect((await localSnapshot())?.members).toEqual(sample);

    const dry = await run(
      [
        file(
          'next.csv',
          sample.filter((m) => m.employeeId !== '104234'),
        ),
        '--dry-run',
      ],
      false,
    );
    expect(dry.output).toMatch(/Deactivated: 1\n {2}104234 Kevin Tran.*\n[\s\S]*Dry run: nothing was changed/);
    expect((await localSnapshot())?.members).toEqual(sample);
  });

  it('with Airtable, imports into the Staff table, refreshes the snapshot, and refuses a file cut short unless forced', async () => {
    const first = await run([file('roster.csv', sample)], true);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(`Wrote ${sample.length} record(s) to "${STAFF_TABLE}"`);
    expect(base.records(STAFF_TABLE)).toHaveLength(sample.length);
    expect((await localSnapshot())?.members).toEqual(sample);

    const short = file('short.csv', sample.slice(0, 20));
    const refused = await run([short], true);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/would deactivate \d+ of the \d+ active people.*--force/s);
    expect(base.records(STAFF_TABLE).filter((r) => r.fields['Active'] === true)).toHaveLength(activeIn(sample));

    const forced = await run([short, '--force'], true);
    expect(forced.code, forced.output).toBe(0);
    expect(base.records(STAFF_TABLE).filter((r) => r.fields['Active'] === true)).toHaveLength(activeIn(sample.slice(0, 20)));
  });
});
