import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, formatDate, today } from '../../src/lib/program/calendar.ts';
import { repoProgram } from '../../support/program.ts';
import { servedSiteCopy } from '../support/served-site.ts';
import { signIn } from '../support/sign-in.ts';

/**
 * Issue 14, items 7, 8 and 10, walked in a browser: the shorter claim form (one row to
 * start, "Add another course" with and without JavaScript, one choice of where a course
 * is from, the whole course name on a phone, one "Courses" heading), the sending state,
 * the contrast of the focused error summary, and a draft that says it is one.
 */
const served = servedSiteCopy();
const now = today(new Date(), repoProgram().timeZone);
const CONTACT = repoProgram().contacts[0]!.email;

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
const SIZES = [
  { size: 'phone', viewport: PHONE },
  { size: 'desktop', viewport: DESKTOP },
] as const;

/** Permanent classified staff on the sample roster; nobody signs in more than five times in this file. */
const email = (name: string) => `${name.toLowerCase().replace(/ /g, '.')}@cedarvalley.example`;

async function claimForm(who: string, javaScript: boolean, viewport: { width: number; height: number }): Promise<Page> {
  const page = await served.freshPage(javaScript);
  await page.setViewportSize(viewport);
  await signIn(page, served.url(), email(who), '/forms/compensation/');
  return page;
}

const field = (page: Page, name: string) => page.locator(`form[data-form] [name="${name}"]`).first();
const rows = (page: Page) => page.locator('[data-repeat-item]');

/**
 * The stops of the Tab key on the way to "Send claim" from the top of the page (the focus
 * starts on the page itself), each named by its control's name or text.
 */
async function tabStopsToSend(page: Page): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops: string[] = [];
  while (stops.length < 120) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return {
        name: (el.tagName === 'BUTTON' ? el.textContent?.trim() : el.getAttribute('name')) ?? el.textContent?.trim() ?? '',
        send: el.matches('button[data-send]'),
        inForm: !!el.closest('form[data-form]'),
      };
    });
    stops.push(stop.inForm ? stop.name : `(page) ${stop.name}`);
    if (stop.send) return stops;
  }
  throw new Error('"Send claim" was not reached in 120 presses of Tab');
}

/** The form's own stops, each control once (Chromium stops on a date's month, day, year and picker). */
const formStops = (stops: string[]) => [...new Set(stops.filter((s) => !s.startsWith('(page)')))];

/** A one-row claim: whom to ask about the roster's facts (once), the choice of source, the course's dates and hours, the button to add a row, the permit and declarations, and "Send claim". */
const ONE_ROW = [
  'lines[0][startDate]',
  'lines[0][completionDate]',
  'lines[0][hours]',
  'Add another course',
  'permitHolder',
  'growthPlan',
  'outsideWorkday',
  'paidElsewhere',
  'paidElsewhereAmount',
  'trueAndComplete',
  'Send claim',
];

/** WCAG's contrast ratio of two CSS colours (rgb or rgba, opaque enough to read). */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = color
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map(Number) as [number, number, number];
    const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(bl);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** An element's text colour and the colour behind it (its own, or the nearest ancestor's that is not transparent). */
function coloursOf(element: Locator): Promise<{ text: string; ground: string; what: string }> {
  return element.evaluate((shown) => {
    let ground = 'rgb(255, 255, 255)';
    for (let el: Element | null = shown; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      if (bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) {
        ground = bg;
        break;
      }
    }
    return { text: getComputedStyle(shown).color, ground, what: shown.textContent?.trim().slice(0, 60) ?? '' };
  });
}

/** The same for the focused element. */
const focusedColours = (page: Page) => coloursOf(page.locator(':focus'));

