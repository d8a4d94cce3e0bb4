import type { Page } from 'playwright-core';

/**
 * Everything the page's Content-Security-Policy refused, as the browser reports it
 * in its console ("Refused to load…", "Refused to execute…"): the list a test
 * expects to stay empty.
 */
export function cspRefusals(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  return refused;
}
