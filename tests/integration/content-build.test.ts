import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { programYamlWith } from '../../support/program.ts';
import { SiteCopy } from '../../support/site-copy.ts';

let site: SiteCopy | undefined;
afterEach(() => site?.remove());

function fresh(): SiteCopy {
  site = new SiteCopy();
  return site;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(dir, f));
}

const money = (html: string) => html.match(/\$\d{1,3}(?:,\d{3})*(?:\.\d\d)?/g) ?? [];

describe('building the site from content', () => {
  it('changing the pay per block changes every amount the handbook and home page show', () => {
    const copy = fresh();
    copy.write('content/program.yaml', programYamlWith({ payPerBlock: 275 }));
    const { ok, output } = copy.build();
    expect(ok, output).toBe(true);

    const pages = [...htmlFiles(join(copy.dir, 'dist/handbook')), join(copy.dir, 'dist/index.html')];
    const shown = pages.flatMap((file) => money(readFileSync(file, 'utf8')));
    expect(new Set(shown)).toEqual(new Set(['$275', '$550', '$825']));

    const compensation = readFileSync(join(copy.dir, 'dist/handbook/compensation/index.html'), 'utf8');
    expect(compensation).toMatch(/<th scope="row">2<\/th><td>12 hours<\/td><td>\$550<\/td>/);
  });

  it('a course field of the wrong type fails the build, naming the file and the field', () => {
    const copy = fresh();
    copy.edit('content/courses/first-aid-and-cpr-certification.md', (t) => t.replace(/^hours: .*$/m, 'hours: six'));
    const { ok, output } = copy.build();
    expect(ok).toBe(false);
    expect(output).toContain('content/courses/first-aid-and-cpr-certification.md');
    expect(output).toMatch(/hours.*Expected type `"number"`/);
  });

  it('a course in a category the program does not list fails the build, naming the field', () => {
    const copy = fresh();
    copy.edit('content/courses/paraeducator-academy.md', (t) => t.replace(/^category: .*$/m, 'category: cooking'));
    const { ok, output } = copy.build();
    expect(ok).toBe(false);
    expect(output).toContain('content/courses/paraeducator-academy.md');
    expect(output).toMatch(/category/);
  });

  it('a policy without its adoption date fails the build, naming the file and the field', () => {
    const copy = fresh();
    copy.edit('content/policies/4310.md', (t) => t.replace(/^adopted: .*\n/m, ''));
    const { ok, output } = copy.build();
    expect(ok).toBe(false);
    expect(output).toContain('content/policies/4310.md');
    expect(output).toMatch(/adopted/);
  });

  it('a related policy that does not exist fails the build, naming the file', () => {
    const copy = fresh();
    copy.edit('content/policies/4320.md', (t) => t.replace(/^related: \[/m, 'related: ["9999", '));
    const { ok, output } = copy.build();
    expect(ok).toBe(false);
    expect(output).toMatch(/content\/policies\/4320\.md: related: no policy numbered "9999"/);
  });

  it('a misspelt placeholder in the handbook fails the build, naming the file and the placeholder', () => {
    const copy = fresh();
    copy.edit('content/handbook/compensation.md', (t) => t.replace('{{payPerBlock}}', '{{payPerBlok}}'));
    const { ok, output } = copy.build();
    expect(ok).toBe(false);
    expect(output).toMatch(/content\/handbook\/compensation\.md: unknown placeholder \{\{payPerBlok\}\}/);
  });

  it('a bad program setting fails the build, naming the settings file and the field', () => {
    const copy = fresh();
    copy.write('content/program.yaml', programYamlWith({ blockHours: 'six' }));
    const { ok, output } = copy.build();
    expect(ok).toBe(false);
    expect(output).toMatch(/content\/program\.yaml has a problem:\s+blockHours: /);
  });
});
