import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COURSES_TABLE } from '../../src/lib/airtable/courses.ts';
import { BASE_TABLES } from '../../src/lib/airtable/base-schema.ts';
import { AirtableServer } from '../../support/airtable-server.ts';

let server: AirtableServer;
beforeEach(async () => {
  server = new AirtableServer({ tables: {}, penaltyMs: 1_000 });
  await server.start();
});
afterEach(async () => server.stop());

/** Runs `npm run airtable:<command>` as HR would, with the base's settings in the environment; a second apart, as Airtable allows 5 requests a second. */
async function run(command: string, env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  await new Promise((r) => setTimeout(r, 1_100));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/airtable.ts', command], {
      env: { PATH: process.env['PATH'] ?? '', AIRTABLE_API_KEY: server.token, AIRTABLE_BASE_ID: server.baseId, AIRTABLE_ENDPOINT_URL: server.url, ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

describe('HR’s base tools', () => {
  it('check reports what an empty base lacks; setup creates every table and field; check then passes', async () => {
    const before = await run('check');
    expect(before.code).toBe(1);
    expect(before.output).toContain('missing table');
    expect(before.output).toContain('Compensation requests');
    const setup = await run('setup');
    expect(setup.code, setup.output).toBe(0);
    expect(setup.output).toContain(`created table "${COURSES_TABLE}"`);
    const tables = await (await fetch(`${server.url}/v0/meta/bases/${server.baseId}/tables`, { headers: { authorization: `Bearer ${server.token}` } })).json();
    expect((tables as { tables: { name: string }[] }).tables.map((t) => t.name).sort()).toEqual(BASE_TABLES.map((t) => t.name).sort());
    expect((await run('check')).code).toBe(0);
    expect((await run('setup')).output).toContain('Nothing to create');
  });

  it('setup adds a field that HR’s base lacks without touching the rest', async () => {
    await run('setup');
    // Simulate an older base: drop one column from the stand-in.
    const fields = (server as unknown as { fields: Map<string, Set<string>> }).fields.get('Appeals')!;
    fields.delete('Why the decision should change');
    expect((await run('check')).output).toMatch(/Appeals.*Why the decision should change.*missing field/s);
    expect((await run('setup')).output).toContain('created field "Why the decision should change" in "Appeals"');
    expect((await run('check')).code).toBe(0);
  });

  it('seed loads the Markdown catalog into Courses, and running it again changes nothing', async () => {
    await run('setup');
    const first = await run('seed');
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/Loaded 30 courses/);
    expect(server.records(COURSES_TABLE)).toHaveLength(30);
    await run('seed');
    expect(server.records(COURSES_TABLE)).toHaveLength(30);
    expect(server.records(COURSES_TABLE).find((r) => r.fields['Slug'] === 'first-aid-and-cpr-certification')!.fields).toMatchObject({
      Hours: 6,
      Status: 'active',
    });
  });

  it('says to slow down when Airtable answers 429', async () => {
    server.failEvery = 0;
    for (let i = 0; i < 6; i++) await fetch(`${server.url}/v0/meta/bases/${server.baseId}/tables`, { headers: { authorization: `Bearer ${server.token}` } });
    const child = spawn(process.execPath, ['scripts/airtable.ts', 'check'], {
      env: { PATH: process.env['PATH'] ?? '', AIRTABLE_API_KEY: server.token, AIRTABLE_BASE_ID: server.baseId, AIRTABLE_ENDPOINT_URL: server.url },
    });
    let output = '';
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise((r) => child.on('close', r));
    expect(output).toMatch(/RATE_LIMIT_REACHED.*run the command again in 30 seconds/s);
  });

  it('refuses clearly with a wrong token or a wrong base, or without settings', async () => {
    const token = await run('check', { AIRTABLE_API_KEY: 'patWRONG' });
    expect(token.code).toBe(1);
    expect(token.output).toMatch(/Check AIRTABLE_API_KEY/);
    const base = await run('check', { AIRTABLE_BASE_ID: 'appZZZZZZZZZZZZZZ' });
    expect(base.output).toMatch(/Check AIRTABLE_BASE_ID/);
    const none = await run('check', { AIRTABLE_API_KEY: '', AIRTABLE_BASE_ID: '' });
    expect(none.code).toBe(2);
    expect(none.output).toMatch(/not configured/);
  });
});
