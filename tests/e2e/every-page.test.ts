import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { builtPages } from '../support/pages.ts';
import { serveDist } from '../support/static-server.ts';

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Pages allowed to load a script, and what: the catalog its search, each form its checks and drafts. */
function allowedScript(page: string, script: string): boolean {
  if (page === '/courses/') return script.startsWith('/pagefind/');
  if (/^\/forms\/[a-z-]+\/$/.test(page)) return script.startsWith('/_astro/');
  return false;
}

let server: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
let page: Page;
const scripts: string[] = [];
const links = new Set<string>();

beforeAll(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
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
  it('there are pages to check', () => {
    // home, 404, handbook (index, print, 10 chapters), policies (index + 4), catalog, 24+ courses, filters
    expect(pages.length).toBeGreaterThan(60);
  });

  it.each(pages)('%s passes axe (WCAG 2.1 AA), loads no script but search or its form, and reflows at 320 px', async (path) => {
    scripts.length = 0;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.url + path, { waitUntil: 'load' });

    const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
    const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(violations).toEqual([]);

    expect(
      scripts.filter((script) => !allowedScript(path, script)),
      'scripts loaded',
    ).toEqual([]);

    await page.setViewportSize({ width: 320, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'horizontal scroll at 320 px').toBeLessThanOrEqual(0);

    for (const href of await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      if (href.startsWith('/')) links.add(href.split('#')[0]!);
    }
  });

  it('every link between pages leads to a page', async () => {
    expect(links.size).toBeGreaterThan(50);
    const broken: string[] = [];
    for (const href of links) {
      const response = await fetch(server.url + href);
      if (response.status !== 200) broken.push(`${href} (${response.status})`);
    }
    expect(broken).toEqual([]);
  });
});
