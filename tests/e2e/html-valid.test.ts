import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devOutboxHandler } from '../../src/lib/app/dev-outbox.ts';
import { decideHandler, formPageHandler, receivedHandler, statusHandler } from '../../src/lib/app/request-handlers.ts';
import { unavailable } from '../../src/lib/app/runtime.ts';
import { signInHandler, signInLinkHandler } from '../../src/lib/app/sign-in.ts';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { FORMS } from '../../src/lib/forms/registry.ts';
import { signInLinkToken, signInLinkUrl } from '../../src/lib/identity/email-link.ts';
import { startBlobs, testDeps } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { formRequest, jsonRequest, preApprovalAnswers } from '../../support/submissions.ts';
import { builtPages } from '../support/pages.ts';
import { DIST } from '../support/static-server.ts';

/**
 * Every page a visitor can be shown passes html-validate with the repository's
 * .htmlvalidate.json (the recommended preset): the built pages as the build wrote
 * them, and the pages the functions answer with, made by the same handlers.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const validator = new HtmlValidate(new FileSystemConfigLoader());

/** What html-validate says of a page, one line a problem; `file` is where the config is looked up from. */
async function problems(text: string, file: string): Promise<string[]> {
  const report = await validator.validateString(text, file);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message} (${m.selector ?? ''})`));
}

describe('every built page', () => {
  const pages = builtPages();

  it('there are pages to check', () => {
    expect(pages.length).toBeGreaterThan(60);
  });

  it.each(pages)('%s is valid HTML', async (path) => {
    const file = join(DIST, path.endsWith('.html') ? path : `${path}index.html`);
    expect(await problems(readFileSync(file, 'utf8'), file)).toEqual([]);
  });
});

describe('the pages the functions answer', () => {
  let blobs: Awaited<ReturnType<typeof startBlobs>>;
  let deps: SubmitDeps;
  const signedIn = async (employeeId: string, request: Request) => as(await sessionFor(deps, employeeId), request);
  const get = (path: string) => new Request(`http://localhost${path}`);
  const signIn = () => ({ ...deps, origin: 'http://localhost', wait: async () => {} });

  beforeAll(async () => {
    blobs = await startBlobs();
    deps = testDeps(blobs.store);
  });
  afterAll(async () => blobs?.stop());

  /** The answer's page, once it is known to be one. */
  async function pageOf(answer: Response | Promise<Response>): Promise<string> {
    const response = await answer;
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    return response.text();
  }

  async function expectValid(name: string, text: string): Promise<void> {
    expect(await problems(text, join(ROOT, 'function-pages', `${name}.html`)), name).toEqual([]);
  }

  it.each(FORMS.map((form) => form.id))('the %s form, empty and refused with every error shown, is valid HTML', async (id) => {
    // Teachers see the focus-plan forms; classified staff the others.
    const who = id.startsWith('focus-plan') ? STAFF.jordan : STAFF.ana;
    const form = FORMS.find((f) => f.id === id)!;
    await expectValid(`${id}-form`, await pageOf(formPageHandler(await signedIn(who, get(`/forms/${id}/`)), deps)));
    const refused = await handleSubmission(await signedIn(who, formRequest(`/api/forms/${id}`, {})), form, deps);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    await expectValid(`${id}-form-refused`, await pageOf(refused));
  });

  it('a request’s pages (received, status, decision, decision recorded, unknown receipt) are valid HTML', async () => {
    const preApproval = FORMS.find((f) => f.id === 'pre-approval')!;
    const sent = await handleSubmission(await signedIn(STAFF.ana, jsonRequest('/api/forms/pre-approval', preApprovalAnswers())), preApproval, deps);
    const { receipt } = (await sent.json()) as { receipt: string };
    const record = (await deps.store.byReceipt(receipt))!;
    const token = new URL(record.decisionLink!.url).searchParams.get('token')!;

    await expectValid('received', await pageOf(receivedHandler(await signedIn(STAFF.ana, get(`/forms/received/?receipt=${receipt}`)), deps)));
    await expectValid('status', await pageOf(statusHandler(await signedIn(STAFF.ana, get(`/requests/status/?receipt=${receipt}`)), deps)));
    await expectValid('decision', await pageOf(decideHandler(await signedIn(STAFF.sam, get(`/decide/?token=${encodeURIComponent(token)}`)), deps)));
    const decided = await decideHandler(await signedIn(STAFF.sam, formRequest('/decide/', { token, decision: 'approve' })), deps);
    await expectValid('decision-recorded', await pageOf(decided));
    await expectValid('status-decided', await pageOf(statusHandler(await signedIn(STAFF.ana, get(`/requests/status/?receipt=${receipt}`)), deps)));
    await expectValid('used-link', await pageOf(decideHandler(await signedIn(STAFF.sam, get(`/decide/?token=${encodeURIComponent(token)}`)), deps)));
    await expectValid('unknown-receipt', await pageOf(statusHandler(await signedIn(STAFF.ana, get('/requests/status/?receipt=PA-0000000000')), deps)));
  });

  it('the sign-in pages (sign in, check your email, continue signing in, a broken link) are valid HTML', async () => {
    await expectValid('sign-in', await pageOf(signInHandler(get('/sign-in/?next=/forms/compensation/'), signIn())));
    const asked = formRequest('/sign-in/', { email: 'ana.reyes@cedarvalley.example', next: '/' }, { origin: 'http://localhost' });
    await expectValid('check-your-email', await pageOf(signInHandler(asked, signIn())));
    const token = await signInLinkToken({ email: 'ana.reyes@cedarvalley.example', next: '/' }, deps.sessionSecret, deps.now().getTime());
    await expectValid('continue-signing-in', await pageOf(signInLinkHandler(new Request(signInLinkUrl('http://localhost', token)), signIn())));
    await expectValid('broken-sign-in-link', await pageOf(signInLinkHandler(get('/sign-in/link/?token=nonsense'), signIn())));
  });

  it('the local outbox and the “please try again” page are valid HTML', async () => {
    await expectValid('dev-outbox', await pageOf(devOutboxHandler(get('/dev/outbox/'), deps)));
    await expectValid('unavailable', await pageOf(unavailable(get('/forms/'), 'failed')));
  });
});
