import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, today } from '../../src/lib/program/calendar.ts';
import { repoProgram } from '../../support/program.ts';
import { servedSiteCopy } from '../support/served-site.ts';
import { signIn } from '../support/sign-in.ts';

/**
 * Issue 14, items 1-3, walked in a browser: the claim of the issue (a completion date
 * still to come, 7 hours for a 6-hour course, so not a whole block, and the declaration
 * left unticked) is refused in one round with every problem, each shown where it belongs,
 * with the running total; at phone and desktop size, with and without JavaScript.
 */
const served = servedSiteCopy();
const now = today(new Date(), repoProgram().timeZone);

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

/** Permanent classified staff on the sample roster, who may claim: one per walk, so no walk's claim counts in another's total. */
const WALKS = [
  { size: 'phone', viewport: PHONE, javaScript: false, email: 'rebecca.stone@cedarvalley.example' },
  { size: 'phone', viewport: PHONE, javaScript: true, email: 'carlos.mendez@cedarvalley.example' },
  { size: 'desktop', viewport: DESKTOP, javaScript: false, email: 'fatima.hassan@cedarvalley.example' },
  { size: 'desktop', viewport: DESKTOP, javaScript: true, email: 'teresa.alvarez@cedarvalley.example' },
] as const;

const field = (page: Page, name: string) => page.locator(`form[data-form] [name="${name}"]`).first();

/** The claim of the issue, typed as a person types it. */
async function fillClaim(page: Page): Promise<void> {
  const source = page.locator('form[data-form] [name="lines[0][source]"][value="catalog"]');
  if ((await source.count()) > 0) await source.check();
  await field(page, 'lines[0][courseId]').selectOption('first-aid-and-cpr-certification');
  await field(page, 'lines[0][startDate]').fill(addDays(now, -20));
  await field(page, 'lines[0][completionDate]').fill(addDays(now, 10));
  await field(page, 'lines[0][hours]').fill('7');
  await field(page, 'outsideWorkday').check();
  await page.locator('form[data-form] [name="paidElsewhere"][value="no"]').check();
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

const totalText = (page: Page) => page.locator('[data-running-total] output').textContent();

describe.each(WALKS)('a claim with several mistakes ($size, JavaScript $javaScript)', ({ viewport, javaScript, email }) => {
  it('is refused in one round, each problem by its field, the total’s by the total, and every summary link lands on its field', async () => {
    const page = await served.freshPage(javaScript);
    await page.setViewportSize(viewport);
    await signIn(page, served.url(), email, '/forms/compensation/');
    expect(await totalText(page)).toBe('0 hours: 0 whole blocks, $0. 18 hours of this year’s 18 left to claim.');
    await fillClaim(page);
    if (javaScript) {
      // The total follows the typing, read out politely once the typing settles.
      await expect.poll(() => totalText(page)).toBe('7 hours: 1 whole block, $250 (1 hour short of a whole block). 18 hours of this year’s 18 left to claim.');
      expect(await page.locator('[data-running-total] output').getAttribute('aria-live')).toBe('polite');
    }
    await page.getByRole('button', { name: 'Send claim' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();

    // One round: all four problems, in the order of the page.
    const links = summary.locator('a');
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['#f-lines-0-completionDate', '#f-lines-0-hours', '#f-lines', '#f-trueAndComplete']);
    expect(await links.allTextContents()).toEqual([
      expect.stringMatching(/in the future/),
      'Course 1: First Aid and CPR Certification has 6 hours; you entered 7',
      'Claim 6 hours now, in whole blocks of 6: change the hours or remove a course; keep the other hour for a later claim.',
      expect.stringMatching(/^Confirm that/),
    ]);

    // The total's error sits by the total, which shows what was sent; only the fields at fault are marked.
    const total = page.locator('[data-running-total]');
    expect(await total.locator('.error-message').textContent()).toMatch(/Claim 6 hours now/);
    expect(await totalText(page)).toBe('7 hours: 1 whole block, $250 (1 hour short of a whole block). 18 hours of this year’s 18 left to claim.');
    const marked = await page.locator('form[data-form] [aria-invalid="true"]').evaluateAll((els) => els.map((el) => el.id));
    expect(marked).toEqual(['f-lines-0-completionDate', 'f-lines-0-hours', 'f-trueAndComplete']);
    expect(await page.locator('[data-repeat="lines"].field-error, [data-repeat="lines"] .field-error[data-field$="startDate"]').count()).toBe(0);

    if (javaScript) expect(await axeViolations(page)).toEqual([]);

    // Every link of the summary lands on an element of the page, which takes the focus: tapped on a phone, from the keyboard on a desktop.
    for (const href of hrefs) {
      const id = href!.slice(1);
      expect(await page.locator(`[id="${id}"]`).count(), id).toBe(1);
      const link = summary.locator(`a[href="${href}"]`);
      if (viewport === PHONE) {
        await link.click();
      } else {
        await link.focus();
        await page.keyboard.press('Enter');
      }
      await expect.poll(() => page.evaluate(() => document.activeElement?.id), { message: id }).toBe(id);
    }
    await page.close();
  });
});

describe('a pre-approval with two mistakes, on a phone without JavaScript', () => {
  it('is refused in one round: the hours that are not a number and the course that has already started', async () => {
    const page = await served.freshPage(false);
    await page.setViewportSize(PHONE);
    await signIn(page, served.url(), 'ana.reyes@cedarvalley.example', '/forms/pre-approval/');
    await field(page, 'courses[0][courseTitle]').fill('Signing basics');
    await field(page, 'courses[0][courseDescription]').fill('Two evenings on signing basics.');
    await field(page, 'courses[0][instructor]').fill('Lee Morgan');
    await field(page, 'courses[0][provider]').fill('Alder County Adult School');
    await field(page, 'courses[0][startDate]').fill(addDays(now, -3));
    await field(page, 'courses[0][hours]').fill('six');
    await field(page, 'courses[0][purpose]').fill('To talk with the deaf students in my classroom.');
    await field(page, 'trueAndComplete').check();
    await page.getByRole('button', { name: 'Send request' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    const hrefs = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['#f-courses-0-startDate', '#f-courses-0-hours']);
    expect(await summary.locator('a').allTextContents()).toEqual([
      expect.stringMatching(/already started|before you enrol/),
      expect.stringMatching(/as a number/),
    ]);
    await page.close();
  });
});