describe.each(SIZES)('the claim form ($size)', ({ size, viewport }) => {
  const person = size === 'phone' ? 'Rosa Delgado' : 'Keisha Williams';

  it('starts with one course row under one "Courses" heading, and a keyboard reaches "Send claim" in under 25 presses of Tab', async () => {
    const page = await claimForm(person, true, viewport);
    expect(await rows(page).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Courses', exact: true }).count()).toBe(1);
    // The issue counted 59 presses with three empty rows. The page's own links come first (the skip link, the
    // header, the breadcrumbs, whom to ask about the roster); the form's stops are those of one row and no more.
    const stops = await tabStopsToSend(page);
    console.log(
      `Tab presses to "Send claim", ${size}, with JavaScript: ${stops.length} (${stops.filter((s) => s.startsWith('(page)')).length} before the form)`,
    );
    expect(formStops(stops)).toEqual([CONTACT, 'lines[0][source]', ...ONE_ROW]);
    expect(stops.length).toBeLessThan(35);
    // Past the page's links with the skip link: under 25.
    await page.reload();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    let presses = 0;
    while (!(await page.evaluate(() => document.activeElement?.matches('button[data-send]') ?? false)) && presses < 60) {
      await page.keyboard.press('Tab');
      presses++;
    }
    console.log(`Tab presses to "Send claim" after the skip link, ${size}, with JavaScript: ${presses}`);
    expect(presses).toBeLessThan(25);
    await page.close();
  });

  it('with the keyboard only: a course is added with "Add another course", the choice of where it is from shows only its questions, and the whole course name shows', async () => {
    const page = await claimForm(person, true, viewport);
    // Nothing chosen yet: none of the branches' questions are shown.
    expect(await page.locator('[data-branch]:visible').count()).toBe(0);
    const add = page.getByRole('button', { name: 'Add another course' });
    await add.focus();
    await page.keyboard.press('Enter');
    expect(await rows(page).count()).toBe(2);
    // The focus moves into the new row, on its first question.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('lines[1][source]');

    // Choose "Pre-approved for me (receipt)" with the arrow keys: only the receipt's questions show.
    await page.keyboard.press('Space');
    expect(await field(page, 'lines[1][source]').isChecked()).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('[name="lines[1][source]"]:checked').getAttribute('value')).toBe('receipt');
    expect(await field(page, 'lines[1][preApprovalReceipt]').isVisible()).toBe(true);
    expect(await field(page, 'lines[1][courseId]').isVisible()).toBe(false);
    await page.keyboard.press('ArrowUp');
    expect(await field(page, 'lines[1][courseId]').isVisible()).toBe(true);
    expect(await field(page, 'lines[1][preApprovalReceipt]').isVisible()).toBe(false);

    // Tab onto the course list and choose with the arrow keys until a long name is chosen.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('lines[1][courseId]');
    const longest = await field(page, 'lines[1][courseId]').evaluate(
      (select: HTMLSelectElement) => [...select.options].reduce((a, b) => ((b.textContent ?? '').length > (a.textContent ?? '').length ? b : a)).index,
    );
    for (let i = 0; i < longest; i++) await page.keyboard.press('ArrowDown');
    const chosen = (await field(page, 'lines[1][courseId]').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)) ?? '';
    expect(chosen.length).toBeGreaterThan(20);
    const whole = page.locator('[data-whole-name-of="f-lines-1-courseId"]');
    expect(await whole.isVisible()).toBe(true);
    expect(await whole.textContent()).toBe(chosen);
    // The whole name fits the screen: wrapped, not cut.
    const box = (await whole.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(await whole.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    // Two rows, a branch shown and one hidden, the whole name: still no axe violation.
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('without JavaScript: every source’s questions show under their headings, and "Add another course" answers with one more row and the answers kept', async () => {
    const page = await claimForm(size === 'phone' ? 'Rebecca Stone' : 'Carlos Mendez', false, viewport);
    expect(await rows(page).count()).toBe(1);
    for (const heading of ['On the pre-approved list', 'Pre-approved for me (receipt)']) {
      expect(await page.getByRole('heading', { name: heading }).isVisible(), heading).toBe(true);
    }
    expect(await field(page, 'lines[0][courseId]').isVisible()).toBe(true);
    expect(await field(page, 'lines[0][preApprovalReceipt]').isVisible()).toBe(true);
    const stops = await tabStopsToSend(page);
    console.log(`Tab presses to "Send claim", ${size}, without JavaScript: ${stops.length}`);
    // Every source's questions are on the page, each once; still one row.
    const branches = ['lines[0][courseId]', 'lines[0][preApprovalReceipt]', 'lines[0][preApprovalCourse]', 'lines[0][evidence]'];
    expect(formStops(stops)).toEqual([CONTACT, 'lines[0][source]', ...branches, ...ONE_ROW]);

    await page.locator('[name="lines[0][source]"][value="catalog"]').check();
    await field(page, 'lines[0][courseId]').selectOption('first-aid-and-cpr-certification');
    await field(page, 'lines[0][hours]').fill('6');
    await Promise.all([page.waitForURL(/#f-lines-1$/), page.getByRole('button', { name: 'Add another course' }).click()]);
    expect(await rows(page).count()).toBe(2);
    expect(await page.inputValue('[name="lines[0][hours]"]')).toBe('6');
    expect(await page.inputValue('[name="lines[0][courseId]"]')).toBe('first-aid-and-cpr-certification');
    expect(await page.locator('[name="lines[0][source]"][value="catalog"]').isChecked()).toBe(true);
    expect(await page.inputValue('[name="lines[1][hours]"]')).toBe('');
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await page.locator('.error-message').count()).toBe(0);
    // The whole name of the course chosen, shown below the list.
    expect(await page.locator('[data-whole-name-of="f-lines-0-courseId"]').textContent()).toMatch(/^First Aid/);

    // Enter in a text box still sends the form, not "Add another course".
    await field(page, 'lines[0][hours]').focus();
    await Promise.all([page.waitForLoadState(), page.keyboard.press('Enter')]);
    await page.locator('.error-summary').waitFor();
    expect(await rows(page).count()).toBe(1);
    await page.close();
  });

  it('while sending, the button says "Sending…" and a second press does nothing; after a refusal it is back', async () => {
    const page = await claimForm(size === 'phone' ? 'Teresa Alvarez' : 'Fatima Hassan', true, viewport);
    let posts = 0;
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    await page.route('**/api/forms/compensation', async (route) => {
      posts++;
      await held;
      await route.continue();
    });
    const send = page.locator('button[data-send]');
    await send.click();
    await expect.poll(() => send.textContent()).toBe('Sending…');
    expect(await send.isDisabled()).toBe(true);
    expect(await page.locator('form[data-form]').getAttribute('aria-busy')).toBe('true');
    // A second press (the button is disabled) and Enter in a field: neither sends again.
    await send.click({ force: true });
    await field(page, 'lines[0][hours]').press('Enter');
    release();
    await page.locator('.error-summary').waitFor();
    expect(posts).toBe(1);
    expect(await send.textContent()).toBe('Send claim');
    expect(await send.isDisabled()).toBe(false);
    expect(await page.locator('form[data-form]').getAttribute('aria-busy')).toBeNull();
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });
});

describe('the focused error summary', () => {
  it('keeps its links at 4.5:1 or more when the summary is focused and when each link is, at phone and desktop size', async () => {
    const page = await claimForm('Carlos Mendez', true, DESKTOP);
    for (const { viewport } of SIZES) {
      await page.setViewportSize(viewport);
      await page.reload();
      await page.locator('button[data-send]').press('Enter');
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
      const links = summary.locator('a');
      const count = await links.count();
      expect(count).toBeGreaterThan(0);
      // With the summary focused, each link as it is drawn then.
      for (let i = 0; i < count; i++) {
        const colours = await coloursOf(links.nth(i));
        expect(contrast(colours.text, colours.ground), JSON.stringify(colours)).toBeGreaterThanOrEqual(4.5);
      }
      // Each link focused in turn, by the keyboard.
      for (let i = 0; i < count; i++) {
        await page.keyboard.press('Tab');
        const colours = await focusedColours(page);
        expect(await links.nth(i).evaluate((a) => a === document.activeElement)).toBe(true);
        expect(contrast(colours.text, colours.ground), JSON.stringify(colours)).toBeGreaterThanOrEqual(4.5);
      }
    }
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });
});

describe('a draft kept from an earlier visit', () => {
  it('says so with its date, offers to clear the form, and never comes back with the declarations ticked', async () => {
    const page = await claimForm('Carlos Mendez', true, PHONE);
    await page.locator('[name="lines[0][source]"][value="catalog"]').check();
    await field(page, 'lines[0][courseId]').selectOption('first-aid-and-cpr-certification');
    await field(page, 'lines[0][startDate]').fill(addDays(now, -30));
    await field(page, 'permitHolder').check();
    await field(page, 'outsideWorkday').check();
    await field(page, 'trueAndComplete').check();
    await field(page, 'lines[0][hours]').fill('6');
    await field(page, 'lines[0][hours]').blur();
    await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => (localStorage.getItem(k) ?? '').includes('"6"')))).toBe(true);
    const kept = await page.evaluate(() => Object.values(localStorage).join('\n'));
    expect(kept).not.toContain('outsideWorkday');
    expect(kept).not.toContain('trueAndComplete');

    await page.reload();
    const notice = page.locator('[data-draft-notice]');
    const savedOn = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
    expect(await notice.textContent()).toContain(`We kept what you typed on ${formatDate(savedOn)}.`);
    expect(await page.inputValue('[name="lines[0][hours]"]')).toBe('6');
    expect(await field(page, 'permitHolder').isChecked()).toBe(true);
    expect(await field(page, 'outsideWorkday').isChecked()).toBe(false);
    expect(await field(page, 'trueAndComplete').isChecked()).toBe(false);
    // The chosen source's question shows again with it.
    expect(await field(page, 'lines[0][courseId]').isVisible()).toBe(true);

    await Promise.all([page.waitForLoadState(), notice.getByRole('button', { name: 'Clear the form' }).click()]);
    await page.locator('[data-draft-notice]').waitFor({ state: 'detached' });
    expect(await page.inputValue('[name="lines[0][hours]"]')).toBe('');
    expect(await field(page, 'permitHolder').isChecked()).toBe(false);
    await page.reload();
    expect(await page.locator('[data-draft-notice]').count()).toBe(0);
    await page.close();
  });
});
