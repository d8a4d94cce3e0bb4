import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompletionStore } from '../../src/lib/store/completions.ts';
import { LOCAL_BLOBS_DIR, openLocalStore } from '../../src/lib/store/local.ts';
import { loadProgram } from '../../src/lib/program/settings.ts';

/**
 * `npm run completions:import` as HR runs it, in a folder of its own (where its local
 * store lives) with the repository's settings, catalog and sample roster.
 */
const script = resolve('scripts/completions-import.ts');
const HEADER = 'Employee ID,Course,Provider,Completed on,Hours';
let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'pg-completions-'));
  symlinkSync(resolve('content'), join(folder, 'content'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

function run(rows: string[], ...flags: string[]): Promise<{ code: number; output: string }> {
  writeFileSync(join(folder, 'sheet.csv'), [HEADER, ...rows].join('\n'));
  return new Promise((done) => {
    const child = spawn(process.execPath, [script, 'sheet.csv', ...flags], { cwd: folder, env: { PATH: process.env['PATH'] ?? '' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

async function recorded(employeeId: string) {
  const local = await openLocalStore(join(folder, LOCAL_BLOBS_DIR));
  try {
    return await new CompletionStore(local.store.blobStore, loadProgram()).ofPerson(employeeId);
  } finally {
    await local.stop();
  }
}

const GOOD = ['104233,CV-1102,,2026-10-01,', '104233,Mandated Reporter Training,District Safety Office,9/15/2026,2.5', '104234,CV-1102,,2026-10-02,1'];

describe('completions:import', () => {
  it('records a sign-in sheet once: a second run of the same file adds nothing', async () => {
    const first = await run(GOOD);
    expect(first.code).toBe(0);
    expect(first.output).toContain('3 completion(s) added');
    expect(first.output).toContain('added: 104233, Mandated Reporter Training, September 15, 2026, 2.5 h (sheet.csv row 3)');
    const second = await run(GOOD);
    expect(second.code).toBe(0);
    expect(second.output).toContain('0 completion(s) added');
    expect(second.output).toContain('3 already recorded');
    const ana = await recorded('104233');
    expect(ana.map((c) => [c.title, c.provider, c.completedOn, c.hours, c.requiredTraining])).toEqual([
      ['Mandated Reporter Training', 'District Safety Office', '2026-09-15', 2.5, true],
      ['Bloodborne Pathogens Awareness', 'Cedar Valley Risk Management Office', '2026-10-01', 1, true],
    ]);
  });

  it('names every bad row by row and column, records the good ones, and fails', async () => {
    const { code, output } = await run([
      GOOD[0]!,
      '999999,CV-1102,,2026-10-01,1',
      '104233,Basket Weaving,,2026-10-01,1',
      '104233,CV-1102,,2026-02-30,1',
      '104233,CV-1102,,2026-10-03,lots',
      '104233,CV-1102,,2027-10-03,1',
    ]);
    expect(code).toBe(1);
    expect(output).toContain('row 3, Employee ID: unknown employee 999999');
    expect(output).toContain('row 4, Course: unknown course "Basket Weaving"');
    expect(output).toContain('row 5, Completed on: bad date "2026-02-30"');
    expect(output).toContain('row 6, Hours: bad hours "lots"');
    expect(output).toContain('row 7, Completed on: bad date 2027-10-03: it is in the future');
    expect(output).toContain('1 completion(s) added');
    expect(output).toContain('5 bad row(s) left out');
    expect(await recorded('104233')).toHaveLength(1);
  });

  it('changes nothing on a dry run, and says what it would add', async () => {
    const { code, output } = await run(GOOD, '--dry-run');
    expect(code).toBe(0);
    expect(output).toContain('3 completion(s) would be added');
    expect(output).toContain('Dry run: nothing was changed.');
    expect(await recorded('104233')).toEqual([]);
  });
});
