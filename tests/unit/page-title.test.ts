import { describe, expect, it } from 'vitest';
import { pageTitle, TITLE_MAX } from '../../src/lib/html/shell.ts';
import { repoProgram } from '../../support/program.ts';

const program = repoProgram();

describe('a page’s title', () => {
  it('is the page’s own title and the site’s whole name when both fit', () => {
    expect(pageTitle(program, 'Eligibility', '/handbook/eligibility/')).toBe('Eligibility · Cedar Valley USD Professional Growth');
  });

  it('keeps the district’s name only, then the page’s title only, as the page’s title grows', () => {
    const course = 'Understanding Your Classified Contract (CV-1901)';
    expect(pageTitle(program, course, '/courses/x/')).toBe(`${course} · Cedar Valley USD`);
    const facet = 'College courses toward a certificate or degree: courses (page 2 of 3)';
    expect(pageTitle(program, facet, '/courses/x/')).toBe(facet);
  });

  it('cuts a title too long on its own at a word, within the limit', () => {
    const title = pageTitle(program, 'Twelve letters '.repeat(6).trim(), '/courses/x/');
    expect(title.length).toBeLessThanOrEqual(TITLE_MAX);
    expect(title).toBe('Twelve letters Twelve letters Twelve letters Twelve letters Twelve…');
  });

  it('names the program on the home page', () => {
    expect(pageTitle(program, 'ignored', '/')).toBe('Classified Professional Growth Program · Cedar Valley USD');
  });
});
