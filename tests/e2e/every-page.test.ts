import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { builtPages } from '../support/pages.ts';
import { serveDist } from '../support/static-server.ts';
import { cspRefusals } from '../support/csp.ts';

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/**
 * Pages allowed to load a script, and what: only the catalog, its search. The form
 * pages, which load their own, are answered by a function for the person signed in,
 * not built (tests/e2e/forms.test.ts checks them).
 */
function allowedScript(page: string, script: string): boolean {
  if (page === '/courses/') return script.startsWith('/pagefind/');
  return false;
}

/**
 * The addresses a function answers a GET at (a form for the person signed in, where a
 * request stands...), from each function's `config`, the literal Netlify reads: the
 * built site has no page there, and a link to one leads to a page all the same.
 */
function functionPages(): Set<string> {
  const folder = resolve(import.meta.dirname, '../../netlify/functions');
  const paths = new Set<string>();
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.mts'))) {
    const config = readFileSync(join(folder, file), 'utf8').split(/export const config\b/)[1] ?? '';
    const method = /method:\s*(\[[^\]]*\]|'[^']*')/.exec(config)?.[1] ?? "'GET'";
    if (!method.includes("'GET'")) continue;
    const path = /path:\s*(\[[^\]]*\]|'[^']*')/.exec(config)?.[1] ?? '';
    for (const [, literal] of path.matchAll(/'(\/[^']*)'/g)) paths.add(literal!);
  }
  return paths;
}

let server: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
let page: Page;
let refused: string[];
const scripts: string[] = [];
const links = new Set<string>();

beforeAll(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  refused = cspRefusals(page);
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const pages = builtPages();

describe('every built page', () => {
  it('there are pages to check, and no form among them', () => {
    // home, 404, handbook (index, print, 10 chapters), policies (index + 4), catalog, 24+ courses, filters, forms list, requests
    expect(pages.length).toBeGreaterThan(60);
    // A form shows the signed-in person's roster entry: a function answers it, no build makes it.
    expect(pages.filter((path) => /^\/forms\/[a-z-]+\/$/.test(path))).toEqual([]);
  });

  it.each(pages)('%s passes axe (WCAG 2.1 AA), loads no script but search, breaks none of the site’s CSP, and reflows at 320 px', async (path) => {
    scripts.length = 0;
    refused.length = 0;
    await page.setViewportSize({ width: 1280, height: 900 });
    const answer = await page.goto(server.url + path, { waitUntil: 'load' });
    expect(answer?.headers()['content-security-policy'], 'the CSP is sent').toContain("default-src 'self'");
    expect(answer?.headers()['x-frame-options']).toBe('DENY');

    const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
    const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(violations).toEqual([]);

    expect(
      scripts.filter((script) => !allowedScript(path, script)),
      'scripts loaded',
    ).toEqual([]);
    expect(refused, 'refused by the CSP').toEqual([]);

    await page.setViewportSize({ width: 320, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'horizontal scroll at 320 px').toBeLessThanOrEqual(0);

    for (const href of await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      if (href.startsWith('/')) links.add(href.split('#')[0]!);
    }
  });

  it('every link between pages leads to a page, built or answered by a function', async () => {
    expect(links.size).toBeGreaterThan(50);
    const answered = functionPages();
    // The forms list links to each form, which a function answers.
    expect(answered).toContain('/forms/pre-approval/');
    const broken: string[] = [];
    for (const href of links) {
      if (answered.has(href.split('?')[0]!)) continue;
      const response = await fetch(server.url + href);
      if (response.status !== 200) broken.push(`${href} (${response.status})`);
    }
    expect(broken).toEqual([]);
  });
});
