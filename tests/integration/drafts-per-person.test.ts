import { describe, expect, it } from 'vitest';
import { formPageHandler } from '../../src/lib/app/request-handlers.ts';
import { signOutHandler } from '../../src/lib/app/sign-in.ts';
import { handleSubmission } from '../../src/lib/app/submit.ts';
import { exitSurvey } from '../../src/lib/forms/exit-survey.ts';
import { freshStoreEachTest } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { formRequest } from '../../support/submissions.ts';

// Form drafts stay in the browser, which may be a shared computer: each person's
// are kept apart (the page names whose they are) and signing out removes them.
const fresh = freshStoreEachTest();
const SITE = 'http://localhost';

/** The value the form page gives its script for the person signed in. */
async function draftOwnerOn(employeeId: string, path = '/forms/exit-survey/'): Promise<string> {
  const answer = await formPageHandler(as(await sessionFor(fresh.deps, employeeId), new Request(`${SITE}${path}`)), fresh.deps);
  expect(answer.status).toBe(200);
  return ownerIn(await answer.text());
}

function ownerIn(page: string): string {
  const owner = /<form [^>]*data-draft-owner="([^"]+)"/.exec(page)?.[1];
  if (!owner) throw new Error('the form has no data-draft-owner');
  return owner;
}

describe('drafts per signed-in person', () => {
  it('a form page names whose drafts it keeps by a value that is the same on every visit and form, different for each person, and not their employee ID', async () => {
    const ana = await draftOwnerOn(STAFF.ana);
    expect(await draftOwnerOn(STAFF.ana)).toBe(ana);
    expect(await draftOwnerOn(STAFF.ana, '/forms/pre-approval/')).toBe(ana);
    expect(await draftOwnerOn(STAFF.kevin)).not.toBe(ana);
    expect(ana).not.toContain(STAFF.ana);
    expect(ana).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  });

  it('a form refused without JavaScript is shown again with drafts still kept for the same person', async () => {
    const cookie = await sessionFor(fresh.deps, STAFF.ana);
    const refused = await handleSubmission(as(cookie, formRequest('/api/forms/exit-survey', {})), exitSurvey, fresh.deps);
    expect(refused.status).toBe(422);
    expect(ownerIn(await refused.text())).toBe(await draftOwnerOn(STAFF.ana));
  });

  it('signing out tells the browser to clear the site’s storage, and with it every draft kept there', async () => {
    const cookie = await sessionFor(fresh.deps, STAFF.ana);
    const post = new Request(`${SITE}/sign-out/`, { method: 'POST', headers: { origin: SITE, cookie } });
    const answer = await signOutHandler(post, { ...fresh.deps, origin: SITE });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('clear-site-data')).toBe('"storage"');
  });
});
