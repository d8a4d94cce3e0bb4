import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageFunction, runtimeDeps } from '../../src/lib/app/runtime.ts';
import { whoIsAsking } from '../../src/lib/app/who.ts';
import { SESSION_COOKIE } from '../../src/lib/identity/session.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { netlifyBlobsContext } from '../support/netlify-context.ts';

/**
 * A page a signed-in person opens reads their session cookie once: the page asks
 * who is there, and the idle clock after it re-seals the same session. Opening a
 * live session looks its person up on the roster, so the roster's reads count the
 * openings. The functions' own runtime, on a Blobs server as Netlify gives it.
 */
netlifyBlobsContext('page-session');
afterEach(() => vi.restoreAllMocks());

/** Ana's session cookie, last sealed ten minutes ago: old enough for the answer to seal it again. */
async function anasCookie(): Promise<string> {
  const deps = await runtimeDeps();
  return sessionFor({ ...deps, now: () => new Date(Date.now() - 10 * 60_000) }, STAFF.ana);
}

describe('a signed-in page', () => {
  it('opens the session once for the page and for moving its idle clock on', async () => {
    const cookie = await anasCookie();
    const roster = vi.spyOn(await runtimeDeps(), 'roster');
    const page = pageFunction('who', async (request, deps, asking) => {
      const who = await whoIsAsking(request, deps, asking);
      return new Response(who instanceof Response ? 'nobody' : who.name);
    });
    const answer = await page(as(cookie, new Request('http://localhost/who/')));
    expect(await answer.text()).toBe('Ana Reyes');
    expect(answer.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(roster).toHaveBeenCalledTimes(1);
  });

  it('that never asks who is there still moves the idle clock on, opening the session then', async () => {
    const cookie = await anasCookie();
    const roster = vi.spyOn(await runtimeDeps(), 'roster');
    const answer = await pageFunction('open', async () => new Response('open'))(as(cookie, new Request('http://localhost/open/')));
    expect(answer.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(roster).toHaveBeenCalledTimes(1);
  });
});
