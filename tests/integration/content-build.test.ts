import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { programYamlWith } from '../../support/program.ts';
import type { SiteCopy } from '../../support/site-copy.ts';
import { buildCopy } from '../support/build-copy.ts';

let site: SiteCopy | undefined;
afterEach(() => site?.remove());

function fresh(): SiteCopy {
  site = buildCopy();
  return site;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(dir, f));
}

const money = (html: string) => html.match(/\$\d{1,3}(?:,\d{3})*(?:\.\d\d)?/g) ?? [];

/**
 * Two real builds: one with a changed setting, one with a mistake in a content file.
 * Every other mistake an editor can make (a course's category, a policy's dates or
 * related numbers, a handbook placeholder, a program setting) is refused by the
 * functions the build runs, tested without a build in tests/unit/content-errors.test.ts.
 */
describe('building the site from content', () => {
  it('changing the pay per block changes every amount the handbook and home page show', () => {
    const copy = fresh();
    copy.write('content/program.yaml', programYamlWith({ payPerBlock: 275 }));
    const { ok, output } = copy.build();
    expect(ok, output).toBe(true);

    // The PD budget's chapter shows the budget's own figures (pdBudget), not pay for blocks; the
    // printable handbook repeats every chapter, that one included.
    const chapters = htmlFiles(join(copy.dir, 'dist/handbook')).filter((file) => !/[/\\](pd-budget|print)[/\\]/.test(file));
    const pages = [...chapters, join(copy.dir, 'dist/index.html')];
    const shown = pages.flatMap((file) => money(readFileSync(file, 'utf8')));
    expect(new Set(shown)).toEqual(new Set(['$275', '$550', '$825']));

    const compensation = readFileSync(join(copy.dir, 'dist/handbook/compensation/index.html'), 'utf8');
    expect(compensation).toMatch(/<th scope="row">2<\/th><td>12 hours<\/td><td>\$550<\/td>/);
  });

  it('a content file with a field of the wrong type fails the build, naming the file and the field', () => {
    const copy = fresh();
    copy.edit('content/courses/first-aid-and-cpr-certification.md', (t) => t.replace(/^hours: .*$/m, 'hours: six'));
    const { ok, output } = copy.build();
    expect(ok).toBe(false);
    expect(output).toContain('content/courses/first-aid-and-cpr-certification.md');
    expect(output).toMatch(/hours.*Expected type `"number"`/);
  });

  it('a retired course without the day it left the list fails the build, naming the file and the field', () => {
    const copy = fresh();
    copy.edit('content/courses/email-and-calendar-essentials.md', (t) => t.replace(/^retiredOn: .*\n/m, ''));
    const { ok, output } = copy.build();
    expect(ok).toBe(false);
    expect(output).toContain('content/courses/email-and-calendar-essentials.md');
    expect(output).toMatch(/retiredOn.*a retired course needs the date it left the list/);
  });
});
