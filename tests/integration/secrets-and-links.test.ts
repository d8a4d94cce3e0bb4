import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import { decideHandler } from '../../src/lib/app/request-handlers.ts';
import { submitFunction, pageFunction } from '../../src/lib/app/runtime.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import { reissueLink } from '../../src/lib/workflow/act.ts';
import { freshStoreEachTest, TEST_LINK_SECRET } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { formRequest, jsonRequest, preApprovalAnswers } from '../../support/submissions.ts';

const fresh = freshStoreEachTest();
let deps: SubmitDeps;
beforeEach(() => {
  deps = fresh.deps;
});

describe('a deployed function without its secrets', () => {
  let logged: string[];
  beforeEach(() => {
    logged = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    // What Netlify gives a deployed function at run time; none of the three secrets, and no mail server.
    vi.stubEnv('SITE_ID', 'a1b2c3d4');
    vi.stubEnv('URL', 'https://pd.cedarvalley.example');
    for (const name of ['SESSION_SECRET', 'DECISION_LINK_SECRET', 'RECEIPT_SECRET', 'SMTP_URL', 'MAIL_FROM', 'NETLIFY_LOCAL', 'NETLIFY_DEV'])
      vi.stubEnv(name, '');
  });
  const setSecrets = () => {
    for (const name of ['SESSION_SECRET', 'DECISION_LINK_SECRET', 'RECEIPT_SECRET']) vi.stubEnv(name, 'x'.repeat(40));
  };
  const setMail = () => {
    vi.stubEnv('SMTP_URL', 'smtp://mail.cedarvalley.example:587');
    vi.stubEnv('MAIL_FROM', 'Professional Growth <pd@cedarvalley.example>');
  };
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('answers a form post 503, stores nothing and names every missing variable in the log', async () => {
    const answer = await submitFunction(preApproval)(formRequest('/api/forms/pre-approval', preApprovalAnswers()));
    expect(answer.status).toBe(503);
    expect(await answer.text()).toContain('not set up yet');
    expect(logged.join('\n')).toMatch(/SESSION_SECRET, DECISION_LINK_SECRET, RECEIPT_SECRET, SMTP_URL, MAIL_FROM not set/);
    expect(await fresh.store.list()).toEqual([]);
  });

  it('answers a script in JSON, and refuses a secret too short to be one', async () => {
    setSecrets();
    setMail();
    vi.stubEnv('RECEIPT_SECRET', 'short');
    const answer = await submitFunction(preApproval)(jsonRequest('/api/forms/pre-approval', preApprovalAnswers()));
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(logged.join('\n')).toMatch(/RECEIPT_SECRET not set/);
    expect(logged.join('\n')).toMatch(/: RECEIPT_SECRET not set/);
    expect(logged.join('\n')).not.toMatch(/SESSION_SECRET/);
  });

  it('refuses to run without the site’s address and a mail server to send from, naming each', async () => {
    setSecrets();
    vi.stubEnv('URL', '');
    const answer = await submitFunction(preApproval)(jsonRequest('/api/forms/pre-approval', preApprovalAnswers()));
    expect(answer.status).toBe(503);
    expect(logged.join('\n')).toMatch(/: URL, SMTP_URL, MAIL_FROM not set/);
    expect(await fresh.store.list()).toEqual([]);

    // A mail server without a sender address is not set up either.
    logged = [];
    vi.stubEnv('URL', 'https://pd.cedarvalley.example');
    vi.stubEnv('SMTP_URL', 'smtp://mail.cedarvalley.example:587');
    const page = await pageFunction('status', async () => new Response('open'))(new Request('https://pd.cedarvalley.example/requests/status/'));
    expect(page.status).toBe(503);
    expect(logged.join('\n')).toMatch(/: MAIL_FROM not set/);
  });

  it('names an identity provider set up by half, instead of failing every page without a word', async () => {
    setSecrets();
    setMail();
    vi.stubEnv('OIDC_ISSUER', 'https://accounts.google.com');
    vi.stubEnv('OIDC_CLIENT_ID', 'portal.apps.googleusercontent.example');
    vi.stubEnv('OIDC_CLIENT_SECRET', '');
    const page = await pageFunction('status', async () => new Response('open'))(new Request('https://pd.cedarvalley.example/requests/status/'));
    expect(page.status).toBe(503);
    expect(logged.join('\n')).toMatch(/half set up: OIDC_CLIENT_SECRET is not set/);
  });

  it('keeps its pages closed too', async () => {
    const answer = await pageFunction('status', async () => new Response('open'))(new Request('https://pd.cedarvalley.example/requests/status/'));
    expect(answer.status).toBe(503);
  });
});

describe('a decision link sent again', () => {
  async function submitted(): Promise<StoredSubmission> {
    const answer = await handleSubmission(
      as(await sessionFor(deps, STAFF.ana), jsonRequest('/api/forms/pre-approval', preApprovalAnswers())),
      preApproval,
      deps,
    );
    const { receipt } = (await answer.json()) as { receipt: string };
    return (await fresh.store.byReceipt(receipt))!;
  }
  const tokenOf = (record: StoredSubmission) => new URL(record.decisionLink!.url).searchParams.get('token')!;
  // Sam, Ana's supervisor, opens what was sent to him.
  const asSam = async (request: Request) => as(await sessionFor(deps, STAFF.sam), request);
  const open = async (token: string) => decideHandler(await asSam(new Request(`http://localhost/decide/?token=${encodeURIComponent(token)}`)), deps);

  it('revokes the one before it: the old link says it was replaced, the new one opens', async () => {
    const request = await submitted();
    const first = tokenOf(request);
    // A day later, so the new link's signature differs from the first.
    const later = {
      store: fresh.store,
      now: new Date(Date.parse('2026-11-25T18:00:00Z')),
      timeZone: deps.program.timeZone,
      links: { origin: 'http://localhost', secret: TEST_LINK_SECRET },
    };
    const relinked = (await reissueLink(request.receipt, later))!;
    expect(tokenOf(relinked)).not.toBe(first);
    const old = await open(first);
    expect(old.status).toBe(410);
    expect(await old.text()).toContain('This link has been replaced');
    expect((await open(tokenOf(relinked))).status).toBe(200);
    // The old link cannot decide either.
    const posted = await decideHandler(await asSam(formRequest('/decide/', { token: first, decision: 'approve' })), deps);
    expect(posted.status).toBe(410);
    expect((await fresh.store.byReceipt(request.receipt))!.status).toBe('with-supervisor');
  });
});
