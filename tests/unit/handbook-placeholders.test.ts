import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillPlaceholders, placeholderValues } from '../../src/lib/handbook/placeholders.ts';
import { payTable } from '../../src/lib/program/money.ts';
import { repoProgram } from '../../support/program.ts';

const values = placeholderValues(repoProgram());

describe('handbook placeholders', () => {
  it('fills program figures into the text', () => {
    const html = '<p>Each block is {{blockHours}} hours and pays {{payPerBlock}}; at most {{maxPayPerYear}} by {{submissionDeadline}}.</p>';
    expect(fillPlaceholders(html, values, 'x.md')).toBe('<p>Each block is 6 hours and pays $250; at most $750 by June 30.</p>');
  });

  it('follows a changed pay per block everywhere it is derived', () => {
    const changed = placeholderValues({ ...repoProgram(), payPerBlock: 275 });
    const html = fillPlaceholders('<p>{{payPerBlock}} / {{maxPayPerYear}}</p>\n<p>{{payTable}}</p>', changed, 'x.md');
    expect(html).toContain('<p>$275 / $825</p>');
    expect(html.match(/\$[\d,]+/g)).toEqual(['$275', '$825', '$275', '$550', '$825']);
  });

  it('puts the pay table in place of its paragraph', () => {
    const html = fillPlaceholders('<p>{{payTable}}</p>', values, 'x.md');
    expect(html.startsWith('<table class="pay-table">')).toBe(true);
    expect(html).toContain('<tr><th scope="row">3</th><td>18 hours</td><td>$750</td></tr>');
  });

  it('refuses the pay table inside a sentence, naming the file', () => {
    expect(() => fillPlaceholders('<p>See {{payTable}} here</p>', values, 'content/handbook/pay.md')).toThrow(
      'content/handbook/pay.md: {{payTable}} must stand alone on its own line',
    );
  });

  it('refuses an unknown placeholder, naming the file and the name', () => {
    expect(() => fillPlaceholders('<p>{{payPerBlok}}</p>', values, 'content/handbook/compensation.md')).toThrow(
      /content\/handbook\/compensation\.md: unknown placeholder \{\{payPerBlok\}\}/,
    );
  });

  it('refuses a name of Object’s own ({{constructor}}) as unknown, rather than printing a function', () => {
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      expect(() => fillPlaceholders(`<p>{{${name}}}</p>`, values, 'x.md')).toThrow(`x.md: unknown placeholder {{${name}}}`);
    }
  });

  it('escapes text values so settings cannot inject markup', () => {
    const program = { ...repoProgram(), district: { name: 'A <b>&</b> B', shortName: 'AB' } };
    expect(fillPlaceholders('{{districtName}}', placeholderValues(program), 'x.md')).toBe('A &lt;b&gt;&amp;&lt;/b&gt; B');
  });

  it('states the task force’s terms and meetings, the focus plan’s dates and target, and the time zone from the settings the rules use', () => {
    const base = repoProgram();
    const changed = placeholderValues({
      ...base,
      timeZone: 'America/Chicago',
      taskForce: { ...base.taskForce, termYears: 3, meetingsPerYear: 4, facilitator: 'the director of classified personnel' },
      focusPlan: { lastCheckpointDate: { month: 6, day: 4 }, startTarget: { percent: 30, by: { month: 11, day: 15 } } },
    });
    const chapter = (name: string) => {
      const file = `content/handbook/${name}.md`;
      const paragraphs = readFileSync(file, 'utf8')
        .split(/\n\s*\n/)
        .map((block) => `<p>${block.trim()}</p>`)
        .join('\n');
      return fillPlaceholders(paragraphs, changed, file);
    };
    const taskForce = chapter('task-force');
    expect(taskForce).toContain('Members serve 3-year terms');
    expect(taskForce).toContain('meets 4 times a year, and more often when needed');
    expect(taskForce).toContain('facilitated by the director of classified personnel');
    expect(chapter('appeals')).toContain('meets 4 times a year');
    const forms = chapter('forms');
    expect(forms).toContain('no later than June 4, the district');
    expect(forms).toContain('at least 30% of the teachers at each site have started a plan by November 15');
    expect(forms).toContain("the district's calendar (Central Time)");
    expect(chapter('compensation')).toContain('(Central Time)');
  });

  it('the handbook sources type no money and use only known placeholders', () => {
    const dir = 'content/handbook';
    const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      expect(text, `${file} types a dollar amount`).not.toMatch(/\$\s?\d/);
      for (const { hours } of payTable(repoProgram())) {
        expect(text, `${file} types an hour figure of the program`).not.toMatch(new RegExp(`\\b${hours}[ -]hours?\\b`));
      }
      const names = [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
      expect(
        names.filter((name) => !(name! in values)),
        `${file} uses unknown placeholders`,
      ).toEqual([]);
    }
  });
});
