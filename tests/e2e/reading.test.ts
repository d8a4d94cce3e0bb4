import { readdirSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { serveDist } from '../support/static-server.ts';
import { cspRefusals } from '../support/csp.ts';

let server: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
let withJs: BrowserContext;
let withoutJs: BrowserContext;

beforeAll(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  withJs = await browser.newContext();
  withoutJs = await browser.newContext({ javaScriptEnabled: false });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('reading the site with a keyboard', () => {
  it('the first Tab shows a skip link that moves focus to the main content', async () => {
    const page = await withJs.newPage();
    await page.goto(`${server.url}/handbook/compensation/`);
    await page.keyboard.press('Tab');
    const skip = page.locator('a.skip-link');
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await skip.boundingBox();
    expect(box && box.y >= 0 && box.height > 0, 'skip link is on screen when focused').toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.close();
  });

  it('a focused link is visibly marked', async () => {
    const page = await withJs.newPage();
    await page.goto(`${server.url}/`);
    const link = page.locator('main a').first();
    const before = await link.evaluate((el) => getComputedStyle(el).backgroundColor);
    await link.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const after = await link.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, shadow: getComputedStyle(el).boxShadow }));
    expect(after.bg).not.toBe(before);
    expect(after.bg).toBe('rgb(255, 191, 71)');
    expect(after.shadow).not.toBe('none');
    await page.close();
  });
});

describe('the catalog', () => {
  it('search finds a course by a word of its title, within the site’s Content-Security-Policy', async () => {
    const page = await withJs.newPage();
    const refused = cspRefusals(page);
    const answer = await page.goto(`${server.url}/courses/`);
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
    const input = page.locator('pagefind-input input');
    await input.waitFor();
    await input.fill('ergonomics');
    const result = page.locator('pagefind-results a', { hasText: 'Workstation Ergonomics and Safe Lifting' });
    await result.first().waitFor({ timeout: 15_000 });
    expect(await result.first().getAttribute('href')).toContain('/courses/workstation-ergonomics-and-safe-lifting/');
    // Handbook and policy pages are not course results.
    await input.fill('appeal');
    await page.waitForTimeout(1000);
    const hrefs = await page.locator('pagefind-results a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.every((h) => h.includes('/courses/'))).toBe(true);
    expect(refused).toEqual([]);
    await page.close();
  });

  it('filters work without JavaScript: certificated staff see courses for them and for all staff', async () => {
    const page = await withoutJs.newPage();
    await page.goto(`${server.url}/courses/`);
    await page.getByRole('link', { name: /^Certificated staff \(\d+\)$/ }).click();
    await page.waitForURL('**/courses/audience/certificated/');
    expect(await page.locator('h1').textContent()).toBe('Certificated staff: courses');
    const tags = await page.locator('.course-card .tags').allTextContents();
    expect(tags.length).toBeGreaterThan(5);
    for (const t of tags) expect(t).toMatch(/Certificated staff|All staff/);
    const heading = await page.locator('#list-title').textContent();
    expect(heading).toBe(`${tags.length} courses`);
    await page.close();
  });

  it('a retired course keeps its page but leaves the list', async () => {
    const page = await withoutJs.newPage();
    await page.goto(`${server.url}/courses/`);
    expect(await page.getByRole('link', { name: 'Email and Calendar Essentials' }).count()).toBe(0);
    await page.goto(`${server.url}/courses/email-and-calendar-essentials/`);
    expect(await page.locator('.notice').textContent()).toMatch(/retired from the pre-approved list/);
    await page.close();
  });
});

describe('the printed handbook', () => {
  it('prints every chapter, each from a new page, without the site navigation', async () => {
    const page = await withJs.newPage();
    await page.goto(`${server.url}/handbook/print/`);
    const chapters = await page.locator('.print-chapter').count();
    expect(chapters).toBe(readdirSync('content/handbook').filter((f) => f.endsWith('.md')).length);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-header', '.site-footer', '.breadcrumbs', '.skip-link']) {
      expect(await page.locator(selector).evaluate((el) => getComputedStyle(el).display), selector).toBe('none');
    }
    const pdf = await page.pdf({ format: 'Letter', printBackground: false });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(chapters + 1);
    await page.close();
  });

  it('links between chapters point within the printed page', async () => {
    const page = await withJs.newPage();
    await page.goto(`${server.url}/handbook/print/`);
    const hrefs = await page.locator('.chapter-body a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((h) => h.startsWith('/handbook/'))).toEqual([]);
    for (const h of hrefs.filter((x) => x.startsWith('#'))) {
      expect(await page.locator(`[id="${h.slice(1)}"]`).count(), h).toBe(1);
    }
    await page.close();
  });
});
