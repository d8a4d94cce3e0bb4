/**
 * The mistakes an editor can make in content/, each refused with the file and the
 * field named, checked on the functions the build runs (one real build of a bad file
 * is in tests/integration/content-build.test.ts). Each case takes the repository's own
 * file and makes the one edit the old build test made.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readCourseFiles } from '../../src/lib/catalog/files.ts';
import { courseSchemaFor } from '../../src/lib/catalog/schema.ts';
import { policySchema } from '../../src/lib/content/schemas.ts';
import { fillPlaceholders, placeholderValues } from '../../src/lib/handbook/placeholders.ts';
import { policies } from '../../src/lib/policies.ts';
import { parseProgram } from '../../src/lib/program/settings.ts';
import { programYamlWith, repoProgram } from '../../support/program.ts';
import { setCollection } from '../support/astro-content.ts';

const program = repoProgram();
const schema = courseSchemaFor(program);

/** A file's front matter as Astro reads it (YAML 1.1: an unquoted date is a date). */
function frontMatter(text: string): Record<string, unknown> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) throw new Error('no front matter');
  return parseYaml(match[1]!, { schema: 'yaml-1.1' }) as Record<string, unknown>;
}

/** The text of a repository file with one edit, which must change it. */
function edited(path: string, change: (text: string) => string): string {
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`edit of ${path} changed nothing`);
  return after;
}

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('a course file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pg-courses-'));
    cpSync('content/courses', dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const editCourse = (name: string, change: (text: string) => string) => writeFileSync(join(dir, name), edited(join('content/courses', name), change));

  it('as the repository has them, every course passes', () => {
    expect(readCourseFiles(program, dir)).toHaveLength(readdirSync('content/courses').filter((f) => f.endsWith('.md')).length);
  });

  it('with a field of the wrong type is refused, naming the file and the field', () => {
    editCourse('first-aid-and-cpr-certification.md', (t) => t.replace(/^hours: .*$/m, 'hours: six'));
    const data = frontMatter(readFileSync(join(dir, 'first-aid-and-cpr-certification.md'), 'utf8'));
    expect(issuesOf(schema.safeParse(data))).toEqual([expect.stringMatching(/^hours: .*expected number/)]);
    expect(() => readCourseFiles(program, dir)).toThrow(/first-aid-and-cpr-certification\.md has a problem:\s+hours: .*expected number/);
  });

  it('in a category the program does not list is refused, naming the file and the field', () => {
    editCourse('paraeducator-academy.md', (t) => t.replace(/^category: .*$/m, 'category: cooking'));
    const data = frontMatter(readFileSync(join(dir, 'paraeducator-academy.md'), 'utf8'));
    expect(issuesOf(schema.safeParse(data))).toEqual([expect.stringMatching(/^category: /)]);
    expect(() => readCourseFiles(program, dir)).toThrow(/paraeducator-academy\.md has a problem:\s+category: /);
  });

  it('retired without the day it left the list is refused, naming the file and the field', () => {
    editCourse('email-and-calendar-essentials.md', (t) => t.replace(/^retiredOn: .*\n/m, ''));
    const data = frontMatter(readFileSync(join(dir, 'email-and-calendar-essentials.md'), 'utf8'));
    expect(issuesOf(schema.safeParse(data))).toEqual([expect.stringMatching(/^retiredOn: a retired course needs the date it left the list/)]);
    expect(() => readCourseFiles(program, dir)).toThrow(/email-and-calendar-essentials\.md has a problem:\s+retiredOn: /);
  });

  it('that does not say what it counts for, or puts a required training under the incentive, is refused, naming the file and the field', () => {
    editCourse('paraeducator-academy.md', (t) => t.replace(/^countsFor: .*\n/m, ''));
    expect(() => readCourseFiles(program, dir)).toThrow(/paraeducator-academy\.md has a problem:\s+countsFor: /);
    cpSync('content/courses/paraeducator-academy.md', join(dir, 'paraeducator-academy.md'));
    editCourse('mandated-reporter-training.md', (t) => t.replace(/^countsFor: .*$/m, 'countsFor: [required-training, classified-incentive]'));
    const data = frontMatter(readFileSync(join(dir, 'mandated-reporter-training.md'), 'utf8'));
    expect(issuesOf(schema.safeParse(data))).toEqual([expect.stringMatching(/^countsFor: a required training is taken on work time/)]);
    expect(() => readCourseFiles(program, dir)).toThrow(/mandated-reporter-training\.md has a problem:\s+countsFor: /);
  });
});

