/**
 * Property tests of the request pages' handlers (status, withdraw, sign, decide,
 * evidence download, prefilled form): random and mutated addresses, tokens and
 * bodies. Whatever arrives, no answer is a 5xx (a thrown exception counts as one),
 * every refusal is a page that says what to do, none carries a stack trace, and
 * nothing moves a request except a valid link in its addressee's (or HR's) hands,
 * or its requester's own post. Most requests carry the session of the person the
 * page is for (so the fuzz reaches past sign-in); the rest carry someone else's,
 * a forged one, or none.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import { handleSubmission, type SubmitDeps } from '../../src/lib/app/submit.ts';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import { decideHandler, decisionFileHandler, prefillHandler, requesterActionHandler, statusHandler } from '../../src/lib/app/request-handlers.ts';
import { signInHandler } from '../../src/lib/app/sign-in.ts';
import { listOutbox } from '../../src/lib/mail/outbox.ts';
import { localMessages } from '../../src/lib/mail/transport.ts';
import { SESSION_COOKIE } from '../../src/lib/identity/session.ts';
import { startBlobs, testDeps } from '../../support/blobs.ts';
import { as, sessionFor, STAFF } from '../../support/people.ts';
import { runs } from '../../support/runs.ts';
import { jsonRequest, preApprovalAnswers } from '../../support/submissions.ts';

let blobs: Awaited<ReturnType<typeof startBlobs>>;
let deps: SubmitDeps;
let record: StoredSubmission;
let token: string;
/** Session cookies of Ana (the requester), Sam (her supervisor, the link's addressee), Kevin (a colleague) and Dana (HR). */
const cookies: Record<'ana' | 'sam' | 'kevin' | 'dana', string> = { ana: '', sam: '', kevin: '', dana: '' };

beforeAll(async () => {
  blobs = await startBlobs();
  deps = testDeps(blobs.store);
  for (const who of ['ana', 'sam', 'kevin', 'dana'] as const) cookies[who] = await sessionFor(deps, STAFF[who]);
  const response = await handleSubmission(
    as(cookies.ana, jsonRequest('/api/forms/pre-approval', preApprovalAnswers({ submissionId: randomUUID() }))),
    preApproval,
    deps,
  );
  record = (await blobs.store.byReceipt(((await response.json()) as { receipt: string }).receipt))!;
  token = new URL(record.decisionLink!.url).searchParams.get('token')!;
});
afterAll(async () => blobs?.stop());

const RUNS = runs(1_500);

/** Text a person or a script might put anywhere: the real receipt and token, mutated, or noise. */
const typed = () =>
  fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.constantFrom('', '../..', '%00', '%ED%A0%80', '%', 'PA-0000000000', '\uD800', 'a'.repeat(5000)),
    fc.constant(null).map(() => record.receipt),
    fc.constant(null).map(() => token),
    fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 3 })).map(([at, s]) => {
      const i = at % (token.length + 1);
      return token.slice(0, i) + s + token.slice(i + 1);
    }),
  );

const fields = () =>
  fc.dictionary(
    fc.constantFrom('receipt', 'token', 'decision', 'comment', 'name', 'confirmWithdraw', 'agree', '__proto__', 'constructor', 'x[0][y]', 'decision[]'),
    typed(),
    { maxKeys: 6 },
  );

type Person = keyof typeof cookies;
type Sender = 'own' | Person | 'none' | 'forged';

/**
 * Who sends a request: mostly the person the page is for (`own`: the requester for
 * her pages and steps, the supervisor for the decision link and its files), else
 * someone else signed in, their session cookie changed in one place, or no cookie.
 */
const senders = () =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant<Sender>('own') },
    { weight: 1, arbitrary: fc.constantFrom<Sender>('ana', 'sam', 'kevin', 'dana') },
    { weight: 1, arbitrary: fc.constantFrom<Sender>('none', 'forged') },
  );

function signed(sender: Sender, own: Person, request: Request, at: number): Request {
  if (sender === 'none') return request;
  if (sender !== 'forged') return as(cookies[sender === 'own' ? own : sender], request);
  // The right person's sealed session with a character slipped in: it no longer opens.
  const sealed = cookies[own].slice(SESSION_COOKIE.length + 1);
  const i = at % (sealed.length + 1);
  return as(`${SESSION_COOKIE}=${sealed.slice(0, i)}A${sealed.slice(i)}`, request);
}

const contentTypes = fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'multipart/form-data', 'text/plain', undefined);

function post(path: string, body: Record<string, string | null>, contentType: string | undefined, origin?: string): Request {
  const clean = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v ?? '']));
  const text = contentType === 'application/json' ? JSON.stringify(clean) : new URLSearchParams(clean).toString();
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(origin ? { origin } : {}) },
    body: text,
  });
}

async function expectHonest(answer: Response): Promise<void> {
  expect(answer.status).toBeLessThan(500);
  if (answer.status >= 400 && answer.status !== 405) {
    const text = await answer.text();
    expect(text).toMatch(/<h1>|There is a problem/);
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|TypeError|ReferenceError|SyntaxError/);
  }
}

