import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { today } from '../../src/lib/program/calendar.ts';
import { loadProgram } from '../../src/lib/program/settings.ts';
import { servedSiteCopy } from '../support/served-site.ts';
import { signIn } from '../support/sign-in.ts';

/**
 * A reimbursement from the PD budget, sent in a browser against `astro dev`: Ana Reyes
 * (full time on the sample roster, so $600 a year) signs in through the link emailed
 * to her, fills the form, attaches the receipt file and sees her request's receipt;
 * her supervisor, Sam Lee, opens it from the link emailed to him and finds the file, then
 * returns it with a note, and she changes it and sends it again.
 */
const ANA = { email: 'ana.reyes@cedarvalley.example' };
const SAM = { email: 'sam.lee@cedarvalley.example' };
const served = servedSiteCopy();
// The site runs on the real clock: the receipt is dated today, never after.
const paidOn = today(new Date(), loadProgram().timeZone);

/** A real PDF's first bytes: the server decides a file's type by its content, never its name. */
function receiptFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'reimbursement-')), 'summit-receipt.pdf');
  writeFileSync(file, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  return file;
}

describe('a reimbursement request in the browser', () => {
  const receipts: string[] = [];

  for (const javaScriptEnabled of [false, true]) {
    it(`is sent with its receipt file and answered with its receipt (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
      const page = await served.freshPage(javaScriptEnabled);
      await signIn(page, served.url(), ANA.email, '/forms/reimbursement/');
      expect(await page.locator('h1').textContent()).toContain('Ask to be reimbursed from your PD budget');

      const form = page.locator('form[data-form]');
      await form.locator('[name="expenseType"][value="registration"]').check();
      await form.locator('[name="courseOrEvent"]').fill('Literacy Summit, County Office of Education');
      await form.locator('[name="paidOn"]').fill(paidOn);
      await form.locator('[name="amount"]').fill(javaScriptEnabled ? '80.25' : '149.50');
      await form.locator('[name="receipt"]').setInputFiles(receiptFile());
      await form.locator('[name="trueAndComplete"]').check();
      await form.locator('button[type="submit"]').click();
      await page.waitForURL(/\/forms\/received\//, { timeout: 60_000 });

      const receipt = (await page.locator('[data-receipt]').textContent())!.trim();
      expect(receipt).toMatch(/^RB-/);
      receipts.push(receipt);

      await page.goto(`${served.url()}/requests/status/?receipt=${encodeURIComponent(receipt)}`);
      expect(await page.locator('h1').textContent()).toContain(receipt);
      const text = await page.locator('main').textContent();
      expect(text).toContain('With your supervisor');
      expect(text).toContain(javaScriptEnabled ? '$80.25 registration fee' : '$149.50 registration fee');
    });
  }

  /** Sam, signed in, opens the decision page of `receipt` from the newest message the outbox has for it. */
  async function samDecides(receipt: string) {
    const sam = await served.freshPage(false);
    await signIn(sam, served.url(), SAM.email, '/');
    await sam.goto(`${served.url()}/dev/outbox/`);
    const message = sam
      .locator('article')
      .filter({ hasText: receipt })
      .filter({ has: sam.locator('dd', { hasText: /^\s*decision-waiting\s*$/ }) })
      .first();
    const link = new URL((await message.locator('a[href*="/decide/?token="]').getAttribute('href'))!);
    await sam.goto(`${served.url()}${link.pathname}${link.search}`);
    return sam;
  }

  it('reaches the supervisor with its receipt file, through the link emailed to him', async () => {
    const receipt = receipts[0]!;
    const sam = await samDecides(receipt);
    expect(await sam.locator('h1').textContent()).toContain(receipt);
    const file = sam.locator('a[download]', { hasText: 'summit-receipt.pdf' });
    expect(await file.count()).toBe(1);
    const download = await sam.context().request.get(new URL((await file.getAttribute('href'))!, sam.url()).href);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('returned by the supervisor with a note, is changed by its requester and sent again with its receipt file kept', async () => {
    const receipt = receipts[0]!;
    const sam = await samDecides(receipt);
    await sam.getByLabel('Return for more information').check();
    await sam.getByLabel(/^Comment — required if you/).fill('Attach the itemised receipt, please.');
    await sam.getByRole('button', { name: 'Record my decision' }).click();
    await expect.poll(() => sam.locator('h1').textContent()).toBe('Decision recorded');

    const ana = await served.freshPage(false);
    await signIn(ana, served.url(), ANA.email, `/requests/status/?receipt=${encodeURIComponent(receipt)}`);
    expect(await ana.locator('main').textContent()).toContain('Attach the itemised receipt, please.');
    await ana.getByRole('link', { name: 'Change your request and send it again' }).click();
    const form = ana.locator('form[data-form]');
    expect(await form.locator('[name="amount"]').inputValue()).toMatch(/^149\.50?$/);
    await form.locator('[name="amount"]').fill('140');
    await form.locator('[name="trueAndComplete"]').check();
    await form.locator('button[type="submit"]').click();
    await ana.waitForURL(/\/forms\/received\//, { timeout: 60_000 });

    await ana.goto(`${served.url()}/requests/status/?receipt=${encodeURIComponent(receipt)}`);
    const text = await ana.locator('main').textContent();
    expect(text).toContain('With your supervisor');
    expect(text).toContain('$140 registration fee');
    expect(await ana.locator('.timeline').textContent()).toContain('Changed and sent again by you');
    // No new file was attached: the one sent first stays with the request.
    expect(text).toContain('summit-receipt.pdf');
  });
});