describe('a policy', () => {
  /** The policies collection as Astro would hold it, from the repository's files with `changes` applied. */
  function collect(changes: Record<string, (text: string) => string> = {}) {
    const entries = readdirSync('content/policies')
      .filter((f) => f.endsWith('.md'))
      .map((name) => {
        const path = `content/policies/${name}`;
        const text = changes[name] ? edited(path, changes[name]) : readFileSync(path, 'utf8');
        return { id: name.replace(/\.md$/, ''), filePath: path, data: policySchema.parse(frontMatter(text)) };
      });
    setCollection('policies', entries);
  }

  it('without its adoption date is refused, naming the field', () => {
    const data = frontMatter(edited('content/policies/4310.md', (t) => t.replace(/^adopted: .*\n/m, '')));
    expect(issuesOf(policySchema.safeParse(data))).toEqual([expect.stringMatching(/^adopted: /)]);
    expect(policySchema.safeParse(frontMatter(readFileSync('content/policies/4310.md', 'utf8'))).success).toBe(true);
  });

  it('as the repository has them, every related policy is found', async () => {
    collect();
    const all = await policies();
    expect(all.map((p) => p.entry.data.number)).toEqual(['4300.2', '4310', '4320', '4330']);
    expect(all.find((p) => p.entry.data.number === '4320')!.related.map((r) => r.data.number)).toEqual(['4300.2', '4310', '4330']);
  });

  it('related to a policy that does not exist is refused, naming the file and the number', async () => {
    collect({ '4320.md': (t) => t.replace(/^related: \[/m, 'related: ["9999", ') });
    await expect(policies()).rejects.toThrow(/content\/policies\/4320\.md: related: no policy numbered "9999"/);
  });

  it('whose number does not match its file name is refused, naming the file name it needs', async () => {
    collect({ '4330.md': (t) => t.replace(/^number: "4330"$/m, 'number: "4331"') });
    await expect(policies()).rejects.toThrow(/content\/policies\/4330\.md: number "4331" does not match the file name; name the file 4331\.md/);
  });
});

describe('a handbook chapter', () => {
  /** The chapter's blocks (text between blank lines) each in a paragraph, as the build's Markdown renders a placeholder on a line of its own. */
  const paragraphs = (text: string) =>
    text
      .split(/\n\s*\n/)
      .map((block) => `<p>${block.trim()}</p>`)
      .join('\n');

  it('with a misspelt placeholder is refused, naming the file and the placeholder', () => {
    const file = 'content/handbook/compensation.md';
    const values = placeholderValues(program);
    expect(fillPlaceholders(paragraphs(readFileSync(file, 'utf8')), values, file)).toContain('$250');
    const text = paragraphs(edited(file, (t) => t.replace('{{payPerBlock}}', '{{payPerBlok}}')));
    expect(() => fillPlaceholders(text, values, file)).toThrow(/content\/handbook\/compensation\.md: unknown placeholder \{\{payPerBlok\}\}/);
  });

  it('with the task force’s member list inside a sentence is refused, naming the file', () => {
    const file = 'content/handbook/task-force.md';
    const values = placeholderValues(program);
    expect(fillPlaceholders(paragraphs(readFileSync(file, 'utf8')), values, file)).toContain('<ul><li>The president of the classified employees');
    const text = paragraphs(edited(file, (t) => t.replace('\n\n{{taskForceMembers}}\n\n', '\n\nIts members are {{taskForceMembers}}.\n\n')));
    expect(() => fillPlaceholders(text, values, file)).toThrow('content/handbook/task-force.md: {{taskForceMembers}} must stand alone on its own line');
  });
});

describe('the program settings', () => {
  it('with a bad setting are refused, naming the settings file and the field', () => {
    expect(() => parseProgram(programYamlWith({ blockHours: 'six' }))).toThrow(/content\/program\.yaml has a problem:\s+blockHours: /);
  });
});