describe('the request pages, given anything', () => {
  it('never fail, whatever the address', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('status', 'decide', 'file', 'prefill'),
        typed(),
        typed(),
        fc.constantFrom('GET', 'HEAD', 'PUT', 'DELETE'),
        senders(),
        fc.nat(),
        async (which, a, b, method, sender, at) => {
          const q = (name: string, v: string | null) => `${name}=${encodeURIComponent((v ?? '').toWellFormed())}`;
          const urls = {
            status: `/requests/status/?${q('receipt', a)}&${q('done', b)}`,
            decide: `/decide/?${q('token', a)}`,
            file: `/decide/file/?${q('token', a)}&${q('file', b)}`,
            prefill: `/forms/${b ?? ''}/from/?${q('receipt', a)}`.replace(/[^\x20-\x7e]/g, ''),
          };
          // The status page and a prefilled form are the requester's; the decision link and its files, the supervisor's.
          const own = which === 'status' || which === 'prefill' ? 'ana' : 'sam';
          const request = signed(sender, own, new Request(`http://localhost${urls[which]}`, { method }), at);
          const handler = { status: statusHandler, decide: decideHandler, file: decisionFileHandler, prefill: prefillHandler }[which];
          await expectHonest(await handler(request, deps));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never fail, whatever is posted, and only a valid post moves the request', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('decide', 'withdraw', 'sign'),
        fields(),
        contentTypes,
        fc.constantFrom(undefined, 'http://localhost', 'https://elsewhere.example'),
        senders(),
        fc.nat(),
        async (which, body, type, origin, sender, at) => {
          const path = which === 'decide' ? '/decide/' : `/requests/${which}/`;
          // A decision is the supervisor's to post; a withdrawal or signature, the requester's.
          const own = which === 'decide' ? 'sam' : 'ana';
          const request = signed(sender, own, post(path, body, type, origin), at);
          const answer = which === 'decide' ? await decideHandler(request, deps) : await requesterActionHandler(request, deps, which);
          await expectHonest(answer);
          const now = (await blobs.store.byReceipt(record.receipt))!;
          if (now.status !== 'with-supervisor') {
            // Something moved it: it must have been a well-formed post with the real receipt or token.
            expect(body['receipt'] === record.receipt || body['token'] === token).toBe(true);
            // ...sent by someone who may: the supervisor or HR deciding, the requester withdrawing.
            const by = sender === 'own' ? own : sender;
            expect(which === 'decide' ? by === 'sam' || by === 'dana' : by === 'ana').toBe(true);
            await blobs.store.setStatus(record.receipt, 'with-supervisor');
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('the status page’s notice, given any name', () => {
  it('shows only the notices it has: a name of Object’s own (done=constructor) shows nothing, and no function’s source', async () => {
    const names = fc.oneof(fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype), 'withdrawn', 'signed', 'prototype'), fc.string({ maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(names, async (done) => {
        const url = `http://localhost/requests/status/?receipt=${record.receipt}&done=${encodeURIComponent(done)}`;
        const answer = await statusHandler(as(cookies.ana, new Request(url)), deps);
        expect(answer.status).toBe(200);
        const page = await answer.text();
        expect(page).not.toMatch(/\[native code\]|function \w*\(/);
        const notices = { withdrawn: 'You withdrew this request.', signed: 'You signed your plan.' };
        for (const [name, words] of Object.entries(notices)) expect(page.includes(words), `done=${done}`).toBe(name === done);
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('links and mailed addresses, whatever Host a request came to', () => {
  /** What the site was asked at, as a Host header (or the URL a proxy passes on) would say. */
  const hosts = fc.oneof(fc.domain(), fc.constantFrom('evil.example', 'localhost:8080', '127.0.0.1', 'pd.cedarvalley.example.evil.example'));
  /** The hosts of every address a message names. */
  const hostsIn = (text: string) => [...new Set((text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? []).map((u) => new URL(u).host))];

  it('a decision link, and the message telling the requester, point at the site’s own address', async () => {
    await fc.assert(
      fc.asyncProperty(hosts, async (host) => {
        const sent = jsonRequest('/api/forms/pre-approval', preApprovalAnswers({ submissionId: randomUUID() }));
        const response = await handleSubmission(as(cookies.ana, new Request(`http://${host}/api/forms/pre-approval`, sent)), preApproval, deps);
        const { receipt } = (await response.json()) as { receipt: string };
        const made = (await blobs.store.byReceipt(receipt))!;
        expect(made.decisionLink!.url).toMatch(/^http:\/\/localhost\/decide\/\?token=/);
        // Sam approves through his link, sent to the same Host: the requester is told with the site's address.
        const token = new URL(made.decisionLink!.url).searchParams.get('token')!;
        const decided = await decideHandler(
          as(
            cookies.sam,
            new Request(`http://${host}/decide/`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ token, decision: 'approve' }),
            }),
          ),
          deps,
        );
        expect(decided.status).toBe(200);
        const mail = (await listOutbox(blobs.store)).pending.filter((p) => p.message.receipt === receipt);
        expect(mail.length).toBeGreaterThan(0);
        for (const { message } of mail) expect(hostsIn(message.text)).toEqual(['localhost']);
      }),
      { numRuns: runs(20, 8) },
    );
  });

  it('a sign-in link is mailed for the site’s own address', async () => {
    for (const host of ['evil.example', 'localhost:8080']) {
      const request = new Request(`http://${host}/sign-in/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'ana.reyes@cedarvalley.example', next: '/forms/' }),
      });
      expect((await signInHandler(request, { ...deps, wait: async () => {} })).status).toBe(200);
      const [link] = await localMessages(blobs.store, 1);
      expect(link!.text).toMatch(/http:\/\/localhost\/sign-in\/link\/\?token=/);
      expect(hostsIn(link!.text)).toEqual(['localhost']);
    }
  });
});
