import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, today } from '../../src/lib/program/calendar.ts';
import { loadProgram } from '../../src/lib/program/settings.ts';
import { pdfText } from '../support/pdf-text.ts';
import { servedSiteCopy } from '../support/served-site.ts';
import { signIn } from '../support/sign-in.ts';

/**
 * My record in a browser against `astro dev` (pages, functions and the local store,
 * as `npm start` runs them): HR imports a sign-in sheet with the command-line tool,
 * Ana signs in, opens her record, and prints her transcript to PDF.
 */
const ANA = { name: 'Ana Reyes', email: 'ana.reyes@cedarvalley.example', employeeId: '104233' };
const served = servedSiteCopy();
const now = today(new Date(), loadProgram().timeZone);

function importSheet(rows: string[]): string {
  const dir = served.site().dir;
  writeFileSync(join(dir, 'sheet.csv'), ['Employee ID,Course,Provider,Completed on,Hours', ...rows].join('\n'));
  const run = spawnSync(process.execPath, [join(dir, 'scripts', 'completions-import.ts'), 'sheet.csv'], { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`completions-import: ${run.stderr}${run.stdout}`);
  return run.stdout;
}

describe('My record in a browser', () => {
  it('shows the imported courses and prints the transcript with the person’s name, ID and courses', async () => {
    expect(importSheet([`${ANA.employeeId},CV-1102,,${addDays(now, -3)},`, `${ANA.employeeId},Mandated Reporter Training,,${addDays(now, -2)},2`])).toContain(
      '2 completion(s) added',
    );
    const page = await served.freshPage(false);
    await signIn(page, served.url(), ANA.email, '/my/record/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('My record');
    const transcript = page.locator('table.transcript');
    await expect(transcript.textContent()).resolves.toContain('Bloodborne Pathogens Awareness');
    await expect(page.getByRole('link', { name: 'My record' }).count()).resolves.toBe(1);

    await page.getByRole('link', { name: 'Print my transcript' }).click();
    await page.waitForURL((url) => url.pathname === '/my/record/transcript/');
    await page.emulateMedia({ media: 'print' });
    // Printed, the page is the transcript alone: no site header, navigation or sign-out bar.
    await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
    await expect(page.locator('.signed-in').isVisible()).resolves.toBe(false);
    const text = pdfText(await page.pdf({ format: 'Letter' }));
    for (const words of [
      'Professional learning transcript',
      ANA.name,
      ANA.employeeId,
      'Oak Grove Elementary',
      'Bloodborne Pathogens Awareness',
      'Mandated Reporter Training',
    ]) {
      expect(text).toContain(words);
    }
    expect(text).not.toContain('Sign out');
  });
});
