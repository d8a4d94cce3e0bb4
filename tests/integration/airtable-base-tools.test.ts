import { spawn } from 'node:child_process';
import { describe, it } from 'vitest';
import { COURSES_TABLE } from '../../src/lib/airtable/courses.ts';
import { BASE_TABLES } from '../../src/lib/airtable/base-schema.ts';
import { AirtableServer } from '../../support/airtable-server.ts';
import { TestClock } from '../support/clock.ts';

/**
 * A stand-in base of the test's own (the tests run side by side, each tool a child
 * process), stopped when the test ends. The tools pace themselves by the real clock,
 * so the stand-in's clock runs with it; a 429 lasts until the test ends it, never on a
 * timer, so no test depends on how fast a tool starts. `onTestFinished` is the test's own:
 * the tests run side by side.
 */
async function emptyBase(onTestFinished: (stop: () => Promise<void>) => void) {
  const clock = new TestClock({ running: true });
  const server = new AirtableServer({ tables: {}, penaltyMs: Number.POSITIVE_INFINITY, now: clock.now });
  await server.start();
  onTestFinished(() => server.stop());

  /**
   * Runs `npm run airtable:<command>` as HR would, with the base's settings in the environment;
   * a second after the last run on the stand-in's clock, as Airtable allows 5 requests a second.
   */
  const run = (command: string, env: Record<string, string> = {}): Promise<{ code: number; output: string }> => {
    clock.advance(1_100);
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['scripts/airtable.ts', command], {
        env: { PATH: process.env['PATH'] ?? '', AIRTABLE_API_KEY: server.token, AIRTABLE_BASE_ID: server.baseId, AIRTABLE_ENDPOINT_URL: server.url, ...env },
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? 1, output }));
    });
  };
  return { server, run };
}

describe.concurrent('HR’s base tools', () => {
  it('check reports what an empty base lacks; setup creates every table and field; check then passes', async ({ expect, onTestFinished }) => {
    const { server, run } = await emptyBase(onTestFinished);
    const before = await run('check');
    expect(before.code).toBe(1);
    expect(before.output).toContain('missing table');
    expect(before.output).toContain('Compensation requests');
    const setup = await run('setup');
    expect(setup.code, setup.output).toBe(0);
    expect(setup.output).toContain(`created table "${COURSES_TABLE}"`);
    const { tables } = (await (
      await fetch(`${server.url}/v0/meta/bases/${server.baseId}/tables`, { headers: { authorization: `Bearer ${server.token}` } })
    ).json()) as {
      tables: { name: string; fields: { name: string; type: string }[] }[];
    };
    expect(tables.map((t) => t.name).sort()).toEqual(BASE_TABLES.map((t) => t.name).sort());
    // The evidence itself, beside the column that names it: an attachment column per file field.
    const attachments = (table: string) =>
      tables
        .find((t) => t.name === table)!
        .fields.filter((f) => f.type === 'multipleAttachments')
        .map((f) => f.name);
    expect(attachments('Compensation requests')).toEqual(['Evidence of completion (attached)', 'Growth-plan-and-record form (attached)']);
    expect(attachments('Focus plan checkpoints')).toEqual(['Evidence file (attached)']);
    expect(attachments('Appeals')).toEqual(['Supporting documents (attached)']);
    expect((await run('check')).code).toBe(0);
    expect((await run('setup')).output).toContain('Nothing to create');
  });

  it('setup adds a field that HR’s base lacks without touching the rest', async ({ expect, onTestFinished }) => {
    const { server, run } = await emptyBase(onTestFinished);
    await run('setup');
    // Simulate an older base: drop one column from the stand-in.
    const fields = (server as unknown as { fields: Map<string, Set<string>> }).fields.get('Appeals')!;
    fields.delete('Why the decision should change');
    expect((await run('check')).output).toMatch(/Appeals.*Why the decision should change.*missing field/s);
    expect((await run('setup')).output).toContain('created field "Why the decision should change" in "Appeals"');
    expect((await run('check')).code).toBe(0);
  });

  it('check reports an attachment column HR made as text, since no file can go in it', async ({ expect, onTestFinished }) => {
    const { server, run } = await emptyBase(onTestFinished);
    await run('setup');
    (server as unknown as { types: Map<string, string> }).types.set('Focus plan checkpoints\u0000Evidence file (attached)', 'multilineText');
    const check = await run('check');
    expect(check.code).toBe(1);
    expect(check.output).toMatch(/Focus plan checkpoints.*Evidence file \(attached\).*other type.*is multilineText, expected multipleAttachments/s);
  });

  it('seed loads the Markdown catalog into Courses, and running it again changes nothing', async ({ expect, onTestFinished }) => {
    const { server, run } = await emptyBase(onTestFinished);
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

  it('says to slow down when Airtable answers 429', async ({ expect, onTestFinished }) => {
    const { server, run } = await emptyBase(onTestFinished);
    // Someone else went over the limit: the base refuses everything until the test ends the penalty.
    server.startPenalty();
    const refused = await run('check');
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/RATE_LIMIT_REACHED.*run the command again in 30 seconds/s);
    expect(server.log.length).toBeGreaterThan(0);
    expect(new Set(server.log.map((l) => l.status))).toEqual(new Set([429]));
    // Once Airtable takes requests again, the same command does its work.
    server.endPenalty();
    const again = await run('check');
    expect(again.output).toContain('missing table');
    expect(again.output).not.toMatch(/RATE_LIMIT_REACHED/);
  });

  it('refuses clearly with a wrong token or a wrong base, or without settings', async ({ expect, onTestFinished }) => {
    const { run } = await emptyBase(onTestFinished);
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
