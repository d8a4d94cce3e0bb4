import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/lib/program/money.ts';
import { repoProgram } from '../../support/program.ts';
import { launchBrowser } from '../support/browser.ts';
import { serveDist } from '../support/static-server.ts';

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
const CATEGORY = 'Student support and crisis prevention';
const program = repoProgram();

let server: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
const contexts: Record<'phone' | 'phoneNoJs' | 'desktop', BrowserContext> = {} as never;

beforeAll(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  contexts.phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  contexts.phoneNoJs = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  contexts.desktop = await browser.newContext({ viewport: DESKTOP });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Where an element's top and bottom are, from the top of the page as it first shows. */
const box = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
    });

async function expectResultsFirst(page: Page) {
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const heading = await box(page, '#list-title');
  const firstCourse = await box(page, '.course-card h3');
  expect(heading.bottom, 'the results heading is on the first screen').toBeLessThanOrEqual(PHONE.height);
  expect(firstCourse.bottom, 'the first course is on the first screen').toBeLessThanOrEqual(PHONE.height);
  // The filters stay folded above the results: one line, not the whole list.
  expect(await page.locator('details.filters').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
  expect((await box(page, 'details.filters')).bottom).toBeLessThan(heading.top);
}

async function expectActiveCategoryFilter(page: Page) {
  const count = await page.locator('.course-card').count();
  expect(await page.locator('#list-title').textContent()).toBe(`${count} courses`);
  expect(await page.locator('.active-filter').textContent()).toContain(`Filtered by category: ${CATEGORY}.`);
  await page.locator('.active-filter').getByRole('link', { name: 'Clear the filter and show all courses' }).click();
  await page.waitForURL(`${server.url}/courses/`);
  expect(await page.locator('.active-filter').count()).toBe(0);
}

describe('the catalog on a phone', () => {
  for (const [name, which] of [
    ['with JavaScript', 'phone'],
    ['without JavaScript', 'phoneNoJs'],
  ] as const) {
    it(`after choosing a category the results and the first course are on the first screen, with the filter shown and a way to clear it (${name})`, async () => {
      const page = await contexts[which].newPage();
      await page.goto(`${server.url}/courses/`);
      expect(await page.locator('details.filters').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      await page.locator('details.filters > summary').click();
      await page.getByRole('link', { name: new RegExp(`^${CATEGORY} \\(\\d+\\)$`) }).click();
      await page.waitForURL('**/courses/category/student-support/');
      await expectResultsFirst(page);
      await expectActiveCategoryFilter(page);
      await page.close();
    });
  }

  it('a keyboard alone opens the filters and chooses a category', async () => {
    const page = await contexts.phoneNoJs.newPage();
    await page.goto(`${server.url}/courses/`);
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    let presses = 0;
    while (!(await focused()).startsWith('Filter courses')) {
      await page.keyboard.press('Tab');
      expect(++presses, 'Tab reaches "Filter courses"').toBeLessThan(30);
    }
    await page.keyboard.press('Enter');
    while (!(await focused()).startsWith(CATEGORY)) {
      await page.keyboard.press('Tab');
      expect(++presses, 'Tab reaches the category').toBeLessThan(60);
    }
    await page.keyboard.press('Enter');
    await page.waitForURL('**/courses/category/student-support/');
    await expectResultsFirst(page);
    await page.close();
  });

  it('shows no empty bar under the search box', async () => {
    const page = await contexts.phone.newPage();
    await page.goto(`${server.url}/courses/`);
    await page.locator('pagefind-input input').waitFor();
    const empty = await page.locator('.search-panel').evaluate((panel) =>
      [...panel.querySelectorAll('*')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          const painted = style.backgroundColor !== 'rgba(0, 0, 0, 0)' || style.borderTopWidth !== '0px';
          return r.height > 4 && painted && !(el as HTMLElement).innerText?.trim() && !el.querySelector('input') && el.tagName !== 'INPUT';
        })
        .map((el) => el.tagName.toLowerCase()),
    );
    expect(empty).toEqual([]);
    // The box is the last thing in the panel until someone searches: only the panel's padding below it.
    const input = await box(page, 'pagefind-input');
    const panel = await box(page, '.search-panel');
    expect(panel.bottom - input.bottom).toBeLessThanOrEqual(24);
    await page.close();
  });

  it('says without JavaScript that search needs it, and leaves no empty box', async () => {
    const page = await contexts.phoneNoJs.newPage();
    await page.goto(`${server.url}/courses/`);
    expect(await page.locator('.search-panel').innerText()).toContain('Search needs JavaScript in your browser; the filters below work without it.');
    expect((await page.locator('pagefind-input').boundingBox())?.height ?? 0).toBe(0);
    await page.close();
  });

  it('finds the de-escalation course by the plain words "calm angry student"', async () => {
    const page = await contexts.phone.newPage();
    await page.goto(`${server.url}/courses/`);
    const input = page.locator('pagefind-input input');
    await input.waitFor();
    await input.fill('calm angry student');
    const result = page.locator('pagefind-results a', { hasText: 'Crisis Prevention and De-escalation' });
    await result.first().waitFor({ timeout: 15_000 });
    expect(await result.first().getAttribute('href')).toContain('/courses/crisis-prevention-and-de-escalation/');
    await page.close();
  });

  it('a course page says what the course is worth in this program and how to take it', async () => {
    const page = await contexts.phoneNoJs.newPage();
    await page.goto(`${server.url}/courses/crisis-prevention-and-de-escalation/`);
    const worth = await page.locator('section[aria-labelledby="worth-title"]').innerText();
    expect(worth).toContain(`12 hours: 2 blocks in the ${program.programName}, paid ${formatMoney(2 * program.payPerBlock)}`);
    const take = await page.locator('section[aria-labelledby="take-title"]').innerText();
    expect(take).toContain('January 9 to 10, 2027');
    expect(take).toContain('Where to enrol: Frontline');
    expect(await page.getByRole('link', { name: 'Enrolment page for Crisis Prevention and De-escalation' }).getAttribute('href')).toMatch(/^https:\/\//);
    expect((await box(page, '#worth-title')).top, 'the worth is on the first two screens').toBeLessThan(2 * PHONE.height);

    await page.goto(`${server.url}/courses/mandated-reporter-training/`);
    expect(await page.locator('section[aria-labelledby="worth-title"]').innerText()).toMatch(
      /required training, taken on work time: it is not paid by the incentive/,
    );
    expect(await page.locator('section[aria-labelledby="take-title"]').innerText()).toContain('Self-paced: start when you like');
    await page.close();
  });
});

describe('the catalog on a wide screen', () => {
  it('keeps the filters open beside the results, without a click', async () => {
    const page = await contexts.desktop.newPage();
    await page.goto(`${server.url}/courses/category/student-support/`);
    const link = page.getByRole('link', { name: new RegExp(`^${CATEGORY} \\(\\d+\\)$`) });
    expect(await link.isVisible()).toBe(true);
    const filters = await page.locator('details.filters').boundingBox();
    const results = await page.locator('#list-title').boundingBox();
    expect(filters!.x + filters!.width).toBeLessThanOrEqual(results!.x);
    expect(results!.y).toBeLessThan(DESKTOP.height / 2);
    await page.close();
  });
});
