import type { Page } from 'playwright-core';

/**
 * Signs the page's browser context in as `email`, the way a person does it on a
 * development machine: the sign-in page, "Email me a sign-in link", the local
 * outbox (/dev/outbox/, which needs no JavaScript), the newest sign-in link sent
 * to that address, "Continue signing in". Works whether or not the context runs
 * JavaScript. A browser context is one person: sign in once per context.
 *
 * With `next`, it starts on /sign-in/?next=... and waits to land on `next`. Without
 * it, a page already on the sign-in page (where a page that needs sign-in sent it)
 * is used as it is, and the person lands wherever that page's `next` says; any
 * other page starts on /sign-in/ and lands on the home page.
 *
 * The site sends one address at most five links an hour (src/lib/identity/email-link.ts):
 * a test file that signs the same person in more often than that gets a clear error here.
 *
 * Returns the address the person landed on.
 */
export async function signIn(page: Page, baseUrl: string, email: string, next?: string): Promise<string> {
  const base = baseUrl.replace(/\/$/, '');
  const onSignInPage = () => {
    const url = page.url();
    return url.startsWith(`${base}/sign-in/`) && new URL(url).pathname === '/sign-in/';
  };
  if (next !== undefined || !onSignInPage()) {
    await page.goto(next === undefined || next === '/' ? `${base}/sign-in/` : `${base}/sign-in/?next=${encodeURIComponent(next)}`);
  }
  const expected = next ?? (new URL(page.url()).searchParams.get('next') || '/');

  await page.locator('form input[name="email"]').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  // The answer waits out a time budget (so it does not tell whether the address is known).
  await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor({ timeout: 60_000 });

  await page.goto(`${base}/dev/outbox/`);
  const message = page
    .locator('article')
    .filter({ has: page.locator('dd', { hasText: new RegExp(`^\\s*${escapeRegExp(email)}\\s*$`, 'i') }) })
    .filter({ has: page.locator('dd', { hasText: /^\s*sign-in\s*$/ }) })
    .first();
  if ((await message.count()) === 0) throw new Error(`signIn: no sign-in link for ${email} in the local outbox`);
  const link = await message.locator('a[href*="/sign-in/link/"]').first().getAttribute('href');
  if (!link) throw new Error(`signIn: the newest sign-in message to ${email} has no sign-in link`);
  // The link names the site's address; open it on the server the test talks to.
  const opened = new URL(link);
  await page.goto(`${base}${opened.pathname}${opened.search}`);

  const title = (await page.locator('h1').textContent())?.trim();
  if (title !== 'Continue signing in') {
    throw new Error(
      `signIn: the newest sign-in link for ${email} opened "${title}", not "Continue signing in"` +
        ' (has the address asked for more than five links this hour? Each file may sign one person in five times.)',
    );
  }
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/sign-in/link/', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Continue signing in' }).click(),
  ]);
  await page.waitForLoadState();
  const landed = new URL(page.url());
  if (`${landed.pathname}${landed.search}` !== expected) {
    throw new Error(`signIn: ${email} landed on ${landed.pathname}${landed.search}, not ${expected}: "${(await page.locator('h1').textContent())?.trim()}"`);
  }
  return page.url();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
