import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.ts';
import { SiteCopy } from '../../support/site-copy.ts';

/**
 * For a test file: a copy of the site served by `astro dev` (so its local Blobs
 * are the file's own) and a browser, started before the tests and stopped after.
 */
export function servedSiteCopy(): { site: () => SiteCopy; url: () => string; freshPage: (javaScriptEnabled: boolean) => Promise<Page> } {
  let site: SiteCopy;
  let server: Awaited<ReturnType<SiteCopy['serve']>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    site = new SiteCopy();
    server = await site.serve();
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await server?.stop();
    site?.remove();
  });

  return {
    site: () => site,
    url: () => server.url,
    /** A page in a browser context of its own, so no draft or cookie carries over from another test. */
    async freshPage(javaScriptEnabled) {
      const context = await browser.newContext({ javaScriptEnabled });
      contexts.push(context);
      return context.newPage();
    },
  };
}
